from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("kontakt/", views.contact, name="contact"),
    path("personuppgifter/", views.personal_data, name="personal_data"),
]
