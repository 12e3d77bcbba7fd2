"""Expensive work done once, whatever the number of workers and servers asking for it at the same moment.

A page or a PDF that is not in the cache is built by the first request that takes its lock, a key in the
shared cache (CACHE_URL) set with `cache.add`, which Redis and memcached do atomically (SET NX): of eight
workers asking for one freshly changed PDF, one renders it and the others wait for it, or take the previous
version when the caller offers one. The lock expires by itself after LOCK_TIMEOUT, so a worker killed
mid-render does not hold it for ever.

The cache failing (Redis stopped, full, or not answering within the socket timeouts in settings) fails
open here: the work is done for this request alone and not stored, and the site keeps answering.
"""

import logging
import time
import uuid
from collections.abc import Callable
from enum import StrEnum

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache backend raises when its server is down, full or slow: Redis's own errors, and socket errors.
CACHE_ERRORS = (RedisError, OSError)
# Longer than any render; a lock left by a killed worker is free again after this.
LOCK_TIMEOUT = 120
POLL = 0.05


class How(StrEnum):
    HIT = "hit"  # the cache held it
    BUILT = "built"  # built by this call, and stored when it could be
    WAITED = "waited"  # built by another process while this one waited for it
    INSTEAD = "instead"  # another process is building it; the caller's stand-in (e.g. the previous version)
    UNCACHED = "uncached"  # the cache failed: built by this call for this request alone


class Lock:
    """A lock named `name` in the shared cache, released only by its holder."""

    def __init__(self, name: str, timeout: int = LOCK_TIMEOUT):
        self.key = f"lock:{name}"
        self.token = uuid.uuid4().hex
        self.timeout = timeout

    def acquire(self) -> bool:
        return cache.add(self.key, self.token, self.timeout)

    def release(self) -> None:
        # Not atomic, but a lock that expired under a slow holder and was taken by another is not deleted.
        try:
            if cache.get(self.key) == self.token:
                cache.delete(self.key)
        except CACHE_ERRORS:
            logger.warning("Could not release the lock %s; it expires by itself", self.key, exc_info=True)


def wait_for(key: str, lock: Lock, seconds: float):
    """The value under `key` once another process has stored it; None when the lock is given up without a value
    (the result was not one to store) or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(POLL)
        found = cache.get_many([key, lock.key])
        if key in found:
            return found[key]
        if lock.key not in found:
            return None
    return None


def cached_or_built(key: str, build: Callable, *, timeout: int, wait: float,
                    keep: Callable = lambda value: True, instead: Callable | None = None):
    """The value under `key`, built by `build()` in one process at a time, and stored for `timeout` seconds when
    `keep(value)`. Returns (value, How).

    While another process builds it, this one returns `instead()` at once when that gives a value (a stand-in,
    such as the previous version of a document), and otherwise waits up to `wait` seconds for it; after that,
    or when the other gave up without storing a value, it builds the value itself.
    """
    try:
        value = cache.get(key)
        if value is not None:
            return value, How.HIT
        lock = Lock(key)
        mine = lock.acquire()
        if not mine:
            if instead is not None and (stand_in := instead()) is not None:
                return stand_in, How.INSTEAD
            value = wait_for(key, lock, wait)
            if value is not None:
                return value, How.WAITED
    except CACHE_ERRORS:
        logger.warning("The cache failed: %s is built without it", key, exc_info=True)
        return build(), How.UNCACHED
    try:
        if mine:
            try:
                if (value := cache.get(key)) is not None:  # stored by another between our get and add
                    return value, How.HIT
            except CACHE_ERRORS:
                pass
        value = build()
        try:
            if keep(value):
                cache.set(key, value, timeout)
        except CACHE_ERRORS:
            logger.warning("The cache failed: %s is not stored", key, exc_info=True)
            return value, How.UNCACHED
        return value, How.BUILT
    finally:
        if mine:
            lock.release()
