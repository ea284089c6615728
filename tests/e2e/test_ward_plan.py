"""A councillor edits and publishes their Ward Plan with the keyboard alone; a resident then
reads it on the ward page, and an action's page with its progress. "Today" is 30 November 2026."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible


def tab_to(page, locator, *, limit=120):
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => el === document.activeElement", handle):
            return
    pytest.fail(f"Tab never reached {locator}")


@pytest.fixture(autouse=True)
def today_is_a_fixed_day(monkeypatch):
    """The live server runs in this process: its pages see the same fixed "today"."""
    from django.utils import timezone

    localdate = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: (
        datetime.date(2026, 11, 30) if value is None else localdate(value, timezone)))


@pytest.fixture
def draft_plan(birmingham_wards):
    from localism.accounts.tests.factories import OrganisationFactory, UserFactory
    from wards.models import Ward
    from wards.tests.factories import CouncillorSeatFactory
    from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

    councillor = UserFactory(username="cllr", first_name="Chris", last_name="Councillor", councillor=True)
    CouncillorSeatFactory(councillor=councillor, ward=Ward.objects.current().get(gss_code="E05011170"))
    OrganisationFactory(name="Balsall Heath Forum (test)")
    plan = WardPlanFactory(title="Sparkbrook and Balsall Heath East Ward Plan", period="2026/27")
    PriorityFactory(plan=plan, title="Cleaner streets", position=1)
    PriorityFactory(plan=plan, title="Safer parks", position=2)
    return plan


def test_councillor_edits_and_publishes_then_residents_see_it(page, browser, live_server, draft_plan):
    # Sign in with the keyboard.
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("cllr")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your workspace")
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name="Sparkbrook and Balsall Heath East Ward Plan", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sparkbrook and Balsall Heath East Ward Plan")
    assert_accessible(page)

    # Edit the first priority.
    tab_to(page, page.get_by_role("link", name="Edit priority: Cleaner streets"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit priority")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Cleaner streets and an end to fly-tipping")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Priority saved: Cleaner streets and an end to fly-tipping")).to_be_visible()

    # Add an action to it.
    tab_to(page, page.get_by_role("link", name="Add an action to Cleaner streets and an end to fly-tipping"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    assert_accessible(page)
    tab_to(page, page.get_by_label("What will be done"))
    page.keyboard.type("Monthly community clean-up days with the street champions")
    tab_to(page, page.get_by_label("Due date (optional)"))
    page.keyboard.type("31/3/2027")
    tab_to(page, page.get_by_role("radio", name="Not started"))
    page.keyboard.press("ArrowDown")  # on track
    tab_to(page, page.get_by_role("button", name="Save action"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Action added to Cleaner streets and an end to fly-tipping.")).to_be_visible()
    expect(page.get_by_role("cell", name="Monthly community clean-up days with the street champions")).to_be_visible()

    # Publish, once the confirmation page has said what will happen.
    tab_to(page, page.get_by_role("link", name="Publish plan"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to publish this plan?")
    expect(page.get_by_text("become the ward's current plan straight away")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Yes, publish the plan"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The plan is published: everyone can read it on the ward page.")).to_be_visible()
    expect(page.get_by_text("Current plan", exact=True)).to_be_visible()
    assert_accessible(page)

    # A resident, not signed in, reads the published plan on the ward page.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/wards/sparkbrook-and-balsall-heath-east/")
    expect(visitor.get_by_role("heading", name="1. Cleaner streets and an end to fly-tipping")).to_be_visible()
    expect(visitor.get_by_text("Monthly community clean-up days with the street champions")).to_be_visible()
    expect(visitor.locator(".app-status-counts")).to_contain_text("On track 1 action")
    assert_accessible(visitor)
    visitor.get_by_role("link", name=re.compile("Sparkbrook and Balsall Heath East Ward Plan")).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Sparkbrook and Balsall Heath East Ward Plan")
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Monthly community clean-up days with the street champions").click()
    expect(visitor.get_by_role("heading", name="Progress updates")).to_be_visible()
    expect(visitor.get_by_text("No progress has been posted on this action yet.")).to_be_visible()
    assert_accessible(visitor)
    visitor.context.close()
