from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("katalog", views.catalogue, name="catalogue"),
    path("katalog.rdf", views.catalogue_rdf, name="rdf"),
    path("katalog.ttl", views.catalogue_turtle, name="turtle"),
    path("schema/<slug:name>.json", views.schema, name="schema"),
]
