"""The portal's search: what a visitor types, found in everything the public pages show, grouped by kind.

Every word must be found (in any of a row's searched fields, or for a meeting also in its body, its hosts or its
kind). On PostgreSQL a word is found in all its Swedish forms (the Swedish snowball stemmer: "möten" finds
"möte") and, from PREFIX_FROM letters, also as the beginning of a longer word ("Nykv" finds "Nykvarn",
"kollektivtrafik" finds "kollektivtrafikförsörjning"). The large tables keep their words in a stored vector with
a GIN index (apps/core/search.py); the small ones (municipalities, yearly plans, the minutes' paragraphs) are
read whole. On SQLite, used during development, each word must occur in one of the fields as it is typed.
"""

import re
from dataclasses import dataclass
from functools import cache, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, OuterRef, Prefetch, Q, StringAgg, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from apps.bodies.models import Body, Person, Role
from apps.core.search import CONFIG
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.minutes.models import Minutes, Paragraph
from apps.municipalities.models import Municipality
from apps.plans.models import Priority, YearlyPlan
from apps.programme.models import FocusArea, Goal, Programme, SubGoal

SEARCH_LIMIT = 20
# How many of the agenda items or documents a common word finds are ranked at most (matching()): ranking every
# one of 20 000 costs four times as much, and a page shows 20.
RANK_AT_MOST = 500
PREFIX_FROM = 3  # a word of at least this many letters also finds the words it begins
# The most words one search may ask for: every word is a condition on every kind (for a meeting, four), and a
# few words are enough to find anything.
MAX_WORDS = 10
WORD = re.compile(r"[^\W_]+")
LEXEME = re.compile(r"'(?:[^']|'')*'")

MUNICIPALITY_FIELDS = ("name", "code", "venue")
BODY_FIELDS = ("name_sv", "name_en", "short_name", "description_sv", "description_en", "composition_sv",
               "composition_en")
# The kinds whose tables grow with every meeting, and the rows to show for their hits, found by key first
# (_first).
LARGE = {
    "meetings": lambda: Meeting.objects.with_related(),
    "items": lambda: AgendaItem.objects.select_related("meeting__body"),
    "decisions": lambda: Paragraph.objects.select_related("section", "minutes__meeting__body"),
    "documents": lambda: Document.objects.select_related("meeting__body", "agenda_item"),
}
PLAN_FIELDS = ("title", "introduction", "purpose", "principles", "vision", "cooperation_areas", "other_priorities",
               "working_forms")


@dataclass(frozen=True)
class Term:
    """One word searched for: as typed, and on PostgreSQL the tsquery that finds it (`'hudding':*`)."""

    word: str
    query: str | None = None


class Lexemes(SearchQuery):
    """A tsquery as PostgreSQL itself wrote it (Term.query), its lexemes already normalised: read as it is."""

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql}::tsquery", params


def words_of(text: str) -> list[str]:
    """The words of `text`, each once (letters and digits; punctuation and operators are not words)."""
    seen, words = set(), []
    for word in WORD.findall(text):
        if word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    return words


def terms_of(text: str) -> list[Term]:
    """The words of `text` to search for, each once. On PostgreSQL each is made a query in one round trip, and
    words the Swedish configuration ignores (stop words such as "och") are left out: they would find nothing."""
    words = words_of(text)
    if connection.vendor != "postgresql" or not words:
        return [Term(word) for word in words]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, plainto_tsquery(%s::regconfig, w)::text FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n) "
            "ORDER BY n", [CONFIG, words],
        )
        rows = cursor.fetchall()
    return [
        Term(word, LEXEME.sub(lambda lexeme: lexeme.group(0) + ":*", query) if len(word) >= PREFIX_FROM else query)
        for word, query in rows if query
    ]


def _holds(term: Term, fields) -> Q:
    """The condition that a row holds `term`: on PostgreSQL in its words (the alias `words`, see matching()),
    elsewhere in one of `fields`."""
    if term.query is not None:
        return Q(words=Lexemes(term.query))
    return reduce(or_, (Q(**{f"{name}__icontains": term.word}) for name in fields))


