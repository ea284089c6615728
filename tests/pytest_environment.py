"""The environment the test suite runs in, set before pytest-django loads the settings: a
conftest.py is read too late for that, so pytest.ini loads this module with `-p`
(it lives outside the localism package, whose import reads the settings).

Tests run with the production settings (debug off) except for two things a test run cannot
have: a real secret key, so they get a throwaway one, and HTTPS, since the test client and the
live server speak plain HTTP. Whatever the environment already sets is kept."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "localism-test-run-only-" + "not-a-secret-" * 4)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

# The page cache (localism/core/pagecache.py) of this test run alone: two runs at once on one
# machine (CI runs SQLite and PostgreSQL side by side) must never serve each other's pages. The
# environment passes on to the Celery workers and servers that tests start.
os.environ.setdefault("LOCALISM_PAGE_CACHE_DIR", f"/tmp/localism-test-page-cache-{os.getpid()}")
os.environ.setdefault("LOCALISM_PAGE_CACHE_PREFIX", f"localism-test-{os.getpid()}")
# Off unless a test turns it on (the `page_cache` fixture; every browser test has it): the
# suite's query counts and page checks are of pages as built, and a kept page costs no query.
os.environ.setdefault("LOCALISM_PAGE_CACHE_SECONDS", "0")
