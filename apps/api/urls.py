"""The read API at /api/v1/, outside the language prefixes: its data and addresses are the same in every language."""

from django.urls import path

from . import views
from .resources import RESOURCES

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi_description, name="openapi"),
    *[
        pattern
        for name in RESOURCES
        for pattern in (
            path(f"{name}/", views.object_list, {"name": name}, name=f"{name}-list"),
            path(f"{name}/<int:pk>/", views.object_detail, {"name": name}, name=f"{name}-detail"),
        )
    ],
    # Anything else under /api/v1/ answers in JSON too, not with the HTML page.
    path("<path:rest>", views.not_found),
]
