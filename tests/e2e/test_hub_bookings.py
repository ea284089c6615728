"""The hub booking workflow in the browser, on the demonstration data: a partner reads a space's
free and busy week (others' bookings only as "Busy"), asks for a time that clashes, and books one
of the free times the page suggests, with the keyboard alone; an officer changes a booking's time
and cancels the later dates of a repeating booking. axe-core checks each page; the booking, change
and series pages do not scroll sideways at 320 px."""

import datetime
import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.e2e.test_reflow import _focused, _tab

WIDTH = 320


def _assert_no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"


def _others_booking():
    """The first booking, from the day after tomorrow on, that another organisation holds in a
    space the demonstration partner may book, at a hub the demonstration officer manages."""
    from django.utils import timezone

    from hubs import services
    from hubs.models import Booking
    from localism.accounts.models import User

    partner = User.objects.get(username="partner")
    after = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(days=2)
    candidates = (Booking.objects.holding()
                  .filter(starts_at__gte=after, space__hub__managers__username="officer", organisation__isnull=False)
                  .exclude(organisation=partner.organisation).exclude(requested_by=partner)
                  .select_related("space__hub", "organisation").order_by("starts_at", "pk"))
    return next(b for b in candidates if services.may_book(partner, b.space)), partner


def _type_into_next_field(page, text: str, *, label: str) -> None:
    focused = _tab(page)
    assert page.get_by_label(label, exact=True).evaluate("el => el === document.activeElement"), \
        f"expected focus on {label!r}, not {focused}"
    page.keyboard.type(text)


