"""Writes of ward budgets: allocations (admins) and spend lines against a plan's priorities (the
ward's councillors). A ward never spends more than its allocation."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from localism.core.errors import Invalid, Refused
from localism.core.services import audited_create, audited_delete, lock, require, versioned_save

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


@transaction.atomic
def spend_line_create(*, budget: WardBudget, user, description: str, amount: Decimal,
                      spent_on: datetime.date, priority: Priority | None = None) -> SpendLine:
    """Commit money from a ward's budget, against one of its plan's priorities."""
    if not ward_rules.can_manage_budget.test(user, budget):
        raise Refused(SPEND_REFUSED)
    budget = lock(WardBudget, budget.pk)
    if priority is not None and (priority.plan.period != budget.period
                                 or not priority.plan.wards.filter(pk=budget.ward_id).exists()):
        raise Invalid({"priority": PRIORITY_NOT_IN_WARD.format(ward=budget.ward.name, period=budget.period)})
    remaining = budget.allocation - _spent(budget)
    if Decimal(amount) > remaining:
        raise Invalid({"amount": OVERSPEND.format(ward=budget.ward.name, period=budget.period, remaining=remaining)})
    return audited_create(SpendLine(budget=budget, priority=priority, description=description, amount=amount,
                                    spent_on=spent_on, created_by=user), user=user)


@transaction.atomic
def spend_line_delete(*, line: SpendLine, user) -> None:
    require(user, "wards.delete_spendline", line, SPEND_REFUSED)
    audited_delete(lock(SpendLine, line.pk), user=user)
