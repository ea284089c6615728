"""Writes of ward budgets: allocations (admins) and spend lines against a plan's priorities (the
ward's councillors). A ward never spends more than its allocation."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from localism.core.errors import Invalid, Refused, StaleEdit
from localism.core.services import audited_create, lock, require, versioned_delete, versioned_save

from .. import rules as ward_rules
from ..models import Priority, SpendLine, Ward, WardBudget

OVERSPEND = "This would take {ward} over its {period} budget: £{remaining:,.2f} is left."
PRIORITY_NOT_IN_WARD = "Choose a priority from {ward}'s {period} plan."
SPEND_REFUSED = "You can only spend the budgets of wards where you hold a seat."
BUDGET_REFUSED = "Only an administrator sets a ward's budget."
ALLOCATION_BELOW_SPENT = "{ward} has already spent £{spent:,.2f} of its {period} budget: allocate at least that."


def _spent(budget: WardBudget) -> Decimal:
    return budget.spend_lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def ward_budget_set(*, user, ward: Ward, period: str, allocation: Decimal) -> WardBudget:
    """Set a ward's allocation for a year: a new budget, or a change to the one it has."""
    require(user, "wards.change_wardbudget", None, BUDGET_REFUSED)
    existing = WardBudget.objects.filter(ward=ward, period=period).first()
    if existing is None:
        return audited_create(WardBudget(ward=ward, period=period, allocation=allocation), user=user)
    budget = lock(WardBudget, existing.pk)
    spent = _spent(budget)
    if Decimal(allocation) < spent:
        raise Invalid({"allocation": ALLOCATION_BELOW_SPENT.format(ward=ward.name, spent=spent, period=period)})
    return versioned_save(WardBudget, budget.pk, user=user, version=None, thing="budget",
                          changes={"allocation": allocation}, bump=False)


def _check_priority(budget: WardBudget, priority: Priority | None) -> None:
    if priority is not None and (priority.plan.period != budget.period
                                 or not priority.plan.wards.filter(pk=budget.ward_id).exists()):
        raise Invalid({"priority": PRIORITY_NOT_IN_WARD.format(ward=budget.ward.name, period=budget.period)})


def _check_within_allocation(budget: WardBudget, amount: Decimal, *, replacing: SpendLine | None = None) -> None:
    """Refuse an amount that would take the budget's spending over its allocation (a correction
    gives back what the line it replaces had spent)."""
    remaining = budget.allocation - _spent(budget) + (replacing.amount if replacing is not None else 0)
    if Decimal(amount) > remaining:
        raise Invalid({"amount": OVERSPEND.format(ward=budget.ward.name, period=budget.period, remaining=remaining)})


@transaction.atomic
def spend_line_create(*, budget: WardBudget, user, description: str, amount: Decimal,
                      spent_on: datetime.date, priority: Priority | None = None) -> SpendLine:
    """Commit money from a ward's budget, against one of its plan's priorities."""
    if not ward_rules.can_manage_budget.test(user, budget):
        raise Refused(SPEND_REFUSED)
    budget = lock(WardBudget, budget.pk)
    _check_priority(budget, priority)
    _check_within_allocation(budget, amount)
    return audited_create(SpendLine(budget=budget, priority=priority, description=description, amount=amount,
                                    spent_on=spent_on, created_by=user), user=user)


@transaction.atomic
def spend_line_update(*, line: SpendLine, user, version: int | None, description: str, amount: Decimal,
                      spent_on: datetime.date, priority: Priority | None = None) -> SpendLine:
    """Correct a spend line: what it was for, how much, when and against which priority. The
    budget stays the line's own; the correction may not take spending over its allocation, and
    an editor who loaded an older version is refused (StaleEdit)."""
    require(user, "wards.change_spendline", line, SPEND_REFUSED)
    # The budget first, then the line: the order spend_line_create locks in, so a new line and a
    # correction of the same budget wait for each other rather than overspend together.
    budget = lock(WardBudget, line.budget_id, queryset=WardBudget.objects.select_related("ward"))
    current = lock(SpendLine, line.pk)
    if version is not None and int(version) != current.version:
        raise StaleEdit(current, "spending")  # before the budget's answer, which may have changed too
    _check_priority(budget, priority)
    _check_within_allocation(budget, amount, replacing=current)
    return versioned_save(SpendLine, current.pk, user=user, version=version, thing="spending",
                          changes={"description": description, "amount": amount, "spent_on": spent_on,
                                   "priority": priority})


@transaction.atomic
def spend_line_delete(*, line: SpendLine, user, version: int | None = None) -> None:
    """Remove a spend line (its history keeps it), after the same version check as a correction."""
    require(user, "wards.delete_spendline", line, SPEND_REFUSED)
    versioned_delete(SpendLine, line.pk, user=user, version=version, thing="spending")
