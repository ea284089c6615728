"""Browser tests: Playwright drives the system's Chromium against a live server, and axe-core
checks each page visited. Outside CI they skip, with the reason, where Chromium is missing;
under CI=true a missing browser fails the run."""

import functools
import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# Moderate violations fail too: they are real barriers (skipped headings, content outside landmarks).
BLOCKING_IMPACTS = {"moderate", "serious", "critical"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (browser tests must run under CI)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(browser, birmingham_wards, live_server, page_cache):
    """A page of the live site, with the Content-Security-Policy in force: any violation the
    browser reports (a blocked script, style or connection) fails the test."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


# The rows the demonstration commands wrote the first time a test asked for them, by model: the
# flush after each browser test empties the tables, and the later tests get the same rows back by
# one insert a table (about a second) instead of running the commands again (ten to fifteen).
_DEMO_ROWS: list[tuple[type, list]] = []
_DEMO_UNCACHEABLE: list[bool] = []  # set when the commands must run for every test


def _run_demo_commands(settings):
    settings.DEBUG = True  # demo_accounts refuses to run on a production site
    call_command("demo_accounts", verbosity=0)
    settings.DEBUG = False
    call_command("demo_wards", verbosity=0)
    call_command("demo_plans", verbosity=0)
    call_command("load_libraries", "--commit", verbosity=0)
    call_command("demo_hubs", verbosity=0)
    call_command("load_library_assets", "--commit", verbosity=0)
    call_command("link_hubs_to_assets", "--commit", verbosity=0)
    call_command("demo_engagement", verbosity=0)
    call_command("demo_assets", verbosity=0)
    call_command("demo_contracts", verbosity=0)
    call_command("demo_contributions", verbosity=0)
    call_command("link_hubs_to_assets", "--commit", verbosity=0)


def _demo_models():
    from django.apps import apps

    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy]


def _snapshot_demo(settings) -> list[tuple[type, list]] | None:
    """Run the commands and keep what they added; None (run them every time) if they changed a
    row that was there before or wrote one that names a content type or permission, whose ids
    the flush does not keep."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    models = _demo_models()
    before = {model: {row["pk"]: row for row in model._base_manager.values("pk", *(
        f.attname for f in model._meta.local_concrete_fields))} for model in models}
    _run_demo_commands(settings)
    added = []
    for model in models:
        fields = [f.attname for f in model._meta.local_concrete_fields]
        kept = {row["pk"]: row for row in model._base_manager.filter(pk__in=before[model]).values("pk", *fields)}
        if kept != before[model]:
            return None
        rows = list(model._base_manager.exclude(pk__in=before[model]).order_by("pk"))
        if rows and any(f.is_relation and f.related_model in (ContentType, Permission)
                        for f in model._meta.local_concrete_fields):
            return None
        if rows:
            added.append((model, rows))
    return added


def _restore_demo(rows_by_model) -> None:
    """Insert the kept rows as they were (raw: timestamps as stored), then move the id
    sequences past them (PostgreSQL) so that rows a test adds do not collide with them."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic():  # foreign keys are checked at the commit, so any table order does
        for model, rows in rows_by_model:
            fields = model._meta.local_concrete_fields
            for start in range(0, len(rows), 500):
                model._base_manager._insert(rows[start:start + 500], fields=fields, raw=True)
    statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in rows_by_model])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def demo(birmingham_wards, settings):
    """The demonstration data, so pages have realistic content: accounts, wards, plans, hubs.
    The commands run for the first test that asks; later tests get the rows they wrote back."""
    if _DEMO_ROWS:
        _restore_demo(_DEMO_ROWS)
    elif _DEMO_UNCACHEABLE:
        _run_demo_commands(settings)
    else:
        snapshot = _snapshot_demo(settings)
        if snapshot:
            _DEMO_ROWS.extend(snapshot)
        else:
            _DEMO_UNCACHEABLE.append(True)


def sign_in(page, username: str) -> None:
    """Sign in as one of the demonstration accounts (password localism-<username>)."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"localism-{username}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/workspace/")


def follow(locator) -> None:
    """Click a link or a form's button and wait for the page it leads to, so what comes next
    reads the new page, not the old one or one still loading."""
    with locator.page.expect_navigation():
        locator.click()


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text()


def assert_accessible(page):
    """Run axe-core on the page: no moderate, serious or critical violation may remain."""
    # Evaluated through the browser's debugging protocol, which the page's CSP does not govern
    # (a <script> tag added to the page would be refused, as it should be).
    page.evaluate(_axe_source())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"axe-core on {page.url}:\n" + json.dumps(blocking, indent=2)
