from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("forhinder/<str:token>/", views.absence, name="absence"),
]
