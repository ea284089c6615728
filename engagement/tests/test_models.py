"""The invariants the engagement records keep whatever writes them."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory

from ..models import Support
from .factories import ConsultationFactory, IdeaFactory, QuestionFactory, respond

pytestmark = pytest.mark.django_db


def test_a_consultation_cannot_close_before_it_opens():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(opens_at=now, closes_at=now - datetime.timedelta(hours=1))


def test_an_account_answers_a_consultation_once():
    question = QuestionFactory(options=["Yes", "No"])
    resident = UserFactory()
    respond(question.consultation, respondent=resident, choices=[(question, "Yes")])
    with pytest.raises(IntegrityError), transaction.atomic():
        respond(question.consultation, respondent=resident, choices=[(question, "No")])
    # Without an account, the database does not refuse a second response: the service flags it.
    respond(question.consultation, choices=[(question, "No")])
    respond(question.consultation, choices=[(question, "No")])
    assert question.consultation.responses.count() == 3


def test_an_idea_is_supported_once_per_account_and_once_per_browser():
    idea, resident = IdeaFactory(), UserFactory()
    Support.objects.create(idea=idea, supporter=resident)
    Support.objects.create(idea=idea, browser_key="abc")
    for twice in ({"supporter": resident}, {"browser_key": "abc"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Support.objects.create(idea=idea, **twice)
    assert idea.supports.count() == 2


def test_a_scale_question_offers_the_five_points_of_the_scale():
    question = QuestionFactory(kind="scale")
    assert [o.label for o in question.options.all()] == [
        "Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
