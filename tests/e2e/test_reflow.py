"""Every page reflows at 320 CSS pixels (WCAG 2.2, 1.4.10): nothing scrolls sideways but a wide
table, within its own focusable region. The pages hold the demonstration data, pass axe-core at
that width, and can be used with a keyboard alone."""

import datetime
import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, follow, sign_in

WIDTH = 320
# The outermost elements that stick out past the right edge, to say why a page is too wide.
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1
                  && el.parentElement.getBoundingClientRect().right <= width + 1)
    .slice(0, 5)
    .map(el => el.tagName + '.' + el.getAttribute('class') + ': ' + (el.textContent || '').trim().slice(0, 40))"""


def _assert_reflows(page, path=None):
    if path:
        page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px: {page.evaluate(TOO_WIDE, WIDTH)}"
    assert_accessible(page)


def _href(page, selector):
    return page.locator(selector).first.get_attribute("href")


def test_public_pages_reflow_at_320_px(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/wards/shard-end/")
    ward_pages = [_href(page, sel) for sel in (
        "a[href^='/plans/']", "a[href^='/forums/meetings/']", "a[href^='/forums/']:not([href*='meetings'])")]
    page.goto("/hubs/")
    hub = _href(page, "main a[href^='/hubs/farm-road']")
    for path in ["/", "/wards/", "/wards/find/", "/wards/profiles/", "/wards/shard-end/", *ward_pages, "/hubs/", hub,
                 "/hubs/?near=B34+7AQ", "/open-data/", "/accessibility/", "/privacy/", "/cookies/",
                 "/contact/", "/accounts/login/", "/no-such-page/"]:
        _assert_reflows(page, path)


def test_councillors_pages_reflow_at_320_px(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in(page, "councillor")
    _assert_reflows(page, "/workspace/")
    follow(page.locator("tr", has_text="Published").locator("a[href^='/plans/']").first)
    _assert_reflows(page)  # the plan, with its tables of actions and of spending
    plan_url = page.url
    for link in ["Edit plan details", "History of changes"]:
        page.goto(plan_url)
        follow(page.get_by_role("link", name=link))
        _assert_reflows(page)
    follow(page.get_by_role("button", name="Compare versions"))
    _assert_reflows(page)
    page.goto(plan_url)
    follow(page.locator("a[href$='/priorities/new/']").first)
    _assert_reflows(page)
    page.goto(plan_url)
    follow(page.locator("a[href*='/actions/'][href$='/edit/']").first)
    _assert_reflows(page)


def test_hub_officers_pages_reflow_at_320_px(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in(page, "officer")
    _assert_reflows(page, "/workspace/")  # the actions they lead, the hubs they manage
    _assert_reflows(page, "/hubs/manage/")
    follow(page.locator("main a[href$='/dashboard/']").first)
    _assert_reflows(page)
    hub_url = page.url.removesuffix("dashboard/")
    for path in ["week/", "occupiers/", "requests/", "book/"]:
        _assert_reflows(page, hub_url + path)
    _assert_reflows(page, "/hubs/bookings/mine/")
    follow(page.locator("main a[href^='/hubs/bookings/']").first)
    _assert_reflows(page)


def test_partners_pages_reflow_at_320_px(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in(page, "partner")
    _assert_reflows(page, "/workspace/")  # their bookings and their API token
    page.get_by_role("button", name="Menu").click()  # the header's menu, folded at this width
    follow(page.get_by_role("navigation", name="Menu").get_by_role("link", name="API token", exact=True))
    _assert_reflows(page)
    follow(page.get_by_role("link", name="Revoke token"))
    _assert_reflows(page)  # the confirmation
    follow(page.get_by_role("button", name="Yes, revoke the token"))
    expect(page.get_by_text("Your API token is revoked")).to_be_visible()
    _assert_reflows(page)
    follow(page.get_by_role("button", name="Create an API token"))
    expect(page.locator("#api-token-key")).to_have_text(re.compile(r"^[0-9a-f]{40}$"))
    _assert_reflows(page)  # the one page that shows the whole token


def _focused(page) -> dict:
    """The focused element, and whether its focus can be seen (GOV.UK Frontend's focus styles
    are a yellow background, a box shadow or an outline)."""
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
        const outline = style.outlineStyle !== 'none' && style.outlineColor !== 'rgba(0, 0, 0, 0)';
        return {tag: el.tagName, cls: el.getAttribute('class') || '', text: (el.textContent || '').trim(),
                id: el.id, visible: box.width > 0 && box.height > 0 && box.right <= window.innerWidth + 1,
                ring: style.boxShadow !== 'none' || outline};
    }""")


def _tab(page) -> dict:
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["visible"] and focused["ring"], f"focus cannot be seen: {focused}"
    return focused


