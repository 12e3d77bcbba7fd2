"""The apps' imports follow the map in the README: `core` at the bottom, `portal` at the top, each domain
app importing only what its row allows."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "apps"


def imported_apps(app: str) -> dict[str, set[str]]:
    """The other apps of the project that an app's modules import, each with the files that do it."""
    found: dict[str, set[str]] = {}
    for path in (APPS / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "apps" and len(parts) > 1 and parts[1] != app:
                    found.setdefault(parts[1], set()).add(str(path.relative_to(ROOT)))
    return found


def readme_map() -> dict[str, set[str] | None]:
    """The README's table of the apps: what each may import (None: any app)."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## The apps", 1)[1].split("\n## ", 1)[0]
    allowed = {}
    for row in re.findall(r"^\| `(\w+)` \|.*\| (.+?) \|$", section, re.MULTILINE):
        app, may_import = row
        allowed[app] = None if may_import.strip() == "any" else set(re.findall(r"`(\w+)`", may_import))
    return allowed


def project_apps() -> set[str]:
    return {path.name for path in APPS.iterdir() if (path / "apps.py").exists()}


def test_the_readme_maps_every_app():
    assert set(readme_map()) == project_apps()


def test_every_app_imports_only_what_the_readme_allows():
    wrong = {}
    for app, allowed in readme_map().items():
        if allowed is None:
            continue
        for imported, files in imported_apps(app).items():
            if imported not in allowed:
                wrong[f"{app} → {imported}"] = sorted(files)
    assert wrong == {}


def test_core_imports_no_other_app_and_no_app_imports_portal():
    assert imported_apps("core") == {}
    importing_portal = {app for app in project_apps() - {"portal"} if "portal" in imported_apps(app)}
    assert importing_portal == set()


def test_the_readme_names_no_import_that_is_not_made():
    # A map that allows more than the code does hides the next upward arrow.
    unused = {}
    for app, allowed in readme_map().items():
        if allowed:
            extra = allowed - set(imported_apps(app))
            if extra:
                unused[app] = extra
    assert unused == {}
