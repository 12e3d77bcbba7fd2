"""The follow-up report of a year and Södertörns nyckeltal, as pages and PDFs: what a reader sees in them."""

import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from apps.followup import reports
from apps.followup.models import FollowUp, IndicatorLink, PresentationText, ProgressReport
from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.municipalities.models import Municipality, Population
from apps.plans.models import Priority, YearlyPlan
from apps.programme.models import FocusArea, Goal, Programme, SubGoal

TOWNS = [
    ("Botkyrka", "0127", 95000), ("Haninge", "0136", 90000), ("Huddinge", "0126", 115000),
    ("Nykvarn", "0140", 11000), ("Nynäshamn", "0192", 29000), ("Salem", "0128", 17000),
    ("Södertälje", "0181", 100000), ("Tyresö", "0138", 48000),
]
YEAR = 2023


def value(indicator_number, town_number, year):
    """A value that tells where it comes from: 30 + town + indicator/10 + a tenth per year, e.g. 33,7."""
    return Decimal(30 + town_number) + Decimal(indicator_number) / 10 + Decimal(year - 2000) / 100


def build(indicators=2, years=3, *, done=True):
    """Eight municipalities, a programme with two focus areas, a goal with two sub-goals, `indicators` indicators
    linked to the goal (the first) and a sub-goal (the others) with `years` years of values up to YEAR. Salem's value
    of the first indicator in YEAR - 1 is missing; the county has values, the country none. The first sub-goal is
    reported for YEAR and the year before; the second is not reported."""
    towns = []
    for name, code, inhabitants in TOWNS:
        town = Municipality.objects.create(name=name, slug=code, code=code)
        Population.objects.create(municipality=town, year=YEAR, inhabitants=inhabitants)
        towns.append(town)
    programme = Programme.objects.create(name="Södertörns utvecklingsprogram 2035", slug="utvecklingsprogram-2035",
                                         valid_from=2019)
    education = FocusArea.objects.create(programme=programme, name="Utbildning", slug="utbildning", order=1)
    FocusArea.objects.create(programme=programme, name="Infrastruktur", slug="infrastruktur", order=2)
    goal = Goal.objects.create(focus_area=education, title="Höj utbildningsnivån")
    first = SubGoal.objects.create(goal=goal, text="Fler invånare med eftergymnasial utbildning", order=1)
    SubGoal.objects.create(goal=goal, text="Fler platser i yrkeshögskolan", order=2)
    FollowUp.objects.create(programme=programme, year=YEAR, done_at=timezone.now() if done else None)
    FollowUp.objects.create(programme=programme, year=YEAR - 1, done_at=timezone.now())
    ProgressReport.objects.create(sub_goal=first, year=YEAR, status=SubGoal.Status.ONGOING, percentage=40,
                                  comment="Tre nya utbildningar startade i Haninge och Södertälje.")
    ProgressReport.objects.create(sub_goal=first, year=YEAR - 1, status=SubGoal.Status.ONGOING, percentage=20,
                                  comment="Förstudien klar.")
    add_indicators(goal, first, range(indicators), years)
    plan = YearlyPlan.objects.create(year=YEAR, title=f"Inriktning {YEAR}", programme=programme)
    Priority.objects.create(plan=plan, goal=goal, text="Vi startar en yrkeshögskola på Södertörn")
    return programme


