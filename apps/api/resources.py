"""What the read API serves: one Resource per kind of object, saying which rows are public, how a list is filtered,
and what an object looks like in JSON.

Names and fields follow OParl 1.1 where an OParl type fits (Organization, Person, Membership, Meeting, AgendaItem,
File, Location): `id` is the object's address, made from settings.SITE_URL and never from the request; links
between objects are addresses too. The other types (Municipality, Decision, Programme …) are described only by the
OpenAPI description (apps/api/openapi.py), which their `type` points to.

What is public is decided by the one rule of apps/meetings/models.py (public_rule), read through the querysets that
apply it: Meeting.objects.public(), AgendaItem.objects.public(), Document.objects.public(), the minutes app's
Minutes.objects.published(); budgets through Budget.objects.adopted().

`modified` is when the object last changed *as the public sees it*: its own `modified`, or later, the moment the
row it depends on made it public (a meeting's agenda published, minutes adjusted, a budget adopted). A list asked
`modified_since` finds the object by the same moments (`changed_since`), so a harvester misses nothing that became
public without being edited.
"""

import datetime
import mimetypes

from django.conf import settings
from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation

from apps.bodies.models import Body, Person, Role
from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.keyfigures.models import Indicator, KeyFigure
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.minutes.models import Minutes, Paragraph
from apps.municipalities.models import Municipality, Population
from apps.programme.models import FocusArea, Goal, Programme, SubGoal
from apps.rotations.models import Rotation, RotationYear

OPARL = "https://schema.oparl.org/1.1/"
API_PATH = "/api/v1/"


class BadFilter(ValueError):
    """A filter's value the API cannot use; the message says why, and the answer is 400."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter


def api_url(*parts, query="") -> str:
    """An address in the API: SITE_URL, /api/v1/ and `parts` joined by "/"."""
    path = "".join(f"{part}/" for part in parts)
    return f"{settings.SITE_URL}{API_PATH}{path}{'?' + query if query else ''}"


def type_url(name) -> str:
    """The `type` of an object: OParl's schema address for an OParl type, else the type's schema in our OpenAPI
    description."""
    if name in OPARL_TYPES:
        return OPARL + name
    return f"{settings.SITE_URL}{API_PATH}openapi.json#/components/schemas/{name}"


OPARL_TYPES = {"System", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "File", "Location"}

_web_templates = {}


def web_url(viewname, arg) -> str:
    """The absolute address of the portal's own (Swedish) page for `viewname` with one argument, from a template
    reversed once: reverse() for each of hundreds of objects would be most of a page's time."""
    template = _web_templates.get(viewname)
    if template is None:
        with translation.override(settings.LANGUAGE_CODE):
            template = settings.SITE_URL + reverse(viewname, args=["00000000"]).replace("00000000", "{}")
        _web_templates[viewname] = template
    return template.format(arg)


def moment(value):
    """A date-time as ISO 8601 in Stockholm time, or None."""
    return timezone.localtime(value).isoformat() if value else None


def day(value):
    return value.isoformat() if value else None


