import pytest
from django.contrib import admin
from django.urls import reverse

MODEL_ADMINS = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
    if model._meta.app_label.split(".")[-1] in {
        "municipalities", "bodies", "meetings", "programme", "plans", "budgets", "rotations", "keyfigures"
    }
)


@pytest.mark.parametrize(("app_label", "model_name"), MODEL_ADMINS)
def test_secretariat_editor_can_open_every_admin_list(seed, editor_client, app_label, model_name):
    response = editor_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("app_label", "model_name"), MODEL_ADMINS)
def test_secretariat_editor_can_open_every_admin_add_page(seed, editor_client, app_label, model_name):
    response = editor_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert response.status_code == 200
    assert b'name="_save"' in response.content


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
