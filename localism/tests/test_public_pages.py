"""The public essentials of a council service: the accessibility statement, the privacy notice,
the cookies and contact pages, with the council's contact details from the settings, linked from
every page's footer and phase banner."""

import pytest
from django.contrib.messages import constants

from localism.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "/accessibility/": "Accessibility statement for Localism",
    "/privacy/": "Privacy notice",
    "/cookies/": "Cookies",
    "/contact/": "Contact us",
}


@pytest.mark.parametrize("path, heading", PAGES.items())
def test_each_page_answers_with_its_heading(client, path, heading):
    page = client.get(path).content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page


def test_every_page_links_to_them_in_the_footer_and_asks_for_feedback(client):
    for path in ["/", "/wards/", "/hubs/", *PAGES]:
        page = client.get(path).content.decode()
        for link in PAGES:
            assert f'class="govuk-footer__link" href="{link}"' in page, (path, link)
        assert 'href="/contact/" rel="noreferrer noopener" target="_blank">give your feedback' in page
        assert 'rel="icon" href="/static/images/favicon.svg"' in page


def test_the_favicon_is_served_and_is_not_the_crown(client):
    response = client.get("/static/images/favicon.svg")
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_contact_details_come_from_the_settings(client, settings):
    settings.COUNCIL_CONTACT_EMAIL = "wards-team@example.gov.uk"
    settings.COUNCIL_CONTACT_PHONE = "0121 000 0000"
    settings.COUNCIL_CONTACT_ADDRESS = "Ward Office;1 High Street;Birmingham;B1 1AA"
    settings.COUNCIL_DPO_EMAIL = "dpo@example.gov.uk"
    for path in ["/contact/", "/accessibility/"]:
        page = client.get(path).content.decode()
        assert 'href="mailto:wards-team@example.gov.uk"' in page and "0121 000 0000" in page
    assert "Ward Office<br>1 High Street<br>Birmingham<br>B1 1AA" in client.get("/contact/").content.decode()
    privacy = client.get("/privacy/").content.decode()
    assert 'href="mailto:dpo@example.gov.uk"' in privacy and "1 High Street" in privacy


def test_the_accessibility_statement_has_the_parts_the_regulations_ask_for(client):
    page = client.get("/accessibility/").content.decode()
    for part in [
        "partially compliant with the",
        "Non-compliance with the accessibility regulations",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Equality and Human Rights Commission", "Equality Advisory and Support Service",
        "Technical information about this website",
        "This statement was prepared on 1 December 2026. It was last reviewed on 1 December 2026.",
        "Swagger UI",
    ]:
        assert part in page, part


def test_the_privacy_notice_states_the_sign_in_records_period_the_job_keeps(client, settings):
    settings.SIGN_IN_RECORDS_DAYS = 45
    page = client.get("/privacy/").content.decode()
    assert "45 days, then deleted automatically each night" in page
    for part in ["public task", "Information Commissioner", "rectification", "erasure", "object"]:
        assert part in page, part


def test_the_cookies_page_names_every_cookie_the_site_sets(client):
    UserFactory(username="jsmith", password="correct horse battery staple", officer=True)
    client.get("/accounts/login/")
    client.post("/accounts/login/", {"username": "jsmith", "password": "correct horse battery staple"})
    request = client.get("/workspace/").wsgi_request
    # A message carried to the next page travels in a cookie of its own.
    storage = request._messages
    storage.add(constants.SUCCESS, "Saved")
    from django.http import HttpResponse

    response = HttpResponse()
    storage.update(response)
    set_by_site = set(client.cookies) | set(response.cookies)
    assert set_by_site >= {"sessionid", "csrftoken", "messages"}
    page = client.get("/cookies/").content.decode()
    for name in set_by_site:
        assert f"<code>{name}</code>" in page, name
    assert "do not use analytics cookies" in page
