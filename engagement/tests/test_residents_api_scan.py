"""The suite-wide scan of API responses (tests/personal_data_scan.py) catches personal data: a
throwaway API view that gives out a resident's details fails, through the scan."""

import pytest
from django.http import JsonResponse
from django.test import RequestFactory
from django.urls import path

from tests.personal_data_scan import PersonalDataLeak, find_leaks, scan

from .factories import ConsultationFactory, QuestionFactory, respond
from .test_residents import resident

pytestmark = pytest.mark.django_db

LEAKED = {}


def leaking_view(request):
    return JsonResponse(LEAKED)


urlpatterns = [path("api/v1/leak/", leaking_view)]


@pytest.fixture
def amira():
    user = resident("amira.begum@example.org", postcode="B12 9DP")
    user.first_name, user.last_name = "Amira", "Begum"
    user.save()
    question = QuestionFactory(kind="text")
    respond(question.consultation, texts=[(question, "The alley behind Clifton Road floods")], postcode="B11 1AA",
            about={"ethnic_group": "asian", "tenure": "owned_outright"})
    return user


@pytest.mark.parametrize("leaked, what", [
    ({"email": "Amira.Begum@example.org"}, "a resident's email"),
    ({"results": [{"by": "Amira Begum"}]}, "a resident's name"),
    ({"postcode": "B11 1AA"}, "a resident's postcode"),
    ({"postcode": "B12 9DP"}, "a resident's postcode"),
    ({"comments": ["The alley behind Clifton Road floods"]}, "a free-text answer"),
    ({"about_you": {"ethnic_group": "asian"}}, "an About you ethnic_group"),
    ({"tenure": "Own outright"}, "an About you tenure"),
])
def test_the_scan_finds_each_kind_of_personal_data(amira, client, settings, leaked, what):
    import json

    assert any(leak.startswith(what) for leak in find_leaks(json.dumps(leaked)))
    settings.ROOT_URLCONF = __name__
    LEAKED.clear()
    LEAKED.update(leaked)
    with pytest.raises(PersonalDataLeak, match=what):
        client.get("/api/v1/leak/")


def test_aggregates_and_pages_outside_the_api_pass(amira):
    body = '{"ethnic_group": {"asian": 5, "white": 12}, "count": 17, "ward": "Sparkbrook & Balsall Heath East"}'
    assert find_leaks(body) == []
    request = RequestFactory().get("/residents/you/")
    scan(request, JsonResponse({"email": "amira.begum@example.org"}))  # not the API: not scanned


def test_nothing_is_looked_up_without_personal_data(django_assert_num_queries):
    ConsultationFactory()
    with django_assert_num_queries(3):  # whether any resident, response or resident's details exist
        assert find_leaks('{"email": "someone@example.org"}') == []