def test_partner_books_a_suggested_time_and_an_officer_changes_and_cancels_bookings(page, browser, live_server, demo):
    from django.utils import timezone

    from hubs.models import Booking

    theirs, partner = _others_booking()
    hub, space = theirs.space.hub, theirs.space
    start, end = timezone.localtime(theirs.starts_at), timezone.localtime(theirs.ends_at)

    # 1. The partner chooses the space and reads its week: the other booking only as "Busy".
    sign_in(page, "partner")
    page.goto(f"/hubs/{hub.slug}/book/")
    assert_accessible(page)
    page.get_by_label("Space to see free and busy times for").select_option(label=space.name)
    page.get_by_label("Week of").fill(f"{start:%d/%m/%Y}")
    follow(page.get_by_role("button", name="Show the week"))
    week = page.get_by_role("region", name=f"Busy times of {space.name}")
    row = week.get_by_role("row", name=re.compile(f"^{start:%a %-d %b}"))
    expect(row).to_contain_text(f"{start:%H:%M}–{end:%H:%M}: Busy")
    expect(page.locator("main")).not_to_contain_text(theirs.purpose)
    expect(page.locator("main")).not_to_contain_text(theirs.organisation.name)
    assert_accessible(page)

    # 3. The booking form with the keyboard alone: skip to the content, Tab from field to field,
    # type, and Enter to send it; focus can be seen at every step. The time asked for clashes.
    page.goto(f"/hubs/{hub.slug}/book/")
    assert _tab(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main-content"
    option = page.get_by_label("Space", exact=True).locator("option", has_text=space.name).first.inner_text()
    _type_into_next_field(page, option, label="Space")
    expect(page.get_by_label("Space", exact=True)).to_have_value(str(space.pk))
    _type_into_next_field(page, f"{start:%d/%m/%Y}", label="Date")
    _type_into_next_field(page, f"{start:%H:%M}", label="Start time")
    _type_into_next_field(page, f"{end:%H:%M}", label="End time")
    _type_into_next_field(page, "Carers' coffee morning", label="What it is for")
    _type_into_next_field(page, "6", label="How many people")
    _type_into_next_field(page, "Sam Okafor", label="Name of the person responsible on the day")
    _type_into_next_field(page, "0121 303 1111", label="Their phone number")
    _type_into_next_field(page, "sam@example.org", label="Their email address")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Refused, naming that the room is booked, with free times of the same length to book instead.
    expect(page.get_by_role("alert")).to_contain_text(
        f"{space.name} is already booked from {start:%H:%M} to {end:%H:%M}")
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text(f"Free times of the same length in {space.name}")
    assert_accessible(page)
    first = suggestions.get_by_role("button", name=re.compile("^Book this time")).first
    offered = re.search(r": (.+), (\d\d:\d\d) to (\d\d:\d\d)$", first.inner_text().strip())
    assert offered, first.inner_text()
    offered_start, offered_end = offered.group(2), offered.group(3)
    length = datetime.datetime.strptime(offered_end, "%H:%M") - datetime.datetime.strptime(offered_start, "%H:%M")
    assert length == end - start
    first.focus()  # still the keyboard: the suggestion's button, sent with Enter
    assert _focused(page)["ring"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(f"(Requested|Booked): {re.escape(space.name)}, .*"
                                       f"{offered_start} to {offered_end}"))).to_be_visible()
    expect(page.get_by_text(re.compile("awaiting approval|Booked")).first).to_be_visible()
    assert_accessible(page)
    mine = Booking.objects.get(requested_by=partner, purpose="Carers' coffee morning")
    assert mine.status in Booking.HOLDING and f"{timezone.localtime(mine.starts_at):%H:%M}" == offered_start

    # 2. The officer, on a phone, changes the booking's time: half an hour, from its start.
    officer = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 800}).new_page()
    officer.set_default_timeout(15_000)
    sign_in(officer, "officer")
    officer.goto(f"/hubs/bookings/{mine.pk}/")
    _assert_no_sideways_scroll(officer)
    assert_accessible(officer)
    follow(officer.get_by_role("link", name="Change this booking"))
    _assert_no_sideways_scroll(officer)
    assert_accessible(officer)
    new_end = (datetime.datetime.strptime(offered_start, "%H:%M") + datetime.timedelta(minutes=30)).strftime("%H:%M")
    officer.get_by_label("End time").fill(new_end)
    follow(officer.get_by_role("button", name="Save the change"))
    expect(officer.get_by_text(re.compile(f"Changed: .*{offered_start} to {new_end}"))).to_be_visible()
    expect(officer.locator("main")).to_contain_text(f"{offered_start} to {new_end}")
    _assert_no_sideways_scroll(officer)
    assert_accessible(officer)

    # A weekly series: cancel its second date still to come "and the later ones".
    now = timezone.now()
    series_id = (Booking.objects.filter(status=Booking.Status.CONFIRMED, series__isnull=False, starts_at__gt=now,
                                                  space__hub__managers__username="officer")
                 .order_by("space__hub__name", "space__name", "starts_at").values_list("series", flat=True).first())
    dates = list(Booking.objects.holding().filter(series=series_id, starts_at__gt=now).order_by("starts_at"))
    assert len(dates) >= 3, "the demonstration data has weekly series of several dates"
    kept, cut = dates[0], dates[1:]
    officer.goto(f"/hubs/bookings/{cut[0].pk}/")
    follow(officer.get_by_role("link", name="cancel several of its dates"))
    _assert_no_sideways_scroll(officer)
    assert_accessible(officer)
    officer.get_by_label("This date and the later ones").check()
    follow(officer.get_by_role("button", name="Cancel these dates"))
    expect(officer.get_by_text(f"Cancelled {len(cut)} dates of the repeating booking")).to_be_visible()
    officer.goto(f"/hubs/bookings/{kept.pk}/series/")
    table = officer.get_by_role("region", name="The dates of the repeating booking")
    expect(table.get_by_role("row", name=re.compile(f"^{timezone.localtime(kept.starts_at):%a %-d %b %Y}")))\
        .to_contain_text("Confirmed")
    for booking in cut:
        expect(table.get_by_role("row", name=re.compile(f"^{timezone.localtime(booking.starts_at):%a %-d %b %Y}")))\
            .to_contain_text("Cancelled")
    _assert_no_sideways_scroll(officer)
    assert_accessible(officer)
    officer.context.close()
