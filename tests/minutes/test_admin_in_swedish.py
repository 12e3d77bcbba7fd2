"""The minutes' admin pages read in Swedish in every state: being written, out for justering, adjusted, a new
version; the sending page, the new-version page, the assignments; and the start page's block."""

import datetime

import pytest
from django.urls import reverse

from apps.minutes import services
from apps.minutes.models import Assignment, Minutes, Signatory
from tests.admin.test_admin_in_swedish import english_in

from .conftest import change_page, prepared

pytestmark = pytest.mark.django_db


def test_every_page_of_the_minutes_reads_in_swedish(admin_client, held_meeting):
    draft = prepared(held_meeting)
    pages = [reverse("admin:minutes_minutes_add"), reverse("admin:minutes_minutes_changelist"), change_page(draft),
             reverse("admin:minutes_minutes_send", args=[draft.pk])]
    services.send_for_justering(draft)
    services.comment(draft.signatories.first(), "Ett stavfel i § 2.")
    pages += [change_page(draft), reverse("admin:index")]
    for signatory in draft.signatories.all():
        services.confirm(signatory, Signatory.Via.LINK)
    Assignment.objects.create(section=draft.paragraphs.first().section, what="Följ upp.",
                              due=datetime.date.today() - datetime.timedelta(days=1))
    pages += [change_page(draft), reverse("admin:minutes_minutes_new_version", args=[draft.pk]),
              reverse("admin:minutes_assignment_changelist"), reverse("admin:minutes_assignment_add"),
              reverse("admin:minutes_assignment_change", args=[Assignment.objects.get().pk]), reverse("admin:index")]
    second = services.new_version(Minutes.objects.get(), "Rättelse av ett namn.")
    pages += [change_page(second), reverse("admin:minutes_minutes_history", args=[second.pk])]

    responses = {page: admin_client.get(page) for page in pages}
    assert {page: response.status_code for page, response in responses.items() if response.status_code != 200} == {}
    english = {page: english_in(response.content.decode()) for page, response in responses.items()}
    assert {page: found for page, found in english.items() if found} == {}
