"""Meeting documents are PDF, Word or Excel files, recognised by their content and not only by their name,
and no larger than MAX_UPLOAD_SIZE."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.meetings.models import Document

from .spreadsheets import xlsx

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office_zip(folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, meeting, name, content):
    return client.post(
        reverse("admin:meetings_document_add"),
        {"meeting": meeting.pk, "kind": "attachment", "title": "Bilaga", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("kallelse.pdf", PDF), ("underlag.docx", office_zip("word")), ("budget.xlsx", xlsx([["år", "belopp"]])),
     ("protokoll.doc", OLE2), ("tabell.xls", OLE2), ("KALLELSE.PDF", PDF)],
)
def test_secretary_uploads_pdf_word_and_excel_documents(secretary_client, portal, name, content):
    response = upload(secretary_client, portal["meetings"][0], name, content)
    assert response.status_code == 302
    assert Document.objects.get(title="Bilaga").file.name.endswith(name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kallelse.pdf", PNG, "inte en riktig PDF-fil"),
        ("underlag.docx", office_zip("xl"), "inte en riktig DOCX-fil"),
        ("budget.xlsx", PDF, "inte en riktig XLSX-fil"),
        ("protokoll.doc", PDF, "inte en riktig DOC-fil"),
        ("bild.png", PNG, "Bara PDF-, Word- (.docx, .doc) och Excel-filer"),
        ("program.exe", b"MZ\x90\x00", "Bara PDF-, Word- (.docx, .doc) och Excel-filer"),
        ("makro.docm", office_zip("word"), "Bara PDF-, Word- (.docx, .doc) och Excel-filer"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_with_a_message(secretary_client, portal, name, content,
                                                                       message):
    response = upload(secretary_client, portal["meetings"][0], name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(title="Bilaga").exists()


def test_a_file_over_the_size_limit_is_refused(secretary_client, portal, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    response = upload(secretary_client, portal["meetings"][0], "stor.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert "den största tillåtna filstorleken är 1,0\xa0kB" in response.content.decode()
    assert not Document.objects.filter(title="Bilaga").exists()


def test_editing_a_documents_title_does_not_check_the_stored_file_again(secretary_client, portal):
    document = Document.objects.first()  # its file was never stored: the check must not open it
    response = secretary_client.post(
        reverse("admin:meetings_document_change", args=[document.pk]),
        {"meeting": document.meeting_id, "kind": "attachment", "title": "Ny rubrik"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Ny rubrik"
