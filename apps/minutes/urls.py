from django.urls import path

from . import views

app_name = "minutes"

urlpatterns = [
    path("uppdrag/", views.assignments, name="assignments"),
    path("<int:minutes_id>/protokoll.pdf", views.pdf, name="pdf"),
    path("<int:minutes_id>/justera/", views.justering_logged_in, name="justering_logged_in"),
    path("justera/<str:link>/", views.justering, name="justering"),
    path("justera/<str:link>/protokoll.pdf", views.justering_pdf, name="justering_pdf"),
]
