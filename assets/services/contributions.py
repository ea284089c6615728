"""Writes of developer contributions: agreements (placed in their ward), contributions and
their transactions, under the rules that hold the money straight. Every page, API call, admin
save, import and the demo come through here.

For each contribution (its row locked while a transaction is recorded):
- spent never exceeds what is received (less what was returned);
- allocated (to a Ward Plan's priority or action) never exceeds what is received and not
  already allocated (less what was returned);
- what is returned to the developer never exceeds what is received and not spent.
A Section 106 contribution's spend-by date puts it in a risk band (within 12 months, within 6
months, past) while it holds money received and not spent or returned."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from localism.core.errors import Invalid
from localism.core.services import audited_create, lock, require, versioned_save

from ..models import (
    AgreementType,
    ContributionTransaction,
    DeveloperAgreement,
    DeveloperContribution,
    FundingStatus,
    SpendByRisk,
)
from . import notices
from .placement import asset_place

MANAGE = "assets.record_contributions"
REFUSED = "Only planning obligations officers record developer contributions."
OVERSPEND = ("This would spend more than {reference} has received: £{available:,.2f} received is not yet spent "
             "or returned.")
OVERALLOCATE = ("This would allocate more than {reference} has received and not allocated: £{available:,.2f} is "
                "left to allocate.")
OVERRETURN = ("This would return more than {reference} holds that is neither allocated nor spent: "
              "£{available:,.2f} can be returned.")
ALLOCATION_TARGET = "Choose the priority or the action of a Ward Plan that the money is allocated to"
ALLOCATION_ONE_TARGET = "Choose a priority or an action, not both"
NOT_IN_WARD = "Choose a priority of a Ward Plan of {ward}, where the development is"
TARGET_ONLY_ALLOCATIONS = "Only an allocation is made to a priority or an action"
AMOUNT_OR_UNITS = "Enter the amount or the number of units"
POINT_RE = re.compile(r"^POINT ?\((?P<lon>-?\d{1,3}(?:\.\d+)?) (?P<lat>-?\d{1,2}(?:\.\d+)?)\)$")


@dataclass(frozen=True)
class Balances:
    secured: Decimal
    received: Decimal
    allocated: Decimal
    spent: Decimal
    returned: Decimal

    @property
    def held(self) -> Decimal:
        """Received and not returned."""
        return self.received - self.returned

    @property
    def unspent(self) -> Decimal:
        return self.received - self.spent - self.returned

    @property
    def unallocated(self) -> Decimal:
        return self.received - self.allocated - self.returned

    @property
    def returnable(self) -> Decimal:
        """Held and neither allocated nor spent (what is spent was allocated first, or is spent
        outright): money returned never leaves an allocation or a payment without its money."""
        return self.held - max(self.spent, self.allocated)


def _sum(status):
    return Sum("amount", filter=Q(status=status), default=Decimal(0))


def balances_of(contribution_ids) -> dict[int, Balances]:
    """Each contribution's money by funding status, in one query."""
    rows = (ContributionTransaction.objects.filter(contribution__in=contribution_ids)
            .values("contribution").order_by("contribution")
            .annotate(**{status.value: _sum(status) for status in FundingStatus}))
    zero = Balances(*(Decimal(0),) * 5)
    found = {row["contribution"]: Balances(*(row[s.value] for s in FundingStatus)) for row in rows}
    return {pk: found.get(pk, zero) for pk in contribution_ids}


def balances(contribution: DeveloperContribution) -> Balances:
    return balances_of([contribution.pk])[contribution.pk]


def point_lat_lon(point: str) -> tuple[Decimal, Decimal] | None:
    """The latitude and longitude of a WKT point, `POINT(lon lat)` (None if it is not one)."""
    match = POINT_RE.match((point or "").strip())
    return (Decimal(match["lat"]), Decimal(match["lon"])) if match else None


def agreement_ward(*, point: str = "", postcode: str = ""):
    """The ward of a site, from its point, else its postcode (None outside Birmingham)."""
    lat_lon = point_lat_lon(point)
    if lat_lon:
        return asset_place(latitude=lat_lon[0], longitude=lat_lon[1]).ward
    return asset_place(postcode=postcode).ward if postcode else None


