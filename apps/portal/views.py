from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from apps.meetings.models import AgendaItem, Document, Meeting
from apps.programme.models import Goal, Programme, SubGoal

SEARCH_MAX_LENGTH = 200
SEARCH_LIMIT = 20


def home(request):
    programme = Programme.objects.current()
    focus_areas = []
    if programme is not None:
        focus_areas = list(programme.focus_areas.annotate(goal_count=Count("goals")))
    context = {
        "programme": programme,
        "pillars": [area for area in focus_areas if not area.is_cross_cutting],
        "cross_cutting": next((area for area in focus_areas if area.is_cross_cutting), None),
        "upcoming": list(Meeting.objects.upcoming().with_related()[:5]),
        "changed": list(Meeting.objects.with_related().order_by("-updated_at", "-pk")[:5]),
    }
    return render(request, "portal/home.html", context)


def matching(queryset, fields, text):
    """The rows matching the words of text, best first.

    PostgreSQL: full-text search with the Swedish configuration, so "möten" finds "möte".
    Elsewhere (SQLite during development): every word must occur in one of the fields.
    """
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="swedish", search_type="websearch")
        vector = SearchVector(*fields, config="swedish")
        return (
            queryset.annotate(document=vector).filter(document=query)
            .annotate(rank=SearchRank(vector, query)).order_by("-rank", "pk")
        )
    words = text.split()
    condition = reduce(and_, (reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words))
    return queryset.filter(condition).order_by("pk")


def search(request):
    text = " ".join(request.GET.get("q", "").split())
    context = {"q": text, "max_length": SEARCH_MAX_LENGTH, "limit": SEARCH_LIMIT, "too_long": False, "groups": None}
    status = 200
    if len(text) > SEARCH_MAX_LENGTH:
        context["too_long"] = True
        context["q"] = text[:SEARCH_MAX_LENGTH]
        status = 400
    elif text:
        now = timezone.now()
        meetings = matching(
            Meeting.objects.select_related("body"), ["title", "place", "body__name", "body__short_name"], text
        )
        items = matching(
            AgendaItem.objects.select_related("meeting__body").filter(meeting__agenda_published_at__lte=now),
            AgendaItem.SEARCH_FIELDS, text,
        )
        goals = matching(
            Goal.objects.select_related("focus_area__programme", "owner"), ["title", "description"], text
        )
        sub_goals = matching(
            SubGoal.objects.select_related("goal__focus_area__programme", "owner"), ["text"], text
        )
        documents = matching(
            Document.objects.select_related("meeting__body").filter(meeting__documents_published=True),
            ["title"], text,
        )
        groups = {
            "meetings": list(meetings[: SEARCH_LIMIT + 1]),
            "items": list(items[: SEARCH_LIMIT + 1]),
            "goals": list(goals[: SEARCH_LIMIT + 1]),
            "sub_goals": list(sub_goals[: SEARCH_LIMIT + 1]),
            "documents": list(documents[: SEARCH_LIMIT + 1]),
        }
        context["more"] = {name: len(rows) > SEARCH_LIMIT for name, rows in groups.items()}
        context["groups"] = {name: rows[:SEARCH_LIMIT] for name, rows in groups.items()}
        context["total"] = sum(len(rows) for rows in context["groups"].values())
    return render(request, "portal/search.html", context, status=status)


def accessibility(request):
    return render(request, "portal/accessibility.html")
