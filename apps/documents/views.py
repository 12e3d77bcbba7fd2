"""The printed documents: a meeting's kallelse and its handlingar, a programme version and a year's plan, as PDF.

Each view reads its main object together with the version of the data behind it (one query), serves
the PDF from the cache when that version was rendered before, and otherwise fetches the rest and renders.
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from apps.bodies.models import Body, Person, Role
from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.meetings.models import AgendaItem, Document, Meeting, Notice
from apps.meetings.services import absence_deadline
from apps.municipalities.models import Municipality, Population
from apps.plans.models import Priority, YearlyPlan
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal
from apps.rotations.models import Rotation, RotationYear

from .bundle import Part, file_kind, merge, open_pdf, read_pdf
from .pdf import cache_key, cached_pdf, pdf_response, render_html, render_pdf
from .render import html_to_document, write_pdf
from .templatetags.document_tags import meeting_date, meeting_title
from .versions import latest_change, stamps

# Kallelse and handlingar -----------------------------------------------------------------------------------------


def _called(roles):
    """Those a kallelse calls, as it lists them: members and substitutes by municipality (in the order
    `Role.objects.called_to` reads them, so the chair's municipality comes first), then the attending officials,
    then the secretary."""
    seats, officials, secretaries = {}, [], []
    for role in roles:
        if role.kind == Role.Kind.ATTENDING:
            officials.append(role)
        elif role.kind == Role.Kind.SECRETARY:
            secretaries.append(role)
        else:
            seats.setdefault(role.municipality or role.person.municipality, []).append(role)
    # Anyone who represents no municipality comes last.
    groups = sorted(seats.items(), key=lambda group: group[0] is None)
    return groups, officials, secretaries


def agenda_context(meeting, *, show_items, papers=True, sending=False):
    """What the kallelse of `meeting` (read with `_with_version`) says; the items only when `show_items` (public,
    or read by the secretariat), and with them their attachments when `papers`. `sending`: the kallelse as it goes
    out to those called, never marked as a draft."""
    show_attachments = show_items and papers
    attachments = list(
        meeting.documents.filter(kind=Document.Kind.ATTACHMENT).select_related("agenda_item")
        .order_by(F("agenda_item__number").asc(nulls_last=True), "title")
    ) if show_attachments else []
    by_item = defaultdict(list)
    for number, document in enumerate(attachments, start=1):
        document.number = number
        document.file_kind = file_kind(document.file.name)
        by_item[document.agenda_item_id].append(document)
    items = list(meeting.items.all()) if show_items else []
    for item in items:
        item.attachments = by_item[item.pk]
    roles = Role.objects.called_to(meeting.body, meeting.date).select_related("person__municipality")
    members, officials, secretaries = _called(roles)
    notice = meeting.notices.order_by("-version").first()
    # In the order every page names them (municipalities.models.host_order).
    hosts = list(meeting.hosts.largest_first())
    return {
        "meeting": meeting,
        "body": meeting.body,
        "hosts": hosts,
        "venue": meeting.venue(hosts),
        "members": members,
        "officials": officials,
        "secretaries": secretaries,
        "contact": secretaries[0].person if secretaries else None,
        "absence_deadline": absence_deadline(meeting),
        "notice": notice,
        "issued_on": timezone.localdate(notice.issued_at) if notice else timezone.localdate(),
        "issue_is_draft": notice is None and not sending,
        "changes": [line.strip() for line in notice.changes.splitlines() if line.strip()] if notice else [],
        "items": items,
        "attachments": attachments,
        "left_out": [document for document in attachments if document.file_kind != "pdf"],
        "meeting_url": _address(meeting),
        "is_draft": show_items and not sending and not meeting.agenda_is_public,
        "agenda_withheld": not show_items,
    }


def _address(meeting):
    """The meeting's page on the portal, in Swedish, as a printed document names it."""
    with translation.override("sv"):
        return settings.SITE_URL + meeting.get_absolute_url()


def _with_version(meetings):
    """`meetings` with the version of everything a kallelse reads, to key the cache by, and what of it is public
    (Meeting.objects.with_public_parts), in the same query."""
    latest_notice = Notice.objects.filter(meeting_id=OuterRef("pk")).order_by("-version")
    return meetings.select_related("body").with_public_parts().annotate(
        changed_meeting=latest_change(Meeting, id=OuterRef("pk")),
        changed_items=latest_change(AgendaItem, meeting_id=OuterRef("pk")),
        changed_documents=latest_change(Document, meeting_id=OuterRef("pk")),
        changed_body=latest_change(Body, id=OuterRef("body_id")),
        changed_roles=latest_change(Role, body_id=OuterRef("body_id")),
        changed_people=latest_change(Person),
        changed_municipalities=latest_change(Municipality),
        changed_populations=latest_change(Population),
        # Notices keep no history: the latest one's version, time and text stand for it.
        notice_version=Subquery(latest_notice.values("version")[:1]),
        notice_issued_at=Subquery(latest_notice.values("issued_at")[:1]),
        notice_changes=Subquery(latest_notice.values("changes")[:1]),
    )


def _version(meeting, *variant):
    """The data version of a kallelse read from `_with_version`. Until a kallelse is issued it is dated today,
    so the day is part of the version then."""
    issued = (meeting.notice_version, meeting.notice_issued_at, meeting.notice_changes)
    if meeting.notice_version is None:
        issued = timezone.localdate()
    public = (meeting.agenda_is_public, meeting.papers_are_public, meeting.published_minutes_id)
    return (meeting.modified, meeting.sequence, stamps(meeting), issued, public, *variant)


def agenda_filename(meeting, kind="kallelse"):
    day = meeting.date.strftime("%Y-%m" if meeting.is_month_only else "%Y-%m-%d")
    return f"{kind}-{meeting.body.slug}-{day}.pdf"


def agenda_document(meeting, show_items):
    """The cache key and the renderer of the kallelse of `meeting` (read with `_with_version`) as the portal
    serves it: with the items or without, published or the secretariat's draft (three variants, never given one
    for another)."""
    variant = ("public" if meeting.agenda_is_public else "draft") if show_items else "notice"
    # The public kallelse names the attachments once public_rule() makes them public; the draft names them all.
    papers = meeting.papers_are_public or not meeting.agenda_is_public
    key = cache_key("agenda", meeting.pk, _version(meeting, show_items), variant)
    return key, lambda: render_pdf("documents/agenda.html",
                                   agenda_context(meeting, show_items=show_items, papers=papers))


def public_agenda_document(pk):
    """The key and renderer of the kallelse of meeting `pk` as anyone may read it; None when there is no such
    meeting."""
    meeting = _with_version(Meeting.objects).filter(pk=pk).first()
    return agenda_document(meeting, meeting.agenda_is_public) if meeting is not None else None


def _readable_meetings(request):
    """The meetings whose documents `request` may ask for: drafts only for the secretariat."""
    return Meeting.objects.all() if request.user.has_perm("meetings.view_meeting") else Meeting.objects.public()


def agenda(request, pk):
    meeting = get_object_or_404(_with_version(_readable_meetings(request)), pk=pk)
    # Until the agenda is published the public gets the notice without the items; the secretariat sees the draft.
    show_items = meeting.agenda_is_public or request.user.has_perm("meetings.view_agendaitem")
    key, build = agenda_document(meeting, show_items)
    return pdf_response(request, key, agenda_filename(meeting), build)


def kallelse_pdf(meeting: Meeting) -> bytes:
    """The kallelse of `meeting` as it is sent to those called: with its items, dated by the latest issued
    notice. Cached like the documents the portal serves, so sending it to every member renders it once."""
    meeting = _with_version(Meeting.objects).get(pk=meeting.pk)
    key = cache_key("kallelse", meeting.pk, _version(meeting, "sending"), "sending")
    pdf, _hit = cached_pdf(
        key, lambda: render_pdf("documents/agenda.html", agenda_context(meeting, show_items=True, sending=True))
    )
    return pdf


def _build_bundle(meeting, *, sending=False) -> bytes:
    """The kallelse with every readable PDF attachment after it, bookmarked by item and attachment."""
    context = agenda_context(meeting, show_items=True, sending=sending)
    readers = {}
    for document in context["attachments"]:
        if document.file_kind == "pdf":
            readers[document.pk] = open_pdf(document)
            document.unreadable = readers[document.pk] is None
    context["left_out"] = [document for document in context["attachments"] if not readers.get(document.pk)]
    context["in_bundle"] = True
    pages = html_to_document(render_html("documents/agenda.html", context))
    kallelse = write_pdf(pages)

    def page_of(anchor):
        return next((number for number, page in enumerate(pages.pages) if anchor in page.anchors), 0)

    outline = [Part("Kallelse", 0)]
    parts = {}
    for item in context["items"]:
        parts[item.pk] = Part(f"{item.number}. {item.title}", page_of(f"punkt-{item.number}"))
        outline.append(parts[item.pk])
    attachments = [
        (f"Bilaga {document.number}: {document.title}", readers[document.pk], parts.get(document.agenda_item_id))
        for document in context["attachments"] if readers.get(document.pk)
    ]
    # The adjusted minutes, once public_rule() makes them public, follow the kallelse: the version the minutes app
    # marks published, read through the relation, as stored (and signed) when adjusted.
    minutes = None if sending or meeting.published_minutes_id is None else meeting.minutes.get(
        pk=meeting.published_minutes_id)
    minutes_pdf = read_pdf(minutes.pdf) if minutes is not None and minutes.pdf else None
    if minutes_pdf is not None:
        attachments.insert(0, ("Protokoll", minutes_pdf, None))
    with translation.override("sv"):
        title = f"Handlingar: {meeting_title(meeting)}, {meeting_date(meeting)}"
    return merge(kallelse, outline, attachments, title=title, author=settings.SECRETARIAT_NAME)


def bundle(request, pk):
    """Handlingar: the kallelse and the meeting's PDF attachments in one file, for anyone once public_rule() makes
    the papers public, and for staff who may view documents before."""
    meeting = get_object_or_404(_with_version(_readable_meetings(request)), pk=pk)
    public = meeting.papers_are_public
    if not (public or request.user.has_perm("meetings.view_document")):
        raise Http404
    key = cache_key("bundle", meeting.pk, _version(meeting, public), "public" if public else "staff")
    return pdf_response(request, key, agenda_filename(meeting, "handlingar"), lambda: _build_bundle(meeting))


def bundle_pdf(meeting: Meeting) -> bytes:
    """Handlingar of `meeting` as sent to those called: the sent kallelse followed by the PDF attachments."""
    meeting = _with_version(Meeting.objects).get(pk=meeting.pk)
    key = cache_key("bundle", meeting.pk, _version(meeting, "sending"), "sending")
    pdf, _hit = cached_pdf(key, lambda: _build_bundle(meeting, sending=True))
    return pdf


# Programme -----------------------------------------------------------------------------------------------------


def _focus_areas(programme):
    """The version's focus areas with goals and sub-goals, owners included, in three queries."""
    sub_goals = SubGoal.objects.select_related("owner")
    goals = Goal.objects.select_related("owner").prefetch_related(Prefetch("sub_goals", queryset=sub_goals))
    return list(programme.focus_areas.prefetch_related(Prefetch("goals", queryset=goals)))


def programme_context(programme):
    areas = _focus_areas(programme)
    decisions = {adoption.municipality_id: adoption for adoption in programme.adoptions.all()}
    adoption_rows = [(municipality, decisions.get(municipality.pk)) for municipality in Municipality.objects.all()]
    return {
        "programme": programme,
        "pillars": [area for area in areas if not area.is_cross_cutting],
        "theme": next((area for area in areas if area.is_cross_cutting), None),
        "adoption_rows": adoption_rows,
    }


def programmes_with_version():
    """Programme versions with their status and the version of everything their document reads, to key the cache
    by."""
    return Programme.objects.with_status().annotate(
        changed_programme=latest_change(Programme, id=OuterRef("pk")),
        changed_focus_areas=latest_change(FocusArea, programme_id=OuterRef("pk")),
        changed_goals=latest_change(Goal),
        changed_sub_goals=latest_change(SubGoal),
        changed_bodies=latest_change(Body),
        changed_adoptions=latest_change(Adoption, programme_id=OuterRef("pk")),
        changed_municipalities=latest_change(Municipality),
    )


def programme_document(version):
    """The cache key and the renderer of a programme version read with `programmes_with_version`."""
    # The status follows the day and the adoptions of the version that replaces it, as well as the stamps.
    successor = version.successor
    key = cache_key("programme", version.pk, (stamps(version), version.status.value, successor and successor.name))
    return key, lambda: render_pdf("documents/programme.html", programme_context(version))


def programme(request, slug):
    version = get_object_or_404(programmes_with_version(), slug=slug)
    key, build = programme_document(version)
    return pdf_response(request, key, f"{version.slug}.pdf", build)


# Yearly plan ---------------------------------------------------------------------------------------------------


def _calendar(year):
    """The bodies meeting in `year`, each with its meetings, plus the next year's meetings known only to the month."""
    meetings = (
        Meeting.objects.in_year(year) | Meeting.objects.in_year(year + 1).filter(date_precision=Meeting.Precision.MONTH)
    ).public().with_related().order_by("body__order", "body__name", "date")
    bodies = {}
    for meeting in meetings:
        body = bodies.setdefault(meeting.body_id, meeting.body)
        if not hasattr(body, "this_year"):
            body.this_year, body.next_year = [], []
        meeting.host_list = list(meeting.hosts.all())
        (body.this_year if meeting.date.year == year else body.next_year).append(meeting)
    return list(bodies.values())


def _rotation_rows(rotation, year):
    """Who hosts, from `year` on, for one turn round the municipalities."""
    years = list(rotation.years.all())
    turn = len(rotation.cycle(years))
    return [(y, rotation.host_for(y, years)) for y in range(year, year + turn)]


def plan_context(plan):
    year = plan.year
    areas = _focus_areas(plan.programme)
    goals = {goal.pk: goal for area in areas for goal in area.goals.all()}
    for goal in goals.values():
        goal.year_priorities = []
    other_priorities = []
    for priority in plan.priorities.select_related("sub_goal"):
        goal_id = priority.goal_id or priority.sub_goal.goal_id
        (goals[goal_id].year_priorities if goal_id in goals else other_priorities).append(priority)

    calendar = _calendar(year)
    bodies = list(Body.objects.exclude(kind=Body.Kind.NETWORK))
    rotations = defaultdict(list)
    for rotation in Rotation.objects.filter(body__in=bodies).prefetch_related(
        Prefetch("years", queryset=RotationYear.objects.select_related("municipality"))
    ):
        rotations[rotation.body_id].append((rotation, _rotation_rows(rotation, year)))
    for body in bodies:
        body.host_rotations = rotations[body.pk]
        body.next_meeting = next(
            (m for b in calendar if b.pk == body.pk for m in b.this_year if not m.is_cancelled), None
        )

    # Public once adopted, like the budget page: a draft budget and its shares stay out of the document.
    budget = Budget.objects.adopted().filter(year=year).prefetch_related(
        "lines", Prefetch("shares", queryset=FeeShare.objects.select_related("municipality"))
    ).first()
    income = [line for line in budget.lines.all() if line.kind == BudgetLine.Kind.INCOME] if budget else []
    costs = [line for line in budget.lines.all() if line.kind == BudgetLine.Kind.COST] if budget else []
    shares = list(budget.shares.all()) if budget else []
    share_total = sum((share.amount for share in shares), Decimal(0))
    for share in shares:
        share.percent = share.amount * 100 / share_total if share_total else None
    return {
        "plan": plan,
        "programme": plan.programme,
        "pillars": [area for area in areas if not area.is_cross_cutting],
        "theme": next((area for area in areas if area.is_cross_cutting), None),
        "other_priorities": other_priorities,
        "bodies": bodies,
        "networks": Body.objects.filter(kind=Body.Kind.NETWORK),
        "calendar": calendar,
        "budget": budget,
        "income": income,
        "costs": costs,
        "income_total": sum((line.amount for line in income), Decimal(0)),
        "cost_total": sum((line.amount for line in costs), Decimal(0)),
        "fee_total": sum((line.amount for line in income if line.is_fee), Decimal(0)),
        "shares": shares,
        "share_total": share_total,
    }


def plans_with_version(year):
    """The yearly plans of `year` (one at most) with the version of everything the document reads."""
    return YearlyPlan.objects.select_related("programme").annotate(
        changed_plan=latest_change(YearlyPlan, id=OuterRef("pk")),
        changed_priorities=latest_change(Priority, plan_id=OuterRef("pk")),
        changed_programme=latest_change(Programme, id=OuterRef("programme_id")),
        changed_focus_areas=latest_change(FocusArea, programme_id=OuterRef("programme_id")),
        changed_goals=latest_change(Goal),
        changed_sub_goals=latest_change(SubGoal),
        changed_bodies=latest_change(Body),
        changed_meetings=latest_change(Meeting),
        changed_municipalities=latest_change(Municipality),
        changed_populations=latest_change(Population),
        changed_rotations=latest_change(Rotation),
        changed_rotation_years=latest_change(RotationYear),
        changed_budgets=latest_change(Budget, year=year),
        changed_budget_lines=latest_change(BudgetLine),
        changed_fee_shares=latest_change(FeeShare),
    ).filter(year=year)


def plan_document(plan):
    """The cache key and the renderer of a yearly plan read with `plans_with_version`."""
    key = cache_key("yearly-plan", plan.year, stamps(plan))
    return key, lambda: render_pdf("documents/yearly_plan.html", plan_context(plan))


def yearly_plan(request, year):
    plan = get_object_or_404(plans_with_version(year))
    key, build = plan_document(plan)
    return pdf_response(request, key, f"verksamhetsplan-{plan.year}.pdf", build)
