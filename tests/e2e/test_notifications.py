"""Notifications in the browser, on the demonstration data: a partner's request reaches the hub
officer's Notifications page; the officer opens it and approves; the partner finds the answer on
theirs. axe-core checks the notifications, choices and reports pages."""

import datetime
import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, follow, sign_in


def _request_as_partner():
    """The demonstration partner asks for a free hour, a month ahead, in a room at a hub the
    demonstration officer manages that needs approval."""
    from django.utils import timezone

    from hubs import services
    from hubs.models import Space
    from localism.accounts.models import User

    partner = User.objects.get(username="partner")
    space = next(s for s in Space.objects.filter(hub__managers__username="officer", approval_needed=True)
                 .select_related("hub").order_by("pk") if services.may_book(partner, s))
    day = timezone.localdate() + datetime.timedelta(days=30)
    asked = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    an_hour = datetime.timedelta(hours=1)
    starts_at, ends_at = services.free_slots(space=space, starts_at=asked, ends_at=asked + an_hour)[0]
    return services.booking_create(space=space, requester=partner, starts_at=starts_at, ends_at=ends_at,
                                   purpose="Flu clinic", attendees=6,
                                   contact={"contact_name": "Sam", "contact_phone": "0121 496 0001",
                                            "contact_email": "sam@example.org"})


def test_a_request_reaches_the_officer_who_approves_and_the_partner_sees_it(page, browser, live_server, demo):
    booking = _request_as_partner()
    subject = f"Booking request to approve: {booking.space.name}, {booking.space.hub.name}"

    sign_in(page, "officer")
    follow(page.get_by_role("link", name="Notifications"))
    newest = page.locator("main li").first  # newest first
    expect(newest).to_contain_text(subject)
    expect(newest).to_contain_text("Purpose: Flu clinic")
    assert_accessible(page)
    follow(newest.get_by_role("button", name="Go to the page"))
    assert page.url.endswith(f"/hubs/bookings/{booking.pk}/")
    follow(page.get_by_role("button", name="Approve").first)
    booking.refresh_from_db()
    assert booking.status == "confirmed"

    partner = browser.new_context(base_url=live_server.url).new_page()
    sign_in(partner, "partner")
    follow(partner.get_by_role("link", name="Notifications"))
    answer = partner.locator("main li").first
    expect(answer).to_contain_text(f"Your booking is approved: {booking.space.name}, {booking.space.hub.name}")
    expect(answer).to_contain_text("Purpose: Flu clinic")
    follow(partner.get_by_role("link", name="Choose what you are e-mailed about"))
    assert_accessible(partner)
    partner.get_by_label("In a weekly e-mail digest").first.check()
    follow(partner.get_by_role("button", name="Save your choices"))
    expect(partner.get_by_text("Your choices are saved.")).to_be_visible()
    partner.context.close()


def test_the_reports_page_is_accessible_and_runs_a_report(page, live_server, demo, settings):
    sign_in(page, "officer")
    follow(page.get_by_role("link", name="Reports"))
    assert_accessible(page)
    page.get_by_label("Month").fill("not a month")
    follow(page.get_by_role("button", name="Run it now"))
    expect(page.get_by_role("alert")).to_contain_text("Enter the month as a year and month")
    assert_accessible(page)


def test_a_run_its_figures_history_and_the_public_pages_are_accessible(page, browser, live_server, demo):
    from localism.reports import runs

    october = [runs.report_run(kind="localism_coverage", month=month)
               for month in (datetime.date(2026, 9, 1), datetime.date(2026, 10, 1))][-1]
    sign_in(page, "officer")
    follow(page.get_by_role("link", name="Reports"))
    link = page.locator(f"main a[href='/reports/{october.pk}/']")
    expect(link).to_have_accessible_name(re.compile(r"^Localism coverage\s*, October 2026\s*$"))
    follow(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Localism coverage")
    assert_accessible(page)
    follow(page.get_by_role("link", name="History of wards: has a ward forum"))
    expect(page.locator("svg.app-chart")).to_have_attribute("aria-label", re.compile("2 months, from Sep 2026"))
    assert_accessible(page)

    reader = browser.new_context(base_url=live_server.url).new_page()  # anyone, no account
    reader.goto("/")
    follow(reader.get_by_role("link", name="How localism is going").first)
    expect(reader.get_by_role("heading", level=1)).to_have_text("How localism is going")
    assert_accessible(reader)
    reader.get_by_text("Has a Ward Forum:").click()  # a details summary opens with its list
    follow(reader.get_by_role("link", name="Shard End").first)
    expect(reader.get_by_role("heading", level=1)).to_have_text("How localism is going in Shard End")
    assert_accessible(reader)
    reader.goto("/open-data/")
    expect(reader.locator("#monthly-reports + p + .app-table-wrapper")).to_contain_text("October 2026")
    assert_accessible(reader)
    reader.context.close()
