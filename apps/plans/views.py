from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.budgets.models import Budget, BudgetLine
from apps.meetings.models import Meeting
from apps.programme.models import Goal, SubGoal

from .models import YearlyPlan


def index(request):
    plans = YearlyPlan.objects.select_related("programme")
    return render(request, "plans/index.html", {"plans": plans})


def detail(request, year):
    plan = YearlyPlan.objects.select_related("programme").filter(year=year).first()
    if plan is None:
        raise Http404(_("There is no yearly plan for that year."))
    priorities = list(plan.priorities.select_related("goal", "sub_goal"))
    prioritised_goals = {p.goal_id for p in priorities if p.goal_id}
    prioritised_sub_goals = {p.sub_goal_id for p in priorities if p.sub_goal_id}
    goals = Goal.objects.prefetch_related(Prefetch("sub_goals", queryset=SubGoal.objects.all()))
    focus_areas = list(plan.programme.focus_areas.prefetch_related(Prefetch("goals", queryset=goals)))
    for area in focus_areas:
        for goal in area.goals.all():
            goal.is_prioritised = goal.pk in prioritised_goals
            for sub_goal in goal.sub_goals.all():
                sub_goal.is_prioritised = sub_goal.pk in prioritised_sub_goals
    budget = Budget.objects.adopted().filter(year=plan.year).prefetch_related("lines").first()
    lines = list(budget.lines.all()) if budget else []
    income = [line for line in lines if line.kind == BudgetLine.Kind.INCOME]
    costs = [line for line in lines if line.kind == BudgetLine.Kind.COST]
    context = {
        "plan": plan,
        "priorities": priorities,
        "focus_areas": focus_areas,
        "meetings": list(Meeting.objects.public().in_year(plan.year).with_related()),
        "budget": budget,
        "income": income,
        "costs": costs,
        "income_total": sum(line.amount for line in income),
        "cost_total": sum(line.amount for line in costs),
    }
    return render(request, "plans/detail.html", context)
