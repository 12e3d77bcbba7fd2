"""The settings a production server runs with: those documented in .env.example."""

import os
import re
import subprocess
import sys

from django.conf import settings
from django.core.management.utils import get_random_secret_key

ROOT = settings.BASE_DIR
ASSIGNMENT = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def documented_variables():
    """Every variable .env.example names, active or commented out, with its value."""
    variables = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if match := ASSIGNMENT.match(line.strip()):
            commented, name, value = match.groups()
            variables[name] = (value, commented is None)
    return variables


def production_environment(**changes):
    """The environment of this process without the project's variables, plus the active lines of .env.example."""
    variables = documented_variables()
    # Nor Django's own switches the test run sets (the browser tests allow async-unsafe calls): a server has none.
    environment = {
        name: value for name, value in os.environ.items() if name not in variables and not name.startswith("DJANGO_")
    }
    environment.update({name: value for name, (value, active) in variables.items() if active})
    environment["SECRET_KEY"] = get_random_secret_key()
    # The checks read the database server's version (the search columns are generated columns), so they run
    # against a reachable PostgreSQL, as on a production server: the test run's, its maintenance database.
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        environment["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def manage(*args, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


def test_every_variable_the_settings_read_is_documented_in_env_example():
    source = (ROOT / "sodertorn" / "settings.py").read_text()
    read = set(re.findall(r"""env(?:\.\w+)*\(\s*["']([A-Z][A-Z0-9_]*)["']""", source))
    assert read - set(documented_variables()) == set()


def test_the_production_environment_passes_the_deployment_checks_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=production_environment())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_the_deployment_checks_warn_about_a_cache_that_workers_do_not_share():
    result = manage("check", "--deploy", environment=production_environment(CACHE_URL="locmemcache://"))
    assert "portal.W001" in result.stderr + result.stdout
    assert "pages stay stale" in result.stderr + result.stdout


def test_a_secret_key_that_starts_with_a_dollar_sign_is_taken_as_it_is():
    key = "$" + get_random_secret_key()[1:]
    result = manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
        environment=production_environment(SECRET_KEY=key),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_without_a_secret_key_the_portal_refuses_to_start():
    result = manage("check", environment=production_environment(SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set" in result.stderr


def test_with_a_short_secret_key_the_portal_refuses_to_start():
    result = manage("check", environment=production_environment(SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set" in result.stderr


def test_without_allowed_hosts_the_portal_refuses_to_start():
    result = manage("check", environment=production_environment(ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_the_development_server_needs_only_debug():
    environment = production_environment(DEBUG="1", SECRET_KEY=None, ALLOWED_HOSTS=None, DATABASE_URL=None)
    result = manage("check", environment=environment)
    assert result.returncode == 0, result.stderr
