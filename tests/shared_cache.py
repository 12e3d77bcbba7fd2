"""Fixtures for tests that run against a real Redis, as production's shared cache (CACHE_URL=redis://…).

`redis_cache`: the throwaway Redis that scripts/test starts for the whole run (TEST_REDIS_URL), emptied before
and after the test. `own_redis`: a Redis server of the test's own, which it may stop or fill.
Import the fixtures into a test module: `from tests.shared_cache import redis_cache  # noqa: F401`.
"""

import os
import shutil
import subprocess
import time

import pytest
import redis

from tests.conftest import free_port


def redis_settings(url):
    """CACHES as sodertorn/settings.py makes them from CACHE_URL=`url`."""
    import environ

    config = environ.Env.cache_url_config(url)
    config["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 2}
    return {"default": config}


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set: scripts/test starts a throwaway Redis and sets it")
    # Each of pytest-xdist's workers (gw0, gw1, ...) empties and fills a database of its own.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"{url.rsplit('/', 1)[0]}/{int(worker.removeprefix('gw'))}"


@pytest.fixture
def redis_cache(settings, redis_url):
    """The default cache is the throwaway Redis, empty."""
    from django.core.cache import cache

    settings.CACHES = redis_settings(redis_url)
    redis.Redis.from_url(redis_url).flushdb()
    yield cache
    redis.Redis.from_url(redis_url).flushdb()


class OwnRedis:
    def __init__(self, directory):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(directory)],
            stdout=subprocess.DEVNULL,
        )
        self.client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def own_redis(settings, tmp_path):
    """A Redis server of this test's own as the default cache; stopped at the end if the test has not."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: scripts/test installs Debian's")
    server = OwnRedis(tmp_path)
    settings.CACHES = redis_settings(server.url)
    yield server
    server.stop()
