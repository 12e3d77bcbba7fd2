"""The charts as a reader sees them in Chromium: every label at least 12 px on a 390 px phone, none clipped by its
chart, no page wider than the screen; measured with getBoundingClientRect on the SVG's text elements."""

import io

import pytest
from PIL import Image

from tests.followup.test_reports import YEAR, build, report_url

MEASURE = """() => {
  const found = {smallest: Infinity, clipped: [], texts: 0, charts: 0};
  for (const svg of document.querySelectorAll('svg.chart-svg')) {
    found.charts++;
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      found.texts++;
      found.smallest = Math.min(found.smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        found.clipped.push(text.textContent);
    }
  }
  found.pageWidth = document.documentElement.scrollWidth;
  return found;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_labels_are_readable_and_never_clipped(live_server, transactional_db, browser, width):
    build(indicators=3, years=10)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in (report_url(), f"/uppfoljning/nyckeltal/{YEAR}/"):
        page.goto(live_server.url + path)
        found = page.evaluate(MEASURE)
        assert found["charts"] >= 3 and found["texts"] > 50
        assert found["smallest"] >= 12, (path, found["smallest"])
        assert found["clipped"] == [], path
        assert found["pageWidth"] <= width, path
    context.close()


def edge_medians(png: bytes) -> tuple[float, float]:
    """The median brightness of the leftmost and the rightmost 6 px of a picture: its background there, whatever
    text crosses it."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size

    def median(left):
        values = sorted(image.crop((left, 0, left + 6, height)).get_flattened_data())
        return values[len(values) // 2]

    return median(0), median(width - 6)


def test_a_table_wider_than_the_phone_shows_a_shade_where_columns_are_hidden(live_server, transactional_db, browser):
    build(indicators=1, years=10)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + report_url())
    widest = page.evaluate("""() => { const boxes = [...document.querySelectorAll('.table-scroll')];
      const hidden = boxes.map(b => b.scrollWidth - b.clientWidth); return hidden.indexOf(Math.max(...hidden)); }""")
    box = page.locator(".table-scroll").nth(widest)
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 100")  # ten years do not fit: the table scrolls

    at_start = edge_medians(box.screenshot(path="/tmp/table-scroll-start.png"))
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    at_end = edge_medians(box.screenshot(path="/tmp/table-scroll-end.png"))
    # At the start the right edge is shaded (more to the right) and the left is not; at the end the other way round.
    assert at_start[1] < at_end[1] - 10, (at_start, at_end)
    assert at_end[0] < at_start[0] - 10, (at_start, at_end)
    context.close()
