from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("arkiv/", views.archive, name="archive"),
    path("jamfor/", views.compare, name="compare"),
    path("<slug:slug>/", views.version, name="version"),
    path("<slug:slug>.json", views.export_json, name="json"),
    path("<slug:slug>.csv", views.export_csv, name="csv"),
]
