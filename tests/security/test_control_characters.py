"""Control characters cannot get in through the admin: every text field of every admin form refuses them (a
single-line field also line breaks and tabs, a multi-line one keeps both), with a message, and a spreadsheet
import with one in a cell shows the row's error and imports nothing."""

import csv
import io
import re
from html import unescape

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from apps.meetings.models import Meeting
from tests.admin.forms import form_values
from tests.admin.spreadsheets import CSV, XLSX, export, upload, xlsx

CODE = "control_characters"
REFUSED_CONTROL = "Texten innehåller ett osynligt styrtecken (U+001B) vid tecken 10."
REFUSED_LINE_BREAK = "Skriv detta på en rad, utan radbrytningar."


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def admin_forms(request):
    """(name, form class, model) of every form the admin site shows: each registered model's add and change form
    and the forms of its inlines."""
    for model, model_admin in admin.site._registry.items():
        instance = model._default_manager.first()
        yield f"{model._meta.label} (add)", model_admin.get_form(request, None, change=False), model
        if instance is not None:
            yield f"{model._meta.label} (change)", model_admin.get_form(request, instance, change=True), model
        for inline in model_admin.get_inline_instances(request, instance):
            yield f"{model._meta.label}: {type(inline).__name__}", inline.get_formset(request, instance).form, inline.model


def text_fields(form_class, model):
    """The form's fields for a model's text (CharField or TextField), each with whether it is multi-line."""
    for name, field in form_class.base_fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        yield name, isinstance(model_field, models.TextField) or isinstance(field.widget, forms.Textarea)


def errors_for(form_class, name, value):
    form = form_class(data={name: value})
    form.is_valid()
    return [error.code for error in form.errors.as_data().get(name, [])]


def test_every_text_field_of_every_admin_form_refuses_control_characters(portal, django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("granskare", "granskare@example.se", "x" * 20)
    checked, failures = 0, []
    for label, form_class, model in admin_forms(request):
        for name, multi_line in text_fields(form_class, model):
            checked += 1
            for value in ["Möte\x00 i Huddinge", "Möte\x1b i Huddinge", "Möte\x85 i Huddinge"]:
                if CODE not in errors_for(form_class, name, value):
                    failures.append(f"{label}.{name} takes {value!r}")
            breaks = errors_for(form_class, name, "Första raden\r\nandra raden\tmed tabb")
            if multi_line and CODE in breaks:
                failures.append(f"{label}.{name} (multi-line) refuses line breaks")
            if not multi_line and CODE not in breaks:
                failures.append(f"{label}.{name} (one line) takes a line break")
    assert checked > 100, checked
    assert not failures, "\n".join(failures)


def test_a_control_character_posted_in_the_admin_is_refused_with_a_message_and_changes_nothing(
    secretary_client, portal
):
    meeting = portal["meetings"][0]
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = form_values(secretary_client.get(url).content.decode())
    before = (meeting.title, meeting.place)
    data["title"] = ["Sammanträ\x1bde"]
    data["place"] = ["Huddinge\r\nkommunhus"]

    response = secretary_client.post(url, data)

    assert response.status_code == 200
    text = page_text(response)
    assert REFUSED_CONTROL in text
    assert REFUSED_LINE_BREAK in text
    meeting.refresh_from_db()
    assert (meeting.title, meeting.place) == before


def test_a_line_break_in_a_multi_line_field_is_kept(secretary_client, portal):
    item = portal["meetings"][0].items.first()
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    data = form_values(secretary_client.get(url).content.decode())
    data["description"] = ["Första stycket.\r\n\r\nAndra stycket,\tmed en tabb."]

    response = secretary_client.post(url, data)

    assert response.status_code == 302, page_text(response)[:2000]
    item.refresh_from_db()
    assert item.description == "Första stycket.\r\n\r\nAndra stycket,\tmed en tabb."


def meetings_csv(secretary_client, change) -> bytes:
    """The meetings' export with `change` made to the first row: (column, text)."""
    table = list(csv.reader(io.StringIO(export(secretary_client, "meetings_meeting", CSV).decode("utf-8-sig"))))
    column, text = change
    table[1][table[0].index(column)] = text
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize(("cell", "message"), [
    ("Sammanträ\x1bde", REFUSED_CONTROL), ("Sammanträde\npå två rader", REFUSED_LINE_BREAK),
])
def test_an_import_with_a_control_character_shows_the_error_and_imports_nothing(secretary_client, portal, cell, message):
    titles = list(Meeting.objects.order_by("pk").values_list("title", flat=True))
    content = meetings_csv(secretary_client, ("Titel", cell))

    preview = upload(secretary_client, "meetings_meeting", content, CSV)

    assert preview.status_code == 200
    text = page_text(preview)
    assert message in text
    assert 'name="import_file_name"' not in preview.content.decode(), "the preview offers to import it"
    assert list(Meeting.objects.order_by("pk").values_list("title", flat=True)) == titles


def test_an_excel_import_with_a_line_break_in_a_single_line_cell_is_refused_too(secretary_client, portal):
    from tests.admin.spreadsheets import rows

    table = rows(export(secretary_client, "meetings_meeting", XLSX), XLSX)
    # An Excel file cannot hold an ESC (openpyxl and Excel refuse to write one); a line break it can.
    table[1][table[0].index("Plats")] = "Huddinge\nkommunhus"
    count = Meeting.objects.count()

    preview = upload(secretary_client, "meetings_meeting", xlsx(table), XLSX)

    assert REFUSED_LINE_BREAK in page_text(preview)
    assert 'name="import_file_name"' not in preview.content.decode()
    assert Meeting.objects.count() == count


def test_a_nul_in_an_admin_search_or_autocomplete_finds_what_the_other_words_find(secretary_client, portal):
    found = secretary_client.get("/admin/autocomplete/", {
        "app_label": "meetings", "model_name": "meeting", "field_name": "body", "term": "Lednings\x00"})
    assert found.status_code == 200
    assert [result["text"] for result in found.json()["results"]] == ["Ledningsgruppen"]

    listed = secretary_client.get("/admin/bodies/body/", {"q": "Lednings\x00gruppen"})
    assert listed.status_code == 200
    assert "Ledningsgruppen" in page_text(listed)
