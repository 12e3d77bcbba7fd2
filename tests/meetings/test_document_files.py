"""Meeting documents are read through the portal, which hands a file out only once the meeting's documents
are published: an unpublished file cannot be fetched by guessing its address."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Document, Meeting

PDF = b"%PDF-1.7\n% Kallelse med f\xc3\xb6redragningslista\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(db):
    body = Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )
    meeting = Meeting.objects.create(
        body=body, date=datetime.date(2017, 2, 2), status=Meeting.Status.HELD,
        agenda_published_at=timezone.make_aware(datetime.datetime(2017, 1, 26, 9)),
    )
    meeting.items.create(number=1, title="Inriktning 2017")
    return meeting


def attach(meeting, name="inriktning.pdf", **fields):
    document = Document(meeting=meeting, title="Inriktning 2017, förslag", **fields)
    document.file.save(name, ContentFile(PDF))
    return document


def test_a_published_document_is_read_from_the_link_on_the_meeting_page(client, meeting):
    document = attach(meeting, agenda_item=meeting.items.get())
    meeting.documents_published = True
    meeting.save()
    page = client.get(f"/moten/mote/{meeting.pk}/").content.decode()
    assert f'href="{document.file.url}"' in page
    assert document.file.url == f"/moten/dokument/{document.file.name}"

    response = client.get(document.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="inriktning.pdf"' in response["Content-Disposition"]


def test_an_unpublished_document_is_not_found_even_at_its_exact_address(client, meeting):
    document = attach(meeting)
    assert client.get(document.file.url).status_code == 404
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_an_attachment_waits_for_its_agenda_too(client, meeting):
    meeting.agenda_published_at = None
    meeting.documents_published = True
    meeting.save()
    attachment = attach(meeting, agenda_item=meeting.items.get())
    minutes = attach(meeting, name="protokoll.pdf", kind=Document.Kind.MINUTES)
    assert client.get(attachment.file.url).status_code == 404
    assert client.get(minutes.file.url).status_code == 200


def test_the_secretariat_reads_a_document_before_it_is_published(client, meeting, django_user_model):
    document = attach(meeting)
    user = django_user_model.objects.create_user("sekreterare", password="lösenord-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    client.force_login(user)
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    "name", ["meetings/2017/finns-inte.pdf", "../settings.py", "meetings/../../etc/passwd", "%00", "ä" * 300],
)
def test_an_unknown_or_malformed_document_address_is_not_found(client, meeting, name):
    attach(meeting)
    meeting.documents_published = True
    meeting.save()
    assert client.get(f"/moten/dokument/{name}").status_code == 404


def test_a_published_document_whose_file_is_gone_is_not_found(client, meeting):
    document = attach(meeting)
    meeting.documents_published = True
    meeting.save()
    document.file.storage.delete(document.file.name)
    assert client.get(document.file.url).status_code == 404
