"""The minutes' public side: justering by the chair and the adjusters (through their personal link, or logged in),
the minutes as PDF, and the list of open assignments."""

import datetime
import io
from itertools import groupby
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from . import services
from .models import Assignment, Minutes, Signatory
from .pdf import draft_pdf


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Your comment to the secretary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your comment first.")},
    )


# How each problem with a link is answered: the status code; the page says the rest.
LINK_STATUS = {"invalid": 400, "not_asked": 403, "replaced": 410, "expired": 410, "adjusted": 200}


def _justering_page(request, signatory, *, via, status=200, **extra):
    """What a signatory sees: the minutes as they stand, who has confirmed, and the buttons to confirm or
    comment. POST `action=confirm` or `action=comment` acts first."""
    form = CommentForm()
    done = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                user = request.user if request.user.is_authenticated else None
                adjusted = services.confirm(signatory, via, user=user)
                done = "adjusted" if adjusted else "confirmed"
            elif action == "comment":
                form = CommentForm(request.POST)
                if form.is_valid():
                    services.comment(signatory, form.cleaned_data["comment"])
                    done = "commented"
                    form = CommentForm()
                else:
                    status = 400
            else:
                status = 400
        except services.MinutesError as error:
            extra["refused"] = str(error)
            status = 409
        signatory.refresh_from_db()
    minutes = Minutes.objects.select_related("meeting__body", "secretary").get(pk=signatory.minutes_id)
    if minutes.state == Minutes.State.ADJUSTED and Minutes.objects.public().filter(pk=minutes.pk).exists():
        extra["pdf_url"] = reverse("minutes:pdf", args=[minutes.pk])
    context = {
        **services.readable_minutes(minutes), "signatory": signatory, "form": form, "done": done,
        "pdf_url": extra.pop("pdf_url", None), **extra,
    }
    return render(request, "minutes/justering.html", context, status=status)


@never_cache  # a personal page: never stored by the page cache or a proxy
def justering(request, link):
    """The chair or an adjuster confirms the minutes, or comments on them, through the link in their mail; no login.

    A changed or foreign link, one from an earlier round of justering, an expired one, or one whose person is no
    longer asked to confirm changes nothing, and the page says why."""
    try:
        signatory = services.signatory_from_link(link)
    except services.LinkProblem as problem:
        context = {"problem": problem.code, "minutes": problem.minutes,
                   "meeting": problem.minutes.meeting if problem.minutes else None,
                   "signatory": problem.signatory}
        if request.method == "POST":
            context["nothing_recorded"] = True
        return render(request, "minutes/justering.html", context, status=LINK_STATUS[problem.code])
    return _justering_page(request, signatory, via=Signatory.Via.LINK,
                           pdf_url=reverse("minutes:justering_pdf", args=[link]))


@never_cache
def justering_pdf(request, link):
    """The minutes as PDF for the holder of a valid justering link, as they stand; once adjusted, as adjusted."""
    try:
        signatory = services.signatory_from_link(link)
    except services.LinkProblem as problem:
        if problem.code == "adjusted":
            return _stored_pdf(problem.minutes)
        raise Http404 from None
    return _pdf_response(draft_pdf(signatory.minutes), signatory.minutes)


@never_cache
def justering_logged_in(request, minutes_id):
    """The same page for a logged-in user who is one of those asked to confirm (by their e-mail address); a
    visitor who is not logged in is asked to log in."""
    minutes = get_object_or_404(Minutes.objects.select_related("meeting__body"), pk=minutes_id)
    if not request.user.is_authenticated:
        login = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
        return render(request, "minutes/justering.html",
                      {"problem": "log_in", "minutes": minutes, "meeting": minutes.meeting, "login_url": login,
                       "nothing_recorded": request.method == "POST"})
    signatory = services.signatory_for_user(minutes, request.user)
    if signatory is None:
        return render(request, "minutes/justering.html",
                      {"problem": "not_asked", "minutes": minutes, "meeting": minutes.meeting,
                       "nothing_recorded": request.method == "POST"}, status=403)
    if minutes.state != Minutes.State.JUSTERING and request.method == "POST":
        return render(request, "minutes/justering.html",
                      {"problem": "adjusted" if minutes.state == Minutes.State.ADJUSTED else "replaced",
                       "minutes": minutes, "meeting": minutes.meeting, "signatory": signatory,
                       "nothing_recorded": True}, status=409)
    return _justering_page(request, signatory, via=Signatory.Via.LOGIN,
                           pdf_url=reverse("minutes:pdf", args=[minutes.pk]))


def _filename(minutes):
    meeting = minutes.meeting
    suffix = f"-v{minutes.version}" if minutes.version > 1 else ""
    return f"protokoll-{meeting.body.slug}-{meeting.date:%Y-%m-%d}{suffix}.pdf"


def _pdf_response(pdf: bytes, minutes) -> HttpResponse:
    response = FileResponse(io.BytesIO(pdf), content_type="application/pdf", filename=_filename(minutes))
    response["Cache-Control"] = "private, no-cache"
    return response


def _stored_pdf(minutes):
    try:
        file = minutes.pdf.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(file, content_type="application/pdf", filename=_filename(minutes))


def pdf(request, minutes_id):
    """An adjusted version of the minutes, as stored when it was adjusted (signed when a certificate was
    configured), for anyone once the meeting's rule makes its minutes public (Minutes.objects.public()); any
    version, a draft as it stands, for staff who may view minutes and for those asked to confirm it."""
    minutes = get_object_or_404(Minutes.objects.select_related("meeting__body"), pk=minutes_id)
    if minutes.state == Minutes.State.ADJUSTED and Minutes.objects.public().filter(pk=minutes.pk).exists():
        return _stored_pdf(minutes)
    if not (request.user.has_perm("minutes.view_minutes") or services.signatory_for_user(minutes, request.user)):
        if request.user.is_authenticated:
            raise PermissionDenied
        raise Http404
    if minutes.state == Minutes.State.ADJUSTED:
        return _stored_pdf(minutes)
    return _pdf_response(draft_pdf(minutes), minutes)


def assignments(request):
    """Open assignments across all meetings, by whom they are given to and by due date, each with its § ; and
    those done in the last year."""
    today = timezone.localdate()
    public = (Assignment.objects.public().select_related("body", "municipality", "section__meeting__body")
              .prefetch_related("goals"))
    open_ones = sorted(public.open(), key=lambda a: (a.owner != Assignment.Owner.SECRETARIAT, a.owner_name, a.due))
    done = list(public.filter(done_at__gte=timezone.now() - datetime.timedelta(days=365)).order_by("-done_at"))
    for assignment in [*open_ones, *done]:
        assignment.overdue = assignment.is_overdue(today)
    context = {
        "by_owner": [(owner, list(rows)) for owner, rows in groupby(open_ones, key=lambda a: a.owner_name)],
        "open_count": len(open_ones),
        "overdue_count": sum(a.overdue for a in open_ones),
        "done": done,
        "today": today,
    }
    return render(request, "minutes/assignments.html", context)
