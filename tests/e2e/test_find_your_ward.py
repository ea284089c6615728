import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible


def test_resident_finds_their_ward_by_postcode_with_the_keyboard(page):
    page.goto("/")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ward, your council")

    # Keyboard only: the skip link comes first, then the start button is reachable.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_role("button", name="Find your ward").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wards/find/$"))
    assert_accessible(page)

    # A mistake first: the error summary explains it and takes focus.
    page.get_by_label("What is your postcode?").fill("B1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Enter a real postcode, like B11 1AA.")
    assert_accessible(page)

    page.get_by_label("What is your postcode?").fill("b11 1aa")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wards/sparkbrook-and-balsall-heath-east/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sparkbrook & Balsall Heath East")
    expect(page.get_by_text("B11 1AA is in Sparkbrook & Balsall Heath East ward.")).to_be_visible()
    expect(page.get_by_role("img", name="Boundary of Sparkbrook & Balsall Heath East ward")).to_be_visible()
    assert_accessible(page)


def test_ward_list_filter_and_other_pages_are_accessible(page):
    page.goto("/wards/")
    assert_accessible(page)
    page.get_by_label("Constituency").select_option("Sutton Coldfield")
    page.get_by_role("button", name="Filter wards").click()
    expect(page.get_by_text("8 wards in Sutton Coldfield, electing 10 councillors.")).to_be_visible()
    page.get_by_role("link", name="Sutton Trinity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sutton Trinity")
    assert_accessible(page)

    for path in ["/open-data/", "/accounts/login/", "/accessibility/", "/wards/no-such-ward/"]:
        page.goto(path)
        assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_sign_in_and_out(page, django_user_model):
    from localism.accounts.tests.factories import UserFactory

    UserFactory(username="cllr", first_name="Chris", last_name="Councillor", councillor=True)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your username")
    assert_accessible(page)
    page.get_by_label("Username").fill("cllr")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Chris Councillor")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_the_accessibility_check_catches_a_serious_violation(page):
    # Guards the guard: an unlabelled input and an image without alternative text must fail.
    page.goto("/accessibility/")
    page.evaluate("""() => {
        document.querySelector('main').insertAdjacentHTML('beforeend',
            '<input type="text"><img src="/static/govuk/assets/images/govuk-crest.svg">');
    }""")
    import pytest

    with pytest.raises(AssertionError, match="image-alt|label"):
        assert_accessible(page)
