"""Running consultations: the services (who may, what is valid, stale edits, questions, opening
and closing, the job), the staff pages and the refusals, the public list, the API and the links
the wards app's pages show."""

import datetime
from html import escape

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory
from localism.core import links
from localism.core.errors import Invalid, Refused, StaleEdit
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

from ..models import Consultation, ConsultationStatus, QuestionKind, ResponseReview
from ..models.consultations import SCALE_OPTIONS
from ..services import consultations as services
from ..tasks.consultations import open_and_close_consultations
from .factories import ConsultationFactory, QuestionFactory, respond, sbhe

pytestmark = pytest.mark.django_db

SHARD_END = "E05011165"


def ward(code):
    return Ward.objects.current().get(gss_code=code)


def later(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def people():
    officer = UserFactory(officer=True)
    officer.groups.add(Group.objects.get(name="Engagement officers"))
    return {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "partner": UserFactory(partner=True),
        "plain_officer": UserFactory(officer=True),
        "engagement_officer": officer,
        "councillor": CouncillorSeatFactory(ward=sbhe()).councillor,
        "councillor_other": CouncillorSeatFactory(ward=ward(SHARD_END)).councillor,
        "admin": UserFactory(admin=True),
    }


def create(user, **changes):
    details = {"title": "Parks", "summary": "What should change in the parks?", "wards": [sbhe()],
               "opens_at": later(1), "closes_at": later(10), **changes}
    return services.consultation_create(user=user, **details)


# Who may run consultations.

@pytest.mark.parametrize("role", ["councillor", "engagement_officer", "admin"])
def test_councillors_officers_and_admins_set_up_a_consultation_of_their_wards(people, role):
    consultation = create(people[role])
    assert consultation.status == ConsultationStatus.DRAFT
    assert list(consultation.wards.all()) == [sbhe()]
    assert consultation.history.first().history_user == people[role]


@pytest.mark.parametrize("role", ["anonymous", "resident", "partner", "plain_officer"])
def test_others_cannot_set_one_up(people, role):
    with pytest.raises(Refused):
        create(people[role])
    assert Consultation.objects.count() == 0


def test_a_councillor_only_consults_their_own_wards(people):
    with pytest.raises(Invalid) as error:
        create(people["councillor"], wards=[sbhe(), ward(SHARD_END)])
    assert "Shard End" in error.value.message_dict["wards"][0]


def test_only_engagement_officers_and_admins_run_a_city_wide_one(people):
    with pytest.raises(Invalid) as error:
        create(people["councillor"], city_wide=True, wards=[])
    assert error.value.message_dict["city_wide"] == [services.CITY_WIDE_REFUSED]
    assert create(people["engagement_officer"], city_wide=True, wards=[]).city_wide


def test_a_councillor_of_another_ward_cannot_change_it(people):
    consultation = create(people["councillor"])
    with pytest.raises(Refused):
        services.consultation_update(consultation=consultation, user=people["councillor_other"],
                                     version=consultation.version, title="Mine now", summary="x",
                                     wards=[ward(SHARD_END)], opens_at=later(1), closes_at=later(9))


# What is valid.

def test_it_closes_after_it_opens_within_the_events_window(people):
    with pytest.raises(ValidationError) as error:
        create(people["admin"], opens_at=later(5), closes_at=later(4))
    assert "closes_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(people["admin"], opens_at=later(1), closes_at=later(365 * 7))
    assert "closes_at" in error.value.message_dict


def test_the_plan_must_be_one_of_its_wards(people):
    plan = WardPlanFactory(wards=[ward(SHARD_END)])
    with pytest.raises(Invalid) as error:
        create(people["admin"], plan=plan)
    assert error.value.message_dict["plan"] == [services.PLAN_OUTSIDE_WARDS]
    assert create(people["admin"], plan=WardPlanFactory(wards=[sbhe()])).plan is not None


def test_a_stale_edit_is_refused_clearly(people):
    consultation = create(people["councillor"])
    details = {"summary": "s", "wards": [sbhe()], "opens_at": later(1), "closes_at": later(9)}
    services.consultation_update(consultation=consultation, user=people["councillor"], version=1, title="First",
                                 **details)
    with pytest.raises(StaleEdit) as error:
        services.consultation_update(consultation=consultation, user=people["admin"], version=1, title="Second",
                                     **details)
    assert "Someone else changed this consultation" in error.value.message
    consultation.refresh_from_db()
    assert consultation.title == "First" and consultation.history.count() == 2


# Questions.

def test_a_scale_question_gets_the_five_points(people):
    consultation = create(people["councillor"])
    question = services.question_add(consultation=consultation, user=people["councillor"], text="Parks are safe.",
                                     kind=QuestionKind.SCALE)
    assert [o.label for o in question.options.all()] == list(SCALE_OPTIONS)


def test_a_ranking_can_be_filled_from_the_plans_priorities(people):
    plan = WardPlanFactory(wards=[sbhe()])
    first, second = PriorityFactory(plan=plan, position=1, title="Litter"), PriorityFactory(plan=plan, position=2,
                                                                                            title="Lighting")
    consultation = create(people["councillor"], plan=plan)
    question = services.question_add(consultation=consultation, user=people["councillor"], text="Rank them",
                                     kind=QuestionKind.RANKING, options_from_plan=True)
    assert [(o.label, o.priority) for o in question.options.all()] == [("Litter", first), ("Lighting", second)]


def test_a_choice_needs_two_different_options(people):
    consultation = create(people["councillor"])
    with pytest.raises(Invalid) as error:
        services.question_add(consultation=consultation, user=people["councillor"], text="Which?",
                              kind=QuestionKind.SINGLE, options=["Yes", "yes"])
    assert "twice" in error.value.message_dict["options"][0]


def test_questions_move_and_are_removed(people):
    consultation = create(people["councillor"])
    user = people["councillor"]
    a, b, c = (services.question_add(consultation=consultation, user=user, text=t, kind=QuestionKind.TEXT)
               for t in "ABC")
    services.question_move(question=c, user=user, up=True)
    assert [q.text for q in consultation.questions.order_by("position")] == ["A", "C", "B"]
    services.question_delete(question=a, user=user)
    assert [(q.position, q.text) for q in consultation.questions.order_by("position")] == [(1, "C"), (2, "B")]


def test_questions_cannot_change_once_there_are_responses(people):
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    respond(consultation, choices=[(question, "Yes")])
    with pytest.raises(Invalid) as error:
        services.question_add(consultation=consultation, user=people["admin"], text="More?", kind=QuestionKind.TEXT)
    assert error.value.messages == [services.QUESTIONS_LOCKED]
    with pytest.raises(Invalid):
        services.question_delete(question=question, user=people["admin"])


# Opening and closing.

def test_a_draft_opens_now_or_is_scheduled(people):
    user = people["councillor"]
    consultation = create(user)
    with pytest.raises(Invalid):
        services.consultation_open(consultation=consultation, user=user)  # no questions yet
    services.question_add(consultation=consultation, user=user, text="Any thoughts?", kind=QuestionKind.TEXT)
    scheduled = services.consultation_open(consultation=consultation, user=user)
    assert scheduled.status == ConsultationStatus.OPEN and not scheduled.is_open  # opens tomorrow
    other = create(user)
    services.question_add(consultation=other, user=user, text="Any thoughts?", kind=QuestionKind.TEXT)
    opened = services.consultation_open_now(consultation=other, user=user)
    assert opened.is_open


def test_closing_by_hand_and_by_the_job(people):
    open_one = ConsultationFactory()
    closed = services.consultation_close(consultation=open_one, user=people["admin"])
    assert closed.status == ConsultationStatus.CLOSED and closed.closes_at <= timezone.now()
    ended = ConsultationFactory(opens_at=later(-10), closes_at=later(-1))
    running = ConsultationFactory()
    assert open_and_close_consultations() == 1
    ended.refresh_from_db(), running.refresh_from_db()
    assert ended.status == ConsultationStatus.CLOSED and running.status == ConsultationStatus.OPEN
    assert open_and_close_consultations() == 0  # safe to run twice


def test_the_job_is_scheduled_by_a_migration():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="open-and-close-consultations")
    assert task.task == "engagement.tasks.consultations.open_and_close_consultations"
    assert task.interval.every == 5


