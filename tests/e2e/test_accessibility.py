"""Pages outside the journeys pass axe-core too, and the check itself fails when it should."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible


def test_the_api_docs_are_accessible(page):
    page.goto("/api/v1/docs/")
    # Swagger UI draws the page from the schema: check it once the operations are on it.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_the_accessibility_check_catches_a_moderate_violation(page):
    # Content outside every landmark is "moderate" in axe-core: it must fail the check as well.
    page.goto("/accessibility/")
    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend', '<p>Outside every landmark</p>');
    }""")
    with pytest.raises(AssertionError, match='"impact": "moderate"'):
        assert_accessible(page)


def test_the_sign_in_lockout_page_is_accessible_and_reflows_at_320_px(page):
    from localism.accounts.tests.factories import UserFactory

    UserFactory(username="jsmith", officer=True)
    page.set_viewport_size({"width": 320, "height": 640})
    for _ in range(6):
        page.goto("/accounts/login/")
        page.fill("#id_username", "jsmith")
        page.fill("#id_password", "a wrong guess")
        with page.expect_navigation():  # the answer to the post, before the next page is asked for
            page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Too many attempts to sign in")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