def add_indicators(goal, sub_goal, numbers, years):
    """Indicators numbered `numbers`, the first linked to `goal` and the others to `sub_goal`, each with `years`
    years of values up to YEAR for the eight municipalities and the county, and a text for YEAR's presentation.
    Salem's value of indicator 0 in YEAR - 1 is missing."""
    towns = list(Municipality.objects.order_by("name"))
    figures, comparisons = [], []
    for number in numbers:
        indicator = Indicator.objects.create(name=f"Andel med eftergymnasial utbildning {number}",
                                             slug=f"utbildning-{number}", unit="%")
        IndicatorLink.objects.create(
            indicator=indicator, order=number, target_value=Decimal(45), target_year=2030,
            **({"goal": goal} if number == 0 else {"sub_goal": sub_goal}),
        )
        PresentationText.objects.create(indicator=indicator, year=YEAR, text=f"Kommentar till nyckeltal {number}.")
        for year in range(YEAR - years + 1, YEAR + 1):
            comparisons.append(ComparisonValue(indicator=indicator, area="county", year=year, value=Decimal("47.5")))
            for town_number, town in enumerate(towns):
                if number == 0 and town.name == "Salem" and year == YEAR - 1:
                    continue
                figures.append(KeyFigure(indicator=indicator, municipality=town, year=year,
                                         value=value(number, town_number, year)))
    KeyFigure.objects.bulk_create(figures)
    ComparisonValue.objects.bulk_create(comparisons)


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def chart_table(html: str, ident: str) -> dict[str, list[str]]:
    """The data table beside chart `ident`: row label → the cells as shown."""
    figure = html[html.index(f'<figure class="chart-figure" id="{ident}">'):]
    table = figure[figure.index("<table>"):figure.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr class=\"row-\w+\">(.*?)</tr>", table, re.DOTALL):
        label = re.search(r"<th scope=\"row\">(.*?)</th>", row).group(1)
        rows[label] = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
    return rows


def report_url(year=YEAR):
    return f"/uppfoljning/utvecklingsprogram-2035/{year}/"


@pytest.mark.django_db
def test_report_page_shows_each_sub_goals_status_and_comment(client):
    build()
    html = client.get(report_url()).content.decode()
    assert "Fler invånare med eftergymnasial utbildning" in html
    # What the year's plan did for the goal.
    assert "Vi startar en yrkeshögskola på Södertörn" in html
    assert "Pågående · 40 %" in html
    assert "Tre nya utbildningar startade i Haninge och Södertälje." in html
    # The second sub-goal has no report: said so, not left out.
    assert "Fler platser i yrkeshögskolan" in html
    assert f"Ingen rapport för {YEAR}." in html


@pytest.mark.django_db
def test_report_chart_table_holds_the_municipalities_values_and_missing_is_not_zero(client):
    build()
    html = client.get(report_url()).content.decode()
    link = IndicatorLink.objects.get(indicator__slug="utbildning-0")
    rows = chart_table(html, f"indikator-{link.pk}")
    # Botkyrka is town 0: 30 + 0 + 0/10 + 23/100 in 2023.
    assert rows["Botkyrka"] == ["30,21", "30,22", "30,23"]
    assert rows["Salem"][1] == "–inget värde"  # the dash, and the words for a screen reader
    assert rows["Stockholms län"] == ["47,50", "47,50", "47,50"]
    # Södertörn as a whole is missing the year one municipality is.
    assert rows["Södertörn"][1] == "–inget värde"
    assert not any(cell in ("0", "0,00") for cells in rows.values() for cell in cells)


@pytest.mark.django_db
def test_report_chart_has_title_and_description_named_by_the_svg(client):
    build()
    html = client.get(report_url()).content.decode()
    link = IndicatorLink.objects.get(indicator__slug="utbildning-0")
    ident = f"indikator-{link.pk}"
    svg = html[html.index(f'<figure class="chart-figure" id="{ident}">'):]
    svg = svg[:svg.index("</svg>")]
    assert 'role="img"' in svg
    assert f'aria-labelledby="{ident}-title"' in svg and f'aria-describedby="{ident}-desc"' in svg
    assert f'<title id="{ident}-title">Andel med eftergymnasial utbildning 0 (%)</title>' in svg
    desc = re.search(rf'<desc id="{ident}-desc">(.*?)</desc>', svg, re.DOTALL).group(1)
    assert "2021–2023" in desc and "Botkyrka" in desc and "Stockholms län" in desc
    # Salem (the sixth line, open circles) has no value in 2022: two lone points and no line across the gap, nothing
    # drawn at 0.
    salem = re.search(r'<path class="chart-points" data-series="6" d="([^"]*)"', svg).group(1)
    assert salem.count("M") == 2
    assert 'data-series="6" d="M' not in svg.replace('class="chart-points" data-series="6"', "")
    botkyrka = re.search(r'<path class="chart-series chart-series-member" data-series="1" d="([^"]*)"', svg).group(1)
    assert botkyrka.count("M") == 1 and botkyrka.count("L") == 2
    assert "Salem" in re.findall(r"<text[^>]*>([^<]*)</text>", svg)  # named in the legend


