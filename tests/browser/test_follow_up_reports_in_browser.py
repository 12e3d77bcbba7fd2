"""The charts as a reader sees them in Chromium: every label at least 12 px on a 390 px phone, none clipped by its
chart, no page wider than the screen; measured with getBoundingClientRect on the SVG's text elements."""

import pytest

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
