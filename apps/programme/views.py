from django import forms
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from apps.core.cache import cache_reads
from apps.core.open_data import LICENSE, FormulaSafeWriter, empty_as_null, readable_by_any_site
from apps.municipalities.models import Municipality

from .models import Adoption, FocusArea, Goal, Programme, SubGoal, in_force_today


def _average(values):
    values = list(values)
    return round(sum(values) / len(values)) if values else None


def _programme_tree(programme):
    """Fetch a version's focus areas, goals and sub-goals in three queries, with the progress rolled up.

    Progress is the average of the sub-goals (delmål); actions (insatser, 2013) carry no progress.
    Sets `progress` on every goal and focus area and returns (pillars, cross-cutting theme or None, progress).
    """
    sub_goals = SubGoal.objects.select_related("owner")
    goals = Goal.objects.select_related("owner").prefetch_related(Prefetch("sub_goals", queryset=sub_goals))
    areas = list(programme.focus_areas.prefetch_related(Prefetch("goals", queryset=goals)))
    measured_in_programme = []
    for area in areas:
        measured_in_area = []
        for goal in area.goals.all():
            measured = [s.progress for s in goal.sub_goals.all() if s.kind == SubGoal.Kind.SUB_GOAL]
            goal.progress = _average(measured)
            goal.owners = [goal.owner] if goal.owner else _distinct_owners(goal.sub_goals.all())
            measured_in_area += measured
        area.progress = _average(measured_in_area)
        measured_in_programme += measured_in_area
    pillars = [area for area in areas if not area.is_cross_cutting]
    theme = next((area for area in areas if area.is_cross_cutting), None)
    return pillars, theme, _average(measured_in_programme)


def _distinct_owners(sub_goals):
    owners = {}
    for sub_goal in sub_goals:
        if sub_goal.owner:
            owners.setdefault(sub_goal.owner.pk, sub_goal.owner)
    return list(owners.values())


def _adoption_rows(programme):
    """One row per member municipality: its board's decision on the version, or none yet."""
    decisions = {a.municipality_id: a for a in programme.adoptions.all()}
    return [(municipality, decisions.get(municipality.pk)) for municipality in Municipality.objects.all()]


def _programme_page(request, programme, versions, *, is_index):
    current, previous, coming = in_force_today(versions)
    pillars, theme, progress = _programme_tree(programme)
    context = {
        "programme": programme,
        "is_index": is_index,
        "is_current": current is not None and current.pk == programme.pk,
        "current": current,
        "previous": previous,
        "coming": coming,
        "pillars": pillars,
        "theme": theme,
        "progress": progress,
        "adoption_rows": _adoption_rows(programme),
        "versions": versions,
    }
    return render(request, "programme/programme.html", context)


def _adoptions_prefetch():
    return Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality"))


def index(request):
    """The version in force, else the newest one."""
    versions = list(Programme.objects.with_status())
    if not versions:
        return render(request, "programme/empty.html")
    current, _previous, _coming = in_force_today(versions)
    programme = current or versions[0]
    prefetch_related_objects([programme], _adoptions_prefetch())
    return _programme_page(request, programme, versions, is_index=True)


def _get_version(slug):
    programme = Programme.objects.with_status().prefetch_related(_adoptions_prefetch()).filter(slug=slug).first()
    if programme is None:
        raise Http404(_("There is no programme version with that address."))
    return programme


def version(request, slug):
    versions = list(Programme.objects.with_status())
    programme = next((v for v in versions if v.slug == slug), None)
    if programme is None:
        raise Http404(_("There is no programme version with that address."))
    prefetch_related_objects([programme], _adoptions_prefetch())
    return _programme_page(request, programme, versions, is_index=False)


def archive(request):
    # Newest first, as the table's caption says: by the first year of validity, then the one entered last.
    versions = list(Programme.objects.with_status().select_related("replaces").order_by("-valid_from", "-pk"))
    current, _previous, _coming = in_force_today(versions)
    context = {"versions": versions, "current": current}
    return render(request, "programme/archive.html", context)


