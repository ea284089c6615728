"""Every kind of page, filled with the demonstration data (the `demo` fixture), passes axe-core."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, follow


def test_public_pages_with_demo_data(page, demo):
    page.goto("/wards/shard-end/")
    expect(page.get_by_role("heading", name="Ward Plan", exact=True)).to_be_visible()
    assert_accessible(page)
    page.locator("a[href^='/plans/']").first.click()
    expect(page.get_by_role("heading", name="Priorities")).to_be_visible()
    assert_accessible(page)
    page.locator("a[href^='/plans/actions/']").first.click()  # an action with its progress
    expect(page.get_by_role("heading", name="Progress updates")).to_be_visible()
    assert_accessible(page)
    page.goto("/wards/shard-end/")
    follow(page.locator("a[href^='/forums/meetings/']").first)
    assert_accessible(page)
    page.goto("/wards/shard-end/")
    follow(page.locator("a[href^='/forums/']:not([href*='meetings'])").first)
    assert_accessible(page)


def test_councillor_pages_with_demo_data(page, demo):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("councillor")
    page.get_by_label("Password").fill("localism-councillor")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your workspace")
    assert_accessible(page)
    follow(page.locator("tr", has_text="Published").locator("a[href^='/plans/']").first)
    assert_accessible(page)
    plan_url = page.url
    for link in ["Edit plan details", "History of changes"]:
        page.goto(plan_url)
        follow(page.get_by_role("link", name=link))
        assert_accessible(page)
    follow(page.get_by_role("button", name="Compare versions"))
    assert_accessible(page)
    page.goto("/workspace/")
    # Next year's draft, out to consultation (the demonstration consults residents on it).
    follow(page.locator("tr", has_text="consultation").locator("a[href^='/plans/']").first)
    page.get_by_role("link", name="Publish plan").click()  # the confirmation, before anything is published
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to publish this plan?")
    assert_accessible(page)
    page.goto(plan_url)
    follow(page.locator("a[href$='/priorities/new/']").first)
    page.get_by_role("button", name="Save priority").click()  # empty: the error summary
    expect(page.get_by_role("alert")).to_contain_text("Enter the priority")
    assert_accessible(page)
    page.goto("/wards/sparkbrook-and-balsall-heath-east/")
    follow(page.locator("a[href^='/forums/']:not([href*='meetings'])").first)
    follow(page.locator("a[href$='/meetings/new/']").first)
    assert_accessible(page)


def test_hub_pages_with_demo_data(page, demo):
    page.goto("/hubs/")
    assert_accessible(page)
    page.get_by_label("Near a postcode").fill("B34 7AQ")
    follow(page.get_by_role("button", name="Apply filters"))
    assert_accessible(page)
    follow(page.locator("main a[href^='/hubs/']").first)
    assert_accessible(page)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("localism-officer")
    follow(page.get_by_role("button", name="Sign in"))
    page.goto("/hubs/manage/")
    assert_accessible(page)
    page.locator("main a[href$='/dashboard/']").first.click()
    expect(page.get_by_role("img").first).to_be_visible()  # the utilisation chart
    assert_accessible(page)
    hub_url = page.url.removesuffix("dashboard/")
    for path in ["week/", "occupiers/", "requests/", "book/"]:
        page.goto(hub_url + path)
        assert_accessible(page)
    page.goto("/hubs/bookings/mine/")
    assert_accessible(page)