def amount(value):
    """Kronor as a JSON number: whole kronor as an integer."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def latest(*moments):
    return max(m for m in moments if m is not None)


def link(resource, pk):
    return api_url(resource, pk) if pk is not None else None


def english(obj, *fields) -> dict:
    """The English text of translated fields, as `nameEn` …, null where there is none."""
    out = {}
    for field in fields:
        camel = field.split("_")[0] + "".join(part.title() for part in field.split("_")[1:])
        out[f"{camel}En"] = getattr(obj, f"{field}_en", None) or None
    return out


# Reading a filter's value.

def integer(parameter, value, low=None, high=None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise BadFilter(parameter, f"{parameter} must be a whole number, not {value!r}.") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise BadFilter(parameter, f"{parameter} must be between {low} and {high}.")
    return number


def year_value(value) -> int:
    return integer("year", value, 1900, 2200)


def since_value(value) -> datetime.datetime:
    """An ISO 8601 moment; without a time zone, Stockholm time. A "+" an unencoded query turned into a space is
    read as the "+" it was."""
    text = value.strip().replace(" ", "+")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise BadFilter(
            "modified_since",
            f"modified_since must be a date-time in ISO 8601, e.g. 2026-12-01T08:00:00+01:00, not {value!r}.",
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def body_value(value) -> int:
    body = Body.objects.filter(Q(slug=value) | Q(pk=int(value)) if value.isdigit() else Q(slug=value)).first()
    if body is None:
        raise BadFilter("body", f"There is no body {value!r} (give its id or slug).")
    return body.pk


def municipality_value(value) -> int:
    if value.isdigit():
        condition = Q(code=value) if len(value) == 4 else Q(pk=int(value))
    else:
        condition = Q(slug=value)
    municipality = Municipality.objects.filter(condition).first()
    if municipality is None:
        raise BadFilter("municipality", f"There is no municipality {value!r} (give its id, slug or four-digit code).")
    return municipality.pk


def related_value(parameter, model, value) -> int:
    pk = integer(parameter, value, 1)
    if not model.objects.filter(pk=pk).exists():
        raise BadFilter(parameter, f"There is no {parameter} {pk}.")
    return pk


def meeting_value(value) -> int:
    return related_value("meeting", Meeting, value)


def programme_value(value) -> int:
    programme = Programme.objects.filter(Q(slug=value) | (Q(pk=int(value)) if value.isdigit() else Q())).first()
    if programme is None:
        raise BadFilter("programme", f"There is no programme {value!r} (give its id or slug).")
    return programme.pk


def indicator_value(value) -> int:
    indicator = Indicator.objects.filter(Q(slug=value) | (Q(pk=int(value)) if value.isdigit() else Q())).first()
    if indicator is None:
        raise BadFilter("indicator", f"There is no indicator {value!r} (give its id or slug).")
    return indicator.pk


READERS = {
    "body": body_value, "municipality": municipality_value, "year": year_value, "meeting": meeting_value,
    "programme": programme_value, "indicator": indicator_value,
}


class Resource:
    """One kind of object: `name` is its path in the API, `type` its type name, `key` the field its address is
    made of. Subclasses say which rows are public, how the list filters, and the JSON of one object."""

    name = ""
    type = ""
    model = None
    key = "pk"
    filters = ()
    # Which history records show a row the public saw, where a row's own fields make it public (a meeting that is
    # not a draft). Such a row is marked deleted from the moment it leaves the public's sight, deleted or not; one
    # the public never saw is no one's business. Q(): every row is public while it exists.
    deleted_were_public = Q()

    def public(self, now):
        return self.model.objects.all()

    def fetch(self, queryset, now):
        """`queryset` with what serialize() reads through the relations it follows."""
        return queryset

    def attach(self, objects, now):
        """Give the fetched `objects` what serialize() reads of other rows, in a fixed number of queries. Where a
        page holds hundreds of rows of another table (a meeting's items), their keys are read as tuples: model
        instances made by prefetch_related cost most of the page's time."""

    def filter(self, queryset, name, value):
        raise NotImplementedError(name)

    def changed_since(self, queryset, since, now):
        return queryset.filter(modified__gte=since)

    def modified(self, obj):
        return obj.modified

    def serialize(self, obj, now) -> dict:
        raise NotImplementedError

    def object(self, obj, now) -> dict:
        return {
            "id": api_url(self.name, getattr(obj, self.key)), "type": type_url(self.type), **self.serialize(obj, now),
            "modified": moment(self.modified(obj)), "deleted": False,
        }

    def history(self):
        return self.model.history.model

    def gone(self, now):
        """The rows the public saw and no longer sees, as {key, at}: `at` is their last change. Deleted rows, and
        where deleted_were_public says, rows put out of sight (a meeting back to draft, a budget back to a draft)."""
        key = self.key_field()
        history = self.history()._default_manager
        if self.deleted_were_public:
            seen = history.filter(self.deleted_were_public).values(key)
            rows = history.filter(**{f"{key}__in": seen}).exclude(**{f"{key}__in": self.public(now).values(key)})
        else:
            rows = history.filter(history_type="-").exclude(
                **{f"{key}__in": self.model._default_manager.values(key)})
        return rows.order_by().values(key).annotate(at=Max("history_date"))

    def key_field(self):
        return "id" if self.key == "pk" else self.key


class Organizations(Resource):
    name, type, model = "organizations", "Organization", Body

    def fetch(self, queryset, now):
        return queryset.prefetch_related(Prefetch("roles", queryset=Role.objects.only("pk", "body_id").order_by("pk")))

    def serialize(self, body, now):
        return {
            "name": body.name_sv, **english(body, "name"), "shortName": body.short_name,
            "organizationType": body.kind, "classification": body.get_kind_display(),
            "description": body.description_sv or None, "composition": body.composition_sv or None,
            "subOrganizationOf": link("organizations", body.reports_to_id),
            "membership": [api_url("memberships", role.pk) for role in body.roles.all()],
            "meeting": api_url("meetings", query=f"body={body.pk}"),
            "web": web_url("bodies:detail", body.slug),
        }


class People(Resource):
    """People with a seat in a body, as the body pages show them: name, title and municipality; never their
    e-mail address or telephone number."""

    name, type, model = "people", "Person", Person
    filters = ("body", "municipality")

    def public(self, now):
        return Person.objects.filter(pk__in=Role.objects.values("person"))

    def fetch(self, queryset, now):
        return queryset.prefetch_related(
            Prefetch("roles", queryset=Role.objects.only("pk", "person_id").order_by("pk"))
        )

    def filter(self, queryset, name, value):
        if name == "body":
            return queryset.filter(pk__in=Role.objects.filter(body=value).values("person"))
        return queryset.filter(municipality=value)

    def serialize(self, person, now):
        return {
            "name": person.name, "jobTitle": person.title or None,
            "municipality": link("municipalities", person.municipality_id),
            "membership": [api_url("memberships", role.pk) for role in person.roles.all()],
        }


class Memberships(Resource):
    name, type, model = "memberships", "Membership", Role
    filters = ("body", "municipality")

    def filter(self, queryset, name, value):
        return queryset.filter(**{name: value})

    def serialize(self, role, now):
        return {
            "person": api_url("people", role.person_id), "organization": api_url("organizations", role.body_id),
            "role": role.kind, "onBehalfOf": link("municipalities", role.municipality_id),
            "startDate": day(role.start), "endDate": day(role.end),
        }


class Municipalities(Resource):
    name, type, model = "municipalities", "Municipality", Municipality

    def serialize(self, municipality, now):
        return {
            "name": municipality.name, "code": municipality.code, "website": municipality.website or None,
            "location": {"type": type_url("Location"), "description": municipality.venue} if municipality.venue
            else None,
            "population": api_url("populations", query=f"municipality={municipality.pk}"),
            "meeting": api_url("meetings", query=f"municipality={municipality.pk}"),
            "web": web_url("municipalities:detail", municipality.slug),
        }


class Populations(Resource):
    name, type, model = "populations", "Population", Population
    filters = ("municipality", "year")

    def filter(self, queryset, name, value):
        return queryset.filter(**{name: value})

    def serialize(self, population, now):
        return {
            "municipality": api_url("municipalities", population.municipality_id), "year": population.year,
            "inhabitants": population.inhabitants, "source": population.source or None,
        }


class Meetings(Resource):
    name, type, model = "meetings", "Meeting", Meeting
    filters = ("body", "municipality", "year")
    deleted_were_public = Q(is_draft=False)

    def public(self, now):
        return Meeting.objects.public()

    def fetch(self, queryset, now):
        return queryset.select_related("body")

    def attach(self, meetings, now):
        ids = [meeting.pk for meeting in meetings]
        # Asked of the page's meetings only: in the page's own query PostgreSQL would work it out for every
        # meeting an OFFSET skips too.
        minutes = dict(Meeting.objects.filter(pk__in=ids).order_by().with_published_minutes(now)
                       .values_list("pk", "published_minutes_id"))
        municipalities = {municipality.pk: municipality for municipality in Municipality.objects.largest_first()}
        hosts = grouped(
            Meeting.hosts.through.objects.filter(meeting_id__in=ids).values_list("meeting_id", "municipality_id")
        )
        items = grouped(
            AgendaItem.objects.public(now).filter(meeting_id__in=ids).order_by("number").values_list("meeting_id", "pk")
        )
        documents = grouped(
            Document.objects.public(now).filter(meeting_id__in=ids).order_by("pk").values_list("meeting_id", "pk", "kind")
        )
        for meeting in meetings:
            # In the order hosts are named everywhere (municipalities.models.host_order): the dict's.
            mine = set(hosts.get(meeting.pk, []))
            meeting.host_list = [municipality for pk, municipality in municipalities.items() if pk in mine]
            meeting.public_items = items.get(meeting.pk, [])
            meeting.public_documents = documents.get(meeting.pk, [])
            meeting.published_minutes_id = minutes.get(meeting.pk)

    def filter(self, queryset, name, value):
        if name == "body":
            return queryset.filter(body=value)
        if name == "municipality":
            return queryset.filter(pk__in=Meeting.hosts.through.objects.filter(municipality=value).values("meeting"))
        return queryset.filter(Q(date__year=value) | Q(end_date__year=value))

    def serialize(self, meeting, now):
        hosts = meeting.host_list
        today = timezone.localdate(now)
        state = meeting.state_on(today)
        starts = meeting.starts_at()
        ends = None
        if starts and meeting.end_time:
            ends = datetime.datetime.combine(meeting.last_day, meeting.end_time, tzinfo=starts.tzinfo)
        venue = meeting.venue(hosts)
        minutes = [pk for pk, kind in meeting.public_documents if kind == Document.Kind.MINUTES]
        return {
            "name": meeting.display_title, "meetingState": state.value,
            "cancelled": meeting.status == Meeting.Status.CANCELLED,
            "start": moment(starts), "end": moment(ends),
            "date": day(meeting.date), "endDate": day(meeting.end_date), "datePrecision": meeting.date_precision,
            "kind": meeting.kind, "status": meeting.status,
            "location": {"type": type_url("Location"), "description": venue} if venue else None,
            "organization": [api_url("organizations", meeting.body_id)],
            "host": [api_url("municipalities", host.pk) for host in hosts],
            "agendaItem": [api_url("agenda-items", pk) for pk in meeting.public_items],
            "agendaPublished": moment(meeting.agenda_published_at)
            if meeting.agenda_published_at and meeting.agenda_published_at <= now else None,
            "resultsProtocol": api_url("files", minutes[0]) if minutes else None,
            "auxiliaryFile": [api_url("files", pk) for pk, kind in meeting.public_documents
                              if kind != Document.Kind.MINUTES],
            "minutes": web_url("minutes:pdf", meeting.published_minutes_id) if meeting.published_minutes_id
            else None,
            "decision": api_url("decisions", query=f"meeting={meeting.pk}") if meeting.published_minutes_id
            else None,
            "web": web_url("meetings:detail", meeting.pk),
        }


class AgendaItems(Resource):
    name, type, model = "agenda-items", "AgendaItem", AgendaItem
    filters = ("meeting", "body", "municipality", "year")

    def public(self, now):
        return AgendaItem.objects.public(now)

    def fetch(self, queryset, now):
        return queryset.select_related("meeting")

    def attach(self, items, now):
        documents = grouped(
            Document.objects.public(now).filter(agenda_item_id__in=[item.pk for item in items]).order_by("pk")
            .values_list("agenda_item_id", "pk")
        )
        for item in items:
            item.public_documents = documents.get(item.pk, [])

    def filter(self, queryset, name, value):
        return filter_by_meeting(queryset, "meeting", name, value)

    def changed_since(self, queryset, since, now):
        return queryset.filter(Q(modified__gte=since) | Q(meeting__agenda_published_at__gte=since))

    def modified(self, item):
        return latest(item.modified, item.meeting.agenda_published_at)

    def serialize(self, item, now):
        return {
            "meeting": api_url("meetings", item.meeting_id), "number": str(item.number), "order": item.number,
            "name": item.title, "description": item.description or None, "presenter": item.presenter or None,
            "asked": item.asked, "proposedDecision": item.proposed_decision or None, "public": True,
            "auxiliaryFile": [api_url("files", pk) for pk in item.public_documents],
            "web": web_url("meetings:detail", item.meeting_id),
        }


def grouped(rows) -> dict:
    """Tuples (key, value…) as {key: [value, …]}, a lone value unpacked, in the order of `rows`."""
    found = {}
    for key, *values in rows:
        found.setdefault(key, []).append(values[0] if len(values) == 1 else tuple(values))
    return found


def filter_by_meeting(queryset, path, name, value):
    """The filters of rows that belong to a meeting reached by `path`."""
    if name == "meeting":
        return queryset.filter(**{path: value})
    if name == "body":
        return queryset.filter(**{f"{path}__body": value})
    if name == "municipality":
        hosted = Meeting.hosts.through.objects.filter(municipality=value).values("meeting")
        return queryset.filter(**{f"{path}__in": hosted})
    return queryset.filter(**{f"{path}__date__year": value})


class Files(Resource):
    name, type, model = "files", "File", Document
    filters = ("meeting", "body", "municipality", "year")

    def public(self, now):
        return Document.objects.public(now)

    def fetch(self, queryset, now):
        return queryset.select_related("meeting").defer("text", "search_vector")

    def filter(self, queryset, name, value):
        return filter_by_meeting(queryset, "meeting", name, value)

    def changed_since(self, queryset, since, now):
        return queryset.filter(Q(modified__gte=since) | Q(meeting__agenda_published_at__gte=since))

    def modified(self, document):
        if document.agenda_item_id and document.kind != Document.Kind.MINUTES:
            return latest(document.modified, document.meeting.agenda_published_at)
        return document.modified

    def serialize(self, document, now):
        address = web_url("meetings:document", document.file.name)
        file_name = document.file.name.rsplit("/", 1)[-1]
        return {
            "name": document.title, "fileName": file_name,
            "mimeType": mimetypes.guess_type(file_name)[0] or "application/octet-stream",
            "size": document.size, "sha256Checksum": document.sha256 or None,
            "date": moment(document.uploaded_at), "created": moment(document.uploaded_at),
            "accessUrl": address, "downloadUrl": address, "kind": document.kind,
            "meeting": [api_url("meetings", document.meeting_id)],
            "agendaItem": [api_url("agenda-items", document.agenda_item_id)] if document.agenda_item_id else [],
            "fileLicense": "https://creativecommons.org/publicdomain/zero/1.0/",
        }


class Decisions(Resource):
    """The decisions of adjusted minutes, one per §: the § of the published version, at the address of its
    number in the body's register, which stays when a corrected version is published."""

    name, type, model = "decisions", "Decision", Paragraph
    key = "section_id"
    filters = ("meeting", "body", "municipality", "year")

    def public(self, now):
        return Paragraph.objects.filter(minutes__in=Minutes.objects.published())

    def fetch(self, queryset, now):
        return queryset.select_related("section", "minutes")

    def filter(self, queryset, name, value):
        if name == "year":
            return queryset.filter(section__year=value)
        return filter_by_meeting(queryset, "minutes__meeting", name, value)

    def changed_since(self, queryset, since, now):
        return queryset.filter(Q(modified__gte=since) | Q(minutes__adjusted_at__gte=since))

    def modified(self, paragraph):
        return latest(paragraph.modified, paragraph.minutes.adjusted_at)

    def serialize(self, paragraph, now):
        section = paragraph.section
        return {
            "name": paragraph.title, "paragraph": section.number, "year": section.year,
            "organization": api_url("organizations", section.body_id),
            "meeting": api_url("meetings", section.meeting_id),
            "agendaItem": link("agenda-items", paragraph.agenda_item_id),
            "resolutionText": paragraph.decision or None, "discussion": paragraph.discussion or None,
            "reservations": paragraph.reservations or None, "addedAtMeeting": paragraph.added_at_meeting,
            "minutesVersion": paragraph.minutes.version, "adjusted": moment(paragraph.minutes.adjusted_at),
            "minutes": web_url("minutes:pdf", paragraph.minutes_id),
        }


class Programmes(Resource):
    name, type, model = "programmes", "Programme", Programme
    filters = ("year",)

    def public(self, now):
        return Programme.objects.with_status(timezone.localdate(now))

    def fetch(self, queryset, now):
        return queryset.prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.only("pk", "programme_id").order_by(
                "is_cross_cutting", "order", "pk"))
        )

    def filter(self, queryset, name, value):
        return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value), valid_from__lte=value)

    def serialize(self, programme, now):
        return {
            "name": programme.name, "vision": programme.vision_sv or None,
            "overallGoal": programme.overall_goal_sv or None, "summary": programme.summary_sv or None,
            **english(programme, "vision", "overall_goal", "summary"),
            "validFrom": programme.valid_from, "validTo": programme.valid_to,
            "diaryNumber": programme.diary_number or None, "status": programme.status.value,
            "replaces": link("programmes", programme.replaces_id),
            "focusArea": [api_url("focus-areas", area.pk) for area in programme.focus_areas.all()],
            "web": web_url("programme:version", programme.slug),
        }


