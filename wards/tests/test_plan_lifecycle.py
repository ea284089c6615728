"""Ward Plans in time: a published plan is its ward's current plan during its own financial year
(1 April to 31 March); next year's plan, published early, waits for 1 April; past plans stay
public with their progress and spending. Publishing is confirmed on a page that says so.

"Today" is a fixed day in these tests (`today_is`), never the real date."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.html import escape

from localism.accounts.tests.factories import UserFactory
from wards import services
from wards.models import PlanStatus, Ward, WardPlan
from wards.tasks import archive_ended_ward_plans
from wards.tests.conftest import setup_admin
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardBudgetFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

FIRST_OF_APRIL = datetime.date(2027, 4, 1)
WARD_PAGE = "/wards/sparkbrook-and-balsall-heath-east/"


def sparkbrook():
    return Ward.objects.current().get(gss_code="E05011170")


@pytest.fixture
def councillor(client, today_is):
    user = CouncillorSeatFactory(ward=sparkbrook()).councillor
    client.force_login(user)
    return user


@pytest.fixture
def two_years(today_is):
    """This year's plan, published, with its budget and spending; next year's, a draft ready to publish."""
    admin = setup_admin()
    this_year = WardPlanFactory(period="2026/27", title="Plan for 2026 to 2027", status=PlanStatus.PUBLISHED,
                                published_at=timezone.make_aware(datetime.datetime(2026, 4, 10, 12)))
    priority = PriorityFactory(plan=this_year, title="Cleaner streets")
    ActionFactory(priority=priority, description="Monthly clean-ups")
    budget = WardBudgetFactory(period="2026/27", allocation=Decimal("50000"))
    services.spend_line_create(budget=budget, user=admin, description="Skip hire", amount=Decimal("1250.50"),
                               spent_on=datetime.date(2026, 6, 1), priority=priority)
    next_year = WardPlanFactory(period="2027/28", title="Plan for 2027 to 2028")
    PriorityFactory(plan=next_year, title="Safer parks")
    return this_year, next_year


def publish(client, plan):
    return client.post(f"/plans/{plan.pk}/publish/", {"version": plan.version}, follow=True)


def test_publishing_next_years_plan_in_november_leaves_this_years_plan_current(client, councillor, two_years):
    this_year, next_year = two_years
    response = publish(client, next_year)
    assert "it becomes the current plan on 1 April 2027" in response.content.decode()
    assert WardPlan.objects.get(pk=next_year.pk).status == PlanStatus.PUBLISHED
    assert WardPlan.objects.get(pk=this_year.pk).status == PlanStatus.PUBLISHED  # not archived

    client.logout()
    page = client.get(WARD_PAGE).content.decode()
    current = page[page.index("Ward Plan</h2>"):page.index("Next year's plan")]
    assert "Plan for 2026 to 2027 (2026/27)" in current and "Current plan" in current
    assert "Cleaner streets" in current and "Monthly clean-ups" in current
    assert "Ward budget 2026/27" in current and "£50,000.00" in current and "£1,250.50" in current
    assert "No budget has been set" not in page
    assert "Plan for 2027 to 2028 (2027/28)" in page and "From 1 April 2027" in page

    assert client.get(this_year.get_absolute_url()).status_code == 200  # still public, no sign-in
    upcoming = client.get(next_year.get_absolute_url()).content.decode()
    assert "From 1 April 2027" in upcoming and "becomes the current plan from 1 April 2027" in upcoming


def test_on_the_first_of_april_next_years_plan_becomes_current(client, councillor, two_years, today_is):
    this_year, next_year = two_years
    publish(client, next_year)
    client.logout()
    today_is(datetime.date(2027, 3, 31))
    assert "Plan for 2026 to 2027 (2026/27)</a></h3>" in client.get(WARD_PAGE).content.decode()

    today_is(FIRST_OF_APRIL)
    page = client.get(WARD_PAGE).content.decode()
    assert "Plan for 2027 to 2028 (2027/28)</a></h3>" in page  # the current plan's heading
    past = page[page.index("Past plans"):]
    assert "Plan for 2026 to 2027 (2026/27)" in past
    assert "Ward budget 2027/28" in page

    # The nightly job brings the status in step; running it again changes nothing.
    assert archive_ended_ward_plans() == [this_year.pk]
    assert archive_ended_ward_plans() == []
    archived = WardPlan.objects.get(pk=this_year.pk)
    assert archived.status == PlanStatus.ARCHIVED and archived.history.first().history_user is None
    assert WardPlan.objects.get(pk=next_year.pk).status == PlanStatus.PUBLISHED

    # A past plan stays public, with its progress and spending.
    old = client.get(this_year.get_absolute_url())
    assert old.status_code == 200
    old_page = old.content.decode()
    assert "This is a past plan: its year ended on 31 March 2027" in old_page
    assert "Monthly clean-ups" in old_page and "Skip hire" in old_page and "£48,749.50" in old_page
    assert "Plan for 2026 to 2027 (2026/27)" in client.get(WARD_PAGE).content.decode()


def test_the_job_is_scheduled_nightly_by_its_migration_once():
    from django_celery_beat.models import PeriodicTask

    from localism.celery import app

    migration = importlib.import_module("wards.migrations.0008_schedule_archiving_of_ended_plans")
    migration.create_schedule(apps, None)  # as a second run would: idempotent
    task = PeriodicTask.objects.get(name="archive-ended-ward-plans-nightly")
    assert PeriodicTask.objects.filter(task="wards.tasks.archive_ended_ward_plans").count() == 1
    app.loader.import_default_modules()
    assert task.task in app.tasks and task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("0", "5", "Europe/London")


def test_publishing_this_years_plan_archives_only_plans_whose_year_has_ended(councillor, today_is):
    ended = WardPlanFactory(period="2025/26", status=PlanStatus.PUBLISHED)
    plan = WardPlanFactory(period="2026/27")
    PriorityFactory(plan=plan)
    services.ward_plan_set_status(plan=plan, user=councillor, version=1, status=PlanStatus.PUBLISHED)
    assert WardPlan.objects.get(pk=ended.pk).status == PlanStatus.ARCHIVED


def test_publishing_asks_for_confirmation_saying_what_will_happen(client, councillor, two_years):
    this_year, next_year = two_years
    # The plan page's button leads to the confirmation page; posting the status alone publishes nothing.
    assert f'href="/plans/{next_year.pk}/publish/"' in client.get(next_year.get_absolute_url()).content.decode()
    response = client.post(f"/plans/{next_year.pk}/status/", {"status": "published", "version": 1})
    assert response.status_code == 302 and response["Location"] == f"/plans/{next_year.pk}/publish/"
    assert WardPlan.objects.get(pk=next_year.pk).status == PlanStatus.DRAFT

    page = client.get(f"/plans/{next_year.pk}/publish/").content.decode()
    assert "Are you sure you want to publish this plan?" in page
    assert escape("This plan will be public now and become the ward's current plan on 1 April 2027; "
                  "the 2026/27 plan stays current until then.") in page
    assert "Yes, publish the plan" in page
    assert WardPlan.objects.get(pk=next_year.pk).status == PlanStatus.DRAFT


def test_confirming_an_out_of_date_or_empty_plan_shows_why_on_the_page(client, councillor, today_is):
    plan = WardPlanFactory(period="2026/27")
    response = publish(client, plan)
    assert response.status_code == 400
    assert "Add at least one priority before you publish the plan." in response.content.decode()
    PriorityFactory(plan=plan)
    services.ward_plan_update(plan=plan, user=councillor, version=1, title="Renamed")
    response = client.post(f"/plans/{plan.pk}/publish/", {"version": 1})
    assert response.status_code == 409
    assert WardPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_only_the_plans_editors_may_publish_it(client, two_years):
    _, next_year = two_years
    url = f"/plans/{next_year.pk}/publish/"
    assert client.get(url)["Location"].startswith("/accounts/login/")  # anonymous: sign in
    client.force_login(CouncillorSeatFactory(ward=Ward.objects.current().get(gss_code="E05011165")).councillor)
    assert client.get(url).status_code == 404  # another ward's draft is not theirs to see
    next_year.status = PlanStatus.CONSULTATION  # readable by all now, still not theirs to publish
    next_year.save()
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": next_year.version}).status_code == 403
    assert WardPlan.objects.get(pk=next_year.pk).status == PlanStatus.CONSULTATION


def test_a_plan_in_consultation_is_public_and_marked_as_a_draft(client, api_client, today_is):
    plan = WardPlanFactory(period="2027/28", title="Plan out for consultation", status=PlanStatus.CONSULTATION)
    PriorityFactory(plan=plan, title="More youth clubs")
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "govuk-warning-text" in text and "This is a draft plan, in consultation" in text
    assert "More youth clubs" in text
    ward_page = client.get(WARD_PAGE).content.decode()
    assert "Plans in consultation" in ward_page and "Plan out for consultation" in ward_page
    listed = api_client.get("/api/v1/ward-plans/").json()["results"]
    assert [(p["title"], p["status"]) for p in listed] == [("Plan out for consultation", "consultation")]
    assert api_client.get(f"/api/v1/ward-plans/{plan.pk}/").status_code == 200


def test_drafts_stay_private_even_when_archived_unpublished(client, api_client, today_is):
    draft = WardPlanFactory(title="Private draft")
    abandoned = WardPlanFactory(title="Abandoned draft", period="2025/26", status=PlanStatus.ARCHIVED)
    client.force_login(UserFactory())
    for plan in (draft, abandoned):
        assert client.get(plan.get_absolute_url()).status_code == 404
        assert api_client.get(f"/api/v1/ward-plans/{plan.pk}/").status_code == 404
    assert api_client.get("/api/v1/ward-plans/").json()["count"] == 0
    assert "Abandoned draft" not in client.get(WARD_PAGE).content.decode()


# --- Progress in public, and overdue actions ---------------------------------------------------

def progress(action, *notes_on_days):
    """Progress updates on the action, posted on the given days (as its lead officer)."""
    for note, day in notes_on_days:
        update = services.progress_update_create(action=action, user=action.lead_officer, note=note,
                                                 status="on_track")
        type(update).objects.filter(pk=update.pk).update(
            created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))


@pytest.fixture
def officer(today_is):
    return UserFactory(officer=True, first_name="Olu", last_name="Officer")


def test_the_public_plan_shows_each_actions_latest_progress_and_its_page_lists_them_all(client, officer):
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED, published_at=timezone.now())
    action = ActionFactory(priority=PriorityFactory(plan=plan), description="Monthly clean-ups", lead_officer=officer)
    progress(action, ("First skip day held", datetime.date(2026, 6, 3)),
             ("Second skip day held, 40 bags", datetime.date(2026, 9, 14)))
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Latest progress, 14 September 2026:" in page and "Second skip day held, 40 bags" in page
    assert "First skip day held" not in page
    assert f'href="/plans/actions/{action.pk}/"' in page

    action_page = client.get(f"/plans/actions/{action.pk}/")
    assert action_page.status_code == 200
    text = action_page.content.decode()
    assert "First skip day held" in text and "Second skip day held, 40 bags" in text
    assert text.index("14 September 2026") < text.index("3 June 2026")  # latest first
    assert "Post progress" not in text  # a resident reads, and posts nothing


def test_an_action_of_a_draft_plan_is_not_public(client, officer):
    action = ActionFactory(priority=PriorityFactory(plan=WardPlanFactory()), lead_officer=officer)
    url = f"/plans/actions/{action.pk}/"
    assert client.get(url)["Location"].startswith("/accounts/login/")  # anonymous: sign in, nothing shown
    for someone in (UserFactory(), UserFactory(partner=True), UserFactory(officer=True),
                    CouncillorSeatFactory(ward=Ward.objects.current().get(gss_code="E05011165")).councillor):
        client.force_login(someone)
        assert client.get(url).status_code == 404
    client.force_login(officer)  # the action's lead officer reads it, and may post progress
    response = client.get(url)
    assert response.status_code == 200 and "Post progress" in response.content.decode()
    assert client.get("/plans/actions/999999/").status_code == 404


def test_overdue_actions_are_flagged_wherever_they_appear(client, councillor, officer, today_is):
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED, published_at=timezone.now())
    priority = PriorityFactory(plan=plan)
    late = ActionFactory(priority=priority, description="Late action", lead_officer=officer,
                         due_date=datetime.date(2026, 11, 29), status="at_risk")
    ActionFactory(priority=priority, description="Due today", due_date=datetime.date(2026, 11, 30))
    ActionFactory(priority=priority, description="Done late", due_date=datetime.date(2026, 6, 1), status="done")
    overdue = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'

    def flags(url):
        return client.get(url).content.decode().count(overdue)

    assert flags(plan.get_absolute_url()) == 2  # the action, and the count at a glance
    assert "1 action past its due date" in client.get(plan.get_absolute_url()).content.decode()
    assert flags(f"/plans/actions/{late.pk}/edit/") == 1
    assert flags(f"/plans/actions/{late.pk}/progress/") == 1
    assert flags("/workspace/") == 1  # the councillor's plans: one overdue action
    assert flags(WARD_PAGE) == 1
    client.logout()
    assert flags(plan.get_absolute_url()) == 2 and flags(f"/plans/actions/{late.pk}/") == 1
    client.force_login(officer)
    assert flags("/workspace/") == 1  # the actions the officer leads
    today_is(datetime.date(2026, 11, 29))
    assert flags(plan.get_absolute_url()) == 0  # due today is not overdue


def test_the_api_says_which_actions_are_overdue(api_client, today_is):
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED, published_at=timezone.now())
    priority = PriorityFactory(plan=plan)
    ActionFactory(priority=priority, due_date=datetime.date(2026, 11, 1))
    ActionFactory(priority=priority, due_date=datetime.date(2026, 11, 1), status="done")
    actions = api_client.get(f"/api/v1/ward-plans/{plan.pk}/").json()["priorities"][0]["actions"]
    assert [a["overdue"] for a in actions] == [True, False]


def test_a_plan_in_consultation_is_read_but_not_changed_by_other_roles(client_as, people, today_is):
    plan = WardPlanFactory(title="Consulted on", status=PlanStatus.CONSULTATION)
    for role in ("anonymous", "resident", "partner", "councillor_other"):
        client = client_as(role)
        assert client.get(f"/api/v1/ward-plans/{plan.pk}/").status_code == 200
        response = client.patch(f"/api/v1/ward-plans/{plan.pk}/", {"title": "Changed", "version": 1}, format="json")
        assert response.status_code in (401, 403)
    assert WardPlan.objects.get(pk=plan.pk).title == "Consulted on"


def test_the_ward_page_query_count_does_not_grow_with_plans_and_actions(client, today_is,
                                                                        django_assert_num_queries):
    current = WardPlanFactory(period="2026/27", status=PlanStatus.PUBLISHED, published_at=timezone.now())
    ActionFactory(priority=PriorityFactory(plan=current))
    # 27: the page's 13 (its current plan chosen by the query the monthly ward digest uses for every
    # ward, then its wards, priorities and actions read as values, without the partners and
    # progress the page does not show), the ward's
    # profile (5), where to have your say (engagement's links, 3), the
    # council's assets in the ward (the assets app's links, 1), the service contracts serving it (the
    # assets app's links, 1; one more for their wards when there are any) and its developer
    # contributions (the assets app's links, 4: money by kind and status, CIL receipts, dwellings,
    # neighbourhood CIL allocated).
    with django_assert_num_queries(27) as few:
        client.get(WARD_PAGE)
    for year in range(2016, 2026):
        past = WardPlanFactory(period=f"{year}/{(year + 1) % 100:02d}", status=PlanStatus.ARCHIVED,
                               published_at=timezone.now())
        ActionFactory(priority=PriorityFactory(plan=past))
    WardPlanFactory(period="2027/28", status=PlanStatus.PUBLISHED, published_at=timezone.now())
    for _ in range(5):
        ActionFactory(priority=PriorityFactory(plan=current))
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(WARD_PAGE).content.decode()
    assert page.count("(2016/17)") == 1 and "From 1 April 2027" in page
