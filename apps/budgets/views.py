import textwrap

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Budget, BudgetLine, FeeShare

# The chart is drawn in a 520-unit-wide box: a label above each bar, in as many lines as it needs, the amount after
# the bar. On a phone (390 px wide) the box is drawn 358 px wide; labels of 18 units are then 12.4 px high, and
# charts.css makes them 15 units on a wide screen, where the box is drawn at about its own size.
CHART_WIDTH = 520
VALUE_ROOM = 150  # "12 345 678 kr" at 18 units
LABEL_CHARACTERS = 40  # a line of label at 18 units, bold, within the box
LINE_HEIGHT = 22
ROW_HEIGHT = 54  # one line of label, the bar and the space under it


def _label_lines(label):
    """A label broken between words into lines that fit the box; never cut."""
    return textwrap.wrap(label, LABEL_CHARACTERS, break_long_words=False, break_on_hyphens=False) or [""]


def _bar_chart(rows):
    """Geometry of a horizontal bar chart for (label, amount) rows, scaled to the largest amount.

    Coordinates are strings so that the template never localises them ("12,5" is no SVG number)."""
    top = max((amount for _label, amount in rows), default=0)
    bars = []
    y = 0
    for label, amount in rows:
        lines = _label_lines(label)
        width = float(amount) / float(top) * (CHART_WIDTH - VALUE_ROOM) if top else 0
        bar_y = y + 18 + (len(lines) - 1) * LINE_HEIGHT + 7
        bars.append({
            "label": label,
            "lines": lines,
            "amount": amount,
            "label_y": f"{y + 18}",
            "bar_y": f"{bar_y}",
            "width": f"{width:.1f}",
            "value_x": f"{width + 6:.1f}",
            "value_y": f"{bar_y + 15}",
        })
        y += ROW_HEIGHT + (len(lines) - 1) * LINE_HEIGHT
    return {
        "bars": bars, "width": f"{CHART_WIDTH}", "height": f"{max(y, ROW_HEIGHT)}", "line_height": f"{LINE_HEIGHT}",
    }


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
        "years": list(Budget.objects.adopted().values_list("year", flat=True)),
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
    """The budgets the public reads: the adopted ones."""
    return Budget.objects.adopted().prefetch_related(
        Prefetch("shares", queryset=FeeShare.objects.select_related("municipality")), "lines"
    )


def index(request):
    """The newest year's adopted budget."""
    budget = _budgets().first()
    if budget is None:
        return render(request, "budgets/empty.html")
    return _budget_page(request, budget)


def detail(request, year):
    budget = _budgets().filter(year=year).first()
    if budget is None:
        raise Http404(_("There is no budget for that year."))
    return _budget_page(request, budget)
