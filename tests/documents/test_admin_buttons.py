"""The secretariat reaches each document from the change page in the admin, next to History."""

import pytest
from django.urls import reverse

from apps.plans.models import YearlyPlan
from apps.programme.models import Programme


def test_meeting_change_page_has_a_pdf_button_beside_history(editor_client, meeting):
    page = editor_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert f'href="{reverse("documents:agenda", args=[meeting.pk])}"' in page
    assert reverse("admin:meetings_meeting_history", args=[meeting.pk]) in page


def test_programme_change_page_has_a_pdf_button_beside_history(editor_client, programme_2035):
    page = editor_client.get(reverse("admin:programme_programme_change", args=[programme_2035.pk])).content.decode()
    assert f'href="{reverse("documents:programme", args=[programme_2035.slug])}"' in page
    assert reverse("admin:programme_programme_history", args=[programme_2035.pk]) in page


@pytest.fixture
def plan(programme_2035):
    return YearlyPlan.objects.create(year=2019, title="Samverkan på Södertörn – inriktning 2019",
                                     programme=programme_2035)


def test_yearly_plan_change_page_has_a_pdf_button_beside_history(editor_client, plan):
    page = editor_client.get(reverse("admin:plans_yearlyplan_change", args=[plan.pk])).content.decode()
    assert f'href="{reverse("documents:yearly_plan", args=[2019])}"' in page
    assert reverse("admin:plans_yearlyplan_history", args=[plan.pk]) in page


def test_the_pdf_button_opens_a_document(editor_client, plan):
    response = editor_client.get(reverse("documents:yearly_plan", args=[plan.year]))
    assert response["Content-Type"] == "application/pdf"


def test_add_page_has_no_pdf_button(editor_client, db):
    page = editor_client.get(reverse("admin:programme_programme_add")).content.decode()
    assert "/dokument/" not in page
    assert Programme.objects.count() == 0
