"""The environment the test suite runs in, set before pytest-django loads the settings: a
conftest.py is read too late for that, so pytest.ini loads this module with `-p`
(it lives outside the localism package, whose import reads the settings).

Tests run with the production settings (debug off) except for two things a test run cannot
have: a real secret key, so they get a throwaway one, and HTTPS, since the test client and the
live server speak plain HTTP. Whatever the environment already sets is kept."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "localism-test-run-only-" + "not-a-secret-" * 4)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
