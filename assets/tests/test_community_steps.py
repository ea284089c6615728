"""The asset officers' pages for each step of a listing and of a transfer: each asks the rules,
calls its one service, and shows the service's typed errors on the form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assets.models import CommunityAssetTransfer, CommunityValueNomination, GroupKind
from assets.services import community as services
from assets.tests.factories import AssetFactory
from localism.accounts.models import Organisation
from localism.accounts.tests.factories import UserFactory
from wards.models import Ward

pytestmark = pytest.mark.django_db
Status = CommunityValueNomination.Status
Stage = CommunityAssetTransfer.Stage


@pytest.fixture
def nomination(officer):
    asset = AssetFactory(name="The Old Fire Station", ward=Ward.objects.current().get(gss_code="E05011170"))
    today = timezone.localdate()
    return services.nomination_create(user=officer, asset=asset, nominating_group="Friends of the Fire Station",
                                      nominating_group_kind=GroupKind.VOLUNTARY_COMMUNITY_BODY,
                                      reason="A meeting place", nomination_date=today - datetime.timedelta(days=20))


def _day(d: datetime.date) -> str:
    return f"{d.day} {d.month} {d.year}"


def _step(nomination, step):
    return reverse("assets:community-value-step", kwargs={"pk": nomination.pk, "step": step})


def test_an_officer_decides_then_records_a_notification_and_a_bidder(client, officer, nomination):
    client.force_login(officer)
    assert client.get(_step(nomination, "decide")).status_code == 200
    missing = client.post(_step(nomination, "decide"), {"decision": "listed", "decision_reason": ""})
    assert missing.status_code == 400 and "Enter the reasons for the decision" in missing.content.decode()
    assert client.post(_step(nomination, "decide"), {"decision": "listed",
                                                      "decision_reason": "Of community value"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Status.LISTED and nomination.expiry_date
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert "Record the owner&#x27;s notification to sell" in page or "Record the owner's notification" in page
    today = timezone.localdate()
    future = client.post(_step(nomination, "notification"),
                         {"notification_to_sell_date": _day(today + datetime.timedelta(days=3))})
    assert future.status_code == 400 and services.DATE_IN_FUTURE in future.content.decode()
    assert client.post(_step(nomination, "notification"),
                       {"notification_to_sell_date": _day(today)}).status_code == 302
    assert client.post(_step(nomination, "bidder"), {"interested_group": "Fire Station Trust",
                                                      "bidder_request_date": _day(today)}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.interim_moratorium_ends and nomination.full_moratorium_ends
    assert nomination.interested_group == "Fire Station Trust"


def test_an_officer_records_a_review_and_removes_a_listing(client, officer, nomination):
    services.nomination_decide(nomination=nomination, user=officer, decision="listed", reason="Yes")
    client.force_login(officer)
    today = _day(timezone.localdate())
    assert client.post(_step(nomination, "review-request"), {"review_requested_on": today}).status_code == 302
    assert client.post(_step(nomination, "review-decision"), {"review_outcome": "upheld", "review_reason": "Stands",
                                                              "review_decided_on": ""}).status_code == 302
    assert client.post(_step(nomination, "remove"), {"removal_reason": "Appeal allowed"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Status.REMOVED


def test_a_step_out_of_turn_shows_the_services_message(client, officer, nomination):
    client.force_login(officer)
    response = client.post(_step(nomination, "remove"), {"removal_reason": "x"})
    assert response.status_code == 400 and services.NOT_LISTED_NOW in response.content.decode()


@pytest.mark.parametrize("role", ["hub_officer", "councillor", "partner", "resident"])
def test_only_asset_officers_take_the_steps(client, people, nomination, role):
    client.force_login(people[role])
    assert client.get(_step(nomination, "decide")).status_code == 403
    assert client.post(_step(nomination, "decide"), {"decision": "listed",
                                                      "decision_reason": "x"}).status_code == 403
    assert client.get(reverse("assets:community-value-awaiting")).status_code == 403
    assert client.get(reverse("assets:transfers")).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


def test_anonymous_is_sent_to_sign_in(client, nomination):
    response = client.get(_step(nomination, "decide"))
    assert response.status_code == 302 and "next=" in response.url


def test_an_unknown_step_is_not_found(client, officer, nomination):
    client.force_login(officer)
    assert client.get(_step(nomination, "sell")).status_code == 404


def test_a_transfer_goes_through_its_steps_on_the_pages(client, officer):
    organisation = Organisation.objects.create(name="Ladypool Youth Trust", kind=Organisation.Kind.VOLUNTARY_COMMUNITY)
    contact = UserFactory(organisation=organisation)
    asset = AssetFactory(name="Youth centre")
    transfer = services.transfer_request(user=contact, asset=asset, proposed_use="A youth club")

    def step(name):
        return reverse("assets:transfer-step", kwargs={"pk": transfer.pk, "step": name})

    client.force_login(officer)
    assert "Invite a business case" in client.get(transfer.get_absolute_url()).content.decode()
    assert client.post(step("invite"), {}).status_code == 302
    client.force_login(contact)
    assert client.post(step("decide"), {"approve": "yes", "decision_reason": "x"}).status_code == 403
    assert client.post(step("business-case"), {"business_case": "Our plan"}).status_code == 302
    client.force_login(officer)
    assert client.post(step("decide"), {"approve": "yes", "decision_reason": "A strong case"}).status_code == 302
    bad = client.post(step("lease"), {"lease_start_date": "", "lease_term_years": "25", "lease_rent": "1"})
    assert bad.status_code == 400 and "Enter the day the lease starts" in bad.content.decode()
    assert client.post(step("lease"), {"lease_start_date": _day(timezone.localdate()), "lease_term_years": "25",
                                       "lease_rent": "£1"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.stage == Stage.LEASE_AGREED and transfer.lease_term_years == 25
    assert "Youth centre" in client.get(reverse("assets:transfers")).content.decode()
