from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from apps.core.admin import OwnMunicipalityMixin, PortalAdmin, SpreadsheetAdmin

from .forms import KoladaImportForm
from .models import ComparisonValue, Indicator, KeyFigure
from .resources import KeyFigureResource
from .services import import_kolada_csv


@admin.register(Indicator)
class IndicatorAdmin(PortalAdmin):
    list_display = ["name", "unit", "kolada_id", "is_sample"]
    search_fields = ["name", "kolada_id"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ComparisonValue)
class ComparisonValueAdmin(PortalAdmin):
    list_display = ["indicator", "area", "year", "value"]
    list_select_related = ["indicator"]
    list_filter = ["area", "indicator", "year"]
    search_fields = ["indicator__name"]


@admin.register(KeyFigure)
class KeyFigureAdmin(OwnMunicipalityMixin, SpreadsheetAdmin):
    resource_classes = [KeyFigureResource]
    municipality_scoped = True
    list_display = ["indicator", "municipality", "year", "value"]
    list_select_related = ["indicator", "municipality"]
    list_filter = ["indicator", "year", "municipality"]
    search_fields = ["indicator__name", "municipality__name"]

    def get_urls(self):
        return [
            path("kolada/", self.admin_site.admin_view(self.kolada_import_view), name="keyfigures_keyfigure_kolada"),
            *super().get_urls(),
        ]

    def changelist_links(self, request):
        links = super().changelist_links(request)
        if self.has_import_permission(request):
            links.append((reverse("admin:keyfigures_keyfigure_kolada"), _("Import from Kolada")))
        return links

    def kolada_import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        result = None
        form = KoladaImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = b"".join(form.cleaned_data["file"].chunks())
            result = import_kolada_csv(data, form.cleaned_data["indicator"], user=request.user)
            if result.ok:
                self.message_user(
                    request,
                    _("Kolada import: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, "
                      "%(skipped)d skipped (values for women and men apart, or empty).") % {
                        "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
                        "skipped": result.skipped},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:keyfigures_keyfigure_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import key figures from Kolada"),
            "opts": self.opts,
            "form": form,
            "result": result,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/keyfigures/kolada_import.html", context)