def test_a_suspected_duplicate_is_kept_or_excluded_with_who_and_when(people):
    consultation = ConsultationFactory()
    original = respond(consultation)
    copy = respond(consultation)
    type(copy).objects.filter(pk=copy.pk).update(review=ResponseReview.SUSPECTED_DUPLICATE, duplicate_of=original)
    with pytest.raises(Refused):
        services.response_review(response=copy, user=people["councillor_other"], keep=False)
    reviewed = services.response_review(response=copy, user=people["councillor"], keep=False)
    assert reviewed.review == ResponseReview.EXCLUDED and reviewed.reviewed_by == people["councillor"]
    assert reviewed.reviewed_at is not None
    with pytest.raises(Invalid):
        services.response_review(response=original, user=people["admin"], keep=True)


# Staff pages.

STAFF_PAGES = ["engagement:consultation-edit", "engagement:consultation-questions",
               "engagement:consultation-duplicates"]


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize("role", ["resident", "partner", "councillor_other"])
def test_staff_pages_refuse_the_wrong_role(client, people, name, role):
    consultation = ConsultationFactory()
    client.force_login(people[role])
    assert client.get(reverse(name, kwargs={"pk": consultation.pk})).status_code == 403


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_send_anonymous_visitors_to_sign_in(client, name):
    consultation = ConsultationFactory()
    page = client.get(reverse(name, kwargs={"pk": consultation.pk}))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["resident", "partner", "councillor_other"])
