import logging
import unicodedata

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from apps.core.cache import cache_reads
from apps.meetings.models import Meeting
from apps.programme.models import Programme, in_force_today

from . import search as search_index
from .models import SecretariatContact
from .search import MAX_WORDS, SEARCH_LIMIT, words_of

SEARCH_MAX_LENGTH = 200
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE when statement_timeout stops a query

logger = logging.getLogger(__name__)


def home(request):
    today = timezone.localdate()
    versions = list(Programme.objects.with_status())
    programme, previous, coming = in_force_today(versions)
    focus_areas = []
    if programme is not None:
        focus_areas = list(programme.focus_areas.annotate(goal_count=Count("goals")))
    upcoming = list(Meeting.objects.public().upcoming(today).with_related()[:5])
    latest = None
    if not upcoming:
        latest = (Meeting.objects.public().past(today).exclude(status=Meeting.Status.CANCELLED).with_related()
                  .order_by("-date", "-start_time").first())
    context = {
        "programme": programme,
        "previous": previous,
        "coming": coming,
        "proposed": next((v for v in versions if v.status == Programme.Status.PROPOSED), None),
        "pillars": [area for area in focus_areas if not area.is_cross_cutting],
        "cross_cutting": next((area for area in focus_areas if area.is_cross_cutting), None),
        "upcoming": upcoming,
        "none_dated": bool(upcoming) and all(meeting.is_month_only for meeting in upcoming),
        "latest": latest,
        "next_year": today.year + 1,
        "changed": list(Meeting.objects.public().with_related().order_by("-modified", "-pk")[:5]),
    }
    return render(request, "portal/home.html", context)


def search_text(query: str) -> str:
    """The words searched for: control characters (a NUL among them, which PostgreSQL refuses in a text value)
    and runs of white space each made one space."""
    return " ".join("".join(" " if unicodedata.category(char) == "Cc" else char for char in query).split())


def search_groups(text):
    """The hits for `text` (apps/portal/search.py). On PostgreSQL each query may run for SEARCH_STATEMENT_TIMEOUT
    milliseconds at most: a search is nearly always a cache miss, so its cost is bounded here rather than by the
    cache."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # SET LOCAL: for this transaction only, so the connection goes back to the next request unchanged.
                cursor.execute("SELECT set_config('statement_timeout', %s, true)",
                               [str(settings.SEARCH_STATEMENT_TIMEOUT)])
        return search_index.search_groups(text)


# Every new word is a new page: kept ten minutes, not a day, so that searching cannot fill the cache.
@cache_reads("q", timeout=10 * 60)
def search(request):
    text = search_text(request.GET.get("q", ""))
    context = {"q": text, "max_length": SEARCH_MAX_LENGTH, "limit": SEARCH_LIMIT, "too_long": False, "groups": None,
               "max_words": MAX_WORDS}
    status = 200
    if len(text) > SEARCH_MAX_LENGTH:
        context["too_long"] = True
        context["q"] = text[:SEARCH_MAX_LENGTH]
        status = 400
    elif len(words_of(text)) > MAX_WORDS:
        context["too_many_words"] = True
        status = 400
    elif text:
        try:
            groups = search_groups(text)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
                raise
            logger.warning("Search for %r stopped after %d ms", text, settings.SEARCH_STATEMENT_TIMEOUT)
            context["timed_out"] = True
            response = render(request, "portal/search.html", context, status=status)
            # The same search may well finish when the database is less busy: this answer is not for the cache.
            patch_cache_control(response, private=True)
            return response
        context["more"] = {name: len(rows) > SEARCH_LIMIT for name, rows in groups.items()}
        context["groups"] = {name: rows[:SEARCH_LIMIT] for name, rows in groups.items()}
        context["total"] = sum(len(rows) for rows in context["groups"].values())
    return render(request, "portal/search.html", context, status=status)


def accessibility(request):
    return render(request, "portal/accessibility.html")


def contact(request):
    return render(request, "portal/contact.html", {"contact": SecretariatContact.current()})


def personal_data(request):
    return render(request, "portal/personal_data.html", {"contact": SecretariatContact.current()})
