"""Handlingar: the kallelse and every PDF attachment of a meeting in one file, bookmarked by item."""

import io

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from apps.documents.views import bundle_pdf
from apps.meetings.models import Document

from .pdfs import pages, reader


def small_pdf(*page_texts):
    html = "".join(f'<p style="break-after: page">{words}</p>' for words in page_texts)
    return HTML(string=html).write_pdf()


@pytest.fixture
def papers(meeting, settings, tmp_path):
    """The meeting's attachments as real files: two pages for item 2, one for item 1, a Word file for no item."""
    settings.MEDIA_ROOT = tmp_path
    meeting.documents.all().delete()
    items = {item.number: item for item in meeting.items.all()}
    Document.objects.create(meeting=meeting, agenda_item=items[2], title="Budgetunderlag",
                            file=ContentFile(small_pdf("Budgetunderlag sida ett", "Budgetunderlag sida två"),
                                             name="budget.pdf"))
    Document.objects.create(meeting=meeting, agenda_item=items[1], title="Dagordningens bakgrund",
                            file=ContentFile(small_pdf("Bakgrund till dagordningen"), name="bakgrund.pdf"))
    Document.objects.create(meeting=meeting, title="Protokollsutdrag",
                            file=ContentFile(b"PK\x03\x04 not merged", name="utdrag.docx"))
    meeting.documents_published = True
    meeting.save()
    return meeting


def bundle(client, meeting):
    return client.get(reverse("documents:bundle", args=[meeting.pk]))


def kallelse_length(texts):
    """How many pages the kallelse has: its first page says "Sida 1 av n"."""
    return int(texts[0].split("Sida 1 av ")[1].split()[0])


def test_bundle_is_the_kallelse_followed_by_every_page_of_the_pdf_attachments(client, papers):
    texts = pages(bundle(client, papers))
    kallelse = kallelse_length(texts)
    assert len(texts) == kallelse + 1 + 2
    assert "KALLELSE" in texts[0]


def test_attachments_follow_in_agenda_order(client, papers):
    texts = pages(bundle(client, papers))
    kallelse = kallelse_length(texts)
    assert texts[kallelse:] == ["Bakgrund till dagordningen", "Budgetunderlag sida ett", "Budgetunderlag sida två"]


def test_outline_has_the_kallelse_every_item_and_every_merged_attachment(client, papers):
    response = bundle(client, papers)
    texts, pdf = pages(response), reader(response)
    kallelse = kallelse_length(texts)

    def page_of(heading):
        return next(number for number, page in enumerate(texts) if heading in page)

    def entries(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield [*entries(entry)]
            else:
                yield (entry.title, pdf.get_destination_page_number(entry))

    assert list(entries(pdf.outline)) == [
        ("Kallelse", 0),
        ("1. Mötets öppnande", page_of("1. Mötets öppnande")),
        [("Bilaga 1: Dagordningens bakgrund", kallelse)],
        ("2. Budget för sekretariatet 2017", page_of("2. Budget för sekretariatet 2017")),
        [("Bilaga 2: Budgetunderlag", kallelse + 1)],
        ("3. Näringslivsklimatet på Södertörn", page_of("3. Näringslivsklimatet på Södertörn")),
    ]


def test_a_word_file_is_listed_as_not_included_and_where_to_get_it(client, papers):
    content = " ".join(pages(bundle(client, papers)))
    assert "Bilaga 3: Protokollsutdrag – Word-fil, ingår inte i den samlade PDF-filen, hämtas separat" in content
    assert f"hämtas från mötets sida på portalen: {settings.SITE_URL}{papers.get_absolute_url()}" in content


def test_a_pdf_that_cannot_be_read_is_left_out_and_said_so(client, papers):
    broken = papers.documents.get(title="Budgetunderlag")
    broken.file.save("trasig.pdf", ContentFile(b"%PDF-1.7 broken"))
    texts = pages(bundle(client, papers))
    assert len(texts) == kallelse_length(texts) + 1
    assert "Bilaga 2: Budgetunderlag (till punkt 2) – kunde inte läggas in i den samlade PDF-filen" in " ".join(texts)


def test_bundle_is_served_from_the_cache_the_second_time(client, papers):
    first = bundle(client, papers)
    second = bundle(client, papers)
    assert (first["X-Document-Cache"], second["X-Document-Cache"]) == ("miss", "hit")
    assert second["Content-Disposition"] == 'inline; filename="handlingar-samarbetskommitten-2017-02-02.pdf"'


def test_a_replaced_attachment_gives_a_new_bundle(client, papers):
    bundle(client, papers)
    document = papers.documents.get(title="Dagordningens bakgrund")
    document.file = ContentFile(small_pdf("Ny bakgrund"), name="ny-bakgrund.pdf")
    document.save()
    assert "Ny bakgrund" in pages(bundle(client, papers))


# Who may read it ---------------------------------------------------------------------------------------------


@pytest.fixture
def unpublished(papers):
    papers.documents_published = False
    papers.save()
    return papers


@pytest.fixture
def secretariat_member(django_user_model):
    """A member of the secretariat's staff who may view meeting documents, without being a superuser."""
    user = django_user_model.objects.create_user("sekreterare", password="lösenord-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="meetings", codename="view_document"))
    return user


def test_the_public_gets_nothing_before_the_documents_are_published(client, unpublished):
    assert bundle(client, unpublished).status_code == 404


def test_the_public_gets_the_bundle_once_the_documents_are_published(client, papers):
    assert bundle(client, papers).status_code == 200


def test_the_public_gets_nothing_while_the_agenda_is_unpublished(client, papers):
    papers.agenda_published_at = None
    papers.save()
    assert bundle(client, papers).status_code == 404


def test_staff_who_may_view_documents_get_the_bundle_before_publication(unpublished, secretariat_member):
    staff = Client()
    staff.force_login(secretariat_member)
    texts = pages(bundle(staff, unpublished))
    assert "Bakgrund till dagordningen" in texts
    assert "private" in bundle(staff, unpublished)["Cache-Control"]


def test_a_logged_in_official_without_permission_gets_nothing_before_publication(unpublished, django_user_model):
    official = Client()
    official.force_login(django_user_model.objects.create_user("tjansteperson", password="lösenord-123"))
    assert bundle(official, unpublished).status_code == 404


def test_the_bundle_for_sending_holds_the_attachments_before_publication(unpublished):
    pdf = PdfReader(io.BytesIO(bundle_pdf(unpublished)))
    assert pdf.pages[-1].extract_text().strip() == "Budgetunderlag sida två"
    assert "Utkast" not in pdf.pages[0].extract_text()


# The meeting page --------------------------------------------------------------------------------------------


def test_meeting_page_links_to_the_bundle_once_the_documents_are_published(client, papers):
    page = client.get(papers.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("documents:bundle", args=[papers.pk])}">Alla handlingar som en PDF</a>' in page


def test_meeting_page_has_no_bundle_link_before_the_documents_are_published(client, unpublished):
    page = client.get(unpublished.get_absolute_url()).content.decode()
    assert reverse("documents:bundle", args=[unpublished.pk]) not in page
