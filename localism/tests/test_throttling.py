"""API request floods are answered with 429 and Retry-After; the rates come from the environment."""

import os
import subprocess
import sys

import pytest
from rest_framework.throttling import SimpleRateThrottle

from localism.accounts.tests.factories import UserFactory, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    # What DJANGO_API_THROTTLE_ANON / _USER set (read once, as the settings load).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/min", "user": "8/min"})


def test_an_anonymous_burst_beyond_the_rate_gets_429_with_retry_after(api_client, low_rates):
    answers = [api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7").status_code for _ in range(7)]
    assert answers == [200] * 5 + [429] * 2
    refused = api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"].lower() or "request was" in refused.json()["detail"].lower()
    # Another address has its own count.
    assert api_client.get("/api/v1/wards/", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_a_token_has_its_own_higher_rate(api_client, low_rates):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(UserFactory(partner=True))}")
    answers = [api_client.get("/api/v1/wards/").status_code for _ in range(9)]
    assert answers == [200] * 8 + [429]


def test_a_forwarded_for_header_does_not_reset_the_count(api_client, low_rates):
    answers = [api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
               .status_code for i in range(6)]
    assert answers[-1] == 429


def test_the_rates_come_from_the_environment():
    env = {**os.environ, "DJANGO_API_THROTTLE_ANON": "17/min", "DJANGO_API_THROTTLE_USER": "900/hour"}
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'localism.settings'; django.setup();"
            "from django.conf import settings; print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "'anon': '17/min'" in out and "'user': '900/hour'" in out


@pytest.fixture
def clock(monkeypatch):
    """The throttle's time, in seconds: set by the test."""
    from localism.core.throttle import ApiRateThrottle

    now = [60.0 * 1_000_000 + 30]  # half-way through a minute
    monkeypatch.setattr(ApiRateThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def test_an_anonymous_client_is_held_to_the_anonymous_rate_alone(api_client, monkeypatch):
    # One count an anonymous request, at the anonymous rate: not also at the user rate by address.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/min", "user": "3/min"})
    answers = [api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_the_rate_is_over_the_last_period_and_a_refused_request_does_not_count(api_client, low_rates, clock):
    def ask():
        return api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7")

    assert [ask().status_code for _ in range(5)] == [200] * 5
    refused = [ask() for _ in range(10)]
    assert {r.status_code for r in refused} == {429}
    # 5 at the half minute: 45 s on, a quarter into the next minute, three quarters of them are
    # still within the last minute (3.75), so one more is within 5 (the refused ones not counted)...
    clock[0] += 45
    assert ask().status_code == 200
    assert ask().status_code == 429  # ...and a second is not
    # Two minutes on, none of them count.
    clock[0] += 120
    assert [ask().status_code for _ in range(5)] == [200] * 5


def test_retry_after_says_when_one_more_request_is_within_the_rate(api_client, low_rates, clock):
    for _ in range(5):
        api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7")
    refused = api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7")
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 60
    clock[0] += wait
    assert api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7").status_code == 200
