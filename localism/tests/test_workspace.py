"""Each signed-in user's workspace, and the header links that lead back to it: a councillor's
wards and what needs them, an officer's actions and hubs, a partner's bookings and API token."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from hubs.models import Booking
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from wards.models import ActionStatus, PlanStatus, SpendLine, Ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardBudgetFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

SBHE = "E05011170"
OVERDUE = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
PUBLIC = ["Home", "Find your ward", "Wards", "Hubs", "Have your say", "Open data", "API"]


def sbhe():
    return Ward.objects.current().get(gss_code=SBHE)


def navigation(page: str) -> list[tuple[str, str]]:
    """The service navigation's links: (label, address), in order."""
    menu = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', page, re.S).group(0)
    return [(re.sub(r"<[^>]+>", "", label).strip(), href)
            for href, label in re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>(.*?)</a>',
                                          menu, re.S)]


def sections(page: str) -> dict[str, str]:
    """The workspace's sections by their heading: each one's text up to the next heading."""
    main = page.split('id="main-content"', 1)[1]
    parts = re.split(r'<h2 class="govuk-heading-m">(.*?)</h2>', main)
    return {html.unescape(parts[i].strip()): html.unescape(parts[i + 1]) for i in range(1, len(parts), 2)}


@pytest.fixture
def councillor():
    return CouncillorSeatFactory(ward=sbhe()).councillor


@pytest.fixture
def officer():
    return UserFactory(officer=True)


@pytest.fixture
def partner():
    return UserFactory(partner=True)


# --- The header -----------------------------------------------------------------------------------

NOTIFICATIONS = ("Notifications", "/notifications/")  # every signed-in person's

@pytest.mark.parametrize("role, own", [
    ("anonymous", []),
    ("resident", [("Your answers and ideas", "/residents/you/"), NOTIFICATIONS]),
    ("councillor", [("Your workspace", "/workspace/"), NOTIFICATIONS]),
    ("officer", [("Your workspace", "/workspace/"), ("Manage hubs", "/hubs/manage/"), ("Reports", "/reports/"),
                 NOTIFICATIONS]),
    ("partner", [("Your workspace", "/workspace/"), ("Your bookings", "/hubs/bookings/mine/"),
                 ("API token", "/accounts/token/"), NOTIFICATIONS]),
])
def test_the_header_leads_each_role_to_its_own_pages(client, role, own):
    if role != "anonymous":
        client.force_login(UserFactory(**({role: True} if role != "resident" else {})))
    links = navigation(client.get("/wards/").content.decode())
    assert [label for label, _ in links] == PUBLIC + [label for label, _ in own]
    assert links[len(PUBLIC):] == own


def test_the_header_marks_the_most_specific_section_as_current(client, officer):
    client.force_login(officer)
    page = client.get("/hubs/manage/").content.decode()
    assert 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Manage hubs' in page
    assert page.count("aria-current=") == 1  # not "Hubs" as well
    page = client.get("/workspace/").content.decode()
    assert 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Your workspace' in page


# --- A councillor's workspace ---------------------------------------------------------------------

def _councillors_year(ward):
    """This year's published plan with an overdue, an at-risk and an on-track action; next year's
    draft copied from it; a plan in consultation; this year's budget, a quarter spent."""
    plan = WardPlanFactory(title="Our plan", status=PlanStatus.PUBLISHED, published_at=timezone.now(), wards=[ward])
    priority = PriorityFactory(plan=plan)
    ActionFactory(priority=priority, description="Clear the alleys", due_date=datetime.date(2026, 11, 1),
                  status=ActionStatus.ON_TRACK)
    ActionFactory(priority=priority, description="Open the youth club", due_date=datetime.date(2027, 2, 1),
                  status=ActionStatus.AT_RISK)
    ActionFactory(priority=priority, description="Plant the trees", status=ActionStatus.ON_TRACK)
    draft = WardPlanFactory(title="Next year's plan", period="2027/28", copied_from=plan, wards=[ward])
    for action in priority.actions.all():
        ActionFactory(priority=PriorityFactory(plan=draft), description=action.description,
                      due_date=action.due_date, status=action.status)
    WardPlanFactory(title="The plan we ask about", period="2025/26", status=PlanStatus.CONSULTATION, wards=[ward])
    budget = WardBudgetFactory(ward=ward, period="2026/27", allocation=Decimal("10000"))
    SpendLine.objects.create(budget=budget, description="Skips", amount=Decimal("2500"),
                             spent_on=datetime.date(2026, 6, 1))


