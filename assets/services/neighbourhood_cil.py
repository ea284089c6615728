"""The neighbourhood portion of CIL, ward by ward (CIL Regulations 2010, regs. 59A and 59F).

Birmingham has no parish councils across most of its area, so the council keeps the
neighbourhood portion of the CIL it receives and spends it with the community: here, the ward's
councillors allocate it to the priorities of their Ward Plan, as they spend the ward budget.

A ward's portion for a financial year, from the CIL received for development in the ward in that
year (each receipt's date), is:
- 25% of each receipt on or after the day a neighbourhood plan was made for the ward, uncapped;
- 15% of every other receipt, the year's total of these capped at £100 for each council-tax
  dwelling in the ward (when the ward's dwellings are recorded).
Allocations never exceed the portion received and not yet allocated: the ward's account row
for the year is locked while one is made."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from localism.core.errors import Invalid, Refused
from localism.core.services import audited_create, lock
from wards.models import Priority, Ward
from wards.models.plans import financial_year, period_ends, period_starts, validate_period

from .. import rules_contributions as contribution_rules
from ..models import (
    AgreementType,
    ContributionPurpose,
    ContributionTransaction,
    FundingStatus,
    NeighbourhoodCilAccount,
    NeighbourhoodCilAllocation,
    NeighbourhoodCilWard,
)

STANDARD_SHARE = Decimal("0.15")
PLAN_SHARE = Decimal("0.25")
CAP_PER_DWELLING = Decimal("100")
PENNY = Decimal("0.01")

REFUSED = "You can only allocate the neighbourhood CIL of wards where you hold a seat."
OVER_ALLOCATION = ("This would allocate more neighbourhood CIL than {ward} has for {period}: £{available:,.2f} "
                   "is available.")
PRIORITY_NOT_IN_WARD = "Choose a priority of a Ward Plan of {ward}"


@dataclass(frozen=True)
class Portion:
    ward_id: int
    period: str
    cil_received: Decimal
    standard_part: Decimal  # the 15%, after the cap
    plan_part: Decimal  # the 25%
    cap: Decimal | None
    capped: bool

    @property
    def received(self) -> Decimal:
        return self.standard_part + self.plan_part


def _pennies(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def cil_receipts():
    """CIL received, by development: the received transactions of CIL agreements' levy
    contributions (not their administration or neighbourhood splits), and the refunds of it
    (returned), which take their share back in the year of the refund."""
    return ContributionTransaction.objects.filter(
        status__in=[FundingStatus.RECEIVED, FundingStatus.RETURNED], amount__isnull=False,
        contribution__agreement__agreement_type=AgreementType.CIL,
        contribution__purpose=ContributionPurpose.CIL)


def portion_from(receipts, *, ward_id: int, period: str, settings: NeighbourhoodCilWard | None) -> Portion:
    """The portion from `receipts` [(date, amount)] of one ward and year; a refund is a negative
    amount, and neither share falls below nothing."""
    plan_made = settings.neighbourhood_plan_made_on if settings else None
    standard = plan = total = Decimal(0)
    for day, amount in receipts:
        total += amount
        if plan_made is not None and day >= plan_made:
            plan += amount * PLAN_SHARE
        else:
            standard += amount * STANDARD_SHARE
    standard, plan = max(standard, Decimal(0)), max(plan, Decimal(0))
    cap = CAP_PER_DWELLING * settings.council_tax_dwellings if settings else None
    capped = cap is not None and standard > cap
    return Portion(ward_id=ward_id, period=period, cil_received=total,
                   standard_part=_pennies(min(standard, cap) if capped else standard), plan_part=_pennies(plan),
                   cap=cap, capped=capped)


def portions(wards, period: str) -> dict[int, Portion]:
    """Each ward's neighbourhood portion for the year, in two queries for all of them."""
    ids = [w.pk for w in wards]
    rows = (cil_receipts().filter(contribution__agreement__ward__in=ids,
                                  start_date__range=(period_starts(period), period_ends(period)))
            .values_list("contribution__agreement__ward", "start_date", "amount", "status"))
    by_ward: dict[int, list] = {pk: [] for pk in ids}
    for ward_id, day, amount, status in rows:
        by_ward[ward_id].append((day, -amount if status == FundingStatus.RETURNED else amount))
    settings = {s.ward_id: s for s in NeighbourhoodCilWard.objects.filter(ward__in=ids)}
    return {pk: portion_from(by_ward[pk], ward_id=pk, period=period, settings=settings.get(pk)) for pk in ids}


