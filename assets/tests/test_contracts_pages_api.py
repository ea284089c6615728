"""The service contracts' pages and API: who may see and do what (the permission matrix), the
ward input form and the renewal refused through the page until every input is answered, the
API's filters and its OCDS release, and lists whose query counts do not grow with their rows.
Today is fixed at 1 June 2026, the day the test contract's renewal window opens."""

import datetime
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assets.models import Contract, WardInput
from assets.services import contracts as services

from .contracts_factories import (
    TODAY,
    commissioning_officer,
    councillor_of,
    make_contract,
    other_ward,
    priority_of,
    roles,
    ward,
)

pytestmark = pytest.mark.django_db
__all__ = ["roles"]


@pytest.fixture(autouse=True)
def _today(monkeypatch, settings):
    settings.LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS = 12
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def contract():
    return make_contract(commissioning_officer())


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


PUBLIC = {role: 200 for role in ("anonymous", "resident", "partner", "councillor_of_ward", "councillor_elsewhere",
                                 "officer", "commissioning_officer", "admin")}
STAFF = {"anonymous": 302, "resident": 403, "partner": 403, "councillor_of_ward": 403, "councillor_elsewhere": 403,
         "officer": 403, "commissioning_officer": 200, "admin": 200}
INPUT = {**STAFF, "councillor_of_ward": 200, "commissioning_officer": 403, "admin": 403}


@pytest.mark.parametrize(("name", "expected"), [
    ("contracts:list", PUBLIC), ("contracts:detail", PUBLIC), ("contracts:new", STAFF), ("contracts:import", STAFF),
    ("contracts:edit", STAFF), ("contracts:specification-new", STAFF), ("contracts:review-new", STAFF),
    ("contracts:renewal", STAFF), ("contracts:input-new", INPUT), ("contracts:input-answer", STAFF),
])
def test_who_may_open_each_page(client, roles, contract, name, expected):
    ward_input = services.ward_input_submit(user=roles["councillor_of_ward"], contract=contract, ward=ward(),
                                            priorities=[priority_of(ward())], statement="More.", today=TODAY)
    kwargs = {"contracts:list": {}, "contracts:new": {}, "contracts:import": {},
              "contracts:input-answer": {"pk": contract.pk, "input_pk": ward_input.pk}}.get(name, {"pk": contract.pk})
    url = reverse(name, kwargs=kwargs)
    got = {role: _as(client.__class__(), user).get(url).status_code for role, user in roles.items()}
    assert got == expected


@pytest.mark.parametrize(("name", "data"), [
    ("contracts:specification-new", {"title": "Spec", "issued_on": "1 April 2026", "summary": "S",
                                     "ward_influence": "W"}),
    ("contracts:review-new", {"kind": "performance", "reviewed_on": "1 April 2026", "rating": "good",
                              "findings": "Fine."}),
])
def test_only_commissioning_officers_and_admins_write(client, roles, contract, name, data):
    url = reverse(name, kwargs={"pk": contract.pk})
    got = {role: _as(client.__class__(), user).post(url, data).status_code for role, user in roles.items()}
    assert got == {**STAFF, "commissioning_officer": 302, "admin": 302}
    assert (contract.specifications.count() if "spec" in name else contract.reviews.count()) == 2


def test_a_councillor_submits_input_and_the_renewal_waits_for_its_answer(client, contract):
    councillor = councillor_of(ward())
    priority = priority_of(ward())
    client.force_login(councillor)
    url = reverse("contracts:input-new", kwargs={"pk": contract.pk})
    empty = client.post(url, {"ward": ward().pk})
    assert empty.status_code == 400
    assert "Enter what the ward wants from the renewal" in empty.text
    assert "There is a problem" in empty.text
    done = client.post(url, {"ward": ward().pk, "priorities": [priority.pk], "statement": "Sweep before 8am."},
                       follow=True)
    assert "Sweep before 8am." in done.text and escape(priority.title) in done.text
    assert "Waiting for the commissioning officer" in done.text

    officer = commissioning_officer()
    client.force_login(officer)
    renewal = reverse("contracts:renewal", kwargs={"pk": contract.pk})
    refused = client.post(renewal, {"decision": "renewed", "decided_on": "1 May 2027", "version": contract.version})
    assert refused.status_code == 400
    assert "answer the input of Sparkbrook &amp; Balsall Heath East first" in refused.text
    ward_input = WardInput.objects.get()
    answer = reverse("contracts:input-answer", kwargs={"pk": contract.pk, "input_pk": ward_input.pk})
    client.post(answer, {"answer": "The new specification sweeps at 7am.", "version": ward_input.version})
    contract.refresh_from_db()
    recorded = client.post(renewal, {"decision": "renewed", "decided_on": "1 May 2027", "version": contract.version},
                           follow=True)
    assert "The renewal decision has been recorded." in recorded.text
    assert "The new specification sweeps at 7am." in recorded.text
    assert Contract.objects.get().renewal_decision == "renewed"


