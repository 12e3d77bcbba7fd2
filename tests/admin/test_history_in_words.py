"""The history as a secretary reads it: values in words (Ja/Nej, Swedish dates in Stockholm time, names instead of
ids, never "None"), the reason when one was given; a deletion restored exactly as it happened — the rows deleted
with a meeting come back with it, a row deleted on its own before does not — and a single deleted agenda item,
document, role or budget line brought back on its own."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from apps.bodies.models import Role
from apps.budgets.models import BudgetLine
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.municipalities.models import Municipality


def visible_text(html: str) -> str:
    """The page's text as a person sees it: no tags, scripts or styles, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def delete(client, model_url: str, pk: int):
    response = client.post(reverse(f"admin:{model_url}_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    return response


def restore(client, model, model_url: str, pk: int):
    record = model.history.filter(**{model._meta.pk.attname: pk}, history_type="-").latest("history_date")
    return client.post(reverse(f"admin:{model_url}_restore", args=[record.history_id]), follow=True)


def test_restoring_a_meeting_brings_back_the_items_deleted_with_it_but_not_one_deleted_before(
    secretary_client, portal
):
    meeting = portal["meetings"][1]
    pk = meeting.pk
    alone = meeting.items.get(title="Infrastruktur")
    delete(secretary_client, "meetings_agendaitem", alone.pk)
    delete(secretary_client, "meetings_meeting", pk)
    assert not AgendaItem.objects.filter(meeting_id=pk).exists()

    restore(secretary_client, Meeting, "meetings_meeting", pk)

    restored = Meeting.objects.get(pk=pk)
    assert list(restored.items.values_list("number", "title")) == [
        (1, "Föregående protokoll"), (3, "Övriga frågor")]
    assert list(restored.documents.values_list("title", flat=True)) == ["Kallelse"]
    deleted_items = secretary_client.get(reverse("admin:meetings_agendaitem_deleted")).content.decode()
    assert re.search(rf"<td>2. Infrastruktur</td>\s*<td>{re.escape(str(restored))}</td>", deleted_items)


def test_a_meeting_deleted_twice_is_restored_with_the_items_of_its_last_deletion(secretary_client, portal):
    meeting = portal["meetings"][2]
    pk = meeting.pk
    delete(secretary_client, "meetings_meeting", pk)
    restore(secretary_client, Meeting, "meetings_meeting", pk)
    AgendaItem.objects.get(meeting_id=pk, number=3).delete()
    delete(secretary_client, "meetings_meeting", pk)

    restore(secretary_client, Meeting, "meetings_meeting", pk)

    assert list(AgendaItem.objects.filter(meeting_id=pk).values_list("number", flat=True)) == [1, 2]


def test_a_single_deleted_agenda_item_is_restored_into_its_meeting(secretary_client, portal):
    meeting = portal["meetings"][0]
    item = meeting.items.get(number=2)
    delete(secretary_client, "meetings_agendaitem", item.pk)
    changelist = secretary_client.get(reverse("admin:meetings_agendaitem_changelist")).content.decode()
    assert reverse("admin:meetings_agendaitem_deleted") in changelist

    page = restore(secretary_client, AgendaItem, "meetings_agendaitem", item.pk).content.decode()

    assert "har återställts" in page
    assert list(meeting.items.values_list("number", "title")) == [
        (1, "Föregående protokoll"), (2, "Infrastruktur"), (3, "Övriga frågor")]


def test_a_restored_agenda_item_whose_number_was_taken_comes_back_last(secretary_client, portal):
    meeting = portal["meetings"][0]
    item = meeting.items.get(number=2)
    delete(secretary_client, "meetings_agendaitem", item.pk)
    AgendaItem.objects.create(meeting=meeting, number=2, title="Regionplanen")

    restore(secretary_client, AgendaItem, "meetings_agendaitem", item.pk)

    assert list(meeting.items.values_list("number", "title")) == [
        (1, "Föregående protokoll"), (2, "Regionplanen"), (3, "Övriga frågor"), (4, "Infrastruktur")]


def test_an_agenda_item_whose_meeting_is_deleted_cannot_be_restored_alone(secretary_client, portal):
    meeting = portal["meetings"][0]
    item = meeting.items.get(number=2)
    shown = str(meeting)
    delete(secretary_client, "meetings_agendaitem", item.pk)
    delete(secretary_client, "meetings_meeting", meeting.pk)
    deleted_items = secretary_client.get(reverse("admin:meetings_agendaitem_deleted")).content.decode()
    assert f"{shown} (borttagen)" in deleted_items

    page = restore(secretary_client, AgendaItem, "meetings_agendaitem", item.pk).content.decode()

    assert "kan inte återställas" in page
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(("model", "model_url", "find"), [
    (Document, "meetings_document", lambda portal: Document.objects.filter(meeting=portal["meetings"][0]).get()),
    (Role, "bodies_role", lambda portal: Role.objects.get(person__name="Cecilia Carlsson")),
    (BudgetLine, "budgets_budgetline", lambda portal: BudgetLine.objects.get(title="Kontorsservice")),
])
def test_a_deleted_document_role_or_budget_line_is_restored_from_its_list_of_deleted_rows(
    secretary_client, portal, model, model_url, find
):
    row = find(portal)
    pk, shown = row.pk, str(row)
    delete(secretary_client, model_url, pk)
    deleted_page = secretary_client.get(reverse(f"admin:{model_url}_deleted")).content.decode()
    assert shown in deleted_page

    restore(secretary_client, model, model_url, pk)

    assert str(model.objects.get(pk=pk)) == shown
    assert model.history.filter(**{model._meta.pk.attname: pk}).first().history_change_reason == (
        "Återställd efter borttagning")


def test_the_history_page_reads_in_words(secretary_client, portal):
    meeting = portal["meetings"][0]
    meeting.status = Meeting.Status.CANCELLED
    meeting.documents_published = True
    meeting.agenda_published_at = datetime.datetime(2026, 12, 1, 13, 5, tzinfo=datetime.UTC)
    meeting.body = portal["bodies"]["management"]
    meeting.date = datetime.date(2017, 2, 3)
    meeting._change_reason = "Ledningsgruppen tar över mötet"
    meeting.save()
    meeting.hosts.set([portal["municipalities"]["Huddinge"]])

    page = secretary_client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk])).content.decode()
    text = visible_text(page)

    assert "Handlingar publicerade: Nej → Ja" in text
    assert "Föredragningslista publicerad: (tomt) → 1 december 2026 kl. 14.05" in text
    assert "Organ: Södertörnskommunernas samarbetskommitté → Ledningsgruppen" in text
    assert "Status: bekräftat → inställt" in text
    assert "Datum: 2 februari 2017 → 3 februari 2017" in text
    # hosts.set() removes the old host, then adds the new: two records.
    assert "Värdkommuner: Botkyrka → (tomt)" in text and "Värdkommuner: (tomt) → Huddinge" in text
    assert "Ledningsgruppen tar över mötet" in text
    assert "None" not in text and "+00:00" not in text


def test_a_deleted_host_is_named_by_its_last_name_in_the_history(secretary_client, portal):
    meeting = portal["meetings"][0]
    guest = Municipality.objects.create(name="Järna", slug="jarna", code="0199")
    meeting.hosts.set([guest])
    meeting.hosts.set([portal["municipalities"]["Salem"]])
    guest.delete()

    text = visible_text(
        secretary_client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk])).content.decode())

    assert "Värdkommuner: Järna (borttagen) → (tomt)" in text
    assert "pk=" not in text


def test_the_delete_confirmation_names_rows_and_leaves_out_the_links_to_hosts(secretary_client, portal):
    meeting = portal["meetings"][0]

    page = secretary_client.get(reverse("admin:meetings_meeting_delete", args=[meeting.pk])).content.decode()
    text = visible_text(page)

    assert "1. Föregående protokoll" in text and "Kallelse" in text
    assert "object (" not in text and "Meeting_hosts" not in text and "relation" not in text.lower()
