"""Writes of ward budgets: spend lines against a plan's priorities."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from ..models import Priority, SpendLine, WardBudget

OVERSPEND = "This would take {ward} over its {period} budget: £{remaining:,.2f} is left."
PRIORITY_NOT_IN_WARD = "Choose a priority from {ward}'s {period} plan."


@transaction.atomic
def spend_line_create(*, budget: WardBudget, user, description: str, amount: Decimal,
                      spent_on: datetime.date, priority: Priority | None = None) -> SpendLine:
    """Commit money from a ward's budget. A ward never spends more than its allocation."""
    budget = WardBudget.objects.select_for_update().select_related("ward").get(pk=budget.pk)
    if priority is not None and (priority.plan.period != budget.period
                                 or not priority.plan.wards.filter(pk=budget.ward_id).exists()):
        raise ValidationError({"priority": PRIORITY_NOT_IN_WARD.format(ward=budget.ward.name, period=budget.period)})
    spent = budget.spend_lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    remaining = budget.allocation - spent
    if Decimal(amount) > remaining:
        raise ValidationError({"amount": OVERSPEND.format(ward=budget.ward.name, period=budget.period,
                                                          remaining=remaining)})
    line = SpendLine(budget=budget, priority=priority, description=description, amount=amount,
                     spent_on=spent_on, created_by=user)
    line.full_clean()
    line._history_user = user
    line.save()
    return line


@transaction.atomic
def spend_line_delete(*, line: SpendLine, user) -> None:
    line._history_user = user
    line.delete()
