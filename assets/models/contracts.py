"""The council's external service contracts, in the Open Contracting Data Standard's terms (the
shape Contracts Finder publishes), made "more open to local influence as they come up for
renewal" (the localism framework): the contract (its ocid, buyer, suppliers, value, period,
options to extend and the date by which the renewal decision must be taken), the wards it serves
(or the whole city), its service specifications (versioned, each with what wards can influence),
its performance and value-for-money reviews, and the wards' input at renewal with the
commissioning officers' answers."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.models import Organisation
from localism.accounts.rules import model_permissions
from localism.core.fields import BoundedTextField
from wards.models import Priority, Ward

from .. import rules_contracts

DESCRIPTION_MAX_LENGTH = 5_000
SUMMARY_MAX_LENGTH = 5_000
INFLUENCE_MAX_LENGTH = 5_000
FINDINGS_MAX_LENGTH = 5_000
STATEMENT_MAX_LENGTH = 5_000
ANSWER_MAX_LENGTH = 5_000
# The domain's dates: no council contract of these began before 1990 or runs past 2100.
EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_VALUE_DIGITS = 14


def window_months() -> int:
    return settings.LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS


class Supplier(RulesModel):
    """An organisation the council contracts with, as OCDS names a party with the supplier role:
    its name and its identifier (scheme-id, e.g. GB-COH-01234567 for Companies House)."""

    name = models.CharField(max_length=200)
    identifier = models.CharField("identifier (scheme-id)", max_length=100, unique=True,
                                  help_text="E.g. GB-COH-01234567 (Companies House) or GB-CHC-1234567 (charity).")
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        rules_permissions = model_permissions(view=rules_contracts.can_view_contract,
                                              change=rules_contracts.can_manage_contracts)

    def __str__(self):
        return self.name


class ContractQuerySet(models.QuerySet):
    def serving(self, ward):
        """Contracts serving `ward`: those naming it, and every city-wide contract."""
        return self.filter(models.Q(city_wide=True) | models.Q(wards=ward)).distinct()

    def window_open(self, today: datetime.date):
        """Contracts whose renewal window is open on `today`: from the window's first day to the
        decision date, while no renewal decision is recorded."""
        opens_before = today + relativedelta(months=window_months())
        return self.filter(renewal_decision="", decision_due__gte=today, decision_due__lte=opens_before)


class Contract(RulesModel):
    """An external service contract, as an OCDS release of Contracts Finder describes it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        IN_RENEWAL = "in_renewal", "In renewal"
        ENDED = "ended", "Ended"

    class Decision(models.TextChoices):
        RENEWED = "renewed", "Renewed"
        EXTENDED = "extended", "Extended"
        REPROCURED = "reprocured", "Re-procured"
        ENDED = "ended", "Ended"

    ocid = models.CharField("OCDS identifier (ocid)", max_length=100, unique=True,
                            help_text="The Open Contracting ID, e.g. ocds-b5fd17-1a2b3c4d-….")
    title = models.CharField(max_length=200)
    description = BoundedTextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contracts_bought",
                              limit_choices_to={"kind": Organisation.Kind.COUNCIL_DIRECTORATE},
                              help_text="The council directorate that buys the service.")
    suppliers = models.ManyToManyField(Supplier, blank=True, related_name="contracts")
    value = models.DecimalField("value (GBP)", max_digits=MAX_VALUE_DIGITS, decimal_places=2,
                                validators=[MinValueValidator(0)])
    period_start = models.DateField("contract starts")
    period_end = models.DateField("contract ends")
    max_extent_date = models.DateField("options to extend up to", null=True, blank=True,
                                       help_text="OCDS maxExtentDate: the latest the contract can run with "
                                                 "every option to extend taken.")
    decision_due = models.DateField("renewal decision due by",
                                    help_text="The date by which the renewal decision must be taken (the "
                                              "notice period before the contract ends).")
    city_wide = models.BooleanField("serves the whole city", default=False)
    wards = models.ManyToManyField(Ward, blank=True, related_name="contracts")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    # Set by the nightly job (idempotent), so lists can filter on them.
    window_opened_on = models.DateField("renewal window flagged open on", null=True, blank=True)
    decision_overdue_on = models.DateField("decision flagged overdue on", null=True, blank=True)
    renewal_decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    renewal_decided_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords(m2m_fields=[wards, suppliers])

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["decision_due", "title", "pk"]
        permissions = [("manage_contracts", "Keep the council's service contracts (commissioning officer)")]
        rules_permissions = model_permissions(view=rules_contracts.can_view_contract,
                                              change=rules_contracts.can_manage_contracts)
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="contract_ends_after_start",
                                   violation_error_message="The contract's end must be on or after its start"),
            models.CheckConstraint(condition=models.Q(status__in=["active", "in_renewal", "ended"]),
                                   name="contract_status_known"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("contracts:detail", kwargs={"pk": self.pk})

    def window_opens(self) -> datetime.date:
        return self.decision_due - relativedelta(months=window_months())

    def window_state(self, today: datetime.date) -> str:
        """"decided", "not yet open", "open" or "closed" (the decision date passed, undecided)."""
        if self.renewal_decision:
            return "decided"
        if today < self.window_opens():
            return "not yet open"
        if today <= self.decision_due:
            return "open"
        return "closed"

    def window_is_open(self, today: datetime.date) -> bool:
        return self.window_state(today) == "open"


class ServiceSpecification(RulesModel):
    """One version of a contract's service specification: what is specified, and how wards can
    influence it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="specifications")
    number = models.PositiveSmallIntegerField("version", validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200)
    issued_on = models.DateField()
    summary = BoundedTextField("what is specified", max_length=SUMMARY_MAX_LENGTH)
    ward_influence = BoundedTextField("how wards can influence it", max_length=INFLUENCE_MAX_LENGTH)
    document_url = models.URLField("document address", blank=True, max_length=500)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-number"]
        rules_permissions = model_permissions(view=rules_contracts.can_view_contract,
                                              change=rules_contracts.can_manage_contracts)
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="specification_unique_version")]

    def __str__(self):
        return f"{self.title} (version {self.number})"


class ContractReview(RulesModel):
    """A dated review of a contract's performance or value for money, with a rating and findings."""

    class Kind(models.TextChoices):
        PERFORMANCE = "performance", "Performance"
        VALUE_FOR_MONEY = "value_for_money", "Value for money"

    class Rating(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reviewed_on = models.DateField()
    rating = models.CharField(max_length=24, choices=Rating.choices)
    findings = BoundedTextField(max_length=FINDINGS_MAX_LENGTH)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-reviewed_on", "-pk"]
        rules_permissions = model_permissions(view=rules_contracts.can_view_contract,
                                              change=rules_contracts.can_manage_contracts)

    def __str__(self):
        return f"{self.get_kind_display()} review, {self.reviewed_on:%-d %B %Y}"


class WardInput(RulesModel):
    """A councillor's statement, for a ward the contract serves, of what the ward wants from its
    renewal, linked to priorities of the ward's plan; and the commissioning officer's answer."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="ward_inputs")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="contract_inputs")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="contract_inputs")
    statement = BoundedTextField(max_length=STATEMENT_MAX_LENGTH)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="contract_inputs")
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    answer = BoundedTextField("the commissioning officer's answer", blank=True, max_length=ANSWER_MAX_LENGTH)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["submitted_at", "pk"]
        rules_permissions = {"view": rules_contracts.can_view_contract, "add": rules_contracts.can_submit_ward_input,
                             "change": rules_contracts.can_manage_contracts,
                             "delete": rules_contracts.can_manage_contracts}

    def __str__(self):
        return f"{self.ward.name} on {self.contract.title}"
