"""A municipality's public page: its code, population, the meetings it hosts, its years as host, its fee
share and its decisions on the programme."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality, Population
from apps.programme.models import Adoption, Programme
from apps.rotations.models import Rotation, RotationYear


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_index_lists_the_eight_municipalities_with_codes_and_population(client, demo):
    text = page_text(client.get("/kommuner/"))
    assert "8 kommuner samverkar på Södertörn." in text
    assert "Nykvarn 0140 10 300 2017" in text
    assert "Huddinge 0126 109 000 2017" in text
    assert "Tillsammans hade de 483 300 invånare år 2017." in text


def test_index_shows_each_municipalitys_latest_population(client, demo):
    Population.objects.create(municipality=Municipality.objects.get(name="Nykvarn"), year=2018, inhabitants=10_600)
    assert "Nykvarn 0140 10 600 2018" in page_text(client.get("/kommuner/"))


def test_municipality_page_shows_its_code_and_population_per_year(client, demo):
    Population.objects.create(municipality=Municipality.objects.get(name="Nykvarn"), year=2018, inhabitants=10_600)
    text = page_text(client.get("/kommuner/nykvarn/"))
    assert "Kommunkod 0140" in text
    assert "2018 10 600" in text
    assert "2017 10 300 SCB, avrundat" in text


def test_municipality_page_lists_the_meetings_it_hosts_with_links(client, seed):
    response = client.get("/kommuner/nykvarn/")
    text = page_text(response)
    rådslag = Meeting.objects.get(body__slug="sodertorns-radslag", date=datetime.date(2017, 3, 30))
    assert "torsdag 30 mars 2017 Södertörns rådslag Nykvarn Genomfört" in text
    assert f'href="{rådslag.get_absolute_url()}"' in response.content.decode()


def test_a_meeting_hosted_with_another_municipality_names_both_hosts(client, seed):
    text = page_text(client.get("/kommuner/sodertalje/"))
    assert "torsdag 7 september 2017 Södertörnskonferensen Nykvarn och Södertälje" in text


def test_upcoming_meetings_are_apart_from_earlier_ones(client, seed):
    committee = Body.objects.get(slug="samarbetskommitten")
    soon = Meeting.objects.create(body=committee, date=timezone.localdate() + datetime.timedelta(days=7))
    soon.hosts.add(Municipality.objects.get(name="Nykvarn"))
    text = page_text(client.get("/kommuner/nykvarn/"))
    upcoming = text.split("Kommande möten", 1)[1].split("Tidigare möten", 1)[0]
    earlier = text.split("Tidigare möten", 1)[1]
    assert "Södertörnskommunernas samarbetskommitté" in upcoming
    assert "Södertörns rådslag" not in upcoming
    assert "Södertörns rådslag" in earlier


def test_a_long_hosting_record_shows_the_nearest_meetings_and_leads_to_the_calendar_for_the_rest(client, seed):
    nykvarn = Municipality.objects.get(name="Nykvarn")
    committee = Body.objects.get(slug="samarbetskommitten")
    for year in range(2000, 2016):
        Meeting.objects.create(body=committee, date=datetime.date(year, 5, 4)).hosts.set([nykvarn])
    response = client.get("/kommuner/nykvarn/")
    text = page_text(response)
    assert "30 mars 2017" in text
    assert "4 maj 2015" in text
    assert "4 maj 2000" not in text
    assert "Fler möten med Nykvarn som värd i kalendern" in text
    assert 'href="/moten/?kommun=nykvarn"' in response.content.decode()


def test_a_short_hosting_record_has_no_link_to_more(client, seed):
    assert "Fler möten" not in page_text(client.get("/kommuner/nykvarn/"))


def test_a_municipality_that_hosts_nothing_says_so(client, seed):
    text = page_text(client.get("/kommuner/nynashamn/"))
    assert "Nynäshamn är inte värd för något kommande möte än." in text


def test_municipality_page_lists_its_rotation_years_and_those_that_follow_by_the_order(client, seed):
    text = page_text(client.get("/kommuner/nykvarn/"))
    assert "2017 Värdkommun för rådslaget beslutat" in text
    assert "2025 Värdkommun för rådslaget enligt turordningen" in text


def test_municipality_page_shows_its_fee_share_per_year(client, demo):
    text = page_text(client.get("/kommuner/nykvarn/"))
    assert "2017 118 125 kr 12,5 % Lika delar" in text


def test_fee_share_is_its_part_of_that_years_fee_income(client, seed):
    budget = Budget.objects.create(year=2018, fee_key=Budget.FeeKey.FIXED, status=Budget.Status.ADOPTED)
    BudgetLine.objects.create(budget=budget, kind="income", title="Avgifter", amount=Decimal(1_000_000), is_fee=True)
    nykvarn = Municipality.objects.get(name="Nykvarn")
    FeeShare.objects.create(budget=budget, municipality=nykvarn, amount=Decimal(50_000))
    text = page_text(client.get("/kommuner/nykvarn/"))
    assert "2018 50 000 kr 5,0 % Fasta belopp" in text


def test_municipality_page_shows_its_decisions_on_the_programme(client, seed):
    adoption = Adoption.objects.get(programme__slug="utvecklingsprogram-2035", municipality__name="Huddinge")
    adoption.status = Adoption.Status.ADOPTED
    adoption.decision_date = datetime.date(2019, 8, 26)
    adoption.diary_number = "KS-2019/1234"
    adoption.save()
    text = page_text(client.get("/kommuner/huddinge/"))
    assert "Södertörns utvecklingsprogram 2035 Antagen Kommunstyrelsen 26 augusti 2019 KS-2019/1234" in text
    assert "Södertörns utvecklingsprogram 2013 Antagen Kommunstyrelsen" in text


def test_a_new_municipality_without_any_data_has_a_page(client, db):
    Municipality.objects.create(name="Ekerö", slug="ekero", code="0125")
    response = client.get("/kommuner/ekero/")
    assert response.status_code == 200
    assert "Inga befolkningssiffror är registrerade än." in page_text(response)


@pytest.mark.parametrize("path", ["/kommuner/finns-inte/", "/kommuner/0127/", "/kommuner/nykvarn/extra/"])
def test_unknown_municipality_is_not_found(client, seed, path):
    assert client.get(path).status_code == 404


def grow(copies):
    """Adds to the seed `copies - 1` times more meetings, populations, budgets, rotations and decisions."""
    if copies == 1:
        return
    municipalities = list(Municipality.objects.all())
    body = Body.objects.get(slug="samarbetskommitten")
    Population.objects.bulk_create(
        Population(municipality=m, year=1990 + n, inhabitants=10_000 + n) for m in municipalities for n in range(copies)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(body=body, date=datetime.date(2000 + n % 40, 1 + n % 12, 10)) for n in range(20 * copies)
    )
    Meeting.hosts.through.objects.bulk_create(
        Meeting.hosts.through(meeting_id=meeting.pk, municipality_id=host.pk)
        for meeting in meetings for host in municipalities[:2]
    )
    budgets = Budget.objects.bulk_create(Budget(year=1990 + n) for n in range(copies))
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=b, kind="income", title="Avgifter", amount=800, is_fee=True) for b in budgets
    )
    FeeShare.objects.bulk_create(
        FeeShare(budget=b, municipality=m, amount=100) for b in budgets for m in municipalities
    )
    rotations = Rotation.objects.bulk_create(Rotation(name=f"Turordning {n}", slug=f"tur-{n}") for n in range(copies))
    RotationYear.objects.bulk_create(
        RotationYear(rotation=r, year=2010 + i, municipality=m) for r in rotations for i, m in enumerate(municipalities)
    )
    programmes = Programme.objects.bulk_create(
        Programme(name=f"Program {n}", slug=f"program-{n}", valid_from=1980 + n) for n in range(copies)
    )
    Adoption.objects.bulk_create(Adoption(programme=p, municipality=m) for p in programmes for m in municipalities)


@pytest.mark.parametrize("copies", [1, 20], ids=["1x", "20x"])
# The municipality page's eleventh query gives each programme version it has decided on its status.
@pytest.mark.parametrize(("path", "most"), [("/kommuner/", 2), ("/kommuner/botkyrka/", 11)])
def test_municipality_pages_run_a_fixed_number_of_queries(
    client, seed, django_assert_max_num_queries, copies, path, most
):
    grow(copies)
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200
