"""The budget of a year: income and cost lines, totals, each municipality's share, and a chart of the same
figures as the tables."""

import re
from decimal import Decimal
from html import unescape

import pytest

from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.municipalities.models import Municipality


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def charts(response):
    return re.findall(r"<svg\b.*?</svg>", response.content.decode(), re.S)


def test_budget_index_shows_the_newest_years_budget(client, seed):
    Budget.objects.create(year=2018, status=Budget.Status.ADOPTED)
    html = client.get("/budget/").content.decode()
    assert "<h1>Budget 2018</h1>" in html


def test_2017_budget_shows_its_income_and_cost_lines_and_totals(client, seed):
    text = page_text(client.get("/budget/2017/"))
    assert "Avgifter från kommunerna 945 000 kr Summa intäkter 945 000 kr" in text
    assert "Personal 895 000 kr" in text
    assert ("Ersättning till Huddinge kommun för kontorsservice, arbetsrum m.m. 50 000 kr "
            "Summa kostnader 945 000 kr") in text
    assert "Budgeten är i balans." in text


def test_a_budget_with_more_income_than_costs_shows_the_surplus(client, seed):
    BudgetLine.objects.filter(budget__year=2017, title="Personal").update(amount=Decimal(845_000))
    assert "Överskott på 50 000 kr" in page_text(client.get("/budget/2017/"))


def test_a_budget_with_more_costs_than_income_shows_the_deficit_as_a_positive_amount(client, seed):
    BudgetLine.objects.filter(budget__year=2017, title="Personal").update(amount=Decimal(900_000))
    assert "Underskott på 5 000 kr" in page_text(client.get("/budget/2017/"))


def test_budget_shows_each_municipalitys_share_adding_up_to_the_fee_income(client, demo):
    text = page_text(client.get("/budget/2017/"))
    assert "Botkyrka 118 125 kr 12,5 %" in text
    assert "Tyresö 118 125 kr 12,5 %" in text
    assert "Summa 945 000 kr 100 %" in text
    assert "Andelarna summerar till avgiftsintäkterna på kronan när." in text


def test_budget_warns_when_the_shares_do_not_add_up_to_the_fee_income(client, demo):
    FeeShare.objects.filter(budget__year=2017, municipality__name="Salem").update(amount=Decimal(118_124))
    text = page_text(client.get("/budget/2017/"))
    assert "Observera: andelarna summerar till 944 999 kr, inte till avgiftsintäkterna på 945 000 kr." in text


def test_budget_says_which_fee_key_it_uses(client, seed):
    Budget.objects.filter(year=2017).update(fee_key=Budget.FeeKey.POPULATION, population_year=2016)
    text = page_text(client.get("/budget/2017/"))
    assert "Avgiftsintäkterna på 945 000 kr delas mellan kommunerna: efter folkmängd." in text
    assert "Nyckeln använder folkmängden år 2016." in text


def test_budget_charts_are_accessible_images_of_the_same_figures(client, demo):
    lines_chart, shares_chart = charts(client.get("/budget/2017/"))
    assert re.search(r'role="img" aria-label="Stapeldiagram över avgiften per kommun 2017"', shares_chart)
    assert "<title>Stapeldiagram över avgiften per kommun 2017</title>" in shares_chart
    assert "<title>Botkyrka: 118\xa0125\xa0kr</title>" in unescape(shares_chart)
    assert shares_chart.count("<rect") == 8
    assert len(set(re.findall(r'<rect[^>]* width="([0-9.]+)"', shares_chart))) == 1  # equal shares, equal bars
    assert "<title>Kostnad: Personal: 895\xa0000\xa0kr</title>" in unescape(lines_chart)
    assert lines_chart.count("<rect") == 3


def test_the_largest_bar_fills_the_chart_and_the_others_are_in_proportion(client, seed):
    lines_chart = charts(client.get("/budget/2017/"))[0]
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([0-9.]+)"', lines_chart)]
    assert widths == [370.0, pytest.approx(370 * 895 / 945, abs=0.1), pytest.approx(370 * 50 / 945, abs=0.1)]


def test_budget_chart_coordinates_stay_numbers_in_swedish(client, seed):
    lines_chart = charts(client.get("/budget/2017/"))[0]
    assert not re.search(r'(width|x|y)="[0-9]+,[0-9]', lines_chart)


def test_budget_lists_the_other_years(client, seed):
    Budget.objects.create(year=2018, status=Budget.Status.ADOPTED)
    html = client.get("/budget/2017/").content.decode()
    assert 'href="/budget/2018/"' in html
    assert '<a href="/budget/2017/" aria-current="page">2017</a>' in html


def test_a_budget_without_lines_or_shares_still_has_a_page(client, db):
    Budget.objects.create(year=2019, status=Budget.Status.ADOPTED)
    response = client.get("/budget/2019/")
    assert response.status_code == 200
    assert "Årets andelar är inte registrerade än." in page_text(response)


def test_budget_index_without_any_budget_says_none_is_published(client, db):
    response = client.get("/budget/")
    assert response.status_code == 200
    assert "Ingen budget har publicerats än." in page_text(response)


@pytest.mark.parametrize("year", ["0", "1999", "99999", "99999999999999999999999", "-1", "abc", "2017.5", "２０１７"])
def test_impossible_or_unknown_budget_years_are_not_found(client, seed, year):
    assert client.get(f"/budget/{year}/").status_code == 404


def test_junk_query_parameters_do_not_break_the_budget_page(client, seed):
    assert client.get("/budget/2017/?year=%00&x=<script>").status_code == 200


def grow(copies):
    """Adds `copies - 1` times more budget lines, shares and years to the seed."""
    if copies == 1:
        return
    budget = Budget.objects.get(year=2017)
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, kind=kind, title=f"Rad {n}", amount=1000 + n, order=10 + n)
        for n in range(copies) for kind in ("income", "cost")
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(name=f"Kommun {n}", slug=f"kommun-{n}", code=f"{9000 + n}") for n in range(8 * copies)
    )
    FeeShare.objects.bulk_create(FeeShare(budget=budget, municipality=m, amount=10) for m in municipalities)
    Budget.objects.bulk_create(Budget(year=1990 + n) for n in range(copies))


@pytest.mark.parametrize("copies", [1, 20], ids=["1x", "20x"])
@pytest.mark.parametrize("path", ["/budget/", "/budget/2017/"])
def test_budget_pages_run_a_fixed_number_of_queries(client, seed, django_assert_max_num_queries, copies, path):
    grow(copies)
    with django_assert_max_num_queries(4):
        response = client.get(path)
    assert response.status_code == 200
