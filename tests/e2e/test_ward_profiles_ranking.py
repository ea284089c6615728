"""The ward ranking page in a browser: a measure chosen with the keyboard alone re-ranks the
table and recolours the map; the page passes axe-core and reflows at 320 CSS pixels."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, follow

MOST_DEPRIVED_10PCT = {"Balsall Heath West", "Bordesley Green", "Heartlands", "Lozells", "Newtown", "Shard End"}


def _first_ward(page) -> str:
    return page.locator("#ranking tbody tr th").first.inner_text()


def _tab_to(page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_choosing_a_measure_with_the_keyboard_re_ranks_the_wards(page):
    page.goto("/wards/profiles/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare wards")
    assert _first_ward(page) in MOST_DEPRIVED_10PCT
    expect(page.get_by_role("img", name="Map of Birmingham's 69 wards")).to_be_visible()
    assert page.locator("svg[role=img] path[data-ward]").count() == 69
    assert_accessible(page)

    _tab_to(page, "#id_measure")
    page.keyboard.type("Mean rank")  # the select's own type-ahead: no pointer needed
    assert page.locator("#id_measure").input_value() == "imd_mean_rank"
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "measure=imd_mean_rank" in page.url
    expect(page.locator("#ranking caption")).to_contain_text("Mean rank")
    assert _first_ward(page) == "Sparkbrook & Balsall Heath East"
    assert page.locator("#ranking tbody tr th").last.inner_text() == "Sutton Roughley"
    lozells = page.locator("path[data-ward='lozells'] title").text_content()
    assert lozells == "Lozells: " + page.locator("tr[data-ward='lozells'] td").nth(1).inner_text()
    assert_accessible(page)

    # The column headers are links: sort by name, with the keyboard too.
    _tab_to(page, "th a[href*='sort=name']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _first_ward(page) == "Acocks Green"
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Ward")
    follow(page.locator("th a[href*='sort=name']"))
    assert _first_ward(page) == "Yardley West & Stechford"


def test_the_ranking_reflows_at_320_px_with_the_table_scrolling_in_its_own_region(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/wards/profiles/?measure=age_65_plus")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region = page.get_by_role("region", name="Wards by Aged 65 and over (% of residents)")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.app-table-wrapper').scrollLeft > 0", timeout=5_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_an_unknown_measure_shows_the_error_and_passes_axe(page):
    response = page.goto("/wards/profiles/?measure=shoe_size")
    assert response.status == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a measure from the list")
    follow_link = page.locator(".govuk-error-summary a")
    follow_link.click()
    expect(page.locator("#id_measure")).to_be_focused()
    assert_accessible(page)
