"""Writes of assets of community value and community asset transfers.

Nominations: anyone signed in nominates on behalf of a group (an asset officer may record one
received by post or e-mail, with the day it arrived); asset officers and admins decide it, record
the owner's review, an owner's notification to sell and a community group's request to be
treated as a bidder, and remove a listing. Every date comes from assets.services.community_dates.

Transfers: a member of a voluntary or community organisation (or an asset officer for it) sends
an expression of interest; asset officers invite a business case, which the organisation's contact
sends; asset officers decide and, once approved, record the lease agreed. The asset's register
flag follows both processes, and the asset's history says why it changed.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from localism.core.errors import Conflict, Invalid
from localism.core.services import audited_create, lock, require, versioned_save

from ..models import Asset, CommunityAssetTransfer, CommunityValue, CommunityValueNomination
from ..rules_community import COMMUNITY_KINDS
from . import community_dates as dates
from . import notices

Status = CommunityValueNomination.Status
Stage = CommunityAssetTransfer.Stage

MANAGE = "assets.manage_community_value"
NOT_ASSET_OFFICER = "Only asset officers can do that."
NOMINATE_REFUSED = "Sign in to nominate an asset of community value."
GROUP_MISSING = "Enter the name of the group that nominates the asset"
GROUP_KIND_MISSING = "Choose what kind of group it is"
REASON_MISSING = "Enter why the asset is of community value"
SITE_MISSING = "Choose an asset from the register, or enter the name of the land or building"
DATE_IN_FUTURE = "The date must be today or in the past"
DATE_BEFORE_NOMINATION = "The date must be on or after the day the nomination was received ({day:%-d %B %Y})"
ALREADY_NOMINATED = "{name} already has a nomination waiting for a decision."
ALREADY_LISTED = "{name} is already listed as an asset of community value, until {day:%-d %B %Y}."
ALREADY_DECIDED = "This nomination has already been decided."
DECISION_MISSING = "Choose whether to list the asset"
DECISION_REASON_MISSING = "Enter the reasons for the decision"
NOT_LISTED_NOW = "This asset is not listed as an asset of community value."
NOT_LISTED_ON = "The asset was not listed on {day:%-d %B %Y}: an owner's notification counts only while it is listed."
REVIEW_TOO_LATE = "The owner could ask for a review until {day:%-d %B %Y}: the request came too late."
REVIEW_ALREADY = "The owner has already asked for a review of this listing."
REVIEW_NOT_REQUESTED = "The owner has not asked for a review of this listing."
REVIEW_DECIDED = "This review has already been decided."
OUTCOME_MISSING = "Choose the outcome of the review"
REMOVAL_REASON_MISSING = "Enter why the listing is removed"
IN_PROTECTED_PERIOD = ("The owner's notification of {notified:%-d %B %Y} has a protected period until "
                       "{ends:%-d %B %Y}: a new notification in it starts no moratorium, and the owner may sell.")
NO_NOTIFICATION = "The owner has not notified an intention to sell."
BIDDER_TOO_LATE = ("A group had to ask by {day:%-d %B %Y}, the last day of the interim moratorium: the request "
                   "came too late to start a full moratorium.")
BIDDER_BEFORE_NOTIFICATION = "The request must be on or after the owner's notification ({day:%-d %B %Y})"
BIDDER_ALREADY = "{group} has already asked to be treated as a bidder: the full moratorium runs until {day:%-d %B %Y}."
BIDDER_GROUP_MISSING = "Enter the name of the community interest group"

TRANSFER_REFUSED = ("Only members of a voluntary or community organisation, a social enterprise or a parish "
                    "council can ask to take on an asset.")
TRANSFER_ORGANISATION_KIND = "{name} is not a voluntary or community organisation, social enterprise or parish council."
TRANSFER_ORGANISATION_MISSING = "Choose the organisation that asks to take on the asset"
PROPOSED_USE_MISSING = "Enter what the organisation would use the asset for"
TRANSFER_ALREADY = "{organisation} already has a request in progress for {asset}."
ASSET_DISPOSED = "{asset} is no longer held by the council."
STAGE_WRONG = "The request is at the stage “{stage}”: that cannot be done now."
BUSINESS_CASE_MISSING = "Enter the business case"
BUSINESS_CASE_REFUSED = "Only the organisation's contact can send the business case."
WITHDRAW_REFUSED = "Only the organisation's contact can withdraw the request."
LEASE_START_MISSING = "Enter the day the lease starts"
LEASE_TERM_MISSING = "Enter the lease's term in years"
LEASE_RENT_MISSING = "Enter the rent a year, in pounds (0 for none)"


def _today(today):
    return today or timezone.localdate()


def _past(day, today, field: str):
    if day > today:
        raise Invalid({field: DATE_IN_FUTURE})


def _require_officer(user, obj=None):
    require(user, MANAGE, obj, NOT_ASSET_OFFICER)


def _save(nomination, *, user, changes: dict, today):
    """Save `changes` with the listing's phase for today recomputed from them."""
    current = lock(CommunityValueNomination, nomination.pk)
    for name, value in changes.items():
        setattr(current, name, value)
    changes["phase"] = phase_of(current, today)
    saved = versioned_save(CommunityValueNomination, nomination.pk, user=user, version=None, thing="listing",
                           changes=changes)
    if saved.asset_id:
        asset_flag_update(asset=saved.asset, user=user, why=f"Asset of community value: {saved.get_status_display()}")
    return saved