def portion(ward: Ward, period: str) -> Portion:
    return portions([ward], period)[ward.pk]


def allocated(ward_ids, period: str) -> dict[int, tuple[Decimal, Decimal]]:
    """Each ward's (allocated, spent) neighbourhood CIL for the year, in one query."""
    rows = (NeighbourhoodCilAllocation.objects.filter(account__ward__in=ward_ids, account__period=period)
            .values("account__ward").order_by("account__ward")
            .annotate(allocated=Sum("amount", default=Decimal(0)),
                      spent=Sum("amount", filter=~_unspent(), default=Decimal(0))))
    found = {r["account__ward"]: (r["allocated"], r["spent"]) for r in rows}
    return {pk: found.get(pk, (Decimal(0), Decimal(0))) for pk in ward_ids}


def _unspent():
    return Q(spent_on__isnull=True)


def available(ward: Ward, period: str) -> Decimal:
    return portion(ward, period).received - allocated([ward.pk], period)[ward.pk][0]


def _account(ward: Ward, period: str) -> NeighbourhoodCilAccount:
    """The ward's account for the year, made the first time it is needed (two first
    allocations at once: one makes it, the other finds it)."""
    found = NeighbourhoodCilAccount.objects.filter(ward=ward, period=period).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            account = NeighbourhoodCilAccount(ward=ward, period=period)
            account.full_clean(validate_unique=False)
            account.save()
            return account
    except IntegrityError:
        return NeighbourhoodCilAccount.objects.get(ward=ward, period=period)


def check_period(period: str) -> str:
    """A financial year the product keeps (2026/27, within the years events may fall in), or
    Invalid on `period`: the one check of a year for the pages, the API and the services."""
    try:
        validate_period(period)
    except ValidationError as error:
        raise Invalid({"period": error.messages}) from None
    return period


def period_or_current(text: str | None, *, today: datetime.date | None = None) -> str:
    """The financial year an address names ("2026-27" or "2026/27"), or the current one when it
    names none the product keeps."""
    try:
        return check_period((text or "").replace("-", "/"))
    except Invalid:
        return current_period(today)


@transaction.atomic
def neighbourhood_cil_allocate(*, user, ward: Ward, period: str, priority: Priority, amount: Decimal,
                               description: str, on: datetime.date | None = None,
                               is_demo: bool = False) -> NeighbourhoodCilAllocation:
    """A ward's councillor allocates some of its neighbourhood CIL for the year to a priority of
    its Ward Plan: never more than the portion received and not yet allocated."""
    if not contribution_rules.can_allocate_neighbourhood_cil.test(user, ward):
        raise Refused(REFUSED)
    check_period(period)  # a year's portion is allocated from one account, under its one address
    account = lock(NeighbourhoodCilAccount, _account(ward, period).pk)
    if priority is None or not priority.plan.wards.filter(pk=ward.pk).exists():
        raise Invalid({"priority": PRIORITY_NOT_IN_WARD.format(ward=ward.name)})
    left = available(ward, period)
    if Decimal(amount) > left:
        raise Invalid({"amount": OVER_ALLOCATION.format(ward=ward.name, period=period,
                                                        available=max(left, Decimal(0)))})
    return audited_create(NeighbourhoodCilAllocation(
        account=account, priority=priority, amount=amount, description=description,
        allocated_on=on or timezone.localdate(), created_by=user, is_demo=is_demo), user=user)


def current_period(today: datetime.date | None = None) -> str:
    return financial_year(today or timezone.localdate())