class FocusAreas(Resource):
    name, type, model = "focus-areas", "FocusArea", FocusArea
    filters = ("programme",)

    def fetch(self, queryset, now):
        return queryset.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.only("pk", "focus_area_id").order_by("order", "pk"))
        )

    def filter(self, queryset, name, value):
        return queryset.filter(programme=value)

    def serialize(self, area, now):
        return {
            "name": area.name_sv, "description": area.description_sv or None,
            **english(area, "name", "description"),
            "programme": api_url("programmes", area.programme_id), "crossCutting": area.is_cross_cutting,
            "order": area.order, "goal": [api_url("goals", goal.pk) for goal in area.goals.all()],
        }


class Goals(Resource):
    name, type, model = "goals", "Goal", Goal
    filters = ("programme", "body")

    def fetch(self, queryset, now):
        return queryset.select_related("focus_area").prefetch_related(
            Prefetch("sub_goals", queryset=SubGoal.objects.only("pk", "goal_id").order_by("order", "pk"))
        )

    def filter(self, queryset, name, value):
        if name == "body":
            return queryset.filter(owner=value)
        return queryset.filter(focus_area__programme=value)

    def serialize(self, goal, now):
        return {
            "name": goal.title_sv, "description": goal.description_sv or None,
            **english(goal, "title", "description"),
            "focusArea": api_url("focus-areas", goal.focus_area_id),
            "programme": api_url("programmes", goal.focus_area.programme_id),
            "owner": link("organizations", goal.owner_id), "order": goal.order,
            "subGoal": [api_url("sub-goals", sub.pk) for sub in goal.sub_goals.all()],
        }


