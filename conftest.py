"""Suite-wide fixtures. Birmingham's 69 real wards and their postcodes are loaded once into the
test database, so tests read the data the product ships."""

import pytest
from rest_framework.test import APIClient

from wards.services import wards_import_2018


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-randomly shuffles the tests (seeding random, Faker and factory-boy per test; see
    the seed in the header, repeat it with -p randomly --randomly-seed=N, or -p no:randomly),
    and it does so after pytest-django has put the transactional tests (worker, browser,
    concurrency) after the others. Sort again, stably, so that the shuffle stays within each
    kind and a transactional test's flush never empties the wards under a test that reads them."""
    from pytest_django.plugin import pytest_collection_modifyitems as in_pytest_django_order

    in_pytest_django_order(items)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wards_import_2018(commit=True)


@pytest.fixture
def birmingham_wards(transactional_db):
    """For transactional tests (worker, browser): the flush after each one empties the tables."""
    wards_import_2018(commit=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; production keeps Django's slow, strong hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    """API rate counts live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()
