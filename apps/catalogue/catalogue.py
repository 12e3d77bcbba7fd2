"""The open data catalogue in DCAT-AP-SE 3.0, the profile Sweden's data portal (dataportal.se) harvests.

One graph: the catalogue, its publisher (settings.PUBLISHER_*), one contact point (the secretariat's, from the
contact page), the read API as a data service, and one dataset per series of the portal's data, each with a
distribution per file it is published as. Meetings and programme versions are dataset series (dcat:DatasetSeries)
with a dataset per year or version, as DCAT-AP-SE recommends for data split by time (recommendations 15 and 19):
one distribution is the whole dataset in one format, never one file of many.

Every address is absolute, from settings.SITE_URL, and the catalogue, datasets, distributions, publisher and contact
point each have a URI of their own (no blank nodes), as the harvester requires: the catalogue's URI is its address, the rest are fragments of it, and the
publisher is named by the address dataportal.se gives an organisation number. Titles and descriptions are
English msgids, written into the graph in Swedish (from the translation catalogue) and in English.

A distribution's byte size is the size of its file as served now: the file is made by its own view for the
purpose. That costs one rendering per file; the catalogue is a page like any other and the page cache keeps it
until the data changes (apps/core/cache.py).
"""

import datetime
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.apps import apps
from django.conf import settings
from django.db.models import Max, Min
from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from apps.budgets.models import Budget
from apps.keyfigures.models import KeyFigure
from apps.meetings.views import meeting_years
from apps.programme.models import Programme
from apps.rotations.models import RotationYear

