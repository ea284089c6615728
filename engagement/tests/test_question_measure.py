"""A scale question can be marked as asking the Community Life Survey's influence question (for the
measures of success); any other kind of question is refused, by the service, the builder's page
and Django admin alike, and a consultation asks it once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from localism.core.errors import Invalid
from wards.tests.factories import CouncillorSeatFactory

from ..admin.consultations import QuestionAdminForm
from ..models import QuestionKind, QuestionMeasure
from ..models.consultations import MEASURE_ASKED_TWICE
from ..services import consultations as services
from .factories import ConsultationFactory, sbhe

pytestmark = pytest.mark.django_db
CLS = QuestionMeasure.CLS_INFLUENCE
TEXT = "I can influence decisions affecting my local area"


@pytest.fixture
def councillor():
    return CouncillorSeatFactory(ward=sbhe()).councillor


@pytest.fixture
def draft():
    now = timezone.now()
    return ConsultationFactory(status="draft", opens_at=now + datetime.timedelta(days=1),
                               closes_at=now + datetime.timedelta(days=10))


def test_a_scale_question_is_marked_as_the_survey_s_question(councillor, draft):
    question = services.question_add(consultation=draft, user=councillor, text=TEXT, kind=QuestionKind.SCALE,
                                     measure=CLS)
    question.refresh_from_db()
    assert question.measure == CLS and question.history.first().measure == CLS


@pytest.mark.parametrize("kind", [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING, QuestionKind.TEXT])
def test_any_other_kind_is_refused(councillor, draft, kind):
    with pytest.raises(Invalid) as error:
        services.question_add(consultation=draft, user=councillor, text=TEXT, kind=kind, options=["Yes", "No"],
                              measure=CLS)
    assert error.value.message_dict == {"measure": [services.MEASURE_NEEDS_SCALE]}
    assert not draft.questions.exists()


def test_changing_a_marked_question_to_another_kind_is_refused(councillor, draft):
    question = services.question_add(consultation=draft, user=councillor, text=TEXT, kind=QuestionKind.SCALE,
                                     measure=CLS)
    with pytest.raises(Invalid) as error:
        services.question_update(question=question, user=councillor, text=TEXT, kind=QuestionKind.SINGLE,
                                 options=["Yes", "No"], measure=CLS)
    assert error.value.message_dict["measure"] == [services.MEASURE_NEEDS_SCALE]
    unmarked = services.question_update(question=question, user=councillor, text=TEXT, kind=QuestionKind.SINGLE,
                                        options=["Yes", "No"])
    assert unmarked.measure == ""


def test_a_consultation_asks_it_once(councillor, draft):
    services.question_add(consultation=draft, user=councillor, text=TEXT, kind=QuestionKind.SCALE, measure=CLS)
    with pytest.raises(ValidationError) as error:
        services.question_add(consultation=draft, user=councillor, text="Again", kind=QuestionKind.SCALE, measure=CLS)
    assert MEASURE_ASKED_TWICE in error.value.messages


def test_the_builder_s_page_offers_it_and_shows_the_refusal(client, councillor, draft):
    client.force_login(councillor)
    url = reverse("engagement:consultation-questions", args=[draft.pk])
    page = client.get(url)
    assert 'name="measure"' in page.content.decode() and "Community Life Survey" in page.content.decode()
    refused = client.post(url, {"text": TEXT, "kind": QuestionKind.SINGLE, "options": "Yes\nNo", "measure": CLS,
                                "required": "on"})
    assert refused.status_code == 400 and "Only an agree or disagree question" in refused.content.decode()
    done = client.post(url, {"text": TEXT, "kind": QuestionKind.SCALE, "measure": CLS, "required": "on"})
    assert done.status_code == 302 and draft.questions.get().measure == CLS


def test_admin_refuses_it_on_another_kind(draft):
    data = {"position": 1, "text": TEXT, "hint": "", "kind": QuestionKind.TEXT, "required": "on", "measure": CLS}
    form = QuestionAdminForm(data=data, instance=draft.questions.model(consultation=draft))
    assert not form.is_valid() and form.errors["measure"] == [services.MEASURE_NEEDS_SCALE]
