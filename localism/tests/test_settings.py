"""The settings fail closed: they are imported afresh in a subprocess with a given environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
    "'DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS']}))"
)


def _settings(tmp_path, **environment):
    """The settings a fresh process reads from the environment: only PATH and what is given."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "localism.settings",
           "LOCALISM_VAR_DIR": str(tmp_path), **environment}
    return subprocess.run([sys.executable, "-c", READ_SETTINGS], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_without_a_secret_key_and_debug_off_the_site_refuses_to_start(tmp_path):
    result = _settings(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set." in result.stderr
    assert "set DJANGO_DEBUG=true for a local run" in result.stderr


def test_an_empty_secret_key_is_refused_too(tmp_path):
    result = _settings(tmp_path, DJANGO_SECRET_KEY="", DJANGO_DEBUG="false")
    assert "DJANGO_SECRET_KEY is not set." in result.stderr


def test_debug_starts_without_configuration_on_local_defaults(tmp_path):
    result = _settings(tmp_path, DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("localism-insecure-local-key")
    assert not values["SECURE_SSL_REDIRECT"] and not values["SESSION_COOKIE_SECURE"]
    assert not values["CSRF_COOKIE_SECURE"] and values["SECURE_HSTS_SECONDS"] == 0


def test_production_defaults_are_secure(tmp_path):
    result = _settings(tmp_path, DJANGO_SECRET_KEY="k3y-" + "a1b2c3d4e5" * 6)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_each_production_default_can_be_overridden(tmp_path):
    result = _settings(
        tmp_path, DJANGO_SECRET_KEY="k3y-" + "a1b2c3d4e5" * 6, DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SESSION_COOKIE_SECURE="false", DJANGO_CSRF_COOKIE_SECURE="false", DJANGO_SECURE_HSTS_SECONDS="3600",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert not values["SECURE_SSL_REDIRECT"] and not values["SESSION_COOKIE_SECURE"]
    assert not values["CSRF_COOKIE_SECURE"] and values["SECURE_HSTS_SECONDS"] == 3600
