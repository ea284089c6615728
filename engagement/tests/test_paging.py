"""The engagement lists a person reads are paged: the public consultations, the consultations a
person runs and a consultation's flagged responses each show one page, the rest on the next, a
bad page number gives a page, and the queries do not grow with the rows."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localism.accounts.tests.factories import UserFactory

from ..models import Consultation, ConsultationStatus, Response, ResponseReview
from ..views.consultations import CONSULTATIONS_PER_PAGE, RESPONSES_PER_PAGE
from .factories import sbhe

pytestmark = pytest.mark.django_db

OPENS = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def consultations(n: int) -> list[Consultation]:
    """`n` consultations of one ward, opening a day apart, numbered so the newest is the last."""
    made = Consultation.objects.bulk_create(
        Consultation(title=f"Consultation {i:03}", summary="What should change?", status=ConsultationStatus.CLOSED,
                     opens_at=OPENS + datetime.timedelta(days=i), closes_at=OPENS + datetime.timedelta(days=i + 20))
        for i in range(n))
    ward = sbhe()
    Consultation.wards.through.objects.bulk_create(
        Consultation.wards.through(consultation_id=c.pk, ward_id=ward.pk) for c in made)
    return made


def flagged(consultation, n: int):
    Response.objects.bulk_create(
        Response(consultation=consultation, ward=sbhe(), postcode="B12 9DP", review=ResponseReview.SUSPECTED_DUPLICATE,
                 submitted_at=OPENS + datetime.timedelta(minutes=i)) for i in range(n))


@pytest.fixture
def officer(client):
    user = UserFactory(officer=True)
    user.groups.add(Group.objects.get(name="Engagement officers"))
    client.force_login(user)
    return user


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def titles_on(client, url) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200
    return [c.title for c in page.context["consultations"]]


def test_the_public_list_shows_a_page_then_the_rest(client):
    consultations(CONSULTATIONS_PER_PAGE + 3)
    url = reverse("engagement:consultations")
    first = titles_on(client, url)
    assert len(first) == CONSULTATIONS_PER_PAGE
    assert first[0] == f"Consultation {CONSULTATIONS_PER_PAGE + 2:03}"  # the newest first
    second = titles_on(client, url + "?page=2")
    assert second == ["Consultation 002", "Consultation 001", "Consultation 000"]
    body = client.get(url + "?status=closed").content.decode()
    assert "Page 1 of 2" in body and "status=closed&amp;page=2" in body  # the filter stays in the link


@pytest.mark.parametrize("page", ["x", "0", "-1", "99", "9" * 30])
def test_a_bad_page_number_gives_a_page(client, page):
    consultations(CONSULTATIONS_PER_PAGE + 3)
    assert len(titles_on(client, reverse("engagement:consultations") + f"?page={page}")) in (3, CONSULTATIONS_PER_PAGE)


def test_the_public_lists_queries_do_not_grow_with_the_rows(client):
    consultations(5)
    few = queries(client, reverse("engagement:consultations"))
    consultations(3 * CONSULTATIONS_PER_PAGE)
    assert queries(client, reverse("engagement:consultations")) == few


def test_the_consultations_you_run_are_paged(client, officer):
    consultations(CONSULTATIONS_PER_PAGE + 2)
    url = reverse("engagement:consultations-yours")
    assert len(titles_on(client, url)) == CONSULTATIONS_PER_PAGE
    assert titles_on(client, url + "?page=2") == ["Consultation 001", "Consultation 000"]
    assert len(titles_on(client, url + "?page=nope")) == CONSULTATIONS_PER_PAGE
    few = queries(client, url)
    consultations(2 * CONSULTATIONS_PER_PAGE)
    assert queries(client, url) == few


def test_the_flagged_responses_are_paged(client, officer):
    consultation = consultations(1)[0]
    flagged(consultation, RESPONSES_PER_PAGE + 4)
    url = reverse("engagement:consultation-duplicates", args=[consultation.pk])
    first = client.get(url).context["responses"]
    assert len(first) == RESPONSES_PER_PAGE
    rest = client.get(url + "?page=2").context["responses"]
    assert len(rest) == 4 and {r.pk for r in rest}.isdisjoint(r.pk for r in first)
    assert len(client.get(url + "?page=x").context["responses"]) == RESPONSES_PER_PAGE
    few = queries(client, url)
    flagged(consultation, 3 * RESPONSES_PER_PAGE)
    assert queries(client, url) == few


def test_a_decision_goes_back_to_its_page(client, officer):
    consultation = consultations(1)[0]
    flagged(consultation, RESPONSES_PER_PAGE + 1)
    last = Response.objects.order_by("submitted_at", "pk").last()
    answer = client.post(reverse("engagement:response-review", args=[consultation.pk, last.pk]),
                         {"decision": "keep", "page": "2"})
    assert answer.url == reverse("engagement:consultation-duplicates", args=[consultation.pk]) + "?page=2"


def test_the_workspace_lists_the_oldest_ideas_waiting_and_links_to_them_all(client):
    from wards.models import Theme
    from wards.tests.factories import CouncillorSeatFactory

    from ..models import Idea
    from ..selectors.ideas import WORKSPACE_LATEST

    councillor = CouncillorSeatFactory(ward=sbhe()).councillor
    Idea.objects.bulk_create(
        Idea(ward=sbhe(), title=f"Idea {i:02}", description="A bench by the bus stop.", theme=Theme.CLEAN_GREEN,
             created_at=OPENS + datetime.timedelta(hours=i)) for i in range(WORKSPACE_LATEST + 3))
    client.force_login(councillor)
    page = client.get(reverse("workspace"))
    shown = [idea.title for idea in page.context["ideas_waiting"]]
    assert shown == [f"Idea {i:02}" for i in range(WORKSPACE_LATEST)]  # the oldest first
    assert reverse("engagement:ideas") + "?status=waiting" in page.content.decode()