def phase_of(nomination: CommunityValueNomination, today: datetime.date) -> str:
    """Where a listing stands today after its owner's notification to sell (none if it has none)."""
    if nomination.notification_to_sell_date is None:
        return CommunityValueNomination.Phase.NONE
    periods = dates.moratorium(nomination.notification_to_sell_date, bidder_requested_on=nomination.bidder_request_date)
    return str(periods.phase_on(today))


# --- nominations ---------------------------------------------------------------------------------

@transaction.atomic
def nomination_create(*, user, nominating_group: str, nominating_group_kind: str, reason: str, asset=None,
                      site_name: str = "", site_address: str = "", site_postcode: str = "", ward=None,
                      nominating_organisation=None, local_connection: str = "", nomination_date=None,
                      is_demo: bool = False, today=None) -> CommunityValueNomination:
    """Nominate an asset (one in the register, or a site described). Anyone signed in sends one
    today; an asset officer may give the day one arrived by post."""
    require(user, "assets.nominate_community_value", None, NOMINATE_REFUSED)
    today = _today(today)
    officer = user.has_perm(MANAGE)
    nomination_date = nomination_date if (officer and nomination_date) else today
    errors = {}
    if not (nominating_group or "").strip() and nominating_organisation is None:
        errors["nominating_group"] = GROUP_MISSING
    if not nominating_group_kind:
        errors["nominating_group_kind"] = GROUP_KIND_MISSING
    if not (reason or "").strip():
        errors["reason"] = REASON_MISSING
    if asset is None and not (site_name or "").strip():
        errors["asset"] = SITE_MISSING
    if nomination_date > today:
        errors["nomination_date"] = DATE_IN_FUTURE
    if errors:
        raise Invalid(errors)
    if asset is not None:
        lock(Asset, asset.pk)  # two nominations of one asset at once take turns
        _check_not_nominated(asset)
    nomination = CommunityValueNomination(
        asset=asset, site_name="" if asset else site_name.strip(), site_address="" if asset else site_address.strip(),
        site_postcode="" if asset else site_postcode.strip().upper(), ward=ward or (asset.ward if asset else None),
        nominating_organisation=nominating_organisation,
        nominating_group=(nominating_group or "").strip() or nominating_organisation.name,
        nominating_group_kind=nominating_group_kind, local_connection=local_connection, reason=reason.strip(),
        nominated_by=user, nomination_date=nomination_date, decision_due=dates.decision_due(nomination_date),
        decision_overdue=today > dates.decision_due(nomination_date), is_demo=is_demo)
    return audited_create(nomination, user=user)


def _check_not_nominated(asset) -> None:
    others = CommunityValueNomination.objects.filter(asset=asset)
    if others.filter(status=Status.NOMINATED).exists():
        raise Conflict(ALREADY_NOMINATED.format(name=asset.name), field="asset")
    if listed := others.filter(status=Status.LISTED).first():
        raise Conflict(ALREADY_LISTED.format(name=asset.name, day=listed.expiry_date), field="asset")


