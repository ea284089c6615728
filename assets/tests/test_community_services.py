"""The services of assets of community value and community asset transfers: who may do each
step, what each step computes and refuses, and what the register's asset shows."""

import datetime
from decimal import Decimal

import pytest

from assets.models import CommunityAssetTransfer, CommunityValue, CommunityValueNomination, GroupKind
from assets.services import community as services
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Conflict, Invalid, Refused

from .community_factories import (
    AssetFactory,
    NominationFactory,
    asset_officer,
    community_organisation,
    listed,
    people,
    transfer,
)

pytestmark = pytest.mark.django_db
Status = CommunityValueNomination.Status
Stage = CommunityAssetTransfer.Stage
TODAY = datetime.date(2026, 11, 30)
OFFICER_ONLY = {"asset officer"}


def d(text):
    return datetime.date.fromisoformat(text)


def _outcome(action, user) -> bool:
    try:
        ACTIONS[action](user)
    except Refused:
        return False
    return True


ACTIONS = {
    "nominate": lambda user: services.nomination_create(
        user=user, asset=AssetFactory(), nominating_group="Friends", nominating_group_kind=GroupKind.PARISH_COUNCIL,
        reason="A much-loved hall.", today=TODAY),
    "decide": lambda user: services.nomination_decide(
        nomination=NominationFactory(), user=user, decision="listed", reason="Community use.", today=TODAY),
    "notify to sell": lambda user: services.disposal_notify(nomination=listed(), user=user,
                                                            notified_on=d("2026-11-01"), today=TODAY),
    "remove": lambda user: services.listing_remove(nomination=listed(), user=user, reason="Appeal", today=TODAY),
    "ask for transfer": lambda user: services.transfer_request(
        user=user, asset=AssetFactory(), proposed_use="A café", organisation=community_organisation()),
    "decide transfer": lambda user: services.transfer_decide(transfer=transfer(), user=user, approve=False,
                                                             reason="Not viable"),
}
ALLOWED = {
    "nominate": {"asset officer", "hub officer", "councillor", "partner", "resident"},
    "decide": OFFICER_ONLY, "notify to sell": OFFICER_ONLY, "remove": OFFICER_ONLY,
    "ask for transfer": OFFICER_ONLY,  # none of the others belongs to a community organisation
    "decide transfer": OFFICER_ONLY,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(action):
    for role, user in people().items():
        assert _outcome(action, user) is (role in ALLOWED[action]), (action, role)


def test_admins_may_do_what_asset_officers_do():
    admin = UserFactory(admin=True)
    for action in ACTIONS:
        assert _outcome(action, admin), action


def test_a_nomination_is_due_for_decision_in_eight_weeks():
    resident = UserFactory()
    nomination = services.nomination_create(
        user=resident, asset=AssetFactory(), nominating_group="Ladywood Residents' Association",
        nominating_group_kind=GroupKind.VOLUNTARY_COMMUNITY_BODY, reason="Weekly lunch club",
        nomination_date=d("2020-01-01"), today=TODAY)
    assert nomination.nomination_date == TODAY  # only an asset officer backdates one
    assert nomination.decision_due == d("2027-01-24")
    assert nomination.status == Status.NOMINATED and nomination.history.count() == 1


def test_nomination_needs_a_group_a_reason_and_a_site():
    with pytest.raises(Invalid) as error:
        services.nomination_create(user=UserFactory(), nominating_group="", nominating_group_kind="", reason="")
    assert error.value.message_dict == {"nominating_group": [services.GROUP_MISSING],
                                        "nominating_group_kind": [services.GROUP_KIND_MISSING],
                                        "reason": [services.REASON_MISSING], "asset": [services.SITE_MISSING]}


def test_a_site_not_in_the_register_can_be_nominated():
    nomination = services.nomination_create(
        user=UserFactory(), site_name="The Red Lion", site_address="12 High Street", site_postcode="b13 9aa",
        nominating_group="Moseley Society", nominating_group_kind=GroupKind.VOLUNTARY_COMMUNITY_BODY,
        reason="The last pub in the village", today=TODAY)
    assert (nomination.name, nomination.postcode, nomination.asset) == ("The Red Lion", "B13 9AA", None)


def test_an_asset_nominated_or_listed_is_not_nominated_twice():
    nomination = NominationFactory(nomination_date=d("2026-11-01"))
    with pytest.raises(Conflict, match="waiting for a decision"):
        services.nomination_create(user=UserFactory(), asset=nomination.asset, nominating_group="Another",
                                   nominating_group_kind=GroupKind.PARISH_COUNCIL, reason="x", today=TODAY)
    listing = listed()
    with pytest.raises(Conflict, match="already listed"):
        services.nomination_create(user=UserFactory(), asset=listing.asset, nominating_group="Another",
                                   nominating_group_kind=GroupKind.PARISH_COUNCIL, reason="x", today=TODAY)


def test_listing_sets_five_years_the_review_window_and_the_asset_flag():
    officer = asset_officer()
    nomination = NominationFactory()
    listing = services.nomination_decide(nomination=nomination, user=officer, decision="listed",
                                         reason="Used by many groups.", decision_date=d("2026-10-15"), today=TODAY)
    assert (listing.status, listing.expiry_date, listing.review_request_due) == (
        Status.LISTED, d("2031-10-14"), d("2026-12-09"))
    asset = listing.asset
    asset.refresh_from_db()
    assert asset.community_value == CommunityValue.LISTED
    latest = asset.history.first()
    assert latest.history_user == officer and "Asset of community value: Listed" in latest.history_change_reason
    with pytest.raises(Invalid, match="already been decided"):
        services.nomination_decide(nomination=nomination, user=officer, decision="listed", reason="x", today=TODAY)


def test_not_listed_goes_on_the_list_of_unsuccessful_nominations():
    nomination = services.nomination_decide(nomination=NominationFactory(), user=asset_officer(),
                                            decision="not-listed", reason="Its main use is not community use.",
                                            today=TODAY)
    assert nomination.status == Status.NOT_LISTED and nomination.expiry_date is None
    assert list(CommunityValueNomination.objects.unsuccessful()) == [nomination]


def test_a_decision_needs_reasons_and_a_date_after_the_nomination():
    with pytest.raises(Invalid) as error:
        services.nomination_decide(nomination=NominationFactory(), user=asset_officer(), decision="maybe",
                                   reason=" ", decision_date=d("2026-08-01"), today=TODAY)
    assert set(error.value.message_dict) == {"decision", "decision_reason", "decision_date"}


def test_review_within_eight_weeks_and_its_outcome():
    officer = asset_officer()
    listing = listed(on=d("2026-10-15"))
    with pytest.raises(Invalid, match="too late"):
        services.listing_review_request(nomination=listing, user=officer, requested_on=d("2026-12-10"),
                                        today=d("2026-12-20"))
    listing = services.listing_review_request(nomination=listing, user=officer, requested_on=d("2026-12-09"),
                                              today=d("2026-12-20"))
    assert listing.review_decision_due == d("2027-02-02")
    listing = services.listing_review_decide(nomination=listing, user=officer, outcome="removed",
                                             reason="Not of community value.", today=d("2027-01-10"))
    assert (listing.status, listing.removed_on) == (Status.REMOVED, d("2027-01-10"))
    listing.asset.refresh_from_db()
    assert listing.asset.community_value == CommunityValue.NONE


def test_owner_notification_and_a_bidder_start_the_moratorium():
    officer = asset_officer()
    listing = services.disposal_notify(nomination=listed(), user=officer, notified_on=d("2026-11-01"), today=TODAY)
    assert (listing.interim_moratorium_ends, listing.protected_period_ends, listing.phase) == (
        d("2026-12-12"), d("2028-04-30"), "interim")
    with pytest.raises(Invalid, match="too late"):
        services.bidder_request(nomination=listing, user=officer, interested_group="Friends",
                                requested_on=d("2026-12-13"), today=d("2026-12-14"))
    listing = services.bidder_request(nomination=listing, user=officer, interested_group="Friends of the Hall",
                                      requested_on=d("2026-12-12"), today=d("2026-12-12"))
    assert (listing.full_moratorium_ends, listing.phase) == (d("2027-04-30"), "interim")
    with pytest.raises(Invalid, match="protected period until 30 April 2028"):
        services.disposal_notify(nomination=listing, user=officer, notified_on=d("2027-06-01"),
                                 today=d("2027-06-01"))


def test_a_notification_on_the_listings_last_day_counts_and_the_next_day_does_not():
    officer = asset_officer()
    listing = listed(on=d("2021-12-01"))
    assert listing.expiry_date == d("2026-11-30")
    with pytest.raises(Invalid, match="not listed on 1 December 2026"):
        services.disposal_notify(nomination=listing, user=officer, notified_on=d("2026-12-01"),
                                 today=d("2026-12-01"))
    listing = services.disposal_notify(nomination=listing, user=officer, notified_on=TODAY, today=TODAY)
    assert listing.interim_moratorium_ends == d("2027-01-10")


def test_the_job_flags_overdue_decisions_expires_listings_and_moves_the_periods():
    officer = asset_officer()
    overdue = NominationFactory(nomination_date=d("2026-09-01"))  # due 26 October
    in_time = NominationFactory(nomination_date=d("2026-11-01"))
    ending = listed(on=d("2021-12-01"))  # last day 30 November 2026
    selling = services.disposal_notify(nomination=listed(), user=officer, notified_on=d("2026-11-01"), today=TODAY)
    services.bidder_request(nomination=selling, user=officer, interested_group="Friends",
                            requested_on=d("2026-11-20"), today=TODAY)

    assert services.nominations_move_on(today=TODAY) == {"overdue": 1, "expired": 0, "phase": 0}
    assert services.nominations_move_on(today=TODAY) == {"overdue": 0, "expired": 0, "phase": 0}  # idempotent
    overdue.refresh_from_db(), in_time.refresh_from_db()
    assert overdue.decision_overdue and not in_time.decision_overdue

    assert services.nominations_move_on(today=d("2026-12-01")) == {"overdue": 0, "expired": 1, "phase": 0}
    ending.refresh_from_db()
    assert ending.status == Status.EXPIRED
    ending.asset.refresh_from_db()
    assert ending.asset.community_value == CommunityValue.NONE

    for day, phase in [("2026-12-13", "full"), ("2027-04-30", "full"), ("2027-05-01", "protected"),
                       ("2028-04-30", "protected"), ("2028-05-01", "none")]:
        services.nominations_move_on(today=d(day))
        selling.refresh_from_db()
        assert selling.phase == phase, day
    assert services.nominations_move_on(today=d("2028-05-02")) == {"overdue": 0, "expired": 0, "phase": 0}
    by_the_job = selling.history.filter(history_user=None).order_by("history_date")[1:]  # after its creation
    assert [entry.phase for entry in by_the_job] == ["full", "protected", "none"]


def test_the_nightly_schedule_exists():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="move-community-value-listings-nightly")
    assert task.task == "assets.tasks.community.move_community_value_listings"
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("1", "30", "Europe/London")