class SubGoals(Resource):
    name, type, model = "sub-goals", "SubGoal", SubGoal
    filters = ("programme", "body")

    def fetch(self, queryset, now):
        return queryset.select_related("goal__focus_area")

    def filter(self, queryset, name, value):
        if name == "body":
            return queryset.filter(owner=value)
        return queryset.filter(goal__focus_area__programme=value)

    def serialize(self, sub, now):
        return {
            "name": sub.text_sv, **english(sub, "text"), "kind": sub.kind,
            "goal": api_url("goals", sub.goal_id), "programme": api_url("programmes", sub.goal.focus_area.programme_id),
            "owner": link("organizations", sub.owner_id), "status": sub.status, "progress": sub.progress,
            "order": sub.order,
        }


class Budgets(Resource):
    name, type, model = "budgets", "Budget", Budget
    filters = ("year",)
    deleted_were_public = Q(status=Budget.Status.ADOPTED)

    def public(self, now):
        return Budget.objects.adopted()

    def fetch(self, queryset, now):
        return queryset.prefetch_related(
            Prefetch("lines", queryset=BudgetLine.objects.only("pk", "budget_id").order_by("kind", "order", "pk")),
        )

    def filter(self, queryset, name, value):
        return queryset.filter(year=value)

    def serialize(self, budget, now):
        return {
            "name": f"Budget {budget.year}", "year": budget.year, "status": budget.status,
            "feeKey": budget.fee_key, "populationYear": budget.population_year, "notes": budget.notes or None,
            "line": [api_url("budget-lines", line.pk) for line in budget.lines.all()],
            "feeShare": api_url("fee-shares", query=f"year={budget.year}"),
            "web": web_url("budgets:detail", budget.year),
        }


