"""A hub officer sets up their hub in the browser: adds a space with its rates and closes it for
a day, seeing the booking the closure covers; the dashboard and the week read at 320 px. axe-core
checks each page."""

import datetime

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, follow, sign_in

WIDTH = 320


def _assert_no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"


def test_officer_adds_a_space_and_a_closure_and_reads_the_dashboard_on_a_phone(page, demo):
    from hubs.models import Booking, Hub
    from localism.accounts.models import User

    officer = User.objects.get(username="officer")
    hub = Hub.objects.filter(managers=officer, is_demo=True).order_by("name").first()
    sign_in(page, "officer")
    page.goto("/hubs/manage/")
    expect(page.get_by_text("awaiting approval").first).to_be_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name=f"Spaces, services, hours and closures of {hub.name}"))
    assert_accessible(page)

    follow(page.get_by_role("link", name="Add a space"))
    page.get_by_label("Name", exact=True).fill("Quiet study room")
    page.get_by_label("How many people it holds").fill("0")
    page.get_by_label("Floor area, in square metres").fill("18")
    follow(page.get_by_role("button", name="Add the space"))
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("How many people it holds").fill("6")
    page.get_by_label("Staff, partners and community groups").check()
    page.get_by_label("Hourly rate for community groups, in pounds (optional)").fill("5")
    follow(page.get_by_role("button", name="Add the space"))
    expect(page.get_by_text("Space added: Quiet study room.")).to_be_visible()
    expect(page.get_by_text("Community group: £5.00")).to_be_visible()

    booking = (Booking.objects.holding().filter(space__hub=hub, starts_at__gt=datetime.datetime.now(datetime.UTC))
               .select_related("space").order_by("starts_at").first())
    day = booking.starts_at.astimezone().date()
    follow(page.get_by_role("link", name="Close the hub or a space"))
    page.get_by_label("What is closed").select_option(label=booking.space.name)
    page.get_by_label("First day closed").fill(f"{day:%d/%m/%Y}")
    page.get_by_label("Last day closed").fill(f"{day:%d/%m/%Y}")
    page.get_by_label("Reason").fill("Refurbishment")
    follow(page.get_by_role("button", name="Save the closure"))
    expect(page.get_by_text("still hold", exact=False)).to_be_visible()
    expect(page.locator(f'a[href="/hubs/bookings/{booking.pk}/"]')).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(f"/hubs/{hub.slug}/dashboard/")
    _assert_no_sideways_scroll(page)
    assert_accessible(page)
    chart = page.locator("svg.app-chart").first
    assert "arial" in chart.evaluate("el => getComputedStyle(el).fontFamily").lower()
    page.goto(f"/hubs/{hub.slug}/week/?date={day:%Y-%m-%d}")
    _assert_no_sideways_scroll(page)
    expect(page.locator("#day")).to_be_visible()
    expect(page.get_by_role("region", name="Bookings by space and day")).to_be_hidden()
    assert_accessible(page)
    follow(page.locator("#day").get_by_role("link", name="Next day"))
    expect(page.locator("#day h2")).to_contain_text(f"{day + datetime.timedelta(days=1):%A %-d %B}")
    _assert_no_sideways_scroll(page)
    for path in ("setup/", "opening-hours/", "spaces/new/", "services/new/"):
        page.goto(f"/hubs/{hub.slug}/{path}")
        _assert_no_sideways_scroll(page)
        assert_accessible(page)