def test_the_task_runs_the_service(today_is):
    from assets.tasks.community import move_community_value_listings

    NominationFactory(nomination_date=d("2026-09-01"))
    assert move_community_value_listings() == {"overdue": 1, "expired": 0, "phase": 0}


# --- transfers ----------------------------------------------------------------------------------

def test_a_transfer_through_its_stages_to_a_lease():
    officer = asset_officer()
    organisation = community_organisation()
    member = UserFactory(organisation=organisation)
    asset = AssetFactory()
    request = services.transfer_request(user=member, asset=asset, proposed_use="A community café")
    assert (request.stage, request.contact, request.organisation) == (Stage.EXPRESSION_OF_INTEREST, member,
                                                                     organisation)
    asset.refresh_from_db()
    assert asset.community_value == CommunityValue.TRANSFER
    with pytest.raises(Conflict):
        services.transfer_request(user=member, asset=asset, proposed_use="Again")
    with pytest.raises(Refused):
        services.transfer_invite_business_case(transfer=request, user=member)
    request = services.transfer_invite_business_case(transfer=request, user=officer)
    with pytest.raises(Refused):
        services.transfer_submit_business_case(transfer=request, user=UserFactory(), business_case="x")
    with pytest.raises(Invalid):
        services.transfer_decide(transfer=request, user=officer, approve=True, reason="Good")  # no case yet
    request = services.transfer_submit_business_case(transfer=request, user=member, business_case="Costs…")
    assert request.stage == Stage.DECISION
    request = services.transfer_decide(transfer=request, user=officer, approve=True, reason="Viable plan")
    request = services.transfer_lease_agree(transfer=request, user=officer, lease_start_date=d("2027-04-01"),
                                            lease_term_years=25, lease_rent="1.00")
    assert (request.stage, request.lease_rent, request.lease_term_years) == (Stage.LEASE_AGREED, Decimal("1.00"), 25)
    asset.refresh_from_db()
    assert asset.community_value == CommunityValue.TRANSFER
    reasons = list(asset.history.values_list("history_change_reason", flat=True))
    assert any("lease agreed from 1 April 2027 for 25 years" in (r or "") for r in reasons)
    assert request.history.count() == 5


def test_a_declined_transfer_says_why_and_clears_the_flag():
    request = transfer()
    with pytest.raises(Invalid) as error:
        services.transfer_decide(transfer=request, user=asset_officer(), approve=False, reason="")
    assert error.value.message_dict == {"decision_reason": [services.DECISION_REASON_MISSING]}
    request = services.transfer_decide(transfer=request, user=asset_officer(), approve=False,
                                       reason="The building is needed for a school.")
    assert request.stage == Stage.DECLINED
    request.asset.refresh_from_db()
    assert request.asset.community_value == CommunityValue.NONE


def test_only_community_organisations_ask_for_transfers():
    with pytest.raises(Invalid) as error:
        services.transfer_request(user=asset_officer(), asset=AssetFactory(), proposed_use="Offices",
                                  organisation=people()["partner"].organisation)
    assert "is not a voluntary or community organisation" in error.value.message_dict["organisation"][0]