def test_a_councillor_sees_what_needs_their_wards(client, councillor, today_is):
    _councillors_year(sbhe())
    forum = WardForumFactory(name="Sparkbrook Forum", wards=[sbhe()])
    ForumMeetingFactory(forum=forum, starts_at=timezone.now() + datetime.timedelta(days=7), venue="The library")
    ForumMeetingFactory(forum=forum, starts_at=timezone.now() - datetime.timedelta(days=7), venue="Held already")
    client.force_login(councillor)
    page = sections(client.get("/workspace/").content.decode())

    attention = page["Actions overdue or at risk"]
    # Each once: next year's copies are not this year's work.
    assert attention.count(">Clear the alleys</a>") == 1 and attention.count(">Open the youth club</a>") == 1
    assert "Plant the trees" not in attention
    assert attention.count(OVERDUE) == 1 and "At risk" in attention
    assert "The library" in page["Forum meetings coming up"]
    assert "Held already" not in page["Forum meetings coming up"]
    budget = page["Budget left this year"]
    assert "Our plan" in budget and "£7,500.00" in budget and "£2,500.00" in budget
    assert "Next year's plan" not in budget
    assert "Next year's plan" in page["Drafts"] and "Our plan" not in page["Drafts"]
    assert "The plan we ask about" in page["Plans in consultation"]
    assert "Our plan" in page["Your wards' plans"] and "Next year's plan" in page["Your wards' plans"]


def test_a_councillor_without_a_budget_is_told_so(client, councillor, today_is):
    WardPlanFactory(title="Our plan", status=PlanStatus.PUBLISHED, published_at=timezone.now())
    client.force_login(councillor)
    page = sections(client.get("/workspace/").content.decode())
    assert "No budget set for 2026/27" in page["Budget left this year"]
    assert "No action of your wards' plans is overdue or at risk." in page["Actions overdue or at risk"]
    assert "No forum meeting of your wards is planned." in page["Forum meetings coming up"]


# --- An officer's workspace -----------------------------------------------------------------------

def _led_this_year_and_copied(officer, n=1):
    """Actions the officer leads in this year's plan, and their copies in next year's draft."""
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED, published_at=timezone.now())
    draft = WardPlanFactory(period="2027/28", copied_from=plan)
    for i in range(n):
        for on in (plan, draft):
            ActionFactory(priority=PriorityFactory(plan=on), lead_officer=officer, description=f"Run jobs fair {i}",
                          due_date=datetime.date(2026, 11, 1), status=ActionStatus.ON_TRACK)


def test_an_officer_sees_each_action_they_lead_once_and_overdue_ones_flagged(client, officer, today_is):
    _led_this_year_and_copied(officer)
    ActionFactory(lead_officer=officer, description="Finished", status=ActionStatus.DONE)
    client.force_login(officer)
    page = sections(client.get("/workspace/").content.decode())
    now = page["Actions you lead"]
    assert now.count(">Run jobs fair 0</a>") == 1 and "(2026/27)" in now and "(2027/28)" not in now
    assert now.count(OVERDUE) == 1
    ahead = page["Actions you lead in plans for next year"]
    assert ahead.count(">Run jobs fair 0</a>") == 1 and "(2027/28)" in ahead
    assert "Finished" not in now + ahead


