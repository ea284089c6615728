"""Suite-wide fixtures. Birmingham's 69 real wards and their postcodes are loaded once into the
test database, so tests read the data the product ships."""

import pytest
from rest_framework.test import APIClient

from wards.services import wards_import_2018


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
