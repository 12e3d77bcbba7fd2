"""The minutes as a PDF, in the kallelse's typography (templates/documents/minutes.html on documents/base.html),
tagged like every printed document.

A draft (being written, or out for justering) is rendered when asked for and kept in the cache by its version.
The adjusted version is rendered once, when the last confirmation locks it, with the record of who confirmed and
when, signed if a certificate is configured, and stored: that file is the minutes from then on.
"""

from django.conf import settings
from django.utils import timezone, translation

from apps.documents.pdf import cache_key, cached_pdf, render_pdf
from apps.documents.templatetags.document_tags import meeting_date, meeting_title

from . import signing
from .models import Minutes
from .services import readable_minutes


def minutes_context(minutes: Minutes, *, seal: str = "") -> dict:
    hosts = list(minutes.meeting.hosts.largest_first())
    return {
        **readable_minutes(minutes),
        "body": minutes.meeting.body,
        "hosts": hosts,
        "venue": minutes.meeting.venue(hosts),
        "is_draft": minutes.state != Minutes.State.ADJUSTED,
        "seal": seal,
        "meeting_url": settings.SITE_URL + minutes.meeting.get_absolute_url(),
    }


def draft_pdf(minutes: Minutes) -> bytes:
    """The minutes as they stand, marked as not adjusted; rendered once per change."""
    minutes = Minutes.objects.select_related("meeting__body").get(pk=minutes.pk)
    version = (minutes.updated_at, minutes.round, minutes.state)
    pdf, _hit = cached_pdf(cache_key("minutes", minutes.pk, version, "draft"),
                           lambda: render_pdf("documents/minutes.html", minutes_context(minutes)))
    return pdf


def final_pdf(minutes: Minutes) -> tuple[bytes, bool]:
    """The adjusted minutes with the record of their justering, and whether they were signed digitally."""
    seal = signing.signer_name() if signing.is_configured() else ""
    pdf = render_pdf("documents/minutes.html", minutes_context(minutes, seal=seal))
    if not seal:
        return pdf, False
    with translation.override("sv"):
        reason = f"Protokoll justerat {timezone.localtime(minutes.adjusted_at):%Y-%m-%d %H:%M}: " \
                 f"{meeting_title(minutes.meeting)}, {meeting_date(minutes.meeting)}"
    return signing.sign(pdf, reason=reason, location=settings.SECRETARIAT_NAME), True