def test_the_ward_list_works_with_a_keyboard_alone_at_320_px(page, demo):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/wards/")
    # The skip link comes first, and takes focus to the main content.
    assert _tab(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main-content"
    assert _tab(page)["cls"] == "govuk-select"  # the first control in the main content

    # From the top again: the header, then the menu, which opens to the service navigation.
    page.goto("/wards/")
    _tab(page)
    names = [_tab(page)["text"] for _ in range(3)]
    assert names == ["Birmingham City Council", "Localism", "Menu"]
    page.keyboard.press("Enter")
    navigation = [_tab(page)["text"] for _ in range(7)]
    assert navigation == ["Home", "Find your ward", "Wards", "Hubs", "Have your say", "Open data", "API"]

    # In the main content, the table of wards is a region the arrow keys scroll, then its links.
    page.locator(".govuk-button", has_text="Filter wards").focus()
    region = _tab(page)
    assert "app-table-wrapper" in region["cls"]
    expect(page.get_by_role("region", name="Wards")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # The browser scrolls after the key press, in its own time (smoothly, on a busy machine late).
    page.wait_for_function("() => document.querySelector('.app-table-wrapper').scrollLeft > 0", timeout=5_000)
    first_ward = _tab(page)
    assert first_ward["tag"] == "A" and first_ward["text"] == "Acocks Green"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acocks Green")


def test_ward_forum_pages_reflow_at_320_px(page, demo):
    """The pages where a councillor sets up and changes a Ward Forum, searches its member
    organisations and adds one, schedules a meeting (and is warned of a duplicate) and cancels one."""
    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in(page, "councillor")
    page.goto("/wards/sparkbrook-and-balsall-heath-east/")  # one of the demonstration councillor's wards
    follow(page.locator("main a[href^='/forums/new/']"))
    _assert_reflows(page)
    page.get_by_label("Search organisations").fill("police")
    follow(page.get_by_role("button", name="Search"))
    _assert_reflows(page)
    page.get_by_text("Add an organisation that is not listed").click()
    follow(page.get_by_role("button", name="Add the organisation"))  # nothing typed: the errors
    _assert_reflows(page)
    page.goto("/wards/sparkbrook-and-balsall-heath-east/")
    follow(page.locator("main a[href^='/forums/']:not([href*='meetings']):not([href*='new'])").first)
    forum_url = page.url
    follow(page.get_by_role("link", name="Change the forum's details, wards or members"))
    _assert_reflows(page)
    page.goto(forum_url)
    follow(page.get_by_role("button", name="Schedule a meeting"))
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2030")
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("Venue").fill("Shard End Library")
    follow(page.get_by_role("button", name="Schedule the meeting"))
    page.goto(forum_url)
    follow(page.get_by_role("button", name="Schedule a meeting"))
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2030")
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("Venue").fill("Shard End Library")
    follow(page.get_by_role("button", name="Schedule the meeting"))
    expect(page.get_by_role("button", name="Schedule it anyway")).to_be_visible()
    _assert_reflows(page)  # the duplicate warning
    page.goto(forum_url)
    follow(page.locator("main a[href^='/forums/meetings/']").first)
    follow(page.get_by_role("link", name="Cancel the meeting"))
    _assert_reflows(page)


def test_booking_change_and_series_pages_reflow_at_320_px(page, demo):
    from django.utils import timezone

    from hubs.models import Booking

    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in(page, "officer")
    upcoming = Booking.objects.holding().filter(ends_at__gt=timezone.now())
    single = upcoming.filter(series__isnull=True, space__hub__managers__username="officer").first() \
        or upcoming.filter(series__isnull=True).first()
    _assert_reflows(page, f"/hubs/bookings/{single.pk}/")
    follow(page.locator("main a[href$='/change/']").first)
    _assert_reflows(page)
    repeating = upcoming.filter(series__isnull=False).first()
    _assert_reflows(page, f"/hubs/bookings/{repeating.pk}/")
    follow(page.locator("main a[href$='/series/']").first)
    _assert_reflows(page)


def test_contracts_contributions_notifications_and_reports_pages_reflow_at_320_px(page, browser, live_server, demo):
    from assets.models import Contract

    page.set_viewport_size({"width": WIDTH, "height": 640})
    contract = Contract.objects.filter(is_demo=True).order_by("decision_due", "pk").first()
    for path in ["/contracts/", f"/contracts/{contract.pk}/", "/contributions/",
                 "/contributions/wards/sparkbrook-and-balsall-heath-east/",
                 "/contributions/funding-statement/2026-27/"]:
        _assert_reflows(page, path)
    sign_in(page, "councillor")
    for path in ["/notifications/", "/notifications/choices/",
                 "/contributions/wards/sparkbrook-and-balsall-heath-east/neighbourhood-cil/allocate/"]:
        _assert_reflows(page, path)
    officer = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 640})
    as_officer = officer.new_page()
    sign_in(as_officer, "officer")
    _assert_reflows(as_officer, "/reports/")
    from localism.reports import runs

    run = runs.report_run(kind="localism_coverage", month=datetime.date(2026, 10, 1))
    for path in [f"/reports/{run.pk}/", "/reports/history/localism_coverage/forum/"]:
        _assert_reflows(as_officer, path)
    officer.close()
    for path in ["/how-localism-is-going/", "/how-localism-is-going/shard-end/"]:
        _assert_reflows(page, path)
