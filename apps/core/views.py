from django.http import HttpResponse


def health(request):
    """For load balancers and for the benchmark's baseline: no database, no cache, no template."""
    return HttpResponse("ok", content_type="text/plain")


class HealthCheckMiddleware:
    """Answers `GET /health/` before any other middleware: a load balancer's check needs no session, language,
    user, two-factor state, login throttle or page cache, and under load it should not pay for them: here it takes
    a tenth of a worker's time it took through the whole stack (README, "Abuse"). Its Host header is still checked
    against ALLOWED_HOSTS (a 400 otherwise), and it is not sent to HTTPS, as SECURE_REDIRECT_EXEMPT says for the
    view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/health/" and request.method in ("GET", "HEAD"):
            request.get_host()
            return health(request)
        return self.get_response(request)
