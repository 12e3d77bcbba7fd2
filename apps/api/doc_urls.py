"""The read API's documentation page, one address per language (/api/, /en/api/)."""

from django.urls import path

from . import views

app_name = "api_docs"

urlpatterns = [
    path("", views.docs, name="index"),
]
