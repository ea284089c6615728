"""Bad input never gives a 500: huge ids in every engagement address, odd filters, and forms sent
with NUL characters, overlong text, bad dates, bad postcodes or nothing at all."""

import pytest
from django.urls import reverse

from localism.accounts.tests.factories import UserFactory

from ..models import ConsultationStatus, QuestionKind, ResidentProfile
from .factories import ConsultationFactory, IdeaFactory, QuestionFactory, respond, sbhe
from .test_permission_matrix import MATRIX, SECOND_ID

pytestmark = pytest.mark.django_db

HUGE = 2**70
BAD_VALUES = ["", "\x00", "x" * 20_000, "-1", str(HUGE), "2024-13-45", "B12 9DP\x00", "ZZ99 9ZZ", "<script>"]
FILTERS = {
    "consultations": ["ward", "status", "postcode", "page"],
    "ideas": ["ward", "status", "page"],
    "results": ["ward"],
    "free-text": ["page"],
}


@pytest.fixture
def admin(client):
    user = UserFactory(admin=True)
    client.force_login(user)
    return user


@pytest.fixture
def resident(client):
    user = UserFactory()
    ResidentProfile.objects.create(user=user, postcode="B12 9DP", ward=sbhe())
    client.force_login(user)
    return user


def _huge_url(name):
    if name == "resident-confirm":
        return reverse("engagement:resident-confirm", kwargs={"token": "x" * 5000})
    kwargs = {"pk": HUGE, **({SECOND_ID[name]: HUGE} if name in SECOND_ID else {})}
    return reverse(f"engagement:{name}", kwargs=kwargs)


@pytest.mark.parametrize("who", ["admin", "resident"])
def test_huge_ids_in_every_address_are_not_found(client, request, who):
    request.getfixturevalue(who)
    consultation = ConsultationFactory()
    for method, name, which, _ in MATRIX:
        if not which:
            continue
        # Every id huge, and (for an address with two) a real consultation with a huge second id.
        for url in {_huge_url(name), _huge_url(name).replace(str(HUGE), str(consultation.pk), 1)}:
            answer = getattr(client, method)(url)
            assert answer.status_code < 500, (method, url)


@pytest.mark.parametrize("name", list(FILTERS))
def test_odd_filters_are_answered(client, admin, name):
    closed = ConsultationFactory(status=ConsultationStatus.CLOSED)
    QuestionFactory(consultation=closed, kind=QuestionKind.TEXT, required=False)
    url = reverse(f"engagement:{name}", kwargs={"pk": closed.pk} if name in ("results", "free-text") else None)
    for field in FILTERS[name]:
        for value in BAD_VALUES:
            answer = client.get(url, {field: value})
            assert answer.status_code < 500, (url, field, value[:20])


def _post_everything(client, url, fields):
    for value in BAD_VALUES:
        answer = client.post(url, {field: value for field in fields})
        assert answer.status_code < 500, (url, value[:20])
        for field in fields:
            answer = client.post(url, {field: value})
            assert answer.status_code < 500, (url, field, value[:20])


def test_staff_forms_take_bad_input(client, admin):
    consultation = ConsultationFactory(status=ConsultationStatus.DRAFT)
    question = QuestionFactory(consultation=consultation)
    closed = ConsultationFactory(status=ConsultationStatus.CLOSED)
    text = QuestionFactory(consultation=closed, kind=QuestionKind.TEXT, required=False)
    answer = respond(closed, texts=[(text, "Benches")]).answers.get()
    idea = IdeaFactory()
    details = ["title", "summary", "wards", "plan", "city_wide", "opens_on-day", "opens_on-month", "opens_on-year",
               "opens_on", "opens_time", "closes_on", "closes_time", "version"]
    forms = [
        (reverse("engagement:consultation-new"), details),
        (reverse("engagement:consultation-edit", kwargs={"pk": consultation.pk}), details),
        (reverse("engagement:consultation-questions", kwargs={"pk": consultation.pk}),
         ["text", "hint", "kind", "required", "options", "priorities"]),
        (reverse("engagement:question-edit", kwargs={"pk": consultation.pk, "question_pk": question.pk}),
         ["text", "hint", "kind", "required", "options"]),
        (reverse("engagement:question-move", kwargs={"pk": consultation.pk, "question_pk": question.pk}),
         ["direction"]),
        (reverse("engagement:consultation-open", kwargs={"pk": consultation.pk}), ["when"]),
        (reverse("engagement:answer-hide", kwargs={"pk": closed.pk, "answer_pk": answer.pk}), ["reason", "page"]),
        (reverse("engagement:outcome-edit", kwargs={"pk": closed.pk}),
         ["we_asked", "you_said", "we_did", "outcome_priorities", "version"]),
        (reverse("engagement:idea-respond", kwargs={"pk": idea.pk}), ["kind", "response", "referred_to", "version"]),
        (reverse("engagement:idea-hide", kwargs={"pk": idea.pk}), ["hidden_reason"]),
    ]
    for url, fields in forms:
        _post_everything(client, url, fields)


def test_public_forms_take_bad_input(client):
    consultation = ConsultationFactory()
    single = QuestionFactory(consultation=consultation)
    multiple = QuestionFactory(consultation=consultation, kind=QuestionKind.MULTIPLE, required=False)
    ranking = QuestionFactory(consultation=consultation, kind=QuestionKind.RANKING, required=False)
    text = QuestionFactory(consultation=consultation, kind=QuestionKind.TEXT, required=False)
    ranks = [f"q{ranking.pk}_o{o.pk}" for o in ranking.options.all()]
    fields = ["postcode", f"q{single.pk}", f"q{multiple.pk}", f"q{text.pk}", *ranks, "age_band", "ethnic_group",
              "tenure", "disability"]
    _post_everything(client, reverse("engagement:consultation-respond", kwargs={"pk": consultation.pk}), fields)
    _post_everything(client, reverse("engagement:idea-new"), ["ward", "postcode", "title", "description", "theme"])
    _post_everything(client, reverse("engagement:resident-register"),
                     ["name", "email", "password", "postcode"])


def test_residents_forms_take_bad_input(client, resident):
    _post_everything(client, reverse("engagement:resident-details"), ["postcode", "notify_new_consultations"])
