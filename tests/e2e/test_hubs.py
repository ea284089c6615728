"""An officer books a room, meets a conflict, approves a partner's request; a visitor finds a
hub by the service it offers. axe-core checks each page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible


@pytest.fixture
def hub(birmingham_wards):
    from hubs.models import HubService
    from hubs.tests.factories import HubFactory, HubServiceFactory, SpaceFactory
    from localism.accounts.tests.factories import OrganisationFactory, UserFactory

    officer = UserFactory(username="hubofficer", first_name="Olu", last_name="Officer", officer=True)
    UserFactory(username="nhspartner", partner=True,
                organisation=OrganisationFactory(name="Community Health (test)", kind="nhs_body"))
    hub = HubFactory(name="The Shard test hub", slug="the-shard-test", managers=[officer])
    SpaceFactory(hub=hub, name="Community room", capacity=20)
    HubServiceFactory(hub=hub, name="Debt and benefits advice", category=HubService.Category.ADVICE,
                      description="Drop in for help with debt, benefits and bills.")
    HubFactory(name="Another hub", slug="another-hub")
    return hub


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()


def next_monday():
    import datetime

    today = datetime.date.today()
    return today + datetime.timedelta(days=(0 - today.weekday()) % 7 + 7)


def fill_booking(page, day, start, end, purpose):
    page.get_by_label("Space", exact=True).select_option(label="Community room (meeting room, up to 20 people)")
    page.get_by_label("Date").first.fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Start time").fill(start)
    page.get_by_label("End time").fill(end)
    page.get_by_label("What it is for").fill(purpose)
    page.get_by_label("How many people").fill("12")
    page.get_by_label("Name of the person responsible on the day").fill("Sam Okafor")
    page.get_by_label("Their phone number").fill("0121 303 1111")
    page.get_by_label("Their email address").fill("sam@example.org")


def test_officer_books_meets_a_conflict_and_approves_a_request(page, browser, live_server, hub):
    day = next_monday()
    # A partner asks for the room; it waits for the hub's approval.
    partner = browser.new_context(base_url=live_server.url).new_page()
    sign_in(partner, "nhspartner")
    partner.goto("/hubs/the-shard-test/book/")
    assert_accessible(partner)
    fill_booking(partner, day, "14:00", "15:00", "Diabetes clinic")
    partner.get_by_role("button", name="Book", exact=True).click()
    expect(partner.get_by_text(re.compile("awaiting approval", re.I)).first).to_be_visible()
    assert_accessible(partner)
    partner.context.close()

    sign_in(page, "hubofficer")
    page.goto("/hubs/the-shard-test/book/")
    fill_booking(page, day, "10:00", "12:00", "Job club")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text(re.compile("Booked", re.I)).first).to_be_visible()
    expect(page.get_by_role("link", name="10:00–12:00")).to_be_visible()  # in the week view
    assert_accessible(page)

    # The same slot again: refused, naming the booking in the way.
    page.goto("/hubs/the-shard-test/book/")
    fill_booking(page, day, "11:00", "12:30", "Second job club")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("already booked from 10:00 to 12:00")
    assert_accessible(page)

    # Approve the partner's request.
    page.goto("/hubs/the-shard-test/requests/")
    expect(page.get_by_text("Diabetes clinic")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text(re.compile("approved", re.I)).first).to_be_visible()
    page.goto("/hubs/the-shard-test/dashboard/")
    assert_accessible(page)

    from hubs.models import Booking

    assert sorted(Booking.objects.values_list("purpose", "status")) == [
        ("Diabetes clinic", "confirmed"), ("Job club", "confirmed")]


def test_visitor_finds_a_hub_by_service(page, hub):
    page.goto("/hubs/")
    assert_accessible(page)
    page.get_by_label("Service", exact=True).fill("debt")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="The Shard test hub")).to_be_visible()
    expect(page.get_by_role("link", name="Another hub")).to_have_count(0)
    page.get_by_role("link", name="The Shard test hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Shard test hub")
    expect(page.get_by_text("Debt and benefits advice")).to_be_visible()
    assert_accessible(page)