def _words(fields, vector=None):
    """A row's words: its stored search_vector, or `vector`, or the vector of `fields` made on the fly."""
    if vector is not None:
        return vector
    if fields is None:
        return F("search_vector")
    return SearchVector(*fields, config=CONFIG)


def matching(queryset, terms, fields, *, stored=True, vector=None, also=None, ranked=True, rank_at_most=None):
    """The rows of `queryset` that hold every term, best first when `ranked`.

    `fields` are read one by one on SQLite; on PostgreSQL the row's stored search_vector is read (`stored`), or
    `vector`, or the vector of `fields`. `also(term)` gives a further condition under which a row holds a term
    (a meeting holds the name of its body). Ranking is ts_rank over the row's words, title words weighing most.

    `rank_at_most` bounds the ranking where a word may be in thousands of rows (every agenda item says
    "samverkan"): the first that many matches the index gives are ranked, not every match. Those with the words
    in their title still come first among them; a search with more matches than that asks for another word.
    """
    if not terms:
        return queryset.none()
    if connection.vendor != "postgresql":
        condition = reduce(and_, ((_holds(term, fields) | also(term)) if also else _holds(term, fields)
                                  for term in terms))
        return queryset.filter(condition)
    base = queryset.alias(words=_words(None if stored else fields, vector))
    every = Lexemes(" & ".join(f"({term.query})" for term in terms))
    if also is None:
        queryset = base.filter(words=every)
    else:
        queryset = base.filter(reduce(and_, (_holds(term, fields) | also(term) for term in terms)))
    if not ranked:
        return queryset
    if rank_at_most and also is None:
        # In no order (order_by()): the scan stops at rank_at_most.
        queryset = base.filter(pk__in=queryset.order_by().values("pk")[:rank_at_most])
    # Where a row may hold a word elsewhere (also), its own words are ranked by how many of the terms they hold.
    ranking = every if also is None else Lexemes(" | ".join(f"({term.query})" for term in terms))
    return queryset.annotate(rank=SearchRank(F("words"), ranking)).order_by("-rank", "pk")


def _ids_holding(queryset, term, fields, *, stored=True):
    """The primary keys of the rows of `queryset` that hold `term`, as a subquery."""
    if term.query is not None:
        queryset = queryset.alias(words=_words(None if stored else fields))
    return queryset.filter(_holds(term, fields)).values("pk")


@cache
def _kind_names() -> dict[str, set[str]]:
    """Each kind of meeting and the words of its name in Swedish and English ("planeringskonferens")."""
    names = {}
    for kind in Meeting.Kind:
        names[kind.value] = set()
        for language in ("sv", "en"):
            with translation.override(language):
                names[kind.value].update(WORD.findall(str(kind.label).lower()))
    return names


def _kinds_named(word: str) -> list[str]:
    """The kinds of meeting whose name in Swedish or English holds `word`, or a form of it: "planeringskonferens"
    finds the planning conferences, which are titled by their kind."""
    word = word.lower()
    # "konferens" begins "konferens"; "planeringskonferensen" is "planeringskonferens" with an ending.
    return [
        kind for kind, names in _kind_names().items()
        if any(name == word or (len(word) >= PREFIX_FROM and name.startswith(word))
               or (len(name) >= PREFIX_FROM and word.startswith(name) and len(word) - len(name) <= 3)
               for name in names)
    ]


def _meeting_also(term: Term) -> Q:
    """A meeting also holds a word that its body's names (not its description), one of its hosts (name or venue)
    or its kind holds."""
    bodies = _ids_holding(Body.objects.all(), term, ("name_sv", "name_en", "short_name"), stored=False)
    hosts = _ids_holding(Municipality.objects.all(), term, ("name", "venue"), stored=False)
    condition = Q(body__in=bodies) | Q(
        pk__in=Meeting.hosts.through.objects.filter(municipality__in=hosts).values("meeting_id")
    )
    kinds = _kinds_named(term.word)
    return condition | Q(kind__in=kinds) if kinds else condition


def _soonest_first(queryset, today):
    """Meetings ahead first, the nearest first; then those past, the latest first."""
    ahead = Q(date__gte=today)
    return queryset.order_by(
        Case(When(ahead, then=Value(0)), default=Value(1)),
        Case(When(ahead, then=F("date"))).asc(nulls_last=True),
        F("date").desc(), "pk",
    )