@transaction.atomic
def agreement_create(*, user, reference: str, name: str, agreement_type: str, entry_date: datetime.date,
                     point: str = "", postcode: str = "", ward=None, **fields) -> DeveloperAgreement:
    """Record a developer agreement; its ward comes from its point or postcode unless given."""
    if user is not None:
        require(user, MANAGE, None, REFUSED)
    if ward is None:
        ward = agreement_ward(point=point, postcode=postcode)
    return audited_create(DeveloperAgreement(reference=reference, name=name, agreement_type=agreement_type,
                                             entry_date=entry_date, point=point, postcode=postcode, ward=ward,
                                             **fields), user=user)


MONEY_RECORDED = ("{reference} already has money recorded against it: its {what} cannot change. Record a "
                  "correction (money returned, say) and a new {thing} instead.")


def _has_money(**lookup) -> bool:
    return ContributionTransaction.objects.filter(**lookup).exists()


@transaction.atomic
def agreement_update(*, user, agreement: DeveloperAgreement, **values) -> DeveloperAgreement:
    """Correct an agreement's details. Its kind and its site (which give the ward its money
    counts for) are fixed once money is recorded against it: moving it would move receipts, and
    the neighbourhood CIL allocated from them, to another ward or kind."""
    require(user, MANAGE, agreement, REFUSED)
    stored = lock(DeveloperAgreement, agreement.pk)
    ward = agreement_ward(point=values.get("point", stored.point), postcode=values.get("postcode", stored.postcode))
    if _has_money(contribution__agreement=stored):
        if values.get("agreement_type", stored.agreement_type) != stored.agreement_type:
            raise Invalid({"agreement_type": MONEY_RECORDED.format(reference=stored.reference, what="kind",
                                                                    thing="agreement")})
        if getattr(ward, "pk", None) != stored.ward_id:
            raise Invalid({"point": MONEY_RECORDED.format(reference=stored.reference, what="ward",
                                                          thing="agreement")})
    return versioned_save(DeveloperAgreement, stored.pk, user=user, version=None, thing="agreement",
                          changes={**values, "ward": ward}, bump=False)


@transaction.atomic
def contribution_update(*, user, contribution: DeveloperContribution, **values) -> DeveloperContribution:
    """Correct a contribution's details; its agreement and purpose are fixed once money is
    recorded against it (they decide whose money, and what kind, it is)."""
    require(user, MANAGE, contribution, REFUSED)
    stored = lock(DeveloperContribution, contribution.pk)
    if _has_money(contribution=stored):
        for name, what in (("agreement", "agreement"), ("purpose", "purpose")):
            if name in values and values[name] != getattr(stored, name):
                raise Invalid({name: MONEY_RECORDED.format(reference=stored.reference, what=what,
                                                           thing="contribution")})
    return versioned_save(DeveloperContribution, stored.pk, user=user, version=None, thing="contribution",
                          changes=values, bump=False)


@transaction.atomic
def contribution_create(*, user, agreement: DeveloperAgreement, reference: str, purpose: str,
                        entry_date: datetime.date, **fields) -> DeveloperContribution:
    if user is not None:
        require(user, MANAGE, None, REFUSED)
    return audited_create(DeveloperContribution(agreement=agreement, reference=reference, purpose=purpose,
                                                entry_date=entry_date, **fields), user=user)


def _check_money(contribution: DeveloperContribution, status: str, amount: Decimal | None) -> None:
    if amount is None:
        return
    now = balances(contribution)
    amount = Decimal(amount)
    reference = contribution.reference
    if status == FundingStatus.SPENT and amount > now.unspent:
        raise Invalid({"amount": OVERSPEND.format(reference=reference, available=max(now.unspent, Decimal(0)))})
    if status == FundingStatus.ALLOCATED and amount > now.unallocated:
        raise Invalid({"amount": OVERALLOCATE.format(reference=reference,
                                                     available=max(now.unallocated, Decimal(0)))})
    if status == FundingStatus.RETURNED and amount > now.returnable:
        raise Invalid({"amount": OVERRETURN.format(reference=reference,
                                                   available=max(now.returnable, Decimal(0)))})


def _check_target(contribution, status, priority, action) -> None:
    if status != FundingStatus.ALLOCATED:
        if priority is not None or action is not None:
            raise Invalid({"priority": TARGET_ONLY_ALLOCATIONS})
        return
    if priority is not None and action is not None:
        raise Invalid({"priority": ALLOCATION_ONE_TARGET})
    target = priority if priority is not None else (action.priority if action is not None else None)
    if target is None:
        return  # an allocation read from a file may name no priority
    ward = contribution.agreement.ward
    if ward is not None and not target.plan.wards.filter(pk=ward.pk).exists():
        raise Invalid({"priority" if priority is not None else "action": NOT_IN_WARD.format(ward=ward.name)})