class BudgetLines(Resource):
    """Lines of adopted budgets; adopting a budget (its `modified`) makes its lines public."""

    name, type, model = "budget-lines", "BudgetLine", BudgetLine
    filters = ("year",)

    def public(self, now):
        return BudgetLine.objects.filter(budget__in=Budget.objects.adopted())

    def fetch(self, queryset, now):
        return queryset.select_related("budget")

    def filter(self, queryset, name, value):
        return queryset.filter(budget__year=value)

    def changed_since(self, queryset, since, now):
        return queryset.filter(Q(modified__gte=since) | Q(budget__modified__gte=since))

    def modified(self, line):
        return latest(line.modified, line.budget.modified)

    def serialize(self, line, now):
        return {
            "name": line.title, "budget": api_url("budgets", line.budget_id), "year": line.budget.year,
            "kind": line.kind, "amount": amount(line.amount), "isFee": line.is_fee, "order": line.order,
        }


class FeeShares(Resource):
    name, type, model = "fee-shares", "FeeShare", FeeShare
    filters = ("year", "municipality")

    def public(self, now):
        return FeeShare.objects.filter(budget__in=Budget.objects.adopted())

    def fetch(self, queryset, now):
        return queryset.select_related("budget")

    def filter(self, queryset, name, value):
        if name == "year":
            return queryset.filter(budget__year=value)
        return queryset.filter(municipality=value)

    def changed_since(self, queryset, since, now):
        return queryset.filter(Q(modified__gte=since) | Q(budget__modified__gte=since))

    def modified(self, share):
        return latest(share.modified, share.budget.modified)

    def serialize(self, share, now):
        return {
            "budget": api_url("budgets", share.budget_id), "year": share.budget.year,
            "municipality": api_url("municipalities", share.municipality_id), "amount": amount(share.amount),
            "fixedAmount": amount(share.fixed_amount),
        }


