"""A programme version's status is decided in one place (ProgrammeQuerySet.with_status) and reads the same on
every page that shows it, in its PDF, in its open data and in the admin."""

import datetime
import io
import json
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from pypdf import PdfReader

from apps.bodies.models import Body
from apps.municipalities.models import Municipality
from apps.programme.models import Adoption, Programme


def label(status):
    with translation.override("sv"):
        return str(capfirst(Programme.Status(status).label))


def page_text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def flags(html, slug):
    """The status flags a page shows for the version `slug` (templates/programme/_status.html)."""
    return re.findall(rf'<span class="flag[^"]*" data-programme="{re.escape(slug)}">([^<]+)</span>', html)


def home_page_says(text, name):
    """What the home page's sentences say of the version called `name`."""
    said = set()
    if f"Gällande program är {name}" in text:
        said.add(Programme.Status.IN_FORCE)
    if f"Senast gällde {name} ," in text:
        said.add(Programme.Status.EXPIRED)
    if f"Förslaget {name} har antagits av" in text:
        said.add(Programme.Status.PROPOSED)
    if f"{name} är antagen av alla kommunstyrelser och gäller från" in text:
        said.add(Programme.Status.ADOPTED)
    return {label(status) for status in said}


def admin_says(html, programme):
    row = re.search(
        rf'<tr[^>]*>(?:(?!</tr>).)*?/admin/programme/programme/{programme.pk}/change/(?:(?!</tr>).)*</tr>', html, re.S
    ).group(0)
    cell = re.search(r'<td class="field-status_label">(.*?)</td>', row, re.S).group(1)
    return page_text(cell).split(" av ")[0]


def statuses_everywhere(client, admin_client, programme):
    """{where it is read: the status labels found there for `programme`}."""
    other = Programme.objects.exclude(pk=programme.pk).order_by("-valid_from").first()
    pages = {
        "the version's page": programme.get_absolute_url(),
        "the archive": reverse("programme:archive"),
        "the comparison": f"{reverse('programme:compare')}?fran={other.slug}&till={programme.slug}",
        "the programme page": reverse("programme:index"),
    }
    for adoption in Adoption.objects.filter(programme=programme).select_related("municipality")[:2]:
        pages[f"the page of {adoption.municipality}"] = adoption.municipality.get_absolute_url()
    for body in Body.objects.filter(owned_goals__focus_area__programme=programme).distinct():
        pages[f"the page of {body}"] = body.get_absolute_url()
    found = {}
    for where, url in pages.items():
        labels = flags(client.get(url).content.decode(), programme.slug)
        if labels or where != "the programme page":  # /program/ shows one version only
            found[where] = set(labels)
    # The home page speaks of the version in force, the last one that was, the next one and the proposal.
    said = home_page_says(page_text(client.get("/").content.decode()), programme.name)
    if said or programme.status in (Programme.Status.IN_FORCE, Programme.Status.PROPOSED):
        found["the home page"] = said
    pdf = client.get(reverse("documents:programme", args=[programme.slug]))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages)
    found["the PDF"] = {
        status_label for status_label in map(label, Programme.Status.values) if f"Status {status_label}" in pdf_text
    }
    data = json.loads(client.get(reverse("programme:json", args=[programme.slug])).content)
    found["the open data"] = {label(data["status"])}
    found["the admin"] = {admin_says(admin_client.get("/admin/programme/programme/").content.decode(), programme)}
    return found


def adopt_2035_everywhere(valid_from=2019, valid_to=None):
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    for municipality in Municipality.objects.all():
        Adoption.objects.update_or_create(programme=programme, municipality=municipality, defaults={
            "status": Adoption.Status.ADOPTED, "decision_date": datetime.date(2019, 10, 1)})
    Programme.objects.filter(pk=programme.pk).update(valid_from=valid_from, valid_to=valid_to)


@pytest.mark.parametrize(("case", "slug", "status"), [
    ("seed", "utvecklingsprogram-2007", Programme.Status.REPLACED),
    ("seed", "utvecklingsprogram-2013", Programme.Status.EXPIRED),
    ("seed", "utvecklingsprogram-2035", Programme.Status.PROPOSED),
    ("2035 adopted everywhere, open-ended", "utvecklingsprogram-2035", Programme.Status.IN_FORCE),
    ("2035 adopted everywhere, open-ended", "utvecklingsprogram-2013", Programme.Status.REPLACED),
    ("2035 adopted everywhere, from next year", "utvecklingsprogram-2035", Programme.Status.ADOPTED),
])
def test_a_version_has_one_status_on_every_page_in_its_pdf_its_open_data_and_the_admin(
    client, admin_client, demo, case, slug, status
):
    if case == "2035 adopted everywhere, open-ended":
        adopt_2035_everywhere()
    elif case == "2035 adopted everywhere, from next year":
        adopt_2035_everywhere(valid_from=timezone.localdate().year + 1)
    programme = Programme.objects.with_status().get(slug=slug)

    found = statuses_everywhere(client, admin_client, programme)

    assert {where: labels for where, labels in found.items() if labels != {label(status)}} == {}
    everywhere = {"the version's page", "the archive", "the comparison", "the PDF", "the open data", "the admin"}
    assert everywhere <= set(found)
