"""A resident registers with the keyboard alone, confirms their address from the emailed link,
signs in, sees their answers and deletes their account: every page axe-clean, and none scrolls
sideways at 320 CSS pixels."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from localism.celery import app as celery_app
from tests.e2e.conftest import assert_accessible, follow

WIDTH = 320
EMAIL = "amira@example.org"
PASSWORD = "a long walk by the canal"


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    # The live server runs in this process: queued e-mails are sent there, into Django's test
    # outbox (locmem), when the registration commits.
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"
    assert_accessible(page)


def _tab_to(page, locator, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_a_resident_registers_confirms_signs_in_and_deletes_their_account(page):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/residents/register/")
    _fits(page)

    # Keyboard alone: Tab to the first field, type, Tab on, and Enter sends the form.
    _tab_to(page, page.get_by_label("Your name"))
    page.keyboard.type("Amira Begum")
    page.keyboard.press("Tab")
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type("password")  # too common: refused on its field
    page.keyboard.press("Tab")
    page.keyboard.type("B12 9DP")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("This password is too common.")
    _fits(page)
    page.get_by_label("Password").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    _fits(page)

    assert [message.to for message in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://[^/\s]+(/residents/confirm/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Email address confirmed")
    _fits(page)

    follow(page.locator("#main-content").get_by_role("link", name="Sign in"))
    page.get_by_label("Username").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/residents/you/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers and ideas")
    expect(page.get_by_text("Confirm your email address")).to_have_count(0)
    _fits(page)

    follow(page.get_by_role("link", name="Delete your account and data"))
    _fits(page)
    follow(page.get_by_role("button", name="Delete your account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    _fits(page)
    page.goto("/residents/you/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