class CompareForm(forms.Form):
    fran = forms.ChoiceField(label=_("From version"))
    till = forms.ChoiceField(label=_("To version"))

    def __init__(self, data, versions):
        super().__init__(data)
        choices = [(v.slug, v.name) for v in versions]
        self.fields["fran"].choices = choices
        self.fields["till"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fran") and cleaned.get("fran") == cleaned.get("till"):
            raise forms.ValidationError(_("Choose two different versions to compare."))
        return cleaned


def _default_pair(versions):
    """The newest version and the one it replaces (2013 → 2035 in the seed data)."""
    if len(versions) < 2:
        return None
    newest = versions[0]
    older = next((v for v in versions if v.pk == newest.replaces_id), versions[1])
    return older, newest


def _match_focus_areas(old_areas, new_areas):
    """Pair an earlier version's focus areas with a later one's: by slug, then by name, then by a
    shortened name ("Näringsliv och högskola" → "Näringsliv"). Returns (kept, renamed, removed, added).
    Names are compared in Swedish, the text of record: on an English page one version may have English names
    and the other not."""
    unmatched_new = list(new_areas)
    pairs = []
    removed = []
    rules = [
        lambda a, b: a.slug == b.slug,
        lambda a, b: a.name_sv.casefold() == b.name_sv.casefold(),
        lambda a, b: a.slug.startswith(b.slug + "-") or b.slug.startswith(a.slug + "-"),
    ]
    remaining_old = list(old_areas)
    for rule in rules:
        still_old = []
        for old in remaining_old:
            match = next((new for new in unmatched_new if rule(old, new)), None)
            if match:
                unmatched_new.remove(match)
                pairs.append((old, match))
            else:
                still_old.append(old)
        remaining_old = still_old
    removed = remaining_old
    kept = [(old, new) for old, new in pairs if old.name_sv == new.name_sv]
    renamed = [(old, new) for old, new in pairs if old.name_sv != new.name_sv]
    order = {area.pk: i for i, area in enumerate(new_areas)}
    kept.sort(key=lambda pair: order[pair[1].pk])
    renamed.sort(key=lambda pair: order[pair[1].pk])
    return kept, renamed, removed, unmatched_new


def _counts(programme_ids):
    """Goals and sub-goals/actions per version, in two queries."""
    goals = {pk: 0 for pk in programme_ids}
    for programme_id in Goal.objects.filter(focus_area__programme__in=programme_ids).values_list(
        "focus_area__programme", flat=True
    ):
        goals[programme_id] += 1
    kinds = {pk: {kind: 0 for kind in SubGoal.Kind.values} for pk in programme_ids}
    for programme_id, kind in SubGoal.objects.filter(goal__focus_area__programme__in=programme_ids).values_list(
        "goal__focus_area__programme", "kind"
    ):
        kinds[programme_id][kind] += 1
    return goals, kinds


@cache_reads("fran", "till")
def compare(request):
    versions = list(Programme.objects.with_status())
    pair = _default_pair(versions)
    data = {"fran": pair[0].slug, "till": pair[1].slug} if pair else {}
    asked = {key: request.GET[key] for key in ("fran", "till") if key in request.GET}
    data.update(asked)
    form = CompareForm(data, versions)
    context = {"form": form, "versions": versions, "show_errors": bool(asked)}
    if not form.is_valid():
        # Too few versions to compare is not the visitor's fault; a bad choice is.
        status = 400 if asked else 200
        return render(request, "programme/compare.html", context, status=status)

    by_slug = {v.slug: v for v in versions}
    old, new = by_slug[form.cleaned_data["fran"]], by_slug[form.cleaned_data["till"]]
    areas = list(FocusArea.objects.filter(programme__in=[old.pk, new.pk]))
    old_areas = [a for a in areas if a.programme_id == old.pk]
    new_areas = [a for a in areas if a.programme_id == new.pk]
    kept, renamed, removed, added = _match_focus_areas(old_areas, new_areas)
    goals, kinds = _counts([old.pk, new.pk])
    context.update({
        "old": old,
        "new": new,
        "kept": kept,
        "renamed": renamed,
        "removed": removed,
        "added": added,
        "old_goals": goals[old.pk],
        "new_goals": goals[new.pk],
        "old_actions": kinds[old.pk][SubGoal.Kind.ACTION],
        "new_actions": kinds[new.pk][SubGoal.Kind.ACTION],
        "old_sub_goals": kinds[old.pk][SubGoal.Kind.SUB_GOAL],
        "new_sub_goals": kinds[new.pk][SubGoal.Kind.SUB_GOAL],
    })
    return render(request, "programme/compare.html", context)


def _export_rows(programme):
    """The version flattened: one row per sub-goal or action, or per goal without any."""
    pillars, theme, _progress = _programme_tree(programme)
    areas = pillars + ([theme] if theme else [])
    for area in areas:
        for goal in area.goals.all():
            sub_goals = list(goal.sub_goals.all()) or [None]
            for sub_goal in sub_goals:
                yield area, goal, sub_goal


def _owner_name(owner):
    return owner.name if owner else ""


def export_json(request, slug):
    programme = _get_version(slug)
    pillars, theme, progress = _programme_tree(programme)
    successor = programme.successor
    areas = []
    for area in pillars + ([theme] if theme else []):
        areas.append({
            "name": area.name,
            "slug": area.slug,
            "cross_cutting": area.is_cross_cutting,
            "description": area.description,
            "progress": area.progress,
            "goals": [
                {
                    "title": goal.title,
                    "description": goal.description,
                    "owner": _owner_name(goal.owner),
                    "progress": goal.progress,
                    "sub_goals": [
                        {
                            "kind": sub_goal.kind,
                            "text": sub_goal.text,
                            "owner": _owner_name(sub_goal.owner),
                            "status": sub_goal.status,
                            "progress": sub_goal.progress if sub_goal.kind == SubGoal.Kind.SUB_GOAL else None,
                        }
                        for sub_goal in goal.sub_goals.all()
                    ],
                }
                for goal in area.goals.all()
            ],
        })
    data = {
        "license": LICENSE,
        "name": programme.name,
        "slug": programme.slug,
        "url": settings.SITE_URL + programme.get_absolute_url(),
        "valid_from": programme.valid_from,
        "valid_to": programme.valid_to,
        "status": programme.status.value,
        "in_force": programme.is_in_force,
        "replaced_by": {
            "name": successor.name, "url": settings.SITE_URL + successor.get_absolute_url(),
        } if successor and programme.status == Programme.Status.REPLACED else None,
        "adopted_by": programme.adopted_count,
        "member_municipalities": programme.member_count,
        "diary_number": programme.diary_number,
        "vision": programme.vision,
        "overall_goal": programme.overall_goal,
        "summary": programme.summary,
        "progress": progress,
        "focus_areas": areas,
        "adoptions": [
            {
                "municipality": adoption.municipality.name,
                "municipality_code": adoption.municipality.code,
                "status": adoption.status,
                "decided_by": adoption.decision_body,
                "decision_date": adoption.decision_date.isoformat() if adoption.decision_date else None,
                "proposal_date": adoption.proposal_date.isoformat() if adoption.proposal_date else None,
                "diary_number": adoption.diary_number,
            }
            for adoption in programme.adoptions.all()
        ],
    }
    response = JsonResponse(empty_as_null(data), json_dumps_params={"ensure_ascii": False, "indent": 2})
    return readable_by_any_site(response)


CSV_COLUMNS = [
    "programme", "focus_area", "cross_cutting", "goal", "goal_owner", "kind", "text", "owner", "status",
    "progress",
]


def export_csv(request, slug):
    programme = _get_version(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}.csv"'
    readable_by_any_site(response)
    # A byte order mark, so that Excel opens å, ä and ö correctly.
    response.write("\ufeff")
    writer = FormulaSafeWriter(response)
    writer.writerow(CSV_COLUMNS)
    for area, goal, sub_goal in _export_rows(programme):
        writer.writerow([
            programme.name,
            area.name,
            "yes" if area.is_cross_cutting else "no",
            goal.title,
            _owner_name(goal.owner),
            sub_goal.kind if sub_goal else "",
            sub_goal.text if sub_goal else "",
            _owner_name(sub_goal.owner) if sub_goal else "",
            sub_goal.status if sub_goal else "",
            sub_goal.progress if sub_goal and sub_goal.kind == SubGoal.Kind.SUB_GOAL else "",
        ])
    return response