def _plan_words():
    """A yearly plan's words: its texts and its priorities' texts."""
    priorities = (Priority.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
                  .annotate(text=StringAgg("text", Value(" "))).values("text"))
    return SearchVector(*PLAN_FIELDS, Coalesce(Subquery(priorities), Value(""), output_field=TextField()),
                        config=CONFIG)


def _first(queryset, limit: int, rows) -> list:
    """The first `limit` rows of `queryset`, in its order: their keys from a narrow query that ranks only the key
    and the stored vector, then those rows of `rows` (a query of the same model with what the page shows beside
    them). Carrying the wide joined rows through the ranking of every match costs five times as much when a word
    is in every row."""
    keys = list(queryset.values_list("pk", flat=True)[:limit])
    found = {row.pk: row for row in rows.filter(pk__in=keys).order_by()}
    return [found[key] for key in keys]


def search_groups(text: str) -> dict[str, list]:
    """The hits for `text`, at most SEARCH_LIMIT + 1 of each kind, in the order the page shows the kinds. The
    matches are ranked where a reader looks for the best match (texts), and otherwise in their own order:
    municipalities by name, meetings soonest first, yearly plans newest first."""
    terms = terms_of(text)
    now = timezone.now()
    today = timezone.localdate()
    current_roles = Role.objects.current(today)
    postgresql = connection.vendor == "postgresql"

    groups = {
        "municipalities": matching(
            Municipality.objects.all(), terms, MUNICIPALITY_FIELDS, stored=False, ranked=False,
        ).order_by("name"),
        "bodies": matching(Body.objects.select_related("reports_to"), terms, BODY_FIELDS),
        "people": matching(
            Person.objects.filter(pk__in=current_roles.values("person_id")).select_related("municipality")
            .prefetch_related(Prefetch("roles", queryset=current_roles.select_related("body"), to_attr="current")),
            terms, ("name", "title"),
        ),
        "meetings": _soonest_first(matching(
            Meeting.objects.public(), terms, ("title", "place"), also=_meeting_also, ranked=False,
        ), today),
        "items": matching(AgendaItem.objects.public(now), terms, AgendaItem.SEARCH_FIELDS, rank_at_most=RANK_AT_MOST),
        "decisions": matching(
            Paragraph.objects.filter(minutes__in=Minutes.objects.published()),
            terms, Paragraph.SEARCH_FIELDS, stored=False,
        ),
        "programmes": matching(
            Programme.objects.with_status(), terms,
            ("name", "vision_sv", "vision_en", "overall_goal_sv", "overall_goal_en", "summary_sv", "summary_en"),
        ),
        "focus_areas": matching(
            FocusArea.objects.select_related("programme"), terms,
            ("name_sv", "name_en", "description_sv", "description_en"),
        ),
        "goals": matching(
            Goal.objects.select_related("focus_area__programme", "owner"), terms,
            ("title_sv", "title_en", "description_sv", "description_en"),
        ),
        "sub_goals": matching(
            SubGoal.objects.select_related("goal__focus_area__programme", "owner"), terms, ("text_sv", "text_en"),
        ),
        "plans": matching(
            YearlyPlan.objects.all(), terms, (*PLAN_FIELDS, "priorities__text"), stored=False, ranked=False,
            vector=_plan_words() if postgresql else None,
        ).order_by("-year"),
        "documents": matching(Document.objects.public(now), terms, ("title", "text"), rank_at_most=RANK_AT_MOST),
    }
    if not postgresql:
        # Nothing is ranked: matches in the order of the table, and a yearly plan once however many of its
        # priorities match.
        groups["plans"] = groups["plans"].distinct()
        for name in ("bodies", "people", "items", "decisions", "programmes", "focus_areas", "goals", "sub_goals",
                     "documents"):
            groups[name] = groups[name].order_by("pk")
    limit = SEARCH_LIMIT + 1
    found = {
        # The large tables in two steps (_first); the small ones at once.
        name: _first(rows, limit, LARGE[name]()) if name in LARGE else list(rows[:limit])
        for name, rows in groups.items()
    }
    return found
