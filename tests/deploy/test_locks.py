"""The two locks scripts/lock makes: a server installs requirements/prod.lock, the tests requirements/test.lock,
both with `pip install --require-hashes`."""

import ast
import re
import sys
from importlib import metadata

import pytest
from django.conf import settings
from packaging.requirements import Requirement

ROOT = settings.BASE_DIR
REQUIREMENTS = ROOT / "requirements"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
# A line of a lock: exactly one version, perhaps a marker, then one or more hashes and nothing else.
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)(?: ; [^\\]+?)?(?: \\?\s*--hash=sha256:[0-9a-f]{64})+$")
# What only tests, benchmarks or a developer use; none of it belongs on a server.
TEST_TOOLS = re.compile(
    r"^(pytest.*|playwright|axe-.*|aiosmtpd|atpublic|iniconfig|pluggy|coverage|hypothesis|factory-boy|faker|"
    r"django-debug-toolbar|ruff|mypy|django-stubs|uv|pip-tools)$"
)


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def entries(lock):
    """Each requirement of a lock as one line: continuation lines joined, comments and blank lines left out."""
    text = re.sub(r"\\\n\s*", r"\\ ", (REQUIREMENTS / lock).read_text())
    lines = [line.split(" #", 1)[0].rstrip() if not line.startswith("#") else "" for line in text.splitlines()]
    return [line for line in lines if line.strip()]


def pins(lock):
    """{normalized name: version} of a lock."""
    found = {}
    for line in entries(lock):
        match = PINNED.match(line.replace("\\ ", " "))
        assert match, f"{lock}: not pinned to one version with hashes: {line[:120]}"
        found[normalized(match["name"])] = match["version"]
    return found


def named_in(requirements_in):
    """The packages an input names itself (not through -r or -c)."""
    names = set()
    for line in (REQUIREMENTS / requirements_in).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(normalized(Requirement(line).name))
    return names


@pytest.mark.parametrize("lock", ["prod.lock", "test.lock"])
def test_every_line_of_the_lock_is_one_version_with_its_hashes(lock):
    lines = entries(lock)
    assert len(lines) > 40
    for line in lines:
        assert not line.startswith(("-e", "--", "-r", "-c")), f"{lock}: an option where only packages belong: {line}"
        assert "://" not in line and " @ " not in line, f"{lock}: a package from a URL: {line[:120]}"
        assert PINNED.match(line.replace("\\ ", " ")), f"{lock}: not pinned with hashes: {line[:120]}"
        assert HASH.search(line)


def test_no_test_tool_is_installed_on_a_server():
    production = pins("prod.lock")
    assert sorted(name for name in production if TEST_TOOLS.match(name)) == []
    assert named_in("test.in") & set(production) == set()


def test_the_test_lock_has_every_production_package_at_the_same_version():
    production, test = pins("prod.lock"), pins("test.lock")
    assert {name: test.get(name) for name in production} == production
    assert named_in("test.in") <= set(test)


@pytest.mark.parametrize(("requirements_in", "lock"), [("prod.in", "prod.lock"), ("test.in", "test.lock")])
def test_every_package_an_input_names_is_in_its_lock(requirements_in, lock):
    """An input edited without running scripts/lock afterwards."""
    assert named_in(requirements_in) - set(pins(lock)) == set()


LOCAL = {"apps", "sodertorn", "tests", "bench", *(path.stem for path in (ROOT / "bench").glob("*.py"))}


def imported_by(*tops):
    """Top-level modules that the folders `tops` import, outside the standard library and the project."""
    modules = set()
    for top in tops:
        for path in (ROOT / top).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return {module for module in modules if module not in sys.stdlib_module_names and module not in LOCAL}


def named_by_the_settings():
    """Top-level modules the settings name as dotted paths: apps, middleware, backends."""
    paths = [*settings.INSTALLED_APPS, *settings.MIDDLEWARE, settings.WSGI_APPLICATION]
    paths += [cache["BACKEND"] for cache in settings.CACHES.values()]
    paths += [storage["BACKEND"] for storage in settings.STORAGES.values()]
    paths += [backend["BACKEND"] for backend in settings.TASKS.values()]
    modules = {path.split(".")[0] for path in paths}
    if any(database["ENGINE"].endswith("postgresql") for database in settings.DATABASES.values()):
        modules.add("psycopg")  # Django's PostgreSQL backend imports it
    if any(cache["BACKEND"].endswith("RedisCache") for cache in settings.CACHES.values()):
        modules.add("redis")
    return modules - {"apps", "sodertorn"}


def not_in(lock, modules):
    """{module: its distributions} for each of `modules` that no package of `lock` provides."""
    locked = set(pins(lock))
    distributions = metadata.packages_distributions()
    return {
        module: distributions.get(module)
        for module in modules
        if not {normalized(name) for name in distributions.get(module, [])} & locked
    }


def test_every_package_the_portal_imports_is_in_the_production_lock():
    modules = imported_by("apps", "sodertorn") | named_by_the_settings()
    assert {"django", "weasyprint", "psycopg", "whitenoise", "modeltranslation"} <= modules
    assert not_in("prod.lock", modules) == {}


def test_every_package_the_tests_and_the_bench_import_is_in_the_test_lock():
    modules = imported_by("tests", "bench")
    assert {"pytest", "playwright", "django"} <= modules
    assert not_in("test.lock", modules) == {}


def test_the_program_the_readme_serves_with_is_in_the_production_lock():
    readme = (ROOT / "README.md").read_text()
    programs = set(re.findall(r"ExecStart=\S*/\.venv/bin/(\w+)", readme)) - {"python", "python3"}
    assert programs == {"gunicorn"}
    scripts = {entry.name: entry.dist.name for entry in metadata.entry_points(group="console_scripts")}
    assert {normalized(scripts[program]) for program in programs} <= set(pins("prod.lock"))


def test_what_each_production_package_needs_is_in_the_production_lock():
    """pip --require-hashes refuses a lock that leaves out a dependency; this says which, before a server does."""
    production = pins("prod.lock")
    missing = set()
    for name in production:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # only where a marker excludes this machine (brotlicffi on CPython, colorama off Windows)
        for requirement in map(Requirement, requires):
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            if normalized(requirement.name) not in production:
                missing.add(f"{name} needs {requirement}")
    assert missing == set()
