"""The follow-up's public pages: the programme's follow-up report of a year and Södertörns nyckeltal, each with its
PDF (reports.py builds the context of both, page and PDF alike)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.documents.pdf import pdf_response

from . import reports


def _follow_up(request, slug, year):
    follow_up = reports.readable_follow_up(
        slug, year, may_preview=request.user.has_perm("followup.view_followup")
    )
    if follow_up is None:
        raise Http404(_("There is no follow-up report of that programme for that year."))
    return follow_up


def report(request, slug, year):
    follow_up = _follow_up(request, slug, year)
    return render(request, "followup/report.html", reports.report_context(follow_up))


def report_pdf(request, slug, year):
    follow_up = _follow_up(request, slug, year)
    key, build = reports.report_document(follow_up)
    return pdf_response(request, key, reports.report_filename(follow_up), build)


def _presentation_year(year):
    if not reports.has_presentation(year):
        raise Http404(_("There is no presentation of the key figures for that year."))
    return year


def key_figures_newest(request):
    """The newest presentation: the key figures page links here, and needs no query to do so."""
    years = reports.presentation_years()
    if not years:
        raise Http404(_("There is no presentation of the key figures yet."))
    return redirect("followup:key_figures", years[0])


def key_figures(request, year):
    _presentation_year(year)
    return render(request, "followup/keyfigures.html", reports.presentation_context(year))


def key_figures_pdf(request, year):
    _presentation_year(year)
    key, build = reports.presentation_document(year)
    return pdf_response(request, key, f"sodertorns-nyckeltal-{year}.pdf", build)
