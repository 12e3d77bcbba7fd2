"""The data pages on a phone 390 px wide, with the seed and the demonstration data: nothing scrolls sideways (wide
tables become one card per row), no word is split over two lines without a hyphen, and the budget chart's labels
are at least 12 px high and never clipped."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

PAGES = {
    "programme": "/program/",
    "programme archive": "/program/arkiv/",
    "comparison": "/program/jamfor/",
    "municipalities": "/kommuner/",
    "municipality": "/kommuner/sodertalje/",
    "body": "/organ/samarbetskommitten/",
    "budget": "/budget/2017/",
    "yearly plan": "/verksamhetsplan/2017/",
    "contact": "/kontakt/",
    "personal data": "/personuppgifter/",
    "accessibility statement": "/tillganglighet/",
}

# Elements that scroll sideways inside the page: their content is wider than they are.
SCROLLING_SIDEWAYS = """() => [...document.querySelectorAll('main *')]
  .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.className || e.tagName)"""

# Words the browser split over two lines without a hyphen: a word (between spaces, and between its own hyphens and
# dashes) whose letters lie on more than one line. Debian's Chromium has no Swedish hyphenation dictionary, so here
# any split word is one split without a hyphen. Addresses (links to mail and web, code) may break anywhere.
SPLIT_WORDS = r"""() => {
  const split = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (parent.closest('.visually-hidden, thead, code, a[href^="mailto:"], a[href^="http"]')) continue;
    if (!parent.getClientRects().length) continue;
    for (const match of node.textContent.matchAll(/[^\s\-–\u00ad\/@]{4,}/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""

# Each chart text: its height on the screen (font size times the chart's scale) and whether it lies outside the
# chart's box, where the SVG clips it.
CHART_TEXTS = """() => [...document.querySelectorAll('svg.bar-chart text')].map(text => {
  const svg = text.ownerSVGElement;
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const r = text.getBoundingClientRect();
  return {
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * scale,
    clipped: r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
      || r.bottom > box.bottom + 0.5,
  };
})"""


@pytest.fixture
def seeded(transactional_db):
    call_command("seed", "--demo", verbosity=0)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_nothing_on_the_page_scrolls_sideways_on_a_phone(live_server, seeded, phone, name):
    phone.goto(live_server.url + PAGES[name])
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate(SCROLLING_SIDEWAYS) == []


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_word_is_split_without_a_hyphen_on_a_phone(live_server, seeded, phone, name, language):
    phone.goto(live_server.url + ("/en" if language == "en" else "") + PAGES[name])
    assert phone.evaluate(SPLIT_WORDS) == []


def test_the_text_is_hyphenated_in_the_language_of_the_page(live_server, seeded, phone):
    phone.goto(live_server.url + "/program/")
    assert phone.locator("html").get_attribute("lang") == "sv"
    assert phone.evaluate("getComputedStyle(document.querySelector('main p')).hyphens") == "auto"


@pytest.mark.parametrize("name", ["programme", "comparison", "municipality", "yearly plan"])
def test_a_wide_table_becomes_one_card_per_row_that_still_reads_as_a_table(live_server, seeded, phone, name):
    phone.goto(live_server.url + PAGES[name])
    table = phone.locator("table.stack").first
    assert table.evaluate("t => getComputedStyle(t.querySelector('tbody tr')).display") == "block"
    assert table.evaluate("t => t.querySelector('thead').getBoundingClientRect().width") <= 1
    assert table.evaluate("t => t.getBoundingClientRect().right") <= PHONE["width"]
    snapshot = table.aria_snapshot()
    assert snapshot.startswith("- table")
    assert "- columnheader" in snapshot and "- rowheader" in snapshot and "- cell" in snapshot


def test_a_card_names_each_value_by_its_column(live_server, seeded, phone):
    phone.goto(live_server.url + "/program/")
    cell = phone.locator("table.stack td[data-label='Beslutat av']").first
    assert cell.evaluate("c => getComputedStyle(c, '::before').content").startswith('"Beslutat av"')
    assert cell.evaluate("c => c.getBoundingClientRect().height") > 0


@pytest.mark.parametrize("name", ["programme", "comparison", "municipality", "yearly plan", "budget"])
def test_the_phone_layout_has_no_axe_violations(live_server, seeded, phone, name):
    phone.goto(live_server.url + PAGES[name])
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_budget_charts_labels_are_at_least_12_px_and_never_clipped(live_server, seeded, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/budget/2017/")
    texts = page.evaluate(CHART_TEXTS)
    context.close()
    assert len(texts) == 2 * 3 + 2 * 8  # a label and an amount per bar: 3 lines of the budget, 8 municipalities
    assert [t["text"] for t in texts if t["px"] < 12] == []
    assert [t["text"] for t in texts if t["clipped"]] == []
    # The long line name is there whole, over two lines.
    labels = " ".join(t["text"] for t in texts)
    assert "Kostnad: Ersättning till Huddinge kommun för kontorsservice, arbetsrum m.m." in labels


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("slug", ["invanare", "eftergymnasial-utbildning-25-64"])
def test_the_key_figure_charts_labels_are_at_least_12_px_and_never_clipped(live_server, seeded, browser, width, slug):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/nyckeltal/{slug}/")
    texts = page.evaluate(CHART_TEXTS)
    context.close()
    assert len(texts) > 8  # at least a name and a bar's year and value per municipality
    assert [t["text"] for t in texts if t["px"] < 12] == []
    assert [t["text"] for t in texts if t["clipped"]] == []


def test_a_short_name_in_code_stays_whole_on_a_phone(live_server, seeded, phone):
    # The API's documentation names its fields and filters in code; "year" broke into "yea" and "r".
    phone.goto(live_server.url + "/api/")
    split = phone.evaluate("""() => [...document.querySelectorAll('main code')]
      .filter(c => !c.closest('pre') && c.textContent.length <= 20 && c.getClientRects().length > 1)
      .map(c => c.textContent)""")
    assert phone.locator("main p code", has_text="year").count() > 0
    assert split == []


@pytest.mark.parametrize("path", ["/kommuner/huddinge/", "/program/arkiv/"])
def test_a_status_flag_in_a_card_is_as_big_as_its_words(live_server, seeded, phone, path):
    # In a card's grid a flag alone in its cell was stretched over the cell: a wide box, its words at one side.
    phone.goto(live_server.url + path)
    flags = phone.evaluate("""() => [...document.querySelectorAll('main table.stack td .flag')].map(f => {
      const words = document.createRange();
      words.selectNodeContents(f);
      const style = getComputedStyle(f);
      const frame = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
        .reduce((sum, side) => sum + parseFloat(style[side]), 0);
      return {text: f.textContent, width: f.getBoundingClientRect().width,
              words: words.getBoundingClientRect().width, frame: frame};
    })""")
    assert flags
    for flag in flags:
        assert flag["width"] <= flag["words"] + flag["frame"] + 1, flag


# Time ranges ("8.30–13.00") whose dash and end are on different lines.
SPLIT_TIME_RANGES = r"""() => [...document.querySelectorAll('.when')].filter(e => {
  const at = e.textContent.search(/\d–\d/);
  if (at < 0) return false;
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  let node, offset = at;
  while ((node = walker.nextNode()) && offset >= node.length) offset -= node.length;
  const dash = document.createRange(), end = document.createRange();
  dash.setStart(node, offset + 1); dash.setEnd(node, offset + 2);
  end.setStart(node, offset + 2); end.setEnd(node, offset + 3);
  return Math.abs(dash.getBoundingClientRect().top - end.getBoundingClientRect().top) > 2;
}).map(e => e.textContent.trim())"""


@pytest.mark.parametrize("path", ["/moten/", "/en/moten/", "/"])
def test_a_meetings_hours_stay_on_one_line_on_a_phone(live_server, seeded, phone, path):
    phone.goto(live_server.url + path)
    assert phone.locator(".when", has_text="–").count() > 0
    assert phone.evaluate(SPLIT_TIME_RANGES) == []
