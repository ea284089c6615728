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
