"""The yearly follow-up in the admin: prepared for a programme and a year, every sub-goal with last year's report
beside it and its indicators' newest values, filled in and marked done in one form; bad input saves nothing."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.followup.models import FollowUp, IndicatorLink, PresentationText, ProgressReport
from apps.keyfigures.models import Indicator, KeyFigure
from apps.municipalities.models import Municipality
from apps.programme.models import Goal, SubGoal

from .follow_up_data import build, official, secretary

ONGOING, DONE, NOT_STARTED = SubGoal.Status.ONGOING, SubGoal.Status.DONE, SubGoal.Status.NOT_STARTED


def text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def world(db):
    world = build()
    IndicatorLink.objects.create(goal=world["goals"]["higher"], indicator=world["indicators"]["share"],
                                 target_value=Decimal(60), target_year=2035)
    ProgressReport.objects.create(sub_goal=world["sub_goals"]["share"], year=2021, status=ONGOING, percentage=30,
                                  comment="Handlingsplanen är antagen.")
    return world


@pytest.fixture
def secretary_client(client, world, django_user_model):
    client.force_login(secretary(django_user_model))
    return client


@pytest.fixture
def follow_up(world):
    return FollowUp.objects.create(programme=world["programme"], year=2022)


def fill_url(follow_up):
    return reverse("admin:followup_followup_fill", args=[follow_up.pk])


def form_data(world, **changes):
    data = {}
    for key, sub_goal in world["sub_goals"].items():
        status, percentage, comment = changes.get(key, (ONGOING, "", ""))
        data[f"status_{sub_goal.pk}"] = status
        data[f"percentage_{sub_goal.pk}"] = percentage
        data[f"comment_{sub_goal.pk}"] = comment
    return data


def test_preparing_a_follow_up_opens_the_years_reports(secretary_client, world):
    add = secretary_client.get(reverse("admin:followup_followup_add"))
    assert add.context["adminform"].form.initial["programme"] == world["programme"].pk
    response = secretary_client.post(reverse("admin:followup_followup_add"),
                                     {"programme": world["programme"].pk, "year": 2022})
    follow_up = FollowUp.objects.get()
    assert response["Location"] == fill_url(follow_up)
    assert (follow_up.year, follow_up.is_done) == (2022, False)


def test_the_page_lists_every_sub_goal_with_last_years_report_and_the_indicators(secretary_client, follow_up, world):
    page = text(secretary_client.get(fill_url(follow_up)))
    for sub_goal in world["sub_goals"].values():
        assert sub_goal.text in page
    assert "Utbildning Utbildningsnivån höjs" in page
    assert "Rapporterat för 2021 Pågående, 30 % Handlingsplanen är antagen." in page
    assert "Andel med eftergymnasial utbildning (%): Södertörn 2021" in page
    assert "län 50" in page and "Riket 45" in page and "mål 60 till 2035" in page
    assert page.count("inte rapporterat") == 3


def test_the_secretariat_fills_in_every_sub_goal_and_marks_the_follow_up_done(secretary_client, follow_up, world):
    data = form_data(world, share=(DONE, "100", "Målet är nått."), firms=(ONGOING, "40", ""),
                     action=(DONE, "", "Företagsdagen hölls i maj."))
    data["done"] = "on"
    response = secretary_client.post(fill_url(follow_up), data, follow=True)
    assert "4 rapporter för 2022 sparade. Uppföljningen är klar." in text(response)
    reports = {r.sub_goal.text: (r.status, r.percentage, r.comment, r.reported_by.username)
               for r in ProgressReport.objects.filter(year=2022).select_related("sub_goal", "reported_by")}
    assert reports["Andelen med eftergymnasial utbildning ökar"] == (DONE, 100, "Målet är nått.", "sekreterare")
    assert reports["Vi ordnar en företagsdag"] == (DONE, None, "Företagsdagen hölls i maj.", "sekreterare")
    follow_up.refresh_from_db()
    assert follow_up.is_done and follow_up.done_by.username == "sekreterare"
    share = world["sub_goals"]["share"]
    share.refresh_from_db()
    assert (share.status, share.progress) == (DONE, 100)
    assert ProgressReport.objects.get(sub_goal=share, year=2021).percentage == 30


def test_saving_again_without_changes_writes_nothing(secretary_client, follow_up, world):
    secretary_client.post(fill_url(follow_up), form_data(world))
    response = secretary_client.post(fill_url(follow_up), form_data(world), follow=True)
    assert "0 rapporter för 2022 sparade." in text(response)
    assert ProgressReport.objects.filter(year=2022).count() == 4
    assert not FollowUp.objects.get().is_done


@pytest.mark.parametrize("percentage", ["150", "-1", "tio"])
def test_a_bad_percentage_gives_a_message_and_saves_nothing(secretary_client, follow_up, world, percentage):
    data = form_data(world, share=(DONE, "100", "Klart."), firms=(ONGOING, percentage, ""))
    data["done"] = "on"
    response = secretary_client.post(fill_url(follow_up), data)
    assert response.status_code == 200
    page = text(response)
    assert "Inget sparades. Rätta de markerade delmålen och spara igen." in page
    assert not ProgressReport.objects.filter(year=2022).exists()
    follow_up.refresh_from_db()
    assert not follow_up.is_done
    assert 'value="Klart."' not in response.content.decode()  # the comment is kept in its textarea
    assert "Klart." in page


def test_an_unknown_status_saves_nothing(secretary_client, follow_up, world):
    response = secretary_client.post(fill_url(follow_up), form_data(world, yh=("finished", "", "")))
    assert response.status_code == 200
    assert not ProgressReport.objects.filter(year=2022).exists()


def test_an_official_sees_the_follow_up_but_cannot_save_it(client, follow_up, world, django_user_model):
    client.force_login(official(django_user_model))
    page = client.get(fill_url(follow_up))
    assert page.status_code == 200
    assert "Spara uppföljningen" not in page.content.decode()
    assert "Rapporterat för 2021 Pågående, 30 %" in text(page)
    assert client.post(fill_url(follow_up), form_data(world)).status_code == 403
    assert not ProgressReport.objects.filter(year=2022).exists()


def test_the_secretariat_may_do_everything_with_the_follow_ups_models(db):
    codenames = set(Group.objects.get(name="Sekretariatet").permissions.filter(
        content_type__app_label="followup").values_list("codename", flat=True))
    for model in ["indicatorlink", "progressreport", "followup", "presentationtext"]:
        for action in ["view", "add", "change", "delete"]:
            assert f"{action}_{model}" in codenames
    officials = Group.objects.get(name="Kommunala tjänstepersoner").permissions.filter(
        content_type__app_label="followup")
    assert officials.exists() and not officials.exclude(codename__startswith="view_").exists()


@pytest.mark.parametrize("url_name", ["indicatorlink", "progressreport", "followup", "presentationtext"])
def test_the_follow_ups_lists_open(secretary_client, follow_up, world, url_name):
    PresentationText.objects.create(indicator=world["indicators"]["share"], year=2021, text="Andelen ökar.")
    assert secretary_client.get(reverse(f"admin:followup_{url_name}_changelist")).status_code == 200


def grow(world, copies, years):
    """`copies` more indicators following the goals, each with `years` years of values, and a report a year."""
    places = list(Municipality.objects.all())
    indicators = Indicator.objects.bulk_create(
        Indicator(name=f"Mätetal {n}", slug=f"nt-{n}") for n in range(copies))
    KeyFigure.objects.bulk_create(KeyFigure(indicator=i, municipality=m, year=2000 + y, value=y)
                                  for i in indicators for m in places for y in range(years))
    goals = list(world["goals"].values())
    IndicatorLink.objects.bulk_create(IndicatorLink(goal=goals[n % 3], indicator=i, order=n)
                                      for n, i in enumerate(indicators))
    for sub_goal in world["sub_goals"].values():
        ProgressReport.objects.bulk_create(ProgressReport(sub_goal=sub_goal, year=2000 + y, status=ONGOING)
                                           for y in range(years))


def test_the_follow_up_page_keeps_its_number_of_queries_as_indicators_and_years_grow(secretary_client, follow_up,
                                                                                     world):
    counts = []
    for copies, years in [(1, 2), (30, 10)]:
        Indicator.objects.filter(slug__startswith="nt-").delete()
        ProgressReport.objects.filter(year__lt=2019).delete()
        grow(world, copies, years)
        with CaptureQueriesContext(connection) as queries:
            page = secretary_client.get(fill_url(follow_up))
        assert text(page).count("Mätetal ") == copies
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_goals_admin_page_links_it_to_an_indicator(secretary_client, world):
    residents = world["indicators"]["residents"]
    goal = Goal.objects.create(focus_area=world["areas"]["business"], title="Fler bor på Södertörn", order=3)
    url = reverse("admin:programme_goal_change", args=[goal.pk])
    page = secretary_client.get(url)
    assert "Nyckeltal som följer målet" in text(page)
    data = {"focus_area": goal.focus_area_id, "title_sv": goal.title, "title_en": "", "description_sv": "",
            "description_en": "", "owner": "", "order": 3}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        if inline.formset.model is IndicatorLink:
            data.update({
                f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-0-order": 0, f"{prefix}-0-indicator": residents.pk,
                f"{prefix}-0-direction": "higher", f"{prefix}-0-aggregation": "sum", f"{prefix}-0-baseline_year": "",
                f"{prefix}-0-baseline_value": "", f"{prefix}-0-target_value": "500000", f"{prefix}-0-target_year": "",
            })
            target_year = f"{prefix}-0-target_year"
    response = secretary_client.post(url, data)
    assert response.status_code == 200  # a target without its year comes back with the message
    assert "Ange året då målet ska vara nått." in text(response)
    assert not IndicatorLink.objects.filter(goal=goal).exists()
    data[target_year] = "2035"
    response = secretary_client.post(url, data)
    assert response.status_code == 302, text(response)[-600:]
    link = IndicatorLink.objects.get(goal=goal)
    assert (link.indicator, link.aggregation, link.target_value, link.target_year) == (
        residents, "sum", Decimal(500000), 2035)