def test_buttons_refuse_the_wrong_role_and_change_nothing(client, people, role):
    consultation = ConsultationFactory()
    client.force_login(people[role])
    assert client.post(reverse("engagement:consultation-close", kwargs={"pk": consultation.pk})).status_code == 403
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN


def test_yours_and_new_refuse_residents(client, people):
    client.force_login(people["resident"])
    assert client.get(reverse("engagement:consultations-yours")).status_code == 403
    assert client.get(reverse("engagement:consultation-new")).status_code == 403


def test_a_councillor_sets_one_up_on_the_page(client, people):
    client.force_login(people["councillor"])
    start = timezone.localdate() + datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=14)
    page = client.post(reverse("engagement:consultation-new"), {
        "title": "Parks", "summary": "What should change?", "wards": [sbhe().pk],
        "opens_on": f"{start:%d/%m/%Y}", "opens_time": "09:00", "closes_on": f"{end:%d/%m/%Y}",
        "closes_time": "23:59", "plan": ""})
    consultation = Consultation.objects.get()
    assert page.status_code == 302 and page["Location"].endswith(f"/consultations/{consultation.pk}/questions/")
    assert b'name="city_wide"' not in client.get(reverse("engagement:consultation-new")).content


def test_the_form_shows_errors_in_the_summary(client, people):
    client.force_login(people["admin"])
    page = client.post(reverse("engagement:consultation-new"), {"title": "", "summary": "", "opens_on": "31/2/2027",
                                                                "opens_time": "9am", "closes_time": "25:00"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html and "Enter the title" in html and 'href="#id_closes_on"' in html


def test_a_stale_edit_on_the_page_is_a_409_with_the_newer_version(client, people):
    consultation = ConsultationFactory(title="Old")
    client.force_login(people["admin"])
    url = reverse("engagement:consultation-edit", kwargs={"pk": consultation.pk})
    from ..forms.consultations import ConsultationForm

    data = {k: v for k, v in ConsultationForm.initial_for(consultation).items() if v is not None}
    Consultation.objects.filter(pk=consultation.pk).update(version=2, title="Newer")
    page = client.post(url, {**data, "title": "Mine"})
    assert page.status_code == 409
    assert b"Someone else changed this consultation" in page.content and b"Newer" in page.content


def test_questions_page_adds_and_says_when_they_are_locked(client, people):
    consultation = ConsultationFactory()
    client.force_login(people["councillor"])
    url = reverse("engagement:consultation-questions", kwargs={"pk": consultation.pk})
    page = client.post(url, {"text": "Do you agree?", "kind": "scale", "required": "on"})
    assert page.status_code == 302
    question = consultation.questions.get()
    assert question.options.count() == 5
    respond(consultation, choices=[(question, "Agree")])
    html = client.get(url).content.decode()
    assert "cannot change" in html and "Add a question" not in html


def test_the_duplicates_page_keeps_and_excludes(client, people):
    consultation = ConsultationFactory()
    original, copy = respond(consultation), respond(consultation)
    type(copy).objects.filter(pk=copy.pk).update(review=ResponseReview.SUSPECTED_DUPLICATE, duplicate_of=original)
    client.force_login(people["engagement_officer"])
    page = client.get(reverse("engagement:consultation-duplicates", kwargs={"pk": consultation.pk}))
    assert f"response {copy.pk}".encode() in page.content
    client.post(reverse("engagement:response-review", kwargs={"pk": consultation.pk, "response_pk": copy.pk}),
                {"decision": "keep"})
    copy.refresh_from_db()
    assert copy.review == ResponseReview.KEPT and copy.reviewed_by == people["engagement_officer"]


# Public pages.

def test_the_public_list_filters_by_ward_status_and_postcode(client):
    here = ConsultationFactory(title="Here")
    there = ConsultationFactory(title="There", wards=[ward(SHARD_END)])
    city = ConsultationFactory(title="Everywhere", city_wide=True)
    ConsultationFactory(title="Secret draft", status=ConsultationStatus.DRAFT)
    closed = ConsultationFactory(title="Done", status=ConsultationStatus.CLOSED)
    url = reverse("engagement:consultations")

    def titles(**query):
        return {c.title for c in client.get(url, query).context["consultations"]}

    assert titles() == {here.title, there.title, city.title, closed.title}
    assert titles(ward=sbhe().slug) == {here.title, city.title, closed.title}
    assert titles(postcode="B34 6HN") == {there.title, city.title}
    assert titles(status="closed") == {closed.title}
    page = client.get(url, {"postcode": "XX1"})
    assert page.status_code == 400 and b'href="#id_postcode"' in page.content


def test_the_public_page_shows_summary_wards_dates_plan_and_respond(client):
    plan = WardPlanFactory(wards=[sbhe()])
    consultation = ConsultationFactory(plan=plan)
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert escape(consultation.summary) in html and escape(sbhe().name) in html and plan.title in html
    assert reverse("engagement:consultation-respond", kwargs={"pk": consultation.pk}) in html


def test_list_pages_take_the_same_queries_whatever_the_rows(client, people):
    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.force_login(people["admin"])
    ConsultationFactory()
    public, yours = count(reverse("engagement:consultations")), count(reverse("engagement:consultations-yours"))
    for _ in range(5):
        respond(ConsultationFactory(plan=WardPlanFactory(wards=[sbhe()]), wards=[sbhe(), ward(SHARD_END)]))
    assert count(reverse("engagement:consultations")) == public
    assert count(reverse("engagement:consultations-yours")) == yours


# The API.

def test_the_api_lists_public_consultations_with_questions_and_no_personal_data(api_client):
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, options=["Yes", "No"])
    respond(consultation, choices=[(question, "Yes")], about={"age_band": "35_49"}, postcode="B11 1AA")
    ConsultationFactory(status=ConsultationStatus.DRAFT)
    body = api_client.get("/api/v1/consultations/").json()
    assert body["count"] == 1 and set(body) == {"count", "next", "previous", "results"}
    item = body["results"][0]
    assert item["questions"][0]["options"][0]["label"] == "Yes"
    text = str(api_client.get(f"/api/v1/consultations/{consultation.pk}/").json())
    for personal in ("B11 1AA", "35_49", "respondent", "browser_key", "postcode"):
        assert personal not in text


def test_the_api_filters_by_ward_and_status(api_client):
    ConsultationFactory()
    ConsultationFactory(wards=[ward(SHARD_END)], status=ConsultationStatus.CLOSED)
    assert api_client.get("/api/v1/consultations/", {"ward": SHARD_END}).json()["count"] == 1
    assert api_client.get("/api/v1/consultations/", {"status": "open"}).json()["count"] == 1
    assert api_client.get("/api/v1/consultations/", {"ward": "nonsense"}).status_code == 400
    assert api_client.get("/api/v1/consultations/", {"status": "nonsense"}).status_code == 400


def test_drafts_only_for_who_runs_them(api_client, people):
    draft = ConsultationFactory(status=ConsultationStatus.DRAFT)
    assert api_client.get(f"/api/v1/consultations/{draft.pk}/").status_code == 404
    api_client.force_authenticate(people["councillor_other"])
    assert api_client.get(f"/api/v1/consultations/{draft.pk}/").status_code == 404
    api_client.force_authenticate(people["councillor"])
    assert api_client.get(f"/api/v1/consultations/{draft.pk}/").status_code == 200
    assert api_client.get("/api/v1/consultations/").json()["count"] == 1


def test_the_api_is_read_only(api_client, people):
    api_client.force_authenticate(people["admin"])
    assert api_client.post("/api/v1/consultations/", {}).status_code == 405


# Links from the wards app's pages.

def test_links_of_plans_and_wards(django_assert_num_queries):
    plan = WardPlanFactory(wards=[sbhe()])
    about_plan = ConsultationFactory(plan=plan, status=ConsultationStatus.CLOSED)
    ConsultationFactory(plan=plan, status=ConsultationStatus.DRAFT)
    here, city = ConsultationFactory(), ConsultationFactory(city_wide=True)
    ConsultationFactory(opens_at=later(2), closes_at=later(5))  # not taking answers yet
    with django_assert_num_queries(1):
        found = links.of("plan_consultations", [plan])
    assert [link.url for link in found[plan.pk]] == [about_plan.get_absolute_url()]
    wards = [sbhe(), ward(SHARD_END)]
    with django_assert_num_queries(3):  # two for the consultations, one for the ideas' link
        found = links.of("ward_engagement", wards)

    def consultations_of(ward_):
        return [link.url for link in found[ward_.pk] if link.url.startswith("/consultations/")]
    assert set(consultations_of(sbhe())) == {here.get_absolute_url(), city.get_absolute_url()}
    assert consultations_of(ward(SHARD_END)) == [city.get_absolute_url()]


# Admin.

def test_admin_lists_and_pages_render_without_a_query_per_row(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["admin"])
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    response = respond(consultation, choices=[(question, "Yes")])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    lists = [reverse("admin:engagement_consultation_changelist"), reverse("admin:engagement_response_changelist"),
             reverse("admin:engagement_response_changelist") + "?review=duplicate"]
    before = [count(url) for url in lists]
    assert client.get(reverse("admin:engagement_consultation_change", args=[consultation.pk])).status_code == 200
    assert client.get(reverse("admin:engagement_response_change", args=[response.pk])).status_code == 200
    for _ in range(4):
        other = ConsultationFactory()
        respond(other, choices=[(QuestionFactory(consultation=other), "No")])
    assert [count(url) for url in lists] == before
