from django.http import HttpResponse


def health(request):
    """For load balancers and for the benchmark's baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
