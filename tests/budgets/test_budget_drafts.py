"""A budget is a draft until adopted: the public budget pages, the yearly plan and the municipality pages show
only adopted budgets. In the admin the fee shares are calculated when the budget is saved and shown on its own
page, and last year's budget can be copied to a new draft."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.municipalities.models import Municipality, Population

from ..admin.forms import form_values
from ..documents.pdfs import text as pdf_text


def text_of(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def messages_of(response):
    """The messages above the page, as the secretary reads them."""
    html = response.content.decode()
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", m)).split())
            for m in re.findall(r'<li class="(?:success|info|warning|error)">(.*?)</li>', html, re.S)]


@pytest.fixture
def draft_2018(seed):
    budget = Budget.objects.create(year=2018)
    BudgetLine.objects.create(budget=budget, kind="income", title="Avgifter från kommunerna", amount=Decimal(960_000),
                              is_fee=True, order=1)
    for municipality in Municipality.objects.all():
        FeeShare.objects.create(budget=budget, municipality=municipality, amount=Decimal(120_000))
    return budget


def test_the_seed_budget_of_2017_is_adopted(seed):
    assert Budget.objects.get(year=2017).status == Budget.Status.ADOPTED


def test_a_new_budget_is_a_draft_nobody_outside_the_admin_sees(client, draft_2018):
    assert draft_2018.status == Budget.Status.DRAFT
    assert client.get("/budget/2018/").status_code == 404
    index = client.get("/budget/")
    assert "<h1>Budget 2017</h1>" in index.content.decode()
    assert 'href="/budget/2018/"' not in index.content.decode()
    assert "2018 120 000 kr" not in text_of(client.get("/kommuner/nykvarn/"))


def test_adopting_a_budget_publishes_it(client, draft_2018):
    draft_2018.status = Budget.Status.ADOPTED
    draft_2018.save()
    assert "<h1>Budget 2018</h1>" in client.get("/budget/").content.decode()
    assert "2018 120 000 kr 12,5 %" in text_of(client.get("/kommuner/nykvarn/"))


def make_draft(year):
    budget = Budget.objects.get(year=year)
    budget.status = Budget.Status.DRAFT
    budget.save()


def test_the_yearly_plan_shows_its_budget_only_once_adopted(client, seed):
    assert "Personal 895 000 kr" in text_of(client.get("/verksamhetsplan/2017/"))
    make_draft(2017)
    assert "Personal 895 000 kr" not in text_of(client.get("/verksamhetsplan/2017/"))
    assert client.get("/budget/").status_code == 200
    assert "Ingen budget har publicerats än." in text_of(client.get("/budget/"))


def test_the_yearly_plan_pdf_leaves_out_a_draft_budget(client, seed):
    assert "Personal 895 000" in pdf_text(client.get(reverse("documents:yearly_plan", args=[2017])))
    make_draft(2017)
    assert "Personal 895 000" not in pdf_text(client.get(reverse("documents:yearly_plan", args=[2017])))


def change_page(client, budget):
    return client.get(reverse("admin:budgets_budget_change", args=[budget.pk]))


def save(client, budget, **changes):
    page = change_page(client, budget)
    html = page.content.decode()
    start = html.index('id="budget_form"')
    values = form_values(html[start:html.index("</form>", start)])
    values.update({name: [value] for name, value in changes.items()})
    values["_continue"] = ["1"]
    return client.post(reverse("admin:budgets_budget_change", args=[budget.pk]), values, follow=True)


def test_saving_a_budget_calculates_the_fee_shares_and_its_page_shows_them(secretary_client, seed):
    budget = Budget.objects.get(year=2017)
    assert not budget.shares.exists()
    done = save(secretary_client, budget)
    said = messages_of(done)
    assert any(m.startswith("Avgiftsfördelning 2017 (lika delar): Botkyrka 118 125 kr") for m in said)
    text = text_of(done)
    assert "Lika delar, avgiftsintäkter 945 000 kr" in text
    assert "Kommun Andel Procent" in text
    assert "Nykvarn 118 125 kr 12,5 %" in text
    assert "Summa 945 000 kr" in text
    assert set(budget.shares.values_list("amount", flat=True)) == {Decimal(118_125)}


def test_a_key_by_population_without_the_population_saves_and_says_what_is_missing(secretary_client, seed):
    budget = Budget.objects.get(year=2017)
    done = save(secretary_client, budget, fee_key="population", population_year="2016")
    said = messages_of(done)
    assert "Avgiftsfördelningen för 2017 beräknades inte: Befolkningen 2016 saknas för Botkyrka, Haninge, Huddinge, " \
           "Nykvarn, Nynäshamn, Salem, Södertälje, Tyresö." in said
    budget.refresh_from_db()
    assert budget.fee_key == Budget.FeeKey.POPULATION
    assert not budget.shares.exists()


def test_a_key_by_population_is_calculated_on_save_when_the_population_is_there(secretary_client, seed):
    for n, municipality in enumerate(Municipality.objects.order_by("name")):
        Population.objects.create(municipality=municipality, year=2016, inhabitants=10_000 * (n + 1))
    budget = Budget.objects.get(year=2017)
    save(secretary_client, budget, fee_key="population", population_year="2016")
    shares = dict(budget.shares.values_list("municipality__name", "amount"))
    assert sum(shares.values()) == 945_000
    assert shares["Botkyrka"] == 26_250  # 1 of 36 parts


def test_fixed_amounts_are_asked_for_only_under_the_key_by_fixed_amounts(secretary_client, seed):
    budget = Budget.objects.get(year=2017)
    assert "fasta belopp per kommun" not in text_of(change_page(secretary_client, budget)).lower()
    budget.fee_key = Budget.FeeKey.FIXED
    budget.save()
    page = change_page(secretary_client, budget).content.decode()
    assert "Fasta belopp per kommun" in page
    assert page.count('name="shares-') >= 8


def test_copying_last_years_budget_makes_a_draft_for_the_next_year_with_the_same_lines(secretary_client, seed):
    budget = Budget.objects.get(year=2017)
    page = change_page(secretary_client, budget).content.decode()
    assert "Kopiera till nästa år" in page
    done = secretary_client.post(reverse("admin:budgets_budget_copy", args=[budget.pk]), follow=True)
    copy = Budget.objects.get(year=2018)
    assert done.request["PATH_INFO"] == reverse("admin:budgets_budget_change", args=[copy.pk])
    assert any(m.startswith("Budget 2018 är ett utkast kopierat från 2017") for m in messages_of(done))
    assert copy.status == Budget.Status.DRAFT
    assert sorted(copy.lines.values_list("kind", "title", "amount", "is_fee")) == sorted(
        budget.lines.values_list("kind", "title", "amount", "is_fee"))
    assert copy.shares.count() == 8
    assert Client().get("/budget/2018/").status_code == 404


def test_copying_to_a_year_that_has_a_budget_is_refused(secretary_client, seed):
    budget = Budget.objects.get(year=2017)
    Budget.objects.create(year=2018)
    done = secretary_client.post(reverse("admin:budgets_budget_changelist"), {
        "action": "copy_to_next_year", ACTION_CHECKBOX_NAME: [budget.pk]}, follow=True)
    assert "Det finns redan en budget för 2018." in messages_of(done)
    assert not Budget.objects.get(year=2018).lines.exists()


def test_the_budget_list_shows_which_budgets_are_drafts(secretary_client, draft_2018):
    page = secretary_client.get(reverse("admin:budgets_budget_changelist"))
    text = text_of(page)
    assert "2018 utkast" in text
    assert "2017 antagen" in text
