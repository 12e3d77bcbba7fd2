from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Budget, BudgetLine, FeeShare

# The chart is drawn in a 480-unit-wide box: a line of label above each bar, the amount after it.
CHART_WIDTH = 480
VALUE_ROOM = 110
ROW_HEIGHT = 48


def _bar_chart(rows):
    """Geometry of a horizontal bar chart for (label, amount) rows, scaled to the largest amount.

    Coordinates are strings so that the template never localises them ("12,5" is no SVG number)."""
    top = max((amount for _label, amount in rows), default=0)
    bars = []
    for i, (label, amount) in enumerate(rows):
        y = i * ROW_HEIGHT
        width = float(amount) / float(top) * (CHART_WIDTH - VALUE_ROOM) if top else 0
        bars.append({
            "label": label,
            "amount": amount,
            "label_y": f"{y + 16}",
            "bar_y": f"{y + 22}",
            "width": f"{width:.1f}",
            "value_x": f"{width + 6:.1f}",
            "value_y": f"{y + 36}",
        })
    return {"bars": bars, "width": f"{CHART_WIDTH}", "height": f"{max(len(rows) * ROW_HEIGHT, ROW_HEIGHT)}"}


def _budget_page(request, budget):
    lines = list(budget.lines.all())
    income = [line for line in lines if line.kind == BudgetLine.Kind.INCOME]
    costs = [line for line in lines if line.kind == BudgetLine.Kind.COST]
    income_total = sum(line.amount for line in income)
    cost_total = sum(line.amount for line in costs)
    fee_total = sum(line.amount for line in income if line.is_fee)
    shares = list(budget.shares.all())
    share_total = sum(share.amount for share in shares)
    for share in shares:
        share.percent = share.amount * 100 / share_total if share_total else None
    line_rows = [(_("Income: %(title)s") % {"title": line.title}, line.amount) for line in income]
    line_rows += [(_("Cost: %(title)s") % {"title": line.title}, line.amount) for line in costs]
    context = {
        "budget": budget,
        "years": list(Budget.objects.values_list("year", flat=True)),
        "income": income,
        "costs": costs,
        "income_total": income_total,
        "cost_total": cost_total,
        "result": income_total - cost_total,
        "result_size": abs(income_total - cost_total),
        "fee_total": fee_total,
        "shares": shares,
        "share_total": share_total,
        "share_difference": share_total - fee_total,
        "lines_chart": _bar_chart(line_rows),
        "shares_chart": _bar_chart([(share.municipality.name, share.amount) for share in shares]),
    }
    return render(request, "budgets/detail.html", context)


def _budgets():
    return Budget.objects.prefetch_related(
        Prefetch("shares", queryset=FeeShare.objects.select_related("municipality")), "lines"
    )


def index(request):
    """The newest year's budget."""
    budget = _budgets().first()
    if budget is None:
        return render(request, "budgets/empty.html")
    return _budget_page(request, budget)


def detail(request, year):
    budget = _budgets().filter(year=year).first()
    if budget is None:
        raise Http404(_("There is no budget for that year."))
    return _budget_page(request, budget)
