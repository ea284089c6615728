"""JSON bodies are bounded: too large is a 413, too deep or not JSON a 400, and nothing is stored."""

import json

import pytest

from localism.accounts.tests.factories import UserFactory, token_for
from wards.models import WardPlan

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/ward-plans/"


@pytest.fixture
def admin_client(api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(UserFactory(admin=True))}")
    return api_client


def _post(client, body: str):
    return client.generic("POST", PLANS, body, content_type="application/json")


def test_a_thousand_nested_brackets_are_a_400_not_a_500(admin_client):
    response = _post(admin_client, "[" * 1000 + "]" * 1000)
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


def test_deep_but_decodable_json_is_refused_too(admin_client):
    deep = "x"
    for _ in range(40):
        deep = [deep]
    response = _post(admin_client, json.dumps({"title": deep}))
    assert response.status_code == 400


def test_a_body_over_the_limit_is_a_413_and_nothing_is_stored(admin_client, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    body = json.dumps({"title": "Aston plan", "period": "2027/28", "wards": ["E05011121"],
                       "summary": "x" * 20_000})
    response = _post(admin_client, body)
    assert response.status_code == 413
    assert "larger than 10,000 bytes" in response.json()["detail"]
    assert not WardPlan.objects.filter(title="Aston plan").exists()


def test_not_json_and_nan_are_400(admin_client):
    assert _post(admin_client, "{not json").status_code == 400
    assert _post(admin_client, '{"title": NaN}').status_code == 400


def test_a_body_within_the_limits_is_read(admin_client):
    body = json.dumps({"title": "Aston plan", "period": "2027/28", "wards": ["E05011121"]})
    assert _post(admin_client, body).status_code == 201
