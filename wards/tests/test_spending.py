"""Spending you can correct: a spend line is corrected and removed on the plan's page by those
who may record it, within its budget's year and allocation, with its history; amounts are read as
people type them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from localism.core.errors import STALE_EDIT
from localism.core.forms import MONEY_INVALID, MONEY_NOT_POSITIVE, MoneyField
from wards import services
from wards.models import PlanStatus, SpendLine
from wards.services.budgets import OVERSPEND
from wards.tests.conftest import setup_admin
from wards.tests.factories_plans import PriorityFactory, WardBudgetFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

OUTSIDE_2026_27 = "Enter a date in 2026/27: between 1 April 2026 and 31 March 2027"


@pytest.fixture
def spending(today_is):
    """A published 2026/27 plan for Sparkbrook & Balsall Heath East, its £1,000 budget and one
    £300 line of it (recorded by the setting-up admin)."""
    plan = WardPlanFactory(period="2026/27", status=PlanStatus.PUBLISHED)
    priority = PriorityFactory(plan=plan, title="Cleaner streets")
    budget = WardBudgetFactory(allocation=Decimal("1000"))
    line = services.spend_line_create(budget=budget, user=setup_admin(), description="Skip hire",
                                      amount=Decimal("300"), spent_on=datetime.date(2026, 6, 1), priority=priority)
    return {"plan": plan, "priority": priority, "budget": budget, "line": line}


def edit_url(s):
    return f"/plans/{s['plan'].pk}/spending/{s['line'].pk}/edit/"


def delete_url(s):
    return f"/plans/{s['plan'].pk}/spending/{s['line'].pk}/delete/"


def correction(s, **changes):
    return {"priority": s["priority"].pk, "description": "Skip hire, two skips", "amount": "450",
            "spent_on": "2/6/2026", "version": s["line"].version, **changes}


def sign_in(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def test_a_councillor_corrects_spending_from_the_plans_page(client, people, spending):
    sign_in(client, people, "councillor_own")
    page = client.get(spending["plan"].get_absolute_url()).content.decode()
    assert edit_url(spending) in page and delete_url(spending) in page
    form = client.get(edit_url(spending)).content.decode()
    assert 'value="Skip hire"' in form and 'value="300.00"' in form and 'value="01/06/2026"' in form
    response = client.post(edit_url(spending), correction(spending, amount="£1,000"))
    assert response.status_code == 302
    assert response["Location"].endswith("#budget")
    line = SpendLine.objects.get()
    assert (line.description, line.amount, line.spent_on, line.version) == (
        "Skip hire, two skips", Decimal("1000.00"), datetime.date(2026, 6, 2), 2)
    latest, before = line.history.all()[:2]
    assert latest.history_type == "~" and latest.history_user == people["councillor_own"]
    changed = {change.field for change in latest.diff_against(before).changes}
    assert changed == {"description", "amount", "spent_on", "version"}
    assert before.amount == Decimal("300")
    assert "£1,000.00" in client.get(spending["plan"].get_absolute_url()).content.decode()


def test_a_councillor_removes_spending_after_confirming(client, people, spending):
    sign_in(client, people, "councillor_own")
    page = client.get(delete_url(spending)).content.decode()
    assert "Are you sure you want to remove this spending?" in page and "Skip hire" in page
    response = client.post(delete_url(spending), {"version": 1})
    assert response.status_code == 302
    assert not SpendLine.objects.exists()
    removed = SpendLine.history.filter(id=spending["line"].pk).first()
    assert removed.history_type == "-" and removed.history_user == people["councillor_own"]
    assert removed.description == "Skip hire"


def test_a_stale_correction_is_refused_and_the_newer_one_kept(client, people, spending):
    sign_in(client, people, "councillor_own")
    opened = correction(spending, description="Mine")
    services.spend_line_update(line=spending["line"], user=setup_admin(), version=1, description="Theirs",
                               amount=Decimal("200"), spent_on=datetime.date(2026, 6, 1), priority=None)
    response = client.post(edit_url(spending), opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert escape(STALE_EDIT.format(thing="spending")) in page
    assert "Theirs" in page and 'value="Mine"' in page  # the newer version beside the editor's text
    line = SpendLine.objects.get()
    assert (line.description, line.amount, line.version) == ("Theirs", Decimal("200"), 2)


def test_a_stale_removal_is_refused(client, people, spending):
    sign_in(client, people, "councillor_own")
    services.spend_line_update(line=spending["line"], user=setup_admin(), version=1, description="Theirs",
                               amount=Decimal("200"), spent_on=datetime.date(2026, 6, 1), priority=None)
    response = client.post(delete_url(spending), {"version": 1})
    assert response.status_code == 409
    assert SpendLine.objects.get().description == "Theirs"


def test_a_correction_may_not_take_spending_over_the_allocation(client, people, spending):
    services.spend_line_create(budget=spending["budget"], user=setup_admin(), description="Planting",
                               amount=Decimal("600"), spent_on=datetime.date(2026, 7, 1))
    sign_in(client, people, "councillor_own")
    history = SpendLine.history.count()
    response = client.post(edit_url(spending), correction(spending, amount="400.01"))
    assert response.status_code == 400
    assert OVERSPEND.format(ward="Sparkbrook & Balsall Heath East", period="2026/27",
                            remaining=Decimal("400")) in response.content.decode().replace("&amp;", "&")
    line = SpendLine.objects.get(pk=spending["line"].pk)
    assert (line.amount, line.description, line.version) == (Decimal("300"), "Skip hire", 1)
    assert SpendLine.history.count() == history
    # Up to what is left, with the line's own amount given back, is allowed.
    assert client.post(edit_url(spending), correction(spending, amount="400")).status_code == 302


@pytest.mark.parametrize("typed", ["20/11/2030", "31/3/2026", "1/4/2027"])
@pytest.mark.parametrize("page", ["new", "edit"])
def test_a_spend_date_outside_the_budgets_year_is_refused(client, people, spending, typed, page):
    sign_in(client, people, "councillor_own")
    if page == "new":
        url, data = f"/plans/{spending['plan'].pk}/spending/new/", {
            "budget": spending["budget"].pk, "description": "Planting", "amount": "10", "spent_on": typed}
    else:
        url, data = edit_url(spending), correction(spending, spent_on=typed)
    response = client.post(url, data)
    assert response.status_code == 400
    assert OUTSIDE_2026_27 in response.content.decode()
    assert list(SpendLine.objects.values_list("spent_on", flat=True)) == [datetime.date(2026, 6, 1)]


@pytest.mark.parametrize("typed", ["1/4/2026", "31/3/2027"])
def test_the_first_and_last_days_of_the_year_are_inside_it(client, people, spending, typed):
    sign_in(client, people, "councillor_own")
    assert client.post(edit_url(spending), correction(spending, spent_on=typed)).status_code == 302


def test_the_year_rule_holds_for_any_caller_of_the_services(spending):
    with pytest.raises(ValidationError) as refused:
        services.spend_line_create(budget=spending["budget"], user=setup_admin(), description="x",
                                   amount=Decimal(1), spent_on=datetime.date(2030, 11, 20))
    assert refused.value.message_dict == {"spent_on": [OUTSIDE_2026_27]}
    with pytest.raises(ValidationError):
        services.spend_line_update(line=spending["line"], user=setup_admin(), version=1, description="x",
                                   amount=Decimal(1), spent_on=datetime.date(2027, 4, 1))


@pytest.mark.parametrize(("typed", "stored"), [("£1,250.50", "1250.50"), ("1250.5", "1250.50"), ("99", "99.00"),
                                               ("£99", "99.00")])
def test_amounts_are_read_as_people_type_them(client, people, spending, typed, stored):
    spending["budget"].allocation = Decimal("5000")
    spending["budget"].save()
    sign_in(client, people, "councillor_own")
    response = client.post(f"/plans/{spending['plan'].pk}/spending/new/", {
        "budget": spending["budget"].pk, "description": "Planting", "amount": typed, "spent_on": "1/7/2026"})
    assert response.status_code == 302
    assert SpendLine.objects.get(description="Planting").amount == Decimal(stored)
    assert client.post(edit_url(spending), correction(spending, amount=typed)).status_code == 302
    assert SpendLine.objects.get(pk=spending["line"].pk).amount == Decimal(stored)


@pytest.mark.parametrize(("typed", "message"), [("-20", MONEY_NOT_POSITIVE), ("0", MONEY_NOT_POSITIVE),
                                                ("abc", MONEY_INVALID), ("1.234", MONEY_INVALID)])
@pytest.mark.parametrize("page", ["new", "edit"])
def test_amounts_that_are_not_pounds_are_refused_in_plain_words(client, people, spending, typed, message, page):
    sign_in(client, people, "councillor_own")
    if page == "new":
        url, data = f"/plans/{spending['plan'].pk}/spending/new/", {
            "budget": spending["budget"].pk, "description": "Planting", "amount": typed, "spent_on": "1/7/2026"}
    else:
        url, data = edit_url(spending), correction(spending, amount=typed)
    response = client.post(url, data)
    assert response.status_code == 400
    page_text = response.content.decode()
    assert escape(message) in page_text
    assert "Ensure this value" not in page_text and "Enter a number" not in page_text
    assert list(SpendLine.objects.values_list("amount", flat=True)) == [Decimal("300")]


def test_the_money_field_is_one_for_any_form_taking_pounds():
    field = MoneyField(allow_zero=True)
    assert field.clean("0") == Decimal("0.00")
    assert field.clean("£12,500") == Decimal("12500.00")
    with pytest.raises(Exception, match="cannot be less than"):
        field.clean("-1")
    with pytest.raises(Exception, match="less than £10,000,000,000"):
        MoneyField().clean("10,000,000,000")


ALLOWED, REFUSED = ["admin", "councillor_own"], ["councillor_other", "councillor_cross", "officer", "partner",
                                                 "resident"]


@pytest.mark.parametrize("role", ALLOWED + REFUSED + ["anonymous"])
def test_who_may_correct_spending(client, people, spending, role):
    sign_in(client, people, role)
    get, post = client.get(edit_url(spending)), client.post(edit_url(spending), correction(spending))
    line = SpendLine.objects.get()
    if role in ALLOWED:
        assert (get.status_code, post.status_code) == (200, 302)
        assert line.description == "Skip hire, two skips" and line.history.first().history_user == people[role]
        return
    if role == "anonymous":
        assert get.status_code == post.status_code == 302
        assert get["Location"].startswith("/accounts/login/") and post["Location"].startswith("/accounts/login/")
    else:
        assert get.status_code == post.status_code == 403
    assert (line.description, line.version) == ("Skip hire", 1)


@pytest.mark.parametrize("role", ALLOWED + REFUSED + ["anonymous"])
def test_who_may_remove_spending(client, people, spending, role):
    sign_in(client, people, role)
    get, post = client.get(delete_url(spending)), client.post(delete_url(spending), {"version": 1})
    if role in ALLOWED:
        assert (get.status_code, post.status_code) == (200, 302)
        assert not SpendLine.objects.exists()
        return
    if role == "anonymous":
        assert get.status_code == post.status_code == 302
        assert get["Location"].startswith("/accounts/login/") and post["Location"].startswith("/accounts/login/")
    else:
        assert get.status_code == post.status_code == 403
    assert SpendLine.objects.count() == 1


def test_others_see_no_links_to_correct_spending(client, people, spending):
    sign_in(client, people, "councillor_other")
    page = client.get(spending["plan"].get_absolute_url()).content.decode()
    assert "Skip hire" in page and edit_url(spending) not in page and delete_url(spending) not in page


def test_a_line_is_reached_only_through_a_plan_of_its_budget(client, people, spending):
    sign_in(client, people, "admin")
    other = WardPlanFactory(period="2027/28", status=PlanStatus.PUBLISHED)
    assert client.get(f"/plans/{other.pk}/spending/{spending['line'].pk}/edit/").status_code == 404


def admin_form(line, **changes):
    return {"priority": line.priority_id or "", "description": line.description, "amount": str(line.amount),
            "spent_on": line.spent_on.isoformat(), "loaded_version": line.version, **changes}


def test_admin_corrects_spending_through_the_same_service(client, people, spending):
    sign_in(client, people, "admin")
    url = f"/admin/wards/spendline/{spending['line'].pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, admin_form(spending["line"], spent_on="2030-11-20"))
    assert response.status_code == 200 and OUTSIDE_2026_27 in response.content.decode()
    response = client.post(url, admin_form(spending["line"], amount="1000.01"))
    assert response.status_code == 200 and "£1,000.00 is left" in response.content.decode()
    line = SpendLine.objects.get()
    assert (line.amount, line.spent_on, line.version) == (Decimal("300"), datetime.date(2026, 6, 1), 1)
    assert client.post(url, admin_form(spending["line"], amount="1000")).status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal("1000"), 2)
    assert line.history.first().history_user == people["admin"]
    # A stale admin save is refused as on the page.
    response = client.post(url, admin_form(spending["line"], amount="5"))
    assert escape(STALE_EDIT.format(thing="spending")) in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("1000")


def test_on_a_shared_plan_a_councillor_corrects_only_their_own_wards_spending(client, spending):
    """A plan shared by two wards shows both budgets; a councillor of one ward gets the links to
    record and correct that ward's spending only (the other's would be refused)."""
    from wards.models import Ward
    from wards.tests.factories import CouncillorSeatFactory

    sbhe = spending["budget"].ward
    balsall_west = Ward.objects.current().get(name="Balsall Heath West")
    plan = spending["plan"]
    services.ward_plan_update(plan=plan, user=setup_admin(), version=plan.version, wards=[sbhe, balsall_west])
    west_budget = WardBudgetFactory(ward=balsall_west, allocation=Decimal("800"))
    west_line = services.spend_line_create(budget=west_budget, user=setup_admin(), description="Bulb planting",
                                           amount=Decimal("120"), spent_on=datetime.date(2026, 7, 1))
    client.force_login(CouncillorSeatFactory(ward=balsall_west).councillor)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Skip hire" in page and "Bulb planting" in page
    assert f"/plans/{plan.pk}/spending/{west_line.pk}/edit/" in page
    assert edit_url(spending) not in page and delete_url(spending) not in page
    assert client.get(edit_url(spending)).status_code == 403
    assert "Record spending" in page