@transaction.atomic
def nomination_decide(*, nomination, user, decision: str, reason: str, decision_date=None,
                      today=None) -> CommunityValueNomination:
    """List the asset, or not, with the reasons. A listing lasts five years from the decision;
    the owner may ask for a review within eight weeks."""
    _require_officer(user, nomination)
    today = _today(today)
    current = lock(CommunityValueNomination, nomination.pk)
    if current.status != Status.NOMINATED:
        raise Invalid(ALREADY_DECIDED)
    decision_date = decision_date or today
    errors = {}
    if decision not in (CommunityValueNomination.Decision.LISTED, CommunityValueNomination.Decision.NOT_LISTED):
        errors["decision"] = DECISION_MISSING
    if not (reason or "").strip():
        errors["decision_reason"] = DECISION_REASON_MISSING
    if decision_date > today:
        errors["decision_date"] = DATE_IN_FUTURE
    elif decision_date < current.nomination_date:
        errors["decision_date"] = DATE_BEFORE_NOMINATION.format(day=current.nomination_date)
    if errors:
        raise Invalid(errors)
    listed = decision == CommunityValueNomination.Decision.LISTED
    changes = {"decision": decision, "decision_date": decision_date, "decision_reason": reason.strip(),
               "decided_by": user, "decision_overdue": False,
               "status": Status.LISTED if listed else Status.NOT_LISTED}
    if listed:
        changes |= {"expiry_date": dates.listing_expires(decision_date),
                    "review_request_due": dates.review_request_due(decision_date)}
        if not dates.is_listed_on(today, listed_on=decision_date):  # decided so long ago it has run out
            changes["status"] = Status.EXPIRED
    return _save(current, user=user, changes=changes, today=today)


def _listed(nomination, today) -> CommunityValueNomination:
    current = lock(CommunityValueNomination, nomination.pk)
    if current.status != Status.LISTED:
        raise Invalid(NOT_LISTED_NOW)
    return current


@transaction.atomic
def listing_review_request(*, nomination, user, requested_on, today=None) -> CommunityValueNomination:
    """Record the owner's request for a review of the listing (within eight weeks of it)."""
    _require_officer(user, nomination)
    today = _today(today)
    current = _listed(nomination, today)
    _past(requested_on, today, "review_requested_on")
    if current.review_requested_on:
        raise Invalid(REVIEW_ALREADY)
    if requested_on < current.decision_date:
        raise Invalid({"review_requested_on": DATE_BEFORE_NOMINATION.format(day=current.decision_date)})
    if requested_on > current.review_request_due:
        raise Invalid({"review_requested_on": REVIEW_TOO_LATE.format(day=current.review_request_due)})
    return _save(current, user=user, today=today, changes={
        "review_requested_on": requested_on, "review_decision_due": dates.review_decision_due(requested_on)})


@transaction.atomic
def listing_review_decide(*, nomination, user, outcome: str, reason: str, decided_on=None,
                          today=None) -> CommunityValueNomination:
    """Decide the owner's review: the listing stands, or it is removed from the list."""
    _require_officer(user, nomination)
    today = _today(today)
    current = _listed(nomination, today)
    if not current.review_requested_on:
        raise Invalid(REVIEW_NOT_REQUESTED)
    if current.review_outcome:
        raise Invalid(REVIEW_DECIDED)
    decided_on = decided_on or today
    errors = {}
    if outcome not in (CommunityValueNomination.ReviewOutcome.UPHELD, CommunityValueNomination.ReviewOutcome.REMOVED):
        errors["review_outcome"] = OUTCOME_MISSING
    if not (reason or "").strip():
        errors["review_reason"] = DECISION_REASON_MISSING
    if decided_on > today:
        errors["review_decided_on"] = DATE_IN_FUTURE
    elif decided_on < current.review_requested_on:
        errors["review_decided_on"] = DATE_BEFORE_NOMINATION.format(day=current.review_requested_on)
    if errors:
        raise Invalid(errors)
    changes = {"review_outcome": outcome, "review_decided_on": decided_on, "review_reason": reason.strip()}
    if outcome == CommunityValueNomination.ReviewOutcome.REMOVED:
        changes |= {"status": Status.REMOVED, "removed_on": decided_on, "removal_reason": reason.strip()}
    return _save(current, user=user, today=today, changes=changes)


