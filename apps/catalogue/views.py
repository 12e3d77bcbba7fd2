from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from apps.core.open_data import readable_by_any_site

from .catalogue import build_graph
from .schemas import SCHEMAS, published

RDF_XML = "application/rdf+xml"
TURTLE = "text/turtle"
HTML = "text/html"


def catalogue_rdf(request):
    """The catalogue in RDF/XML, the syntax dataportal.se harvests."""
    content = build_graph().serialize(format="pretty-xml", encoding="utf-8")
    response = HttpResponse(content, content_type=f"{RDF_XML}; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sodertorn-katalog.rdf"'
    return readable_by_any_site(response)


def catalogue_turtle(request):
    content = build_graph().serialize(format="turtle", encoding="utf-8")
    response = HttpResponse(content, content_type=f"{TURTLE}; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sodertorn-katalog.ttl"'
    return readable_by_any_site(response)


def catalogue(request):
    """The catalogue's own URI: 303 See Other to the syntax the client asks for, RDF/XML when it names none (a
    harvester that loads the URI), and to the open data page for a browser."""
    wanted = request.get_preferred_type([RDF_XML, TURTLE, HTML]) or RDF_XML
    target = {
        RDF_XML: reverse("catalogue:rdf"),
        TURTLE: reverse("catalogue:turtle"),
        HTML: reverse("meetings:open_data"),
    }[wanted]
    response = HttpResponseRedirect(target, status=303)
    patch_vary_headers(response, ["Accept"])
    return readable_by_any_site(response)


def schema(request, name):
    if name not in SCHEMAS:
        raise Http404
    response = JsonResponse(
        published(name), json_dumps_params={"ensure_ascii": False, "indent": 2},
        content_type="application/schema+json",
    )
    return readable_by_any_site(response)
