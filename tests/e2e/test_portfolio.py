"""An asset officer reads the hubs and assets portfolio with the keyboard alone: the library hubs
in their buildings, the totals, sorting by a column's heading; and chooses a hub's building. Each
page passes axe-core and reads at 320 px without scrolling sideways but in its tables' regions."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_assets import _asset_officer, _press, _width

WIDTH = 320


def test_an_asset_officer_reads_and_sorts_the_portfolio_and_chooses_a_hubs_building(page, demo):
    _asset_officer()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, "assetofficer")
    page.goto("/hubs/portfolio/")
    expect(page.get_by_role("heading", name="Hubs and assets portfolio")).to_be_visible()
    expect(page.locator("#rows")).to_contain_text("Shard End Library")
    expect(page.locator("#rows")).to_contain_text("LIB-shard-end-library")
    expect(page.locator("#hubs-total")).to_contain_text("All hubs")
    assert_accessible(page)
    assert _width(page) <= WIDTH

    floor_area = page.locator("#rows thead a", has_text="Floor area")
    expect(floor_area).to_contain_text("sort lowest first")
    _press(floor_area)
    expect(page.locator("#rows th[aria-sort='ascending']")).to_contain_text("Floor area")
    expect(floor_area).to_contain_text("sort highest first")
    _press(floor_area)
    expect(page.locator("#rows th[aria-sort='descending']")).to_contain_text("Floor area")
    assert_accessible(page)

    page.goto("/hubs/portfolio/?sort=name")
    _press(page.locator("#rows a", has_text="Acocks Green Library").first)
    expect(page.locator("#current-building")).to_contain_text("LIB-acocks-green-library")
    assert_accessible(page)
    assert _width(page) <= WIDTH
    field = page.get_by_label("Asset id")
    field.focus()
    field.fill("NO-SUCH-BUILDING")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("No asset the council holds has the id")
    assert_accessible(page)
    page.get_by_label("Asset id").fill("LIB-acocks-green-library")
    _press(page.get_by_role("button", name="Save the building"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Acocks Green Library is in")
    expect(page.locator("#current-building")).to_contain_text("LIB-acocks-green-library")
    assert_accessible(page)
