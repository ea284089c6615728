import os
import subprocess
import sys
from pathlib import Path

import pytest

from localism.celery import app as celery_app

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_health_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["broker"] == "ok"
    assert body["broker_transport"] == ("redis" if os.environ.get("REDIS_URL") else "filesystem")


def test_health_is_503_when_the_broker_is_down(client, monkeypatch):
    # A real broker address where nothing listens.
    monkeypatch.setitem(celery_app.conf, "broker_write_url", "redis://127.0.0.1:9/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"


def test_static_govuk_frontend_is_served(client):
    response = client.get("/static/govuk/localism.css")
    assert response.status_code == 200
    assert b"govuk-template" in b"".join(response.streaming_content)


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3,
        "DJANGO_ALLOWED_HOSTS": "localism.example.org",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update(DJANGO_DEBUG="false", DJANGO_SECURE_SSL_REDIRECT="true", DJANGO_SECURE_HSTS_SECONDS="31536000")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("path, current", [
    ("/", "Home"), ("/wards/find/", "Find your ward"), ("/wards/", "Wards"),
    ("/wards/shard-end/", "Wards"), ("/open-data/", "Open data"),
])
def test_navigation_marks_the_current_section(client, path, current):
    response = client.get(path)
    active = [item["label"] for item in response.context["navigation"] if item["active"]]
    assert active == [current]
    assert 'aria-current="' in response.content.decode()


def test_the_links_every_page_carries_follow_the_sites_address_prefix():
    """The header's and footer's addresses are worked out once, but once per script prefix: a
    site served under /localism/ links there, and one at the root links at the root."""
    from django.test import RequestFactory
    from django.urls import set_script_prefix

    from localism.context_processors import navigation

    request = RequestFactory().get("/accessibility/")
    try:
        set_script_prefix("/localism/")
        under_prefix = navigation(request)
    finally:
        set_script_prefix("/")
    at_root = navigation(request)
    assert under_prefix["site_links"]["privacy"] == "/localism/privacy/"
    assert under_prefix["navigation"][2]["url"] == "/localism/wards/"
    assert at_root["site_links"]["privacy"] == "/privacy/"
    assert at_root["navigation"][2]["url"] == "/wards/"
