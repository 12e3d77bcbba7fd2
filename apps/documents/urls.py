from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("kallelse/<int:pk>/", views.agenda, name="agenda"),
    path("handlingar/<int:pk>/", views.bundle, name="bundle"),
    path("program/<slug:slug>/", views.programme, name="programme"),
    path("verksamhetsplan/<int:year>/", views.yearly_plan, name="yearly_plan"),
]