class Rotations(Resource):
    name, type, model = "rotations", "Rotation", Rotation
    filters = ("body",)

    def filter(self, queryset, name, value):
        return queryset.filter(body=value)

    def serialize(self, rotation, now):
        return {
            "name": rotation.name, "description": rotation.description or None,
            "organization": link("organizations", rotation.body_id),
            "year": api_url("rotation-years", query=f"rotation={rotation.pk}"),
            "web": web_url("rotations:detail", rotation.slug),
        }


class RotationYears(Resource):
    name, type, model = "rotation-years", "RotationYear", RotationYear
    filters = ("rotation", "municipality", "year")

    def filter(self, queryset, name, value):
        return queryset.filter(**{name: value})

    def serialize(self, row, now):
        return {
            "rotation": api_url("rotations", row.rotation_id), "year": row.year,
            "host": api_url("municipalities", row.municipality_id),
        }


class Indicators(Resource):
    name, type, model = "indicators", "Indicator", Indicator

    def serialize(self, indicator, now):
        return {
            "name": indicator.name, "unit": indicator.unit or None, "description": indicator.description or None,
            "koladaId": indicator.kolada_id or None, "sampleData": indicator.is_sample,
            "keyFigure": api_url("key-figures", query=f"indicator={indicator.pk}"),
            "web": web_url("keyfigures:detail", indicator.slug),
        }


class KeyFigures(Resource):
    name, type, model = "key-figures", "KeyFigure", KeyFigure
    filters = ("indicator", "municipality", "year")

    def filter(self, queryset, name, value):
        return queryset.filter(**{name: value})

    def serialize(self, figure, now):
        return {
            "indicator": api_url("indicators", figure.indicator_id),
            "municipality": api_url("municipalities", figure.municipality_id), "year": figure.year,
            "value": amount(figure.value),
        }


def rotation_value(value) -> int:
    return related_value("rotation", Rotation, value)


READERS["rotation"] = rotation_value

RESOURCES = {resource.name: resource for resource in [
    Organizations(), People(), Memberships(), Municipalities(), Populations(), Meetings(), AgendaItems(), Files(),
    Decisions(), Programmes(), FocusAreas(), Goals(), SubGoals(), Budgets(), BudgetLines(), FeeShares(),
    Rotations(), RotationYears(), Indicators(), KeyFigures(),
]}
