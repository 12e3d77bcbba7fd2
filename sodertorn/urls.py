from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from apps.core.views import health

admin.site.site_header = "Södertörnsportalen"
admin.site.site_title = "Södertörnsportalen"
admin.site.index_title = "Sekretariatets arbetsyta"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
    path("api/v1/", include("apps.api.urls")),
    # The open data catalogue and the JSON Schemas: one address each, whatever the language.
    path("data/", include("apps.catalogue.urls")),
]

# Swedish lives at the root, English under /en/, so every page has one address per language.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("apps.portal.urls")),
    path("kommuner/", include("apps.municipalities.urls")),
    path("organ/", include("apps.bodies.urls")),
    path("moten/", include("apps.meetings.urls")),
    path("program/", include("apps.programme.urls")),
    path("verksamhetsplan/", include("apps.plans.urls")),
    path("budget/", include("apps.budgets.urls")),
    path("vardskap/", include("apps.rotations.urls")),
    path("nyckeltal/", include("apps.keyfigures.urls")),
    path("dokument/", include("apps.documents.urls")),
    path("kallelse/", include("apps.notices.urls")),
    path("protokoll/", include("apps.minutes.urls")),
    path("api/", include("apps.api.doc_urls")),
    path("uppfoljning/", include("apps.followup.urls")),
    prefix_default_language=False,
)