@transaction.atomic
def listing_remove(*, nomination, user, reason: str, removed_on=None, today=None) -> CommunityValueNomination:
    """Take a listing off the list before its five years (an appeal allowed, the land no longer
    of community value)."""
    _require_officer(user, nomination)
    today = _today(today)
    current = _listed(nomination, today)
    removed_on = removed_on or today
    if not (reason or "").strip():
        raise Invalid({"removal_reason": REMOVAL_REASON_MISSING})
    _past(removed_on, today, "removed_on")
    return _save(current, user=user, today=today,
                 changes={"status": Status.REMOVED, "removed_on": removed_on, "removal_reason": reason.strip()})


@transaction.atomic
def disposal_notify(*, nomination, user, notified_on, today=None) -> CommunityValueNomination:
    """Record the owner's notification of an intention to sell, received on `notified_on`: the
    interim moratorium and the protected period start that day. The asset must be listed that
    day (its last day counts); a notification inside an earlier one's protected period starts
    nothing and is refused with the reason."""
    _require_officer(user, nomination)
    today = _today(today)
    current = _listed(nomination, today)
    _past(notified_on, today, "notification_to_sell_date")
    if not dates.is_listed_on(notified_on, listed_on=current.decision_date, removed_on=current.removed_on):
        raise Invalid({"notification_to_sell_date": NOT_LISTED_ON.format(day=notified_on)})
    previous = current.notification_to_sell_date
    if previous and not dates.starts_moratorium(notified_on, previous_notified_on=previous):
        raise Invalid({"notification_to_sell_date": IN_PROTECTED_PERIOD.format(
            notified=previous, ends=current.protected_period_ends)})
    periods = dates.moratorium(notified_on)
    saved = _save(current, user=user, today=today, changes={
        "notification_to_sell_date": notified_on, "interim_moratorium_ends": periods.interim_ends,
        "protected_period_ends": periods.protected_ends, "full_moratorium_ends": None,
        "interested_group": "", "bidder_organisation": None, "bidder_request_date": None})
    notices.moratorium_started(saved)
    return saved


@transaction.atomic
def bidder_request(*, nomination, user, interested_group: str = "", requested_on, organisation=None,
                   today=None) -> CommunityValueNomination:
    """Record a community interest group's written request to be treated as a potential bidder:
    within the interim moratorium it starts the full one (six months from the notification)."""
    _require_officer(user, nomination)
    today = _today(today)
    current = lock(CommunityValueNomination, nomination.pk)
    if current.status not in (Status.LISTED, Status.EXPIRED) or not current.notification_to_sell_date:
        raise Invalid(NO_NOTIFICATION)
    group = (interested_group or "").strip() or (organisation.name if organisation else "")
    if not group:
        raise Invalid({"interested_group": BIDDER_GROUP_MISSING})
    _past(requested_on, today, "bidder_request_date")
    notified = current.notification_to_sell_date
    if current.bidder_request_date:
        raise Invalid(BIDDER_ALREADY.format(group=current.interested_group, day=current.full_moratorium_ends))
    if requested_on < notified:
        raise Invalid({"bidder_request_date": BIDDER_BEFORE_NOTIFICATION.format(day=notified)})
    if not dates.bidder_request_in_time(notified_on=notified, requested_on=requested_on):
        raise Invalid({"bidder_request_date": BIDDER_TOO_LATE.format(day=current.interim_moratorium_ends)})
    periods = dates.moratorium(notified, bidder_requested_on=requested_on)
    return _save(current, user=user, today=today, changes={
        "interested_group": group, "bidder_organisation": organisation, "bidder_request_date": requested_on,
        "full_moratorium_ends": periods.full_ends})


