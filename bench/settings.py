"""The page table's settings (bench/run, "Pages over HTTP"): production's, except that /health/ goes through the
whole middleware stack, as the trivial Django view that issue 3 compares each cached page with. In production the
first middleware answers it (apps/core/views.py), which makes it cheaper than any page could be."""

from sodertorn.settings import *  # noqa: F403

MIDDLEWARE = [name for name in MIDDLEWARE if name != "apps.core.views.HealthCheckMiddleware"]  # noqa: F405
