"""The yearly plan as a reader finds it: in the menu, with its PDF linked from its page, the PDF holding the budget
and each municipality's fee (once the budget is adopted, as on the budget page), and the hosts of a meeting named
in the same order on the web and in the documents."""

import datetime
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from icalendar import Calendar

from apps.budgets.models import Budget, FeeShare
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality

from .pdfs import section, text

MUNICIPALITIES = ["Botkyrka", "Haninge", "Huddinge", "Nykvarn", "Nynäshamn", "Salem", "Södertälje", "Tyresö"]


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def plan_pdf(client):
    return client.get(reverse("documents:yearly_plan", args=[2017]))


def test_the_yearly_plan_is_in_the_menu_of_every_page(client, seed):
    for path in ["/", "/program/", "/budget/2017/"]:
        nav = re.search(r'<nav class="site-nav".*?</nav>', client.get(path).content.decode(), re.S).group(0)
        assert '<a href="/verksamhetsplan/">Verksamhetsplan</a>' in nav, path
    nav = re.search(r'<nav class="site-nav".*?</nav>', client.get("/verksamhetsplan/2017/").content.decode(),
                    re.S).group(0)
    assert '<a href="/verksamhetsplan/" aria-current="page">Verksamhetsplan</a>' in nav


def test_the_plan_page_and_the_list_of_plans_link_the_pdf(client, seed):
    html = client.get("/verksamhetsplan/2017/").content.decode()
    assert '<a href="/dokument/verksamhetsplan/2017/" type="application/pdf">Ladda ner som PDF</a>' in html
    listing = client.get("/verksamhetsplan/").content.decode()
    assert 'href="/dokument/verksamhetsplan/2017/"' in listing


def test_the_plan_pdf_gives_each_municipalitys_fee(client, demo):
    budget = section(plan_pdf(client), "8. Budget 2017")
    assert "Avgift per kommun" in budget
    assert "Avgiftsintäkterna på 945 000 kronor fördelas mellan kommunerna: lika delar." in budget
    assert [name for name in MUNICIPALITIES if f"{name} 118 125 12,5 %" not in budget] == []
    assert "Summa 945 000 100 %" in budget


def test_the_plan_pdf_gives_the_fees_the_budget_page_gives(client, demo):
    budget = Budget.objects.get(year=2017)
    budget.fee_key = Budget.FeeKey.POPULATION
    budget.population_year = 2017
    budget.save()
    shares = {"Huddinge": 213_300, "Nykvarn": 20_100, "Salem": 32_400, "Botkyrka": 179_600}
    for name, amount in shares.items():
        share = FeeShare.objects.get(budget=budget, municipality__name=name)
        share.amount = Decimal(amount)
        share.save()
    pdf = section(plan_pdf(client), "8. Budget 2017")
    web = page_text(client.get("/budget/2017/"))
    assert "fördelas mellan kommunerna: efter folkmängd, efter folkmängden år 2017." in pdf
    for name, amount in shares.items():
        figure = f"{amount:,}".replace(",", " ")
        assert f"{name} {figure} " in pdf
        assert f"{name} {figure} kr" in web


def test_the_plan_pdf_gives_no_fees_while_the_budget_is_a_draft(client, demo):
    budget = Budget.objects.get(year=2017)
    budget.status = Budget.Status.DRAFT
    budget.save()
    document = text(plan_pdf(client))
    assert "Budgeten för 2017 är ännu inte fastställd." in document
    assert "Avgift per kommun" not in document
    assert "118 125" not in document


def test_the_plan_pdf_says_when_the_shares_are_not_yet_set(client, seed):
    budget = section(plan_pdf(client), "8. Budget 2017")
    assert "Varje kommuns andel är ännu inte fastställd." in budget


def hosts_everywhere(client, meeting):
    """How each page, document and file names the hosts of `meeting`."""
    found = {}
    found["meeting page"] = re.search(r"Värdar (\S+ och \S+)", page_text(client.get(meeting.get_absolute_url())))[1]
    found["plan page"] = re.search(r"Södertörnskonferensen (\S+ och \S+)",
                                   page_text(client.get("/verksamhetsplan/2017/")))[1]
    found["calendar"] = re.search(r"Värdar: (\S+ och \S+)", page_text(client.get("/moten/2017/9/")))[1]
    found["yearly plan PDF"] = re.search(r"Södertörnskonferensen 7 september 2017 \((\S+ och \S+)\)",
                                         text(plan_pdf(client)))[1]
    found["kallelse PDF"] = re.search(r"Värdkommuner (\S+ och \S+)",
                                      text(client.get(reverse("documents:agenda", args=[meeting.pk]))))[1]
    rows = json.loads(client.get("/moten/2017.json").content)["meetings"]
    found["open data"] = " och ".join(next(row["hosts"] for row in rows if row["id"] == meeting.pk))
    calendar = Calendar.from_ical(client.get("/moten/kalender-2017.ics").content)
    event = next(e for e in calendar.walk("VEVENT") if "Södertörnskonferensen" in str(e["SUMMARY"]))
    found["calendar feed"] = str(event["LOCATION"]).split(", ")[-1]
    return found


def test_the_hosts_are_named_the_largest_first_on_every_page_and_document(client, demo):
    meeting = Meeting.objects.get(date=datetime.date(2017, 9, 7))
    found = hosts_everywhere(client, meeting)
    assert {where: hosts for where, hosts in found.items() if hosts != "Södertälje och Nykvarn"} == {}


def test_without_populations_the_hosts_are_named_by_name_everywhere(client, seed):
    assert not Municipality.objects.filter(populations__isnull=False).exists()
    meeting = Meeting.objects.get(date=datetime.date(2017, 9, 7))
    found = hosts_everywhere(client, meeting)
    assert {where: hosts for where, hosts in found.items() if hosts != "Nykvarn och Södertälje"} == {}


@pytest.mark.parametrize("inhabitants", [5_000, 500_000])
def test_a_change_of_population_changes_the_order_everywhere_at_once(client, demo, inhabitants):
    nykvarn = Municipality.objects.get(name="Nykvarn")
    nykvarn.populations.create(year=2018, inhabitants=inhabitants)
    meeting = Meeting.objects.get(date=datetime.date(2017, 9, 7))
    expected = "Nykvarn och Södertälje" if inhabitants > 100_000 else "Södertälje och Nykvarn"
    found = hosts_everywhere(client, meeting)
    assert {where: hosts for where, hosts in found.items() if hosts != expected} == {}
