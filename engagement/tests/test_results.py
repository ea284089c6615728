"""The results page and API: who sees them when, what they never show, the free-text page and
its hiding, the responses' export, and query counts that do not grow with the responses."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import Answer, ConsultationStatus, QuestionKind
from engagement.selectors.results import consultation_results
from engagement.services.moderation import NOT_YOURS, REASON_REQUIRED, answer_hide
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Invalid, Refused
from wards.tests.factories import CouncillorSeatFactory

from .factories import ConsultationFactory, QuestionFactory, respond

pytestmark = pytest.mark.django_db

SECRET = "My neighbour at 12 Ladypool Road"


def _consultation(status=ConsultationStatus.CLOSED, n=6):
    consultation = ConsultationFactory(status=status)
    single = QuestionFactory(consultation=consultation, kind=QuestionKind.SINGLE, options=["Yes", "No"])
    ranking = QuestionFactory(consultation=consultation, kind=QuestionKind.RANKING, options=["Parks", "Roads"])
    text = QuestionFactory(consultation=consultation, kind=QuestionKind.TEXT)
    for i in range(n):
        respond(consultation, choices=[(single, "Yes" if i % 3 else "No"), (ranking, {"Parks": 1, "Roads": 2})],
                texts=[(text, SECRET)], about={"age_band": "25_34", "ethnic_group": "asian"},
                postcode="B12 9DP")
    return consultation


def _councillor():
    return CouncillorSeatFactory().councillor


def test_aggregates_count_per_option_and_rank_and_leave_excluded_responses_out():
    consultation = _consultation(n=9)
    excluded = consultation.responses.first()
    excluded.review = "excluded"
    excluded.save()
    results = consultation_results(consultation)
    single, ranking = results.overall.questions
    assert single.respondents.shown == 8
    # No: 2, fewer than 5; Yes (6) hidden too, or 8 - 6 would give it away.
    assert [(o.label, o.count.shown) for o in single.options] == [("Yes", None), ("No", None)]
    assert ranking.options[0].firsts.shown == 8 and ranking.options[0].mean_rank == 1
    assert ranking.options[1].mean_rank == 2 and ranking.options[1].firsts.shown == 0


def test_closed_results_are_public_and_never_show_free_text_or_about_you(client, api_client):
    consultation = _consultation()
    page = client.get(f"/consultations/{consultation.pk}/results/")
    api = api_client.get(f"/api/v1/consultations/{consultation.pk}/results/")
    assert page.status_code == 200 and api.status_code == 200
    for body in (page.content.decode(), api.content.decode()):
        assert SECRET not in body and "B12 9DP" not in body
    assert "free-text" not in page.content.decode()  # no link for the public


def test_open_results_only_for_those_who_run_it(client, api_client):
    consultation = _consultation(status=ConsultationStatus.OPEN)
    page = client.get(f"/consultations/{consultation.pk}/results/")
    assert page.status_code == 200 and "The results are published when the consultation closes" in page.content.decode()
    assert api_client.get(f"/api/v1/consultations/{consultation.pk}/results/").status_code == 401
    api_client.force_authenticate(UserFactory())
    assert api_client.get(f"/api/v1/consultations/{consultation.pk}/results/").status_code == 403
    councillor = _councillor()
    client.force_login(councillor)
    api_client.force_authenticate(councillor)
    assert "Yes" in client.get(f"/consultations/{consultation.pk}/results/").content.decode()
    assert api_client.get(f"/api/v1/consultations/{consultation.pk}/results/").status_code == 200


def test_draft_results_are_not_found(client, api_client):
    consultation = _consultation(status=ConsultationStatus.DRAFT)
    assert client.get(f"/consultations/{consultation.pk}/results/").status_code == 404
    assert api_client.get(f"/api/v1/consultations/{consultation.pk}/results/").status_code == 404
    assert api_client.get("/api/v1/consultations/999999999/results/").status_code == 404


def test_the_free_text_page_is_for_those_who_run_it(client):
    consultation = _consultation()
    url = f"/consultations/{consultation.pk}/results/free-text/"
    assert client.get(url).status_code == 302  # sign in
    client.force_login(UserFactory(officer=True))
    assert client.get(url).status_code == 403
    client.force_login(_councillor())
    page = client.get(url)
    assert page.status_code == 200 and SECRET in page.content.decode()


def test_hiding_an_answer_records_who_when_and_why_and_refuses_others():
    consultation = _consultation()
    answer = Answer.objects.filter(question__consultation=consultation, question__kind="text").first()
    with pytest.raises(Refused, match=NOT_YOURS):
        answer_hide(UserFactory(officer=True), answer, "Names a neighbour")
    councillor = _councillor()
    with pytest.raises(Invalid) as error:
        answer_hide(councillor, answer, "  ")
    assert REASON_REQUIRED in str(error.value)
    answer_hide(councillor, answer, "Names a neighbour")
    answer.refresh_from_db()
    assert answer.hidden_by == councillor and answer.hidden_at and answer.hidden_reason == "Names a neighbour"


def test_the_page_hides_an_answer_and_refuses_the_wrong_role(client):
    consultation = _consultation()
    answer = Answer.objects.filter(question__consultation=consultation, question__kind="text").first()
    url = f"/consultations/{consultation.pk}/results/free-text/{answer.pk}/hide/"
    client.force_login(UserFactory(officer=True))
    assert client.post(url, {"reason": "Abusive"}).status_code == 403
    client.force_login(_councillor())
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Abusive"}).status_code == 302
    answer.refresh_from_db()
    assert answer.hidden_reason == "Abusive"


def test_the_export_has_a_row_per_response_without_personal_details(client):
    consultation = _consultation(n=3)
    answer = Answer.objects.filter(question__consultation=consultation, question__kind="text").first()
    councillor = _councillor()
    answer_hide(councillor, answer, "Names a neighbour")
    url = f"/consultations/{consultation.pk}/results/responses.csv"
    assert client.get(url).status_code == 302
    client.force_login(councillor)
    response = client.get(url)
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 4 and "B12 9DP" not in body
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["ward_code"] == "E05011170" and first["age_band"] == "25_34" and first["review"] == ""
    assert any(v == "1" for k, v in first.items() if "rank of Parks" in k)
    assert body.count(SECRET) == 2 and "[hidden by a moderator]" in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/consultations/{pk}/results/", "/api/v1/consultations/{pk}/results/"])
def test_results_take_the_same_number_of_queries_for_10_and_200_responses(client, path):
    small, large = _consultation(n=10), _consultation(n=200)
    wards = list(large.wards.all())
    assert wards
    assert _queries(client, path.format(pk=small.pk)) == _queries(client, path.format(pk=large.pk))