def nominations_move_on(*, today=None) -> dict[str, int]:
    """The nightly job: flag the nominations not decided by their due day, expire the listings
    whose five years are over, and move each listing's notification to sell through its periods
    (interim, full, protected, none). Each change is one history entry by no user; a second run
    the same day changes nothing."""
    today = _today(today)
    counts = {"overdue": 0, "expired": 0, "phase": 0}
    overdue = CommunityValueNomination.objects.filter(status=Status.NOMINATED, decision_overdue=False,
                                                      decision_due__lt=today)
    expired = CommunityValueNomination.objects.filter(status=Status.LISTED, expiry_date__lt=today)
    moving = CommunityValueNomination.objects.exclude(notification_to_sell_date=None).exclude(
        phase=CommunityValueNomination.Phase.NONE, protected_period_ends__lt=today)
    for pk in overdue.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            versioned_save(CommunityValueNomination, pk, user=None, version=None, thing="nomination",
                           changes={"decision_overdue": True})
        counts["overdue"] += 1
    for pk in expired.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            saved = versioned_save(CommunityValueNomination, pk, user=None, version=None, thing="listing",
                                   changes={"status": Status.EXPIRED})
            if saved.asset_id:
                asset_flag_update(asset=saved.asset, user=None, why="Asset of community value: listing expired")
        counts["expired"] += 1
    for nomination in moving.order_by("pk").only("pk", "phase", "notification_to_sell_date", "bidder_request_date"):
        phase = phase_of(nomination, today)
        if phase != nomination.phase:
            with transaction.atomic():
                versioned_save(CommunityValueNomination, nomination.pk, user=None, version=None, thing="listing",
                               changes={"phase": phase})
            counts["phase"] += 1
    return counts


# --- the asset's register flag -------------------------------------------------------------------

def asset_flag_update(*, asset, user, why: str, record: bool = False) -> Asset:
    """Set the register's community flag of `asset` from its listings and transfers (listed,
    offered for or taken on by transfer, both, neither), recording `why` in its history; with
    `record`, an entry is taken even when the flag stays (a lease agreed)."""
    listed = CommunityValueNomination.objects.filter(asset=asset, status=Status.LISTED).exists()
    transfer = CommunityAssetTransfer.objects.filter(asset=asset).in_progress().exists() or \
        CommunityAssetTransfer.objects.filter(asset=asset, stage=Stage.LEASE_AGREED).exists()
    flag = {(True, True): CommunityValue.BOTH, (True, False): CommunityValue.LISTED,
            (False, True): CommunityValue.TRANSFER, (False, False): CommunityValue.NONE}[listed, transfer]
    current = lock(Asset, asset.pk)
    if current.community_value == flag and not record:
        return current
    current.community_value = flag
    current.version += 1
    current.full_clean()
    current._history_user = user
    current._change_reason = why
    current.save()
    return current


# --- community asset transfers -------------------------------------------------------------------

def _transfer_at(transfer, *stages) -> CommunityAssetTransfer:
    current = lock(CommunityAssetTransfer, transfer.pk)
    if current.stage not in stages:
        raise Invalid(STAGE_WRONG.format(stage=current.get_stage_display()))
    return current


def _transfer_save(current, *, user, changes: dict, why: str) -> CommunityAssetTransfer:
    saved = versioned_save(CommunityAssetTransfer, current.pk, user=user, version=None, thing="request",
                           changes=changes)
    asset_flag_update(asset=saved.asset, user=user, why=f"Community asset transfer to {saved.organisation}: {why}",
                      record=saved.stage == Stage.LEASE_AGREED)
    return saved


@transaction.atomic
def transfer_request(*, user, asset, proposed_use: str, organisation=None, on=None,
                     is_demo: bool = False) -> CommunityAssetTransfer:
    """A community organisation's expression of interest in taking on `asset`. Its member sends
    it for their own organisation; an asset officer may send it for any community organisation."""
    require(user, "assets.ask_for_transfer", None, TRANSFER_REFUSED)
    officer = user.has_perm(MANAGE)
    organisation = organisation if (officer and organisation) else (None if officer else user.organisation)
    on = _today(on)
    errors = {}
    if organisation is None:
        errors["organisation"] = TRANSFER_ORGANISATION_MISSING
    elif organisation.kind not in COMMUNITY_KINDS:
        errors["organisation"] = TRANSFER_ORGANISATION_KIND.format(name=organisation.name)
    if not (proposed_use or "").strip():
        errors["proposed_use"] = PROPOSED_USE_MISSING
    if errors:
        raise Invalid(errors)
    current = lock(Asset, asset.pk)
    if current.disposed_at:
        raise Invalid({"asset": ASSET_DISPOSED.format(asset=asset.name)})
    if CommunityAssetTransfer.objects.filter(asset=asset, organisation=organisation).in_progress().exists():
        raise Conflict(TRANSFER_ALREADY.format(organisation=organisation, asset=asset.name), field="asset")
    transfer = audited_create(CommunityAssetTransfer(
        asset=asset, organisation=organisation, contact=None if officer else user, proposed_use=proposed_use.strip(),
        expression_of_interest_date=on, is_demo=is_demo), user=user)
    asset_flag_update(asset=asset, user=user,
                      why=f"Community asset transfer to {organisation}: expression of interest")
    return transfer