@pytest.mark.django_db
def test_report_pdf_shows_status_comment_and_values(client):
    build()
    response = client.get(report_url() + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Uppföljning 2023" in text
    assert "Tre nya utbildningar startade i Haninge och Södertälje." in text
    assert "Pågående · 40 %" in text
    assert "Ingen rapport för 2023." in text
    assert "30,23" in text and "47,50" in text
    assert "Mål 2030: 45,00" in text
    # Salem's missing value is a dash between its neighbours, not a zero.
    assert re.search(r"Salem\s+35,21\s+–\s+35,23", text)
    assert "Vi startar en yrkeshögskola på Södertörn" in text


@pytest.mark.django_db
def test_key_figure_presentation_shows_values_text_and_county(client):
    build()
    response = client.get(f"/uppfoljning/nyckeltal/{YEAR}/")
    html = response.content.decode()
    assert "Kommentar till nyckeltal 1." in html
    rows = chart_table(html, "nyckeltal-utbildning-1")
    # Tyresö is town 7: 37 + 1/10 + 23/100.
    assert rows["Tyresö"][-1] == "37,33"
    assert rows["Stockholms län"][-1] == "47,50"
    missing = chart_table(html, "nyckeltal-utbildning-0")["Salem"][1]
    assert missing == "–inget värde"


@pytest.mark.django_db
def test_key_figure_presentation_pdf_shows_text_and_values(client):
    build()
    text = pdf_text(client.get(f"/uppfoljning/nyckeltal/{YEAR}/pdf/"))
    assert "Södertörns nyckeltal 2023" in text
    assert "Kommentar till nyckeltal 0." in text
    assert "37,33" in text


def figures(data: bytes) -> list[str]:
    """The alternative text of every figure in the tagged PDF, in the order of the structure tree."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        if "/K" in node:
            walk(node["/K"])

    walk(PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.django_db
def test_the_pdfs_charts_are_figures_named_by_their_title_and_description(client):
    build()
    alternatives = figures(client.get(report_url() + "pdf/").content)
    chart = next(alt for alt in alternatives if alt.startswith("Andel med eftergymnasial utbildning 0 (%)."))
    assert "Linjediagram" in chart and "Botkyrka" in chart and "Stockholms län" in chart
    assert "Tabellen bredvid diagrammet har alla värden." in chart
    assert len(alternatives) == len([alt for alt in alternatives if alt])  # none without a text
    # The chart itself is drawn as text and lines, not as a picture: its legend reads back from the PDF.
    assert re.search(r"Stockholms län\s+Mål 2030: 45,00", pdf_text(client.get(report_url() + "pdf/")))


@pytest.mark.django_db
def test_the_report_compares_with_the_county_and_the_key_figures_also_with_the_country(client):
    build()
    indicator = Indicator.objects.get(slug="utbildning-1")
    ComparisonValue.objects.bulk_create([
        ComparisonValue(indicator=indicator, area="country", year=year, value=Decimal("43.1"))
        for year in range(YEAR - 2, YEAR + 1)
    ])
    link = IndicatorLink.objects.get(indicator=indicator)
    report = chart_table(client.get(report_url()).content.decode(), f"indikator-{link.pk}")
    assert "Stockholms län" in report and "Riket" not in report
    key_figures = chart_table(client.get(f"/uppfoljning/nyckeltal/{YEAR}/").content.decode(), "nyckeltal-utbildning-1")
    assert key_figures["Riket"] == ["43,10", "43,10", "43,10"]


@pytest.mark.django_db
def test_each_key_figure_of_the_presentation_begins_a_page(client):
    build(indicators=3)
    data = client.get(f"/uppfoljning/nyckeltal/{YEAR}/pdf/").content
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) == 4  # the cover, then one page each
    for number, page in enumerate(pages[1:]):
        assert f"Kommentar till nyckeltal {number}." in page
        assert [other for other in range(3) if f"utbildning {other}" in page] == [number]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    report_url(2030),  # no follow-up that year
    report_url(0),  # no such year
    "/uppfoljning/utvecklingsprogram-2035/99999/",
    "/uppfoljning/inget-program/2023/",
    "/uppfoljning/utvecklingsprogram-2035/2030/pdf/",
    "/uppfoljning/nyckeltal/2030/",
    "/uppfoljning/nyckeltal/0/",
    "/uppfoljning/nyckeltal/2030/pdf/",
])
def test_a_year_without_a_report_is_not_found(client, url):
    build()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_follow_up_not_done_is_not_public(client):
    build(done=False)
    assert client.get(report_url()).status_code == 404
    assert client.get(report_url() + "pdf/").status_code == 404
    assert client.get(report_url(YEAR - 1)).status_code == 200


@pytest.mark.django_db
def test_the_secretariat_sees_a_follow_up_not_done_as_a_draft(editor_client):
    build(done=False)
    html = editor_client.get(report_url()).content.decode()
    assert "Utkast:" in html
    assert "Utkast" in pdf_text(editor_client.get(report_url() + "pdf/"))


@pytest.mark.django_db(transaction=True)
def test_after_a_report_changes_the_worker_renders_the_follow_up_before_anyone_asks(client):
    from django.core.management import call_command

    build()
    report = ProgressReport.objects.get(year=YEAR, sub_goal__order=1)
    report.comment = "Fyra nya utbildningar startade."
    report.save()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)  # as `manage.py db_worker` does
    response = client.get(report_url() + "pdf/")
    assert response["X-Document-Cache"] == "hit"
    assert "Fyra nya utbildningar startade." in pdf_text(response)


@pytest.mark.django_db
def test_the_programme_page_and_the_key_figures_page_link_the_reports(client):
    build()
    programme_page = client.get("/program/utvecklingsprogram-2035/").content.decode()
    assert f'href="{report_url()}"' in programme_page and f'href="{report_url(YEAR - 1)}"' in programme_page
    key_figures_page = client.get("/nyckeltal/").content.decode()
    assert 'href="/uppfoljning/nyckeltal/"' in key_figures_page
    response = client.get("/uppfoljning/nyckeltal/")  # the newest presentation
    assert response.status_code == 302 and response["Location"] == f"/uppfoljning/nyckeltal/{YEAR}/"


@pytest.mark.django_db
def test_the_presentations_are_the_years_with_texts_and_the_one_being_prepared(client):
    build()  # values up to YEAR, texts for YEAR
    assert reports.presentation_years() == [YEAR]
    KeyFigure.objects.create(indicator=Indicator.objects.first(), municipality=Municipality.objects.first(),
                             year=YEAR + 1, value=Decimal("30.0"))
    assert reports.presentation_years() == [YEAR + 1, YEAR]  # newer values: the next presentation is prepared
    PresentationText.objects.create(indicator=Indicator.objects.first(), year=YEAR + 2, text="Presenteras 2025.")
    # A presentation with texts, made from values up to the year before: that year is no presentation of its own.
    assert reports.presentation_years() == [YEAR + 2, YEAR]
    page = client.get(f"/uppfoljning/nyckeltal/{YEAR + 2}/").content.decode()
    assert f'href="/uppfoljning/nyckeltal/{YEAR + 1}/"' not in page
    assert client.get(f"/uppfoljning/nyckeltal/{YEAR + 1}/").status_code == 404
