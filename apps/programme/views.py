import csv

from django import forms
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from apps.municipalities.models import Municipality

from .models import Adoption, FocusArea, Goal, Programme, SubGoal


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
    rows = [(municipality, decisions.get(municipality.pk)) for municipality in Municipality.objects.all()]
    adopted = [row for row in rows if row[1] and row[1].status == Adoption.Status.ADOPTED]
    return rows, len(adopted)


def _programme_page(request, programme, current, *, is_index):
    versions = list(Programme.objects.all())
    pillars, theme, progress = _programme_tree(programme)
    adoption_rows, adopted_count = _adoption_rows(programme)
    context = {
        "programme": programme,
        "is_index": is_index,
        "is_current": current is not None and current.pk == programme.pk,
        "current": current,
        "pillars": pillars,
        "theme": theme,
        "progress": progress,
        "adoption_rows": adoption_rows,
        "adopted_count": adopted_count,
        "member_count": len(adoption_rows),
        "versions": versions,
    }
    return render(request, "programme/programme.html", context)


def _adoptions_prefetch():
    return Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality"))


def index(request):
    """The version in force, else the newest one."""
    current = Programme.objects.current()
    queryset = Programme.objects.prefetch_related(_adoptions_prefetch())
    programme = queryset.filter(pk=current.pk).first() if current else queryset.first()
    if programme is None:
        return render(request, "programme/empty.html")
    return _programme_page(request, programme, current, is_index=True)


def _get_version(slug):
    programme = Programme.objects.prefetch_related(_adoptions_prefetch()).filter(slug=slug).first()
    if programme is None:
        raise Http404(_("There is no programme version with that address."))
    return programme


def version(request, slug):
    programme = _get_version(slug)
    return _programme_page(request, programme, Programme.objects.current(), is_index=False)


def archive(request):
    versions = Programme.objects.with_adoption_count().select_related("replaces")
    current = Programme.objects.current()
    context = {
        "versions": versions,
        "current": current,
        "member_count": Municipality.objects.count(),
    }
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
    shortened name ("Näringsliv och högskola" → "Näringsliv"). Returns (kept, renamed, removed, added)."""
    unmatched_new = list(new_areas)
    pairs = []
    removed = []
    rules = [
        lambda a, b: a.slug == b.slug,
        lambda a, b: a.name.casefold() == b.name.casefold(),
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
    kept = [(old, new) for old, new in pairs if old.name == new.name]
    renamed = [(old, new) for old, new in pairs if old.name != new.name]
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


def compare(request):
    versions = list(Programme.objects.all())
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
    current = Programme.objects.current()
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
                            "sample_data": sub_goal.is_sample,
                        }
                        for sub_goal in goal.sub_goals.all()
                    ],
                }
                for goal in area.goals.all()
            ],
        })
    data = {
        "name": programme.name,
        "slug": programme.slug,
        "url": request.build_absolute_uri(programme.get_absolute_url()),
        "valid_from": programme.valid_from,
        "valid_to": programme.valid_to,
        "status": programme.status,
        "in_force": current is not None and current.pk == programme.pk,
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
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


CSV_COLUMNS = [
    "programme", "focus_area", "cross_cutting", "goal", "goal_owner", "kind", "text", "owner", "status",
    "progress", "sample_data",
]


def export_csv(request, slug):
    programme = _get_version(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    # A byte order mark, so that Excel opens å, ä and ö correctly.
    response.write("\ufeff")
    writer = csv.writer(response)
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
            ("yes" if sub_goal.is_sample else "no") if sub_goal else "",
        ])
    return response