@transaction.atomic
def transfer_invite_business_case(*, transfer, user) -> CommunityAssetTransfer:
    """Asset officers take an expression of interest forward: the organisation writes a business case."""
    _require_officer(user, transfer)
    current = _transfer_at(transfer, Stage.EXPRESSION_OF_INTEREST)
    return _transfer_save(current, user=user, changes={"stage": Stage.BUSINESS_CASE}, why="business case invited")


@transaction.atomic
def transfer_submit_business_case(*, transfer, user, business_case: str, on=None) -> CommunityAssetTransfer:
    """The organisation's contact sends its business case; the council then decides."""
    require(user, "assets.submit_business_case", transfer, BUSINESS_CASE_REFUSED)
    current = _transfer_at(transfer, Stage.BUSINESS_CASE)
    if not (business_case or "").strip():
        raise Invalid({"business_case": BUSINESS_CASE_MISSING})
    return _transfer_save(current, user=user, why="business case sent", changes={
        "stage": Stage.DECISION, "business_case": business_case.strip(), "business_case_date": _today(on)})


@transaction.atomic
def transfer_decide(*, transfer, user, approve: bool, reason: str, on=None) -> CommunityAssetTransfer:
    """Approve a business case, or decline the request (at any stage before a decision) with reasons."""
    _require_officer(user, transfer)
    current = _transfer_at(transfer, Stage.DECISION) if approve else _transfer_at(
        transfer, Stage.EXPRESSION_OF_INTEREST, Stage.BUSINESS_CASE, Stage.DECISION)
    if not (reason or "").strip():
        raise Invalid({"decision_reason": DECISION_REASON_MISSING})
    stage = Stage.APPROVED if approve else Stage.DECLINED
    return _transfer_save(current, user=user, why="approved" if approve else "declined", changes={
        "stage": stage, "decision_date": _today(on), "decision_reason": reason.strip(), "decided_by": user})


@transaction.atomic
def transfer_lease_agree(*, transfer, user, lease_start_date, lease_term_years, lease_rent,
                         on=None) -> CommunityAssetTransfer:
    """Record the lease agreed for an approved transfer: its start, term and rent a year."""
    _require_officer(user, transfer)
    current = _transfer_at(transfer, Stage.APPROVED)
    errors = {}
    if lease_start_date is None:
        errors["lease_start_date"] = LEASE_START_MISSING
    if not lease_term_years:
        errors["lease_term_years"] = LEASE_TERM_MISSING
    if lease_rent is None:
        errors["lease_rent"] = LEASE_RENT_MISSING
    if errors:
        raise Invalid(errors)
    return _transfer_save(current, user=user, why=f"lease agreed from {lease_start_date:%-d %B %Y} for "
                                                  f"{lease_term_years} years", changes={
        "stage": Stage.LEASE_AGREED, "lease_start_date": lease_start_date, "lease_term_years": lease_term_years,
        "lease_rent": Decimal(lease_rent), "lease_agreed_date": _today(on)})


@transaction.atomic
def transfer_withdraw(*, transfer, user) -> CommunityAssetTransfer:
    """The organisation's contact (or an asset officer) withdraws a request still in progress."""
    require(user, "assets.withdraw_transfer", transfer, WITHDRAW_REFUSED)
    current = _transfer_at(transfer, Stage.EXPRESSION_OF_INTEREST, Stage.BUSINESS_CASE, Stage.DECISION,
                           Stage.APPROVED)
    return _transfer_save(current, user=user, changes={"stage": Stage.WITHDRAWN}, why="withdrawn")
