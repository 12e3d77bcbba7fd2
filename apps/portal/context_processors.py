import logging

from django.core.cache import cache

from .models import DemoData

logger = logging.getLogger(__name__)

DEMO_DATA_KEY = "portal:demo-data"


def has_demo_data() -> bool:
    """Whether the database holds demonstration data: one query, then kept in the cache until the marking row
    is saved or deleted (apps.py)."""
    try:
        flag = cache.get(DEMO_DATA_KEY)
    except Exception:  # a cache out of reach must not take the page with it
        logger.warning("The cache failed: the demonstration data flag is read from the database", exc_info=True)
        return DemoData.objects.exists()
    if flag is None:
        flag = DemoData.objects.exists()
        remember_demo_data(flag)
    return flag


def remember_demo_data(present: bool) -> None:
    try:
        cache.set(DEMO_DATA_KEY, present, None)
    except Exception:
        logger.warning("The cache failed: the demonstration data flag was not kept", exc_info=True)


def demo_data(request):
    # A callable: the template calls it only where it asks, so pages without the banner (the admin) run no query.
    return {"demo_data": has_demo_data}