from .schemas import SCHEMAS

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
# DCAT 3 terms that rdflib's DCAT (version 2) does not list.
DATASET_SERIES = URIRef("http://www.w3.org/ns/dcat#DatasetSeries")
IN_SERIES = URIRef("http://www.w3.org/ns/dcat#inSeries")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
FREQUENCY = Namespace(EU + "frequency/")
THEME = Namespace(EU + "data-theme/")
LANGUAGE = Namespace(EU + "language/")
ACCESS_RIGHT = Namespace(EU + "access-right/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
# The licence as DCAT-AP-SE names it: http, with the closing slash (docs.dataportal.se, harvesting).
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
REST = URIRef("http://www.wikidata.org/entity/Q749568")
ICALENDAR_STANDARD = URIRef("https://www.rfc-editor.org/rfc/rfc5545")


@dataclass(frozen=True)
class Format:
    file_type: URIRef  # the EU file-type vocabulary, for dct:format
    media_type: str  # IANA, for dcat:mediaType and what the file is served as


JSON = Format(FILE_TYPE.JSON, "application/json")
CSV = Format(FILE_TYPE.CSV, "text/csv")
ICALENDAR = Format(FILE_TYPE.ICS, "text/calendar")


def media_type_uri(media_type: str) -> URIRef:
    return URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")


@dataclass
class Distribution:
    key: str
    format: Format
    title: str  # an English msgid, with %(…)s filled from `names`
    path: str = ""  # a file on the portal, downloaded whole
    api_path: str = ""  # or a resource of the read API, by its name there (apps/api/resources.py)
    names: dict = field(default_factory=dict)


@dataclass
class Dataset:
    key: str
    title: str
    description: str
    themes: tuple
    frequency: URIRef
    landing_page: str
    names: dict = field(default_factory=dict)
    start: datetime.date | None = None
    end: datetime.date | None = None
    distributions: list = field(default_factory=list)
    is_series: bool = False  # a dcat:DatasetSeries, whose datasets are its `members`
    members: list = field(default_factory=list)
    keywords: tuple = ()


def site(path: str) -> URIRef:
    return URIRef(settings.SITE_URL + path)


def catalogue_uri() -> URIRef:
    with translation.override(settings.LANGUAGE_CODE):
        return site(reverse("catalogue:catalogue"))


def node(key: str) -> URIRef:
    """A thing the catalogue describes: a fragment of the catalogue's address."""
    return URIRef(f"{catalogue_uri()}#{key}")


def both_languages(msgid: str, names: dict | None = None) -> list[Literal]:
    literals = []
    for language in ("sv", "en"):
        with translation.override(language):
            text = gettext(msgid) % (names or {})
        literals.append(Literal(text, lang=language))
    return literals


def year_start(year):
    return datetime.date(year, 1, 1) if year else None


def year_end(year):
    return datetime.date(year, 12, 31) if year else None


def datasets() -> list[Dataset]:
    """The series of the portal's data, as the catalogue describes them; addresses are paths on the portal."""
    with translation.override(settings.LANGUAGE_CODE):
        return _datasets()


def _datasets():
    general = (THEME.GOVE, THEME.REGI)
    years = meeting_years()
    meeting_datasets = [
        Dataset(
            key=f"moten-{year}",
            title=gettext_noop("Meetings %(year)s"),
            description=gettext_noop(
                "The meetings of the Södertörn cooperation's bodies in %(year)s: body, date and hours, host "
                "municipalities, place, status, a link to the adjusted minutes and their decisions by paragraph, "
                "and each meeting's page. A meeting over several days is in every year it touches."),
            names={"year": year},
            themes=general,
            frequency=FREQUENCY.IRREG,
            landing_page=reverse("meetings:year", args=[year]),
            start=year_start(year),
            end=year_end(year),
            keywords=(gettext_noop("meeting"), gettext_noop("calendar")),
            distributions=[
                Distribution(f"moten-{year}-json", JSON, gettext_noop("Meetings %(year)s as JSON"),
                             path=reverse("meetings:year_json", args=[year]), names={"year": year}),
                Distribution(f"moten-{year}-csv", CSV, gettext_noop("Meetings %(year)s as CSV"),
                             path=reverse("meetings:year_csv", args=[year]), names={"year": year}),
                Distribution(f"moten-{year}-ics", ICALENDAR, gettext_noop("Meetings %(year)s as iCalendar"),
                             path=reverse("meetings:feed_year", args=[year]), names={"year": year}),
            ],
        )
        for year in years
    ]
    meetings = Dataset(
        key="moten",
        title=gettext_noop("Meetings of the Södertörn cooperation"),
        description=gettext_noop(
            "The calendar of the committee, the management group, the conference, the council (rådslag) and the "
            "other bodies of the cooperation of the eight Södertörn municipalities, one dataset per year, each as "
            "JSON, CSV and iCalendar."),
        themes=general,
        frequency=FREQUENCY.IRREG,
        landing_page=reverse("meetings:open_data"),
        start=year_start(years[0]) if years else None,
        end=year_end(years[-1]) if years else None,
        is_series=True,
        members=meeting_datasets,
        keywords=(gettext_noop("meeting"), gettext_noop("calendar")),
    )

    versions = list(Programme.objects.order_by("valid_from", "pk"))
    programme_datasets = [
        Dataset(
            key=f"program-{programme.slug}",
            title=gettext_noop("Development programme: %(name)s"),
            description=gettext_noop(
                "%(name)s: vision, overall goal, focus areas, goals with their sub-goals or actions, who owns "
                "each and how far it has come, and each member municipality's adoption of the version."),
            names={"name": programme.name},
            themes=general,
            frequency=FREQUENCY.IRREG,
            landing_page=programme.get_absolute_url(),
            start=year_start(programme.valid_from),
            end=year_end(programme.valid_to),
            keywords=(gettext_noop("development programme"), gettext_noop("goal")),
            distributions=[
                Distribution(f"program-{programme.slug}-json", JSON, gettext_noop("%(name)s as JSON"),
                             path=reverse("programme:json", args=[programme.slug]), names={"name": programme.name}),
                Distribution(f"program-{programme.slug}-csv", CSV, gettext_noop("%(name)s as CSV"),
                             path=reverse("programme:csv", args=[programme.slug]), names={"name": programme.name}),
            ],
        )
        for programme in versions
    ]
    programme = Dataset(
        key="utvecklingsprogram",
        title=gettext_noop("The Södertörn development programme"),
        description=gettext_noop(
            "Every version of the development programme of the eight Södertörn municipalities (2007, 2013, "
            "Södertörns utvecklingsprogram 2035 and later), with its focus areas, goals and sub-goals, one "
            "dataset per version, each as JSON and CSV."),
        themes=general,
        frequency=FREQUENCY.IRREG,
        landing_page=reverse("programme:archive"),
        start=year_start(versions[0].valid_from) if versions else None,
        # Open-ended while a version has no last year.
        end=None if any(v.valid_to is None for v in versions) else year_end(max((v.valid_to for v in versions),
                                                                                default=None)),
        is_series=True,
        members=programme_datasets,
        keywords=(gettext_noop("development programme"), gettext_noop("goal")),
    )

    agendas = Dataset(
        key="dagordningar-och-beslut",
        title=gettext_noop("Agendas and decisions"),
        description=gettext_noop(
            "The published agendas of the cooperation's meetings, item by item with what is asked (information, "
            "discussion or decision), their documents, and the decisions of the adjusted minutes by paragraph. "
            "Through the read API; the decisions are also in the yearly files of the meetings."),
        themes=general,
        frequency=FREQUENCY.IRREG,
        landing_page=reverse("meetings:calendar"),
        start=meetings.start,
        end=meetings.end,
        keywords=(gettext_noop("agenda"), gettext_noop("decision"), gettext_noop("minutes")),
        distributions=[
            Distribution("dagordningar-api", JSON, gettext_noop("Agenda items through the read API"),
                         api_path="agenda-items"),
            Distribution("beslut-api", JSON, gettext_noop("Decisions through the read API"), api_path="decisions"),
        ],
    )
    budget_years = Budget.objects.adopted().aggregate(first=Min("year"), last=Max("year"))
    budgets = Dataset(
        key="budget",
        title=gettext_noop("Budgets and fee shares"),
        description=gettext_noop(
            "The cooperation's adopted budget per year, its income and cost lines in Swedish kronor, and each "
            "member municipality's share of the fee, which add up to the fee income to the krona."),
        themes=(THEME.GOVE, THEME.REGI, THEME.ECON),
        frequency=FREQUENCY.ANNUAL,
        landing_page=reverse("budgets:index"),
        start=year_start(budget_years["first"]),
        end=year_end(budget_years["last"]),
        keywords=(gettext_noop("budget"), gettext_noop("fee")),
        distributions=[
            Distribution("budget-api", JSON, gettext_noop("Budgets through the read API"), api_path="budgets"),
            Distribution("avgiftsandelar-api", JSON, gettext_noop("Fee shares through the read API"),
                         api_path="fee-shares"),
        ],
    )
    rotation_years = RotationYear.objects.aggregate(first=Min("year"), last=Max("year"))
    rotations = Dataset(
        key="vardskap",
        title=gettext_noop("Host rotations"),
        description=gettext_noop(
            "Which member municipality hosts the council (rådslag) and other recurring meetings in which year: "
            "each municipality once in eight years, the order continuing past the last listed year."),
        themes=general,
        frequency=FREQUENCY.IRREG,
        landing_page=reverse("rotations:index"),
        start=year_start(rotation_years["first"]),
        end=year_end(rotation_years["last"]),
        keywords=(gettext_noop("host"), gettext_noop("rotation")),
        distributions=[
            Distribution("vardskap-api", JSON, gettext_noop("Host rotations through the read API"),
                         api_path="rotations"),
        ],
    )
    figure_years = KeyFigure.objects.aggregate(first=Min("year"), last=Max("year"))
    key_figures = Dataset(
        key="nyckeltal",
        title=gettext_noop("Key figures of the Södertörn municipalities"),
        description=gettext_noop(
            "Indicators per member municipality and year that the cooperation follows up and presents every "
            "other year, with their source."),
        themes=(THEME.GOVE, THEME.REGI, THEME.SOCI),
        frequency=FREQUENCY.BIENNIAL,
        landing_page=reverse("keyfigures:index"),
        start=year_start(figure_years["first"]),
        end=year_end(figure_years["last"]),
        keywords=(gettext_noop("key figure"), gettext_noop("statistics")),
        distributions=[
            Distribution("nyckeltal-api", JSON, gettext_noop("Key figures through the read API"),
                         api_path="key-figures"),
        ],
    )
    return [meetings, *meeting_datasets, agendas, programme, *programme_datasets, budgets, rotations, key_figures]


class _SiteRequest(HttpRequest):
    """A GET of `path` as the portal's own address (SITE_URL) receives it, to make a file for its size."""

    def __init__(self, path):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.site_scheme, self.site_host = settings.SITE_URL.split("://", 1)
        self.META = {"HTTP_HOST": self.site_host, "SERVER_NAME": self.site_host.split(":")[0], "SERVER_PORT": "80"}

    def _get_scheme(self):
        return self.site_scheme

    def get_host(self):
        return self.site_host


def served_size(path: str) -> int | None:
    """The bytes of the file at `path` as the portal serves it now, or None if it serves none there."""
    match = resolve(path)
    response = match.func(_SiteRequest(path), *match.args, **match.kwargs)
    if response.status_code != 200:
        return None
    return len(response.content)


def contact():
    """The secretariat's contact point, as the contact page shows it (the portal app's one row, read through the app
    registry: no app imports the portal). Its e-mail, which DCAT-AP-SE requires, is the sender of the portal's
    mail until the secretariat enters one."""
    row = apps.get_model("portal", "SecretariatContact").objects.filter(pk=1).first()
    name = (row.name if row else "") or settings.SECRETARIAT_NAME
    email = (row.email if row else "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    phone = row.phone_uri if row else ""
    return name, email, phone


def build_graph() -> Graph:
    with translation.override(settings.LANGUAGE_CODE):
        return _build_graph()


def _build_graph():
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        graph.bind(prefix, namespace)

    catalogue = catalogue_uri()
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    for literal in both_languages(gettext_noop("Open data of the Södertörn cooperation")):
        graph.add((catalogue, DCTERMS.title, literal))
    for literal in both_languages(gettext_noop(
            "The data the portal of the cooperation of the eight Södertörn municipalities publishes: meetings and "
            "their decisions, the development programme, budgets and fee shares, host rotations and key figures, "
            "as files and through a read API, free to reuse under CC0 1.0.")):
        graph.add((catalogue, DCTERMS.description, literal))
    graph.add((catalogue, DCTERMS.license, CC0))
    graph.add((catalogue, FOAF.homepage, site(reverse("portal:home"))))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    graph.add((catalogue, DCTERMS.language, LANGUAGE.SWE))
    graph.add((catalogue, DCTERMS.language, LANGUAGE.ENG))

    publisher = URIRef(f"http://dataportal.se/organisation/SE{settings.PUBLISHER_ORGANISATION_NUMBER}")
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(settings.PUBLISHER_NAME, lang="sv")))
    graph.add((publisher, DCTERMS.type, PUBLISHER_TYPE.LocalAuthority))
    graph.add((publisher, DCTERMS.identifier, Literal(settings.PUBLISHER_ORGANISATION_NUMBER)))
    graph.add((publisher, FOAF.homepage, URIRef(settings.PUBLISHER_URL)))

    contact_point = node("kontakt")
    name, email, phone = contact()
    graph.add((contact_point, RDF.type, VCARD.Organization))
    graph.add((contact_point, VCARD.fn, Literal(name)))
    graph.add((contact_point, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    if phone:
        graph.add((contact_point, VCARD.hasTelephone, URIRef(phone)))
    graph.add((contact_point, VCARD.hasURL, site(reverse("portal:contact"))))

    service = node("api")
    graph.add((catalogue, DCAT.service, service))
    graph.add((service, RDF.type, DCAT.DataService))
    for literal in both_languages(gettext_noop("Read API of the Södertörn portal")):
        graph.add((service, DCTERMS.title, literal))
    for literal in both_languages(gettext_noop(
            "A JSON API for bodies, people and their roles, municipalities, meetings, agenda items, documents, "
            "decisions, the development programme, budgets and fee shares, host rotations and key figures, with "
            "names that follow OParl 1.1 where they fit; paginated lists that filter by modified_since, body, "
            "municipality and year. Described in OpenAPI 3.")):
        graph.add((service, DCTERMS.description, literal))
    graph.add((service, DCAT.endpointURL, site(reverse("api:index"))))
    graph.add((service, DCAT.endpointDescription, site(reverse("api:openapi"))))
    graph.add((service, DCAT.landingPage, site(reverse("api_docs:index"))))
    graph.add((service, DCTERMS.format, JSON.file_type))
    graph.add((service, DCTERMS.type, REST))
    graph.add((service, DCTERMS.publisher, publisher))
    graph.add((service, DCAT.contactPoint, contact_point))
    graph.add((service, DCTERMS.license, CC0))
    graph.add((service, DCTERMS.accessRights, ACCESS_RIGHT.PUBLIC))
    for theme in (THEME.GOVE, THEME.REGI):
        graph.add((service, DCAT.theme, theme))

    schema_for = {schema.url_name: schema_name for schema_name, schema in SCHEMAS.items()}
    for dataset in datasets():
        subject = node(dataset.key)
        graph.add((catalogue, DCAT.dataset, subject))
        graph.add((service, DCAT.servesDataset, subject))
        _describe_dataset(graph, subject, dataset, publisher, contact_point)
        for member in dataset.members:
            graph.add((node(member.key), IN_SERIES, subject))
        for distribution in dataset.distributions:
            resource = node(distribution.key)
            graph.add((subject, DCAT.distribution, resource))
            _describe_distribution(graph, resource, distribution, service, schema_for)
    return graph


def _describe_dataset(graph, subject, dataset, publisher, contact_point):
    graph.add((subject, RDF.type, DATASET_SERIES if dataset.is_series else DCAT.Dataset))
    for literal in both_languages(dataset.title, dataset.names):
        graph.add((subject, DCTERMS.title, literal))
    for literal in both_languages(dataset.description, dataset.names):
        graph.add((subject, DCTERMS.description, literal))
    graph.add((subject, DCTERMS.publisher, publisher))
    graph.add((subject, DCAT.contactPoint, contact_point))
    for theme in dataset.themes:
        graph.add((subject, DCAT.theme, theme))
    for keyword in dataset.keywords:
        for literal in both_languages(keyword):
            graph.add((subject, DCAT.keyword, literal))
    graph.add((subject, DCTERMS.accrualPeriodicity, dataset.frequency))
    graph.add((subject, DCAT.landingPage, site(dataset.landing_page)))
    graph.add((subject, DCTERMS.accessRights, ACCESS_RIGHT.PUBLIC))
    if not dataset.is_series:
        graph.add((subject, DCTERMS.language, LANGUAGE.SWE))
    if dataset.start:
        # A period of time is a thing of its own; a blank node is allowed for it (only the catalogue, datasets,
        # distributions, publishers and contacts must have URIs).
        period = BNode()
        graph.add((subject, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(dataset.start, datatype=XSD.date)))
        if dataset.end:
            graph.add((period, DCAT.endDate, Literal(dataset.end, datatype=XSD.date)))


def _describe_distribution(graph, resource, distribution, service, schema_for):
    graph.add((resource, RDF.type, DCAT.Distribution))
    for literal in both_languages(distribution.title, distribution.names):
        graph.add((resource, DCTERMS.title, literal))
    graph.add((resource, DCTERMS.format, distribution.format.file_type))
    graph.add((resource, DCAT.mediaType, media_type_uri(distribution.format.media_type)))
    graph.add((resource, DCTERMS.license, CC0))
    if distribution.api_path:
        graph.add((resource, DCAT.accessURL, site(reverse(f"api:{distribution.api_path}-list"))))
        graph.add((resource, DCAT.accessService, service))
        # Where the API's description is, as DCAT-AP-SE recommendation 13 asks of an API's distribution.
        graph.add((resource, DCTERMS.conformsTo, site(reverse("api:openapi"))))
        return
    url = site(distribution.path)
    graph.add((resource, DCAT.accessURL, url))
    graph.add((resource, DCAT.downloadURL, url))
    size = served_size(distribution.path)
    if size is not None:
        graph.add((resource, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    schema = schema_for.get(resolve(distribution.path).view_name)
    if schema:
        graph.add((resource, DCTERMS.conformsTo, site(reverse("catalogue:schema", args=[schema]))))
    elif distribution.format == ICALENDAR:
        graph.add((resource, DCTERMS.conformsTo, ICALENDAR_STANDARD))
