from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("nyckeltal/", views.key_figures_newest, name="key_figures_newest"),
    path("nyckeltal/<int:year>/", views.key_figures, name="key_figures"),
    path("nyckeltal/<int:year>/pdf/", views.key_figures_pdf, name="key_figures_pdf"),
    path("<slug:slug>/<int:year>/", views.report, name="report"),
    path("<slug:slug>/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
]
