"""Responses lose their personal data RESPONSE_DATA_DAYS after their consultation closes; the
choices stay for the results. Idempotent, and it says what it did."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from ..models import AboutYou, Answer, Response, Support
from ..services.retention import response_data_remove_expired
from .factories import ConsultationFactory, QuestionFactory, SupportFactory, respond

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def consultation_closed(days_ago: int):
    closes = NOW - datetime.timedelta(days=days_ago)
    return ConsultationFactory(opens_at=closes - datetime.timedelta(days=30), closes_at=closes, status="closed")


def test_responses_to_consultations_closed_longer_ago_lose_their_personal_data(settings):
    settings.RESPONSE_DATA_DAYS = 365
    old, recent = consultation_closed(366), consultation_closed(364)
    responses = {}
    for name, consultation in (("old", old), ("recent", recent)):
        choice = QuestionFactory(consultation=consultation)
        text = QuestionFactory(consultation=consultation, kind="text")
        responses[name] = respond(consultation, choices=[(choice, "Yes")], texts=[(text, "I am at 4 Ladypool Road")],
                                  about={"age_band": "25_34", "tenure": "owned_outright"})
        Response.objects.filter(pk=responses[name].pk).update(browser_key=f"key-{name}")
    old_support = SupportFactory(browser_key="old-browser")
    Support.objects.filter(pk=old_support.pk).update(created_at=NOW - datetime.timedelta(days=366))
    SupportFactory(browser_key="new-browser")

    assert response_data_remove_expired(now=NOW) == {"responses": 1, "supports": 1}

    gone = Response.objects.get(pk=responses["old"].pk)
    assert (gone.postcode, gone.browser_key, gone.anonymised_at) == ("", "", NOW)
    assert gone.ward_id is not None  # results by ward still need it
    assert not AboutYou.objects.filter(response=gone).exists()
    assert sorted(Answer.objects.filter(response=gone).values_list("text", flat=True)) == ["", ""]
    assert Answer.objects.filter(response=gone, option__label="Yes").exists()
    kept = Response.objects.get(pk=responses["recent"].pk)
    assert (kept.postcode, kept.browser_key, kept.anonymised_at) == ("B12 9DP", "key-recent", None)
    assert AboutYou.objects.filter(response=kept).exists()
    assert Answer.objects.filter(response=kept, text="I am at 4 Ladypool Road").exists()
    assert sorted(Support.objects.values_list("browser_key", flat=True)) == ["", "new-browser"]

    # A second run finds nothing more to do.
    assert response_data_remove_expired(now=NOW) == {"responses": 0, "supports": 0}


def test_the_period_is_the_setting(settings):
    consultation = consultation_closed(40)
    respond(consultation)
    settings.RESPONSE_DATA_DAYS = 45
    assert response_data_remove_expired(now=NOW)["responses"] == 0
    settings.RESPONSE_DATA_DAYS = 30
    assert response_data_remove_expired(now=NOW)["responses"] == 1


def test_the_nightly_job_is_scheduled():
    task = PeriodicTask.objects.get(name="remove-expired-response-data-nightly")
    assert task.task == "engagement.tasks.residents.remove_expired_response_data"
    from localism.celery import app

    app.loader.import_default_modules()
    assert task.task in app.tasks
