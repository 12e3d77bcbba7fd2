from django.urls import path

from . import views

app_name = "meetings"

# A meeting lives under mote/ so that its number can never be read as a year (/moten/2017/).
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:year>/", views.calendar_year, name="year"),
    path("<int:year>/<int:month>/", views.calendar_month, name="month"),
    path("mote/<int:pk>/", views.detail, name="detail"),
    path("kalender.ics", views.feed_all, name="feed"),
    path("kalender-<int:year>.ics", views.feed_year, name="feed_year"),
    path("organ/<slug:slug>.ics", views.feed_body, name="feed_body"),
    path("kommun/<slug:slug>.ics", views.feed_municipality, name="feed_municipality"),
    path("oppna-data/", views.open_data, name="open_data"),
    path("<int:year>.csv", views.year_csv, name="year_csv"),
    path("<int:year>.json", views.year_json, name="year_json"),
    path("dokument/<path:name>", views.document, name="document"),
]
