"""The layering DESIGN.md decides, held by a test: dependencies point one way, downwards, and no
app imports another app's views, forms, API, admin or template tags (what two apps share lives in
localism.core)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Lowest first: an app may import only apps below it.
LAYERS = ["localism.core", "localism.accounts", "wards", "assets", "hubs", "engagement", "localism.reports"]
PRESENTATION = {"views", "forms", "api", "admin", "templatetags"}
TAG_LIBRARIES = {"core_tags": "localism.core", "ward_tags": "wards", "hub_tags": "hubs"}


def _app_of(module: str) -> str | None:
    for app in sorted(LAYERS, key=len, reverse=True):
        if module == app or module.startswith(app + "."):
            return app
    return None


def _source_files():
    for app in LAYERS:
        folder = ROOT / app.replace(".", "/")
        for path in folder.rglob("*.py"):
            parts = set(path.relative_to(folder).parts)
            if "tests" in parts or "migrations" in parts:
                continue
            yield app, path


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            if _app_of(node.module) == node.module:  # from wards import views
                for alias in node.names:
                    yield node.lineno, f"{node.module}.{alias.name}"


def _violations():
    for app, path in _source_files():
        for line, module in _imports(path):
            other = _app_of(module)
            if other is None or other == app:
                continue
            where = f"{path.relative_to(ROOT)}:{line} imports {module}"
            if LAYERS.index(other) > LAYERS.index(app):
                yield f"{where} (an app above {app})"
            rest = module[len(other) + 1:].split(".")
            if rest and rest[0] in PRESENTATION and other != "localism.core":
                yield f"{where} ({other}'s {rest[0]})"


def test_no_app_imports_upwards_or_another_apps_presentation_code():
    assert list(_violations()) == []


@pytest.mark.parametrize("folder, app", [("wards", "wards"), ("hubs", "hubs")])
def test_templates_load_only_their_own_and_the_cores_tags(folder, app):
    loads = re.compile(r"{%\s*load\s+([^%]+)%}")
    wrong = []
    for path in (ROOT / "templates" / folder).rglob("*.html"):
        for match in loads.finditer(path.read_text()):
            for library in match.group(1).split():
                owner = TAG_LIBRARIES.get(library)
                if owner not in (None, app, "localism.core"):
                    wrong.append(f"{path.relative_to(ROOT)} loads {library}")
    assert wrong == []