def test_an_officer_sees_the_requests_waiting_at_their_hubs(client, officer):
    hub = HubFactory(name="Farm Road Hub", managers=[officer])
    HubFactory(name="Someone else's hub")
    HubFactory(name="Quiet Hub", managers=[officer])
    room = SpaceFactory(hub=hub)
    for hour in ("10:00", "13:00"):
        BookingFactory(space=room, status=Booking.Status.REQUESTED,
                       starts_at=timezone.now() + datetime.timedelta(days=3, hours=int(hour[:2])))
    BookingFactory(space=room, status=Booking.Status.CONFIRMED)
    BookingFactory(space=room, status=Booking.Status.REQUESTED,  # its time has passed: not waiting
                   starts_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(officer)
    hubs = sections(client.get("/workspace/").content.decode())["Hubs you manage"]
    assert f'href="/hubs/{hub.slug}/requests/">2 waiting' in hubs
    assert "Quiet Hub" in hubs and "Someone else" not in hubs
    assert re.search(r"Quiet Hub</a></th>\s*<td[^>]*>None</td>", hubs)


# --- A partner's workspace ------------------------------------------------------------------------

def test_a_partner_sees_their_bookings_coming_up_and_their_token(client, partner):
    room = SpaceFactory(name="Meeting Room 1")
    soon = timezone.now() + datetime.timedelta(days=2)
    BookingFactory(space=room, requested_by=partner, status=Booking.Status.REQUESTED, starts_at=soon,
                   purpose="Drop-in")
    BookingFactory(space=room, organisation=partner.organisation, status=Booking.Status.CONFIRMED,
                   starts_at=soon + datetime.timedelta(days=1))
    BookingFactory(space=room, requested_by=partner, starts_at=timezone.now() - datetime.timedelta(days=9))
    BookingFactory(space=room, organisation=OrganisationFactory(), starts_at=soon + datetime.timedelta(days=2))
    client.force_login(partner)
    page = client.get("/workspace/").content.decode()
    assert "nothing for you to do here" not in page
    bookings = sections(page)["Your bookings coming up"]
    assert bookings.count("Meeting Room 1") == 2  # not the past one, nor another organisation's
    assert "Awaiting approval" in bookings and "Confirmed" in bookings
    assert 'href="/hubs/">Book a room</a>' in bookings
    assert "You have no API token." in sections(page)["Your API token"]


def test_a_residents_workspace_is_their_answers_and_ideas(client):
    # Where signing in lands: a resident has no workspace of their own, but their page.
    client.force_login(UserFactory())
    response = client.get("/workspace/")
    assert response.status_code == 302 and response["Location"] == "/residents/you/"


# --- Query counts ---------------------------------------------------------------------------------

def _grows_not(client, django_assert_max_num_queries, django_assert_num_queries, add_rows):
    with django_assert_max_num_queries(40) as small:
        assert client.get("/workspace/").status_code == 200
    add_rows()
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/workspace/").status_code == 200


def test_a_councillors_workspace_costs_the_same_whatever_its_size(
        client, councillor, today_is, django_assert_max_num_queries, django_assert_num_queries):
    _councillors_year(sbhe())
    client.force_login(councillor)

    def more():
        forum = WardForumFactory(wards=[sbhe()])
        for days in (3, 4, 5):
            ForumMeetingFactory(forum=forum, starts_at=timezone.now() + datetime.timedelta(days=days))
        seat = CouncillorSeatFactory(ward=Ward.objects.current().get(gss_code="E05011165"), councillor=councillor)
        plan = WardPlanFactory(status=PlanStatus.PUBLISHED, published_at=timezone.now(), wards=[seat.ward, sbhe()])
        for _ in range(4):
            ActionFactory(priority=PriorityFactory(plan=plan), status=ActionStatus.AT_RISK)
        WardBudgetFactory(ward=seat.ward, period="2026/27")
    _grows_not(client, django_assert_max_num_queries, django_assert_num_queries, more)


def test_an_officers_actions_come_a_page_at_a_time_and_next_years_are_bounded(client, officer, today_is):
    from wards.models import Action

    _led_this_year_and_copied(officer)
    for period in ("2026/27", "2027/28"):
        priority = Action.objects.get(lead_officer=officer, priority__plan__period=period).priority
        Action.objects.bulk_create(
            Action(priority=priority, position=1000 + n, description=f"Litter pick {n:02d}", lead_officer=officer,
                   due_date=datetime.date(2026, 12, 1) + datetime.timedelta(days=n), status=ActionStatus.ON_TRACK)
            for n in range(50))
    client.force_login(officer)
    page = sections(client.get("/workspace/").content.decode())
    now = page["Actions you lead"]
    assert now.count("Post progress<span") == 50 and ">Run jobs fair 0</a>" in now  # due soonest, first
    assert "Page 1 of 2 (1 to 50 of 51)" in now
    ahead = page["Actions you lead in plans for next year"]
    assert ahead.count("Post progress<span") == 50 and ">Litter pick 49</a>" not in ahead
    assert "The 50 due soonest of the 51 you lead are shown" in ahead
    second = sections(client.get("/workspace/?page=2").content.decode())["Actions you lead"]
    assert second.count("Post progress<span") == 1 and ">Litter pick 49</a>" in second
    assert "Page 2 of 2 (51 to 51 of 51)" in second


def test_an_officers_workspace_costs_the_same_whatever_its_size(
        client, officer, today_is, django_assert_max_num_queries, django_assert_num_queries):
    _led_this_year_and_copied(officer)
    BookingFactory(space=SpaceFactory(hub=HubFactory(managers=[officer])), status=Booking.Status.REQUESTED)
    client.force_login(officer)

    def more():
        _led_this_year_and_copied(officer, n=3)
        for _ in range(3):
            BookingFactory(space=SpaceFactory(hub=HubFactory(managers=[officer])), status=Booking.Status.REQUESTED)
    _grows_not(client, django_assert_max_num_queries, django_assert_num_queries, more)


def test_a_partners_workspace_costs_the_same_whatever_its_size(
        client, partner, django_assert_max_num_queries, django_assert_num_queries):
    BookingFactory(requested_by=partner)
    client.force_login(partner)

    def more():
        for days in range(3, 8):
            BookingFactory(organisation=partner.organisation, starts_at=timezone.now() + datetime.timedelta(days=days))
    _grows_not(client, django_assert_max_num_queries, django_assert_num_queries, more)
