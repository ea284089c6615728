"""Suite-wide fixtures. Birmingham's 69 real wards and their postcodes are loaded once into the
test database, so tests read the data the product ships."""

import datetime
import zlib

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wards.services import ward_profiles_import, wards_import_2018


def pytest_addoption(parser):
    parser.addoption(
        "--browser-share", metavar="FROM:TO", default="0:100",
        help="run only the browser tests (tests/e2e) whose bucket, the CRC-32 of the test's node id "
             "modulo 100, is in FROM <= bucket < TO; the rest are deselected. Two runs given 0:N and "
             "N:100 run each browser test once between them (.ci/run). Default 0:100, all of them.")


def _browser_share(config) -> range:
    value = config.getoption("browser_share")
    try:
        start, stop = (int(part) for part in value.split(":"))
    except ValueError:
        raise pytest.UsageError(f"--browser-share={value}: expected FROM:TO, such as 0:60") from None
    if not 0 <= start <= stop <= 100:
        raise pytest.UsageError(f"--browser-share={value}: expected 0 <= FROM <= TO <= 100")
    return range(start, stop)


def browser_bucket(nodeid: str) -> int:
    """The fixed bucket (0 to 99) of a browser test: the same on every machine and every run."""
    return zlib.crc32(nodeid.encode()) % 100


def pytest_report_header(config):
    share = _browser_share(config)
    if share != range(0, 100):
        return f"browser tests: the share {share.start}:{share.stop} of 100 (--browser-share)"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """pytest-randomly shuffles the tests (seeding random, Faker and factory-boy per test; see
    the seed in the header; repeat it with --randomly-seed=N, or keep the file order with
    -p no:randomly),
    and it does so after pytest-django has put the transactional tests (worker, browser,
    concurrency) after the others. Sort again, stably, so that the shuffle stays within each
    kind and a transactional test's flush never empties the wards under a test that reads them."""
    from pytest_django.plugin import pytest_collection_modifyitems as in_pytest_django_order

    in_pytest_django_order(items)

    share = _browser_share(config)
    if share != range(0, 100):
        kept, left = [], []
        for item in items:
            is_browser = item.nodeid.startswith("tests/e2e/")
            (left if is_browser and browser_bucket(item.nodeid) not in share else kept).append(item)
        if left:
            config.hook.pytest_deselected(items=left)
            items[:] = kept


# The rows the ward import wrote, by model in the order they were written: transactional tests
# get the same rows back by bulk insert (a second), not by importing again (ten seconds each).
_IMPORTED: list[tuple[type, list]] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.apps import apps

    with django_db_blocker.unblock():
        wards_import_2018(commit=True)
        ward_profiles_import(commit=True)
        for model in apps.get_app_config("wards").get_models():
            rows = list(model._base_manager.order_by("pk"))
            if rows:
                _IMPORTED.append((model, rows))


# Tests create many users; production keeps Django's slow, strong hasher.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, rolled back after its last test, for data its
    tests share: a module-scoped fixture that asks for this one builds the data once (the demo's,
    which takes seconds to make) instead of once for each test. Each test still runs in its own
    transaction inside it (a savepoint), so what a test writes is gone before the next one.
    Every test of such a module must expect the shared data: one that needs an empty database
    belongs in another module."""
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def birmingham_wards(transactional_db):
    """For transactional tests (worker, browser): the flush after each one empties the tables,
    so the imported wards and postcodes are put back as they were, and the id sequences moved
    past them (PostgreSQL) so that rows a test adds do not collide with them. The tests that
    load the wards through the importer itself are in wards/tests/test_services.py."""
    from django.core.management.color import no_style
    from django.db import connection

    for model, rows in _IMPORTED:
        if not model._base_manager.exists():  # still there when no transactional test ran before
            model._base_manager.bulk_create(rows, batch_size=2000)
    sequences = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in _IMPORTED])
    with connection.cursor() as cursor:
        for statement in sequences:
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; production keeps Django's slow, strong hasher.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    """API rate counts live in the cache: each test starts with none, and with no kept page."""
    from django.core.cache import cache

    from localism.core import pagecache

    cache.clear()
    pagecache.for_tests_start_afresh()
    yield
    cache.clear()


@pytest.fixture
def session_queries(settings) -> int:
    """The queries a signed-in request spends reading its session: one from the database, none
    when sessions are read from Redis (`cached_db`, with REDIS_URL set), for exact query counts."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


@pytest.fixture
def page_cache(settings):
    """Public pages and anonymous API reads are kept, as in production (localism/core/pagecache.py)."""
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def api_client():
    return APIClient()


NOVEMBER = datetime.date(2026, 11, 30)


@pytest.fixture
def today_is(monkeypatch):
    """"Today" for the pages, services and rules is 30 November 2026 until the test calls
    `today_is(another_day)`; the local date of a given moment is as it is."""
    localdate = timezone.localdate
    day = {"today": NOVEMBER}
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: (
        day["today"] if value is None else localdate(value, timezone)))

    def set_today(new_day: datetime.date) -> None:
        day["today"] = new_day
    return set_today


@pytest.fixture(autouse=True)
def api_gives_out_no_personal_data(monkeypatch):
    """Every API response in the suite is scanned for residents' personal data
    (tests/personal_data_scan.py): one that gives any out fails its test."""
    from django.core.handlers.base import BaseHandler

    from tests.personal_data_scan import scan

    get_response = BaseHandler.get_response

    def scanned(self, http_request):
        response = get_response(self, http_request)
        scan(http_request, response)
        return response

    monkeypatch.setattr(BaseHandler, "get_response", scanned)
    yield