def test_input_is_refused_on_the_page_when_the_window_is_closed(client):
    contract = make_contract(commissioning_officer(), decision_due=datetime.date(2027, 6, 2))
    client.force_login(councillor_of(ward()))
    page = client.post(reverse("contracts:input-new", kwargs={"pk": contract.pk}),
                       {"ward": ward().pk, "priorities": [priority_of(ward()).pk], "statement": "More."})
    assert page.status_code == 400
    assert "it opens on 2 June 2026" in page.text
    assert not WardInput.objects.exists()


def test_the_workspace_and_ward_page_show_the_open_contract(client, contract):
    client.force_login(councillor_of(ward()))
    workspace = client.get(reverse("workspace"))
    assert "Contracts open to your wards&#x27; input" in workspace.text or "Contracts open to your wards' input" in \
        workspace.text
    assert contract.title in workspace.text
    ward_page = client.get(ward().get_absolute_url())
    assert contract.title in ward_page.text
    assert "Renewal window open: input until 1 June 2027" in ward_page.text


def test_the_workspace_shows_the_ten_soonest_open_contracts_and_links_to_them_all(client):
    officer = commissioning_officer()
    for n in range(1, 13):  # decisions due on 1 to 12 May 2027: their renewal windows are open
        make_contract(officer, n=n, decision_due=datetime.date(2027, 5, n))
    client.force_login(councillor_of(ward()))
    with CaptureQueriesContext(connection) as queries:
        workspace = client.get(reverse("workspace")).text
    assert "Street cleansing 10" in workspace and "Street cleansing 11" not in workspace
    assert workspace.count("renewal decision due") == 10
    assert "The 10 with the soonest renewal decisions of 12." in workspace
    assert f'href="{reverse("contracts:list")}?window=on">Every contract open to wards' in workspace
    assert len(queries) < 80  # bounded: the box reads ten contracts, not every open one


def test_the_list_filters_by_ward_and_window(client, contract):
    later = make_contract(commissioning_officer(), n=2, title="Leisure centre", wards=[other_ward()],
                          decision_due=datetime.date(2027, 12, 1))
    by_ward = client.get(reverse("contracts:list"), {"ward": other_ward().gss_code})
    assert later.title in by_ward.text and contract.title not in by_ward.text
    open_now = client.get(reverse("contracts:list"), {"window": "on"})
    assert contract.title in open_now.text and later.title not in open_now.text


API_ROLES = ["anonymous", "resident", "partner", "councillor_of_ward", "councillor_elsewhere", "officer",
             "commissioning_officer", "admin"]


def test_the_api_is_read_only_for_everyone(client, roles, contract):
    from rest_framework.test import APIClient

    for role in API_ROLES:
        api = APIClient()
        if roles[role] is not None:
            api.force_authenticate(roles[role])
        assert api.get("/api/v1/contracts/").status_code == 200
        assert api.post("/api/v1/contracts/", {"title": "x"}, format="json").status_code in (401, 403, 405), role
        detail = f"/api/v1/contracts/{contract.pk}/"
        assert api.patch(detail, {"title": "x"}, format="json").status_code in (401, 403, 405), role
        assert api.delete(detail).status_code in (401, 403, 405), role
    assert Contract.objects.get().title == contract.title


def test_the_api_filters_and_serves_ocds(client, contract):
    city = make_contract(commissioning_officer(), n=2, city_wide=True, title="Home care",
                         decision_due=datetime.date(2029, 1, 1), period_end=datetime.date(2030, 1, 1),
                         max_extent_date=None)
    listed = client.get("/api/v1/contracts/", {"ward": other_ward().gss_code}).json()
    assert [c["title"] for c in listed["results"]] == [city.title]
    soon = client.get("/api/v1/contracts/", {"renewal_before": "2028-01-01"}).json()
    assert [c["title"] for c in soon["results"]] == [contract.title]
    assert client.get("/api/v1/contracts/", {"ward": "not-a-code"}).status_code == 400
    release = client.get(f"/api/v1/contracts/{contract.pk}/ocds/").json()
    assert release["ocid"] == contract.ocid
    assert release["contracts"][0]["items"][0]["deliveryLocation"]["gazetteer"] == {
        "scheme": "GSS", "identifiers": [ward().gss_code]}
    package = client.get("/api/v1/contracts/ocds/").json()
    assert package["version"] == "1.1" and len(package["releases"]) == 2
    detail = client.get(f"/api/v1/contracts/{contract.pk}/").json()
    assert detail["renewal_window_opens"] == "2026-06-01"


def _rows(count, start=0):
    officer = commissioning_officer()
    wards = [ward(), other_ward(), ward("E05011171")]
    for n in range(count):
        contract = make_contract(officer, n=100 + start + n, wards=wards)
        for _ in (1, 2):
            services.specification_add(user=officer, contract=contract, title="Spec", issued_on=TODAY,
                                       summary="S", ward_influence="W")
            services.review_add(user=officer, contract=contract, kind="performance", reviewed_on=TODAY,
                                rating="good", findings="Fine.")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/contracts/", "/api/v1/contracts/", "/api/v1/contracts/ocds/"])
def test_list_query_counts_do_not_grow_with_rows(client, url):
    _rows(2)
    two = _count(client, url)
    _rows(4, start=2)
    assert Contract.objects.count() == 6
    assert _count(client, url) == two
