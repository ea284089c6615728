"""Answering a consultation: the service response_submit and the response page."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory
from wards.models import Postcode, Ward

from ..models import AboutYou, Answer, ConsultationStatus, QuestionKind, Response, ResponseReview
from ..services import responses as services
from ..services.responses import Submission, response_submit
from .factories import ConsultationFactory, QuestionFactory, sbhe

pytestmark = pytest.mark.django_db

SBHE_POSTCODE = "B11 1AA"
SHARD_END_POSTCODE = "B34 6HN"


ANONYMOUS = AnonymousUser()


@pytest.fixture
def consultation():
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation, position=1, text="Should the park open later?",
                    options=["Yes", "No"])
    QuestionFactory(consultation=consultation, position=2, kind=QuestionKind.MULTIPLE, text="Which days?",
                    options=["Saturday", "Sunday", "Weekdays"], required=False)
    QuestionFactory(consultation=consultation, position=3, kind=QuestionKind.SCALE, text="Parks are clean.")
    QuestionFactory(consultation=consultation, position=4, kind=QuestionKind.RANKING, text="Rank these.",
                    options=["Litter", "Lighting"])
    QuestionFactory(consultation=consultation, position=5, kind=QuestionKind.TEXT, text="Anything else?",
                    required=False)
    return consultation


def questions(consultation):
    return {q.position: q for q in consultation.questions.prefetch_related("options")}


def option(question, label):
    return next(o.pk for o in question.options.all() if o.label == label)


def full_answers(consultation, *, yes="Yes"):
    q = questions(consultation)
    return {
        q[1].pk: option(q[1], yes),
        q[2].pk: [option(q[2], "Sunday")],
        q[3].pk: option(q[3], "Agree"),
        q[4].pk: {option(q[4], "Litter"): 1, option(q[4], "Lighting"): 2},
        q[5].pk: "More bins, please.",
    }


def submit(consultation, *, user=ANONYMOUS, postcode=SBHE_POSTCODE, answers=None, about=None, token="browser-1",
           ip="192.0.2.1", now=None):
    return response_submit(consultation=consultation, user=user, browser_token=token, ip=ip, now=now,
                           submission=Submission(postcode=postcode, answers=answers or full_answers(consultation),
                                                 about=about or {}))


def test_a_full_response_is_stored_with_its_ward_and_answers(consultation):
    response = submit(consultation, about={"age_band": "35_49", "tenure": "prefer_not"})
    assert response.ward == sbhe()
    assert response.postcode == SBHE_POSTCODE
    assert response.review == ResponseReview.NONE
    assert response.browser_key == services.browser_key("browser-1") != "browser-1"
    assert Answer.objects.filter(response=response).count() == 6  # single, multiple, scale, 2 ranks, text
    assert AboutYou.objects.get(response=response).tenure == "prefer_not"


def test_required_questions_are_enforced_and_nothing_is_stored(consultation):
    q = questions(consultation)
    with pytest.raises(services.Invalid) as error:
        submit(consultation, answers={q[2].pk: []})
    messages = error.value.message_dict
    assert messages[f"q{q[1].pk}"] == [services.ANSWER_MISSING.format(question=q[1].text)]
    assert f"q{q[2].pk}" not in messages  # optional
    assert Response.objects.count() == 0


def test_a_ranking_uses_each_rank_once(consultation):
    q = questions(consultation)
    answers = full_answers(consultation)
    answers[q[4].pk] = {option(q[4], "Litter"): 1, option(q[4], "Lighting"): 1}
    with pytest.raises(services.Invalid) as error:
        submit(consultation, answers=answers)
    assert error.value.message_dict[f"q{q[4].pk}"] == [services.RANK_ALL.format(n=2)]


def test_an_option_of_another_question_is_refused(consultation):
    q = questions(consultation)
    answers = full_answers(consultation)
    answers[q[1].pk] = option(q[3], "Agree")
    with pytest.raises(services.Invalid) as error:
        submit(consultation, answers=answers)
    assert error.value.message_dict[f"q{q[1].pk}"] == [services.CHOICE_INVALID]


def test_a_postcode_outside_the_wards_is_refused_unless_city_wide(consultation):
    with pytest.raises(services.Invalid) as error:
        submit(consultation, postcode=SHARD_END_POSTCODE)
    assert "Shard End" in error.value.message_dict["postcode"][0]
    city = ConsultationFactory(city_wide=True)
    QuestionFactory(consultation=city, text="Yes or no?")
    q = city.questions.get()
    response = submit(city, postcode=SHARD_END_POSTCODE, answers={q.pk: q.options.first().pk})
    assert response.ward.name == "Shard End"


def test_a_bad_postcode_is_an_error_on_the_field(consultation):
    with pytest.raises(services.Invalid) as error:
        submit(consultation, postcode="not a postcode")
    assert "postcode" in error.value.message_dict


def test_an_approximate_postcode_is_accepted_and_flagged(consultation):
    approximate = Postcode.objects.filter(approximate=True, ward=sbhe()).first()
    assert approximate is not None
    response = submit(consultation, postcode=approximate.postcode)
    assert response.postcode_approximate is True


@pytest.mark.parametrize("change", [
    {"status": ConsultationStatus.CLOSED},
    {"status": ConsultationStatus.DRAFT},
    {"opens_at": timezone.now() + datetime.timedelta(days=1), "closes_at": timezone.now() + datetime.timedelta(days=9)},
    {"opens_at": timezone.now() - datetime.timedelta(days=9), "closes_at": timezone.now() - datetime.timedelta(days=1)},
], ids=["closed", "draft", "not-yet-open", "past-closing"])
def test_a_consultation_not_open_refuses_and_stores_nothing(consultation, change):
    type(consultation).objects.filter(pk=consultation.pk).update(**change)
    with pytest.raises(services.ConsultationNotOpen):
        submit(consultation)
    assert Response.objects.count() == Answer.objects.count() == AboutYou.objects.count() == 0


def test_an_account_answers_once(consultation):
    resident = UserFactory()
    submit(consultation, user=resident)
    with pytest.raises(services.AlreadyAnswered):
        submit(consultation, user=resident, answers=full_answers(consultation, yes="No"))
    assert Response.objects.filter(respondent=resident).count() == 1


def test_anonymous_responses_are_limited_per_ip(consultation, settings):
    settings.ENGAGEMENT_RESPONSES_PER_HOUR = 2
    submit(consultation, token="a")
    submit(consultation, token="b")
    with pytest.raises(services.TooManyResponses):
        submit(consultation, token="c")
    assert Response.objects.count() == 2
    submit(consultation, token="d", ip="192.0.2.2")  # another connection
    submit(consultation, user=UserFactory(), ip="192.0.2.1")  # an account is not limited by IP
    assert Response.objects.count() == 4


def test_the_same_answers_from_the_same_browser_soon_after_are_flagged_not_dropped(consultation, settings):
    settings.ENGAGEMENT_DUPLICATE_MINUTES = 30
    now = timezone.now()
    first = submit(consultation, now=now - datetime.timedelta(minutes=10))
    second = submit(consultation, now=now)
    assert second.review == ResponseReview.SUSPECTED_DUPLICATE and second.duplicate_of == first
    # Not a duplicate: other answers, another browser, another postcode, or long after.
    assert submit(consultation, answers=full_answers(consultation, yes="No"), now=now).review == ""
    assert submit(consultation, token="browser-2", now=now).review == ""
    assert submit(consultation, postcode="B11 1AB", now=now).review == ""
    assert submit(consultation, now=now + datetime.timedelta(minutes=45)).review == ""
    assert Response.objects.count() == 6


# The response page.

def respond_url(consultation):
    return reverse("engagement:consultation-respond", kwargs={"pk": consultation.pk})


def form_data(consultation, *, postcode=SBHE_POSTCODE):
    q = questions(consultation)
    return {
        "postcode": postcode,
        f"q{q[1].pk}": option(q[1], "Yes"),
        f"q{q[2].pk}": [option(q[2], "Saturday"), option(q[2], "Sunday")],
        f"q{q[3].pk}": option(q[3], "Agree"),
        f"q{q[4].pk}_o{option(q[4], 'Litter')}": "2",
        f"q{q[4].pk}_o{option(q[4], 'Lighting')}": "1",
        f"q{q[5].pk}": "",
        "age_band": "prefer_not",
    }


def test_the_page_shows_each_kind_of_question(client, consultation):
    page = client.get(respond_url(consultation))
    assert page.status_code == 200
    html = page.content.decode()
    q = questions(consultation)
    assert f'type="radio" value="{option(q[1], "Yes")}"' in html
    assert f'name="q{q[2].pk}" type="checkbox"' in html
    assert "Strongly disagree" in html
    assert f'name="q{q[4].pk}_o{option(q[4], "Litter")}"' in html
    assert f'<textarea class="govuk-textarea" id="id_q{q[5].pk}"' in html
    assert "Prefer not to say" in html and "Census" in html
    assert "localism_browser" in page.cookies


def test_answering_on_the_page_stores_it_and_confirms(client, consultation):
    page = client.post(respond_url(consultation), form_data(consultation), follow=True)
    assert page.status_code == 200
    assert b"Answers sent" in page.content
    response = Response.objects.get()
    assert response.answers.filter(rank=1).get().option.label == "Lighting"
    assert response.about_you.age_band == "prefer_not"
    assert len(response.browser_key) == 64


def test_errors_show_in_the_error_summary_and_store_nothing(client, consultation):
    data = form_data(consultation)
    q = questions(consultation)
    del data[f"q{q[1].pk}"]
    data["postcode"] = "B34 6HN"
    page = client.post(respond_url(consultation), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_q{q[1].pk}"' in html and 'href="#id_postcode"' in html
    assert "does not cover" in html
    assert Response.objects.count() == 0


def test_a_closed_consultation_says_so_and_stores_nothing(client, consultation):
    type(consultation).objects.filter(pk=consultation.pk).update(status=ConsultationStatus.CLOSED)
    assert b"not taking answers" in client.get(respond_url(consultation)).content
    page = client.post(respond_url(consultation), form_data(consultation))
    assert page.status_code == 409
    assert b"not taking answers" in page.content
    assert Response.objects.count() == 0


def test_a_draft_is_not_found_for_the_public(client, consultation):
    type(consultation).objects.filter(pk=consultation.pk).update(status=ConsultationStatus.DRAFT)
    assert client.get(respond_url(consultation)).status_code == 404
    assert client.get(consultation.get_absolute_url()).status_code == 404


def test_a_resident_who_answered_sees_that_they_did(client, consultation):
    resident = UserFactory()
    client.force_login(resident)
    client.post(respond_url(consultation), form_data(consultation))
    assert b"already answered" in client.get(respond_url(consultation)).content
    assert b"You answered this consultation" in client.get(consultation.get_absolute_url()).content


def test_too_many_answers_get_a_429_page(client, consultation, settings):
    settings.ENGAGEMENT_RESPONSES_PER_HOUR = 1
    client.post(respond_url(consultation), form_data(consultation))
    client.cookies.clear()
    page = client.post(respond_url(consultation), form_data(consultation))
    assert page.status_code == 429
    assert page["Retry-After"] == "3600"
    assert b"Too many answers" in page.content
    assert Response.objects.count() == 1


def test_a_second_identical_answer_from_one_browser_is_flagged(client, consultation):
    client.post(respond_url(consultation), form_data(consultation))
    client.post(respond_url(consultation), form_data(consultation))
    first, second = Response.objects.order_by("pk")
    assert second.review == ResponseReview.SUSPECTED_DUPLICATE and second.duplicate_of == first


def test_ward_is_kept_for_results(consultation):
    response = submit(consultation)
    assert Ward.objects.filter(pk=response.ward_id).exists()
