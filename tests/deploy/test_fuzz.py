"""Every address of the portal, in both languages, asked with values nobody should send: never a server error.

The addresses come from the URL configuration itself, so a page added later is asked too. Each parameter is
filled with malformed values (the others with real ones from the seed data), each address is also asked with
junk query parameters, and each is asked with the real values: those answer as a visitor would expect.
"""

import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone, translation

from apps.budgets.models import Budget
from apps.catalogue.schemas import SCHEMAS
from apps.followup.models import FollowUp
from apps.meetings.models import Document, Meeting
from apps.plans.models import YearlyPlan
from apps.core.cache import PORTAL_APPS

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
JUNK = ["<script>", "..", "%ff", "%00", "a" * 500, "../../etc/passwd"]
MALFORMED = {
    "slug": ["../x", "ä" * 300, "%00", "nonexistent", "x" * 300, "-"],
    "int": ["0", "9999", "10000", "2147483648", "99999999999999999999"],
    "str": JUNK,
    "path": JUNK,
}
JUNK_QUERY = "?" + "&".join([
    "organ=%ff", "kommun=%3Cscript%3E", "organ=x", "year=abc", "month=13", "page=-1", "fran=%ff", "till=..%2F",
    "next=javascript:alert(1)", "q=" + quote("å" * 1000 + "<script>alert(1)</script>"),
])
EXPECTED = {200, 301, 302, 303, 404}  # 303: the catalogue sends a reader to its file or page


