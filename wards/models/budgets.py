from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.rules import is_admin

from .. import rules as ward_rules
from .geography import Ward
from .plans import Priority, period_ends, period_starts, validate_period

SPENT_OUTSIDE_YEAR = "Enter a date in {period}: between {first:%-d %B %Y} and {last:%-d %B %Y}"


class WardBudget(RulesModel):
    """A ward's allocation for a financial year, which its councillors spend on the Ward Plan's
    priorities."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="budgets")
    period = models.CharField(max_length=7, validators=[validate_period])
    allocation = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    history = HistoricalRecords()

    class Meta:
        ordering = ["ward__name", "-period"]
        constraints = [models.UniqueConstraint(fields=["ward", "period"], name="one_budget_per_ward_and_year")]
        rules_permissions = {
            "view": ward_rules.can_view_ward,
            "add": is_admin,
            "change": is_admin,
            "delete": is_admin,
        }

    def __str__(self):
        return f"{self.ward} {self.period}: £{self.allocation:,.2f}"


class SpendLine(RulesModel):
    """Money committed from a ward's budget, against one of its plan's priorities."""

    budget = models.ForeignKey(WardBudget, on_delete=models.CASCADE, related_name="spend_lines")
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="spend_lines")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    spent_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change; refuses stale edits.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-spent_on", "-pk"]
        rules_permissions = {
            "view": ward_rules.can_view_ward,
            "add": ward_rules.may_start_plans,
            "change": ward_rules.can_manage_spend,
            "delete": ward_rules.can_manage_spend,
        }

    def __str__(self):
        return f"{self.description}: £{self.amount:,.2f}"

    def clean(self):
        # Money is spent in the budget's own financial year: the page, admin and any command
        # save through full_clean(), so all of them keep to it.
        if self.budget_id is None or self.spent_on is None:
            return
        period = self.budget.period
        first, last = period_starts(period), period_ends(period)
        if not first <= self.spent_on <= last:
            raise ValidationError({"spent_on": SPENT_OUTSIDE_YEAR.format(period=period, first=first, last=last)})