@transaction.atomic
def transaction_record(*, user, contribution: DeveloperContribution, status: str, start_date: datetime.date,
                       amount: Decimal | None = None, units: int | None = None, notes: str = "",
                       priority=None, action=None, reference: str = "", entry_date: datetime.date | None = None,
                       end_date: datetime.date | None = None, is_demo: bool = False,
                       today: datetime.date | None = None) -> ContributionTransaction:
    """Record money (or units) of a contribution secured, received, allocated, spent or
    returned, keeping to the rules above with the contribution's row locked. `user` None: the
    operator's import, who holds the database already."""
    if user is not None:
        require(user, MANAGE, contribution, REFUSED)
    contribution = lock(DeveloperContribution, contribution.pk)
    if amount is None and units is None:
        raise Invalid({"amount": AMOUNT_OR_UNITS})
    _check_target(contribution, status, priority, action)
    _check_money(contribution, status, amount)
    today = today or timezone.localdate()
    if not reference:
        reference = f"{contribution.reference}-{contribution.transactions.count() + 1}"
    made = audited_create(ContributionTransaction(
        contribution=contribution, reference=reference, status=status, amount=amount, units=units, notes=notes,
        start_date=start_date, entry_date=entry_date or today, end_date=end_date, priority=priority,
        action=action, created_by=user, organisation=contribution.organisation, is_demo=is_demo), user=user)
    _mark_risk(contribution, today)
    return made


def s106_allocate(*, user, contribution: DeveloperContribution, amount: Decimal, on: datetime.date,
                  priority=None, action=None, notes: str = "", today: datetime.date | None = None):
    """Allocate Section 106 money received to a Ward Plan's priority or action."""
    if priority is None and action is None:
        raise Invalid({"priority": ALLOCATION_TARGET})
    return transaction_record(user=user, contribution=contribution, status=FundingStatus.ALLOCATED, amount=amount,
                              start_date=on, priority=priority, action=action, notes=notes, today=today)


def spend_by_band(spend_by: datetime.date | None, today: datetime.date) -> str:
    """The risk band of a spend-by date on `today`: past (before today), within 6 months (up to
    and including the day 6 months on), within 12 months (up to the day 12 months on), or none."""
    if spend_by is None:
        return SpendByRisk.NONE
    if spend_by < today:
        return SpendByRisk.PAST
    if spend_by <= today + relativedelta(months=6):
        return SpendByRisk.WITHIN_6_MONTHS
    if spend_by <= today + relativedelta(months=12):
        return SpendByRisk.WITHIN_12_MONTHS
    return SpendByRisk.NONE


def _band(contribution, unspent: Decimal, today) -> str:
    if contribution.agreement.agreement_type != AgreementType.SECTION_106 or unspent <= 0:
        return SpendByRisk.NONE
    return spend_by_band(contribution.spend_by_date, today)


def _mark_risk(contribution, today) -> None:
    unspent = balances(contribution).unspent
    band = _band(contribution, unspent, today)
    if band != contribution.spend_by_risk:
        DeveloperContribution.objects.filter(pk=contribution.pk).update(spend_by_risk=band)
        contribution.spend_by_risk = band
        if band:
            notices.spend_by_nearing(contribution, band_label=contribution.get_spend_by_risk_display(),
                                     unspent=unspent, today=today)


@transaction.atomic
def contributions_mark_spend_by_risk(*, today: datetime.date | None = None) -> dict[str, list[str]]:
    """Store each Section 106 contribution's risk band on `today`; the references in each band."""
    today = today or timezone.localdate()
    contributions = list(DeveloperContribution.objects.select_related("agreement")
                         .filter(agreement__agreement_type=AgreementType.SECTION_106).order_by("pk"))
    money = balances_of([c.pk for c in contributions])
    bands = {band.value: [] for band in SpendByRisk if band.value}
    changed = []
    for contribution in contributions:
        band = _band(contribution, money[contribution.pk].unspent, today)
        if band:
            bands[band].append(contribution.reference)
        if band != contribution.spend_by_risk:
            contribution.spend_by_risk = band
            changed.append(contribution)
    DeveloperContribution.objects.bulk_update(changed, ["spend_by_risk"], batch_size=500)
    for contribution in changed:
        if contribution.spend_by_risk:
            notices.spend_by_nearing(contribution, band_label=contribution.get_spend_by_risk_display(),
                                     unspent=money[contribution.pk].unspent, today=today)
    return bands