def routes(resolver=None, prefix=""):
    """The route of every view outside the admin, with the active language's prefix."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern)
        else:
            raise AssertionError(f"No values to fill in the regular expression {entry.pattern}: teach this test")


def all_routes(language):
    with translation.override(language):
        return [*routes(), reverse("admin:login").lstrip("/")]


def real_values(token, justering=None):
    """Values of each parameter name that name something in the seed data (and a personal link's token; and
    adjusted minutes with a justering link of theirs)."""
    slugs = []
    for model in apps.get_models():
        names = {field.name for field in model._meta.fields}
        if model._meta.app_label in PORTAL_APPS and "slug" in names and hasattr(model, "get_absolute_url"):
            slugs += model._default_manager.order_by("pk").values_list("slug", flat=True)[:2]
    meetings = Meeting.objects.order_by("date", "pk")
    published = meetings.filter(agenda_published_at__isnull=False)
    chosen = [meetings.first(), meetings.last(), published.first()]
    years = {*Budget.objects.values_list("year", flat=True), *YearlyPlan.objects.values_list("year", flat=True)}
    years |= {meeting.date.year for meeting in chosen}
    # A programme's published follow-up report (apps/followup).
    follow_up = FollowUp.objects.filter(done_at__isnull=False).select_related("programme").order_by("pk").first()
    if follow_up is not None:
        slugs.append(follow_up.programme.slug)
        years.add(follow_up.year)
    return {
        "slug": slugs,
        "pk": sorted({str(meeting.pk) for meeting in chosen}),
        "year": sorted(str(year) for year in years),
        "month": ["1", "6", "12"],
        # A document's file, and a JSON Schema of the open data (apps/catalogue).
        "name": [*Document.objects.order_by("pk").values_list("file", flat=True)[:1], *list(SCHEMAS)[:1]],
        "token": [token],
        "minutes_id": [str(justering[0].pk)] if justering else [],
        "link": [justering[1]] if justering else [],
        # The read API's answer to an address it does not have (apps/api/urls.py): a 404 in JSON.
        "rest": ["nothing-here/"],
    }


def fill(route, values):
    return "/" + PARAMETER.sub(lambda match: values[match["name"]], route)


def real_addresses(route, real):
    names = [match["name"] for match in PARAMETER.finditer(route)]
    combinations = [{}]
    for name in names:
        combinations = [{**combination, name: value} for combination in combinations for value in real[name]]
    return [fill(route, combination) for combination in combinations]


def malformed_addresses(route, real):
    parameters = [(match["converter"] or "str", match["name"]) for match in PARAMETER.finditer(route)]
    some_real = {name: real[name][0] for _converter, name in parameters}
    for converter, name in parameters:
        for value in MALFORMED[converter]:
            yield fill(route, {**some_real, name: value})


@pytest.fixture
def published_document(demo, settings, tmp_path):
    """The seed and demonstration data (key figures, whose pages need values, are demonstration data) have no
    files; one published document gives the document address a real value."""
    settings.MEDIA_ROOT = tmp_path
    # A meeting whose agenda and documents are published, so that its papers (handlingar) are public too.
    meeting = Meeting.objects.order_by("date", "pk").first()
    meeting.agenda_published_at = meeting.agenda_published_at or timezone.now()
    meeting.documents_published = True
    meeting.save()
    document = Document(meeting=meeting, kind=Document.Kind.MINUTES, title="Protokoll")
    document.file.save("protokoll.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return document


@pytest.fixture
def absence_token(seed):
    """A real personal link: a member of the seed data called to a meeting ahead."""
    import datetime

    from apps.bodies.models import Role
    from apps.core.links import make_token
    from apps.notices.services import ABSENCE_LINK

    role = Role.objects.order_by("pk").first()
    meeting = Meeting.objects.create(body=role.body, date=datetime.date.today() + datetime.timedelta(days=30))
    return make_token(ABSENCE_LINK, m=meeting.pk, p=role.person_id)


@pytest.fixture
def justering(published_document):
    """Adjusted minutes of the published meeting, and the link their chair confirmed them through."""
    from django.utils import timezone

    from apps.bodies.models import Person
    from apps.core.links import make_token
    from apps.minutes.models import Minutes, Signatory
    from apps.minutes.services import JUSTERING_LINK

    minutes = Minutes(meeting=published_document.meeting, state=Minutes.State.ADJUSTED, adjusted_at=timezone.now(),
                      published=True, round=1)
    minutes.pdf.save("protokoll-justerat.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    chair = Signatory.objects.create(minutes=minutes, person=Person.objects.order_by("pk").first(),
                                     kind=Signatory.Kind.CHAIR, confirmed_at=timezone.now())
    return minutes, make_token(JUSTERING_LINK, m=minutes.pk, s=chair.pk, r=1, t=int(timezone.now().timestamp()))


@pytest.fixture
def visitor():
    """An anonymous visitor whose client answers with the error page, as a browser would see it."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_address_answers_malformed_values_or_junk_queries_with_a_server_error(
    published_document, absence_token, justering, visitor, language
):
    real = real_values(absence_token, justering)
    failures = []
    asked = 0
    for route in all_routes(language):
        addresses = [*malformed_addresses(route, real), *real_addresses(route, real)[:1]]
        for address in addresses:
            for url in (address, address + JUNK_QUERY):
                status = visitor.get(url).status_code
                asked += 1
                if status >= 500:
                    failures.append(f"{status} {url[:200]}")
    assert asked > 200
    assert failures == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_address_answers_real_values_as_a_visitor_expects(
    published_document, absence_token, justering, visitor, language
):
    real = real_values(absence_token, justering)
    unexpected, never_found = [], []
    for route in all_routes(language):
        values = real
        if route.startswith("api/v1/") and "<int:pk>" in route:
            # The read API's object: the first of its list, when the data holds one.
            listing = visitor.get("/" + route.replace("<int:pk>/", "")).json()["data"]
            values = {**real, "pk": [item["id"].rstrip("/").rsplit("/", 1)[-1] for item in listing[:1]]}
            if not listing:
                continue
        statuses = set()
        for url in real_addresses(route, values):
            status = visitor.get(url).status_code
            statuses.add(status)
            if status not in EXPECTED:
                unexpected.append(f"{status} {url}")
        # An address without parameters may answer only by sending the reader on (the catalogue by the format
        # asked for, the newest key-figure presentation).
        redirects_only = PARAMETER.search(route) is None and statuses <= {301, 302, 303}
        if 200 not in statuses and not redirects_only and not route.endswith(("setlang/", "<path:rest>")):
            never_found.append(f"{route}: {sorted(statuses)}")
    assert unexpected == []
    # Every page with parameters is shown for some real value: the values reach the views.
    assert never_found == [], never_found
