"""Developer contributions: what developers pay or provide so that their development can go
ahead, as planning.data.gov.uk publishes them (its developer-contributions datapackage).

A developer agreement is a Section 106 agreement (a planning obligation under the Town and
Country Planning Act 1990, s.106), a Community Infrastructure Levy liability, or a Section 278
highways agreement. Each agreement has contributions (money or, for affordable housing, units)
for a purpose, and each contribution has transactions: money secured, received, allocated,
spent or returned to the developer. A transaction is never edited or deleted: a correction is a
new transaction, so the infrastructure funding statement always adds up from its rows.

The datapackage has no location: `point` (WKT, `POINT(lon lat)`) or `postcode` are this
council's extension columns, and give the agreement its ward. A Section 106 contribution's
`spend-by-date` (another extension) is the day by which the money must be spent or repaid.

The neighbourhood portion of CIL (CIL Regulations 2010, reg. 59A and 59F): where there is no
parish council the council keeps it and spends it with the community. Per ward and financial
year it is 15% of the CIL received from development in the ward, capped at £100 for each
council-tax dwelling in the ward, or 25% (uncapped) once a neighbourhood plan is made.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.rules import model_permissions
from localism.core.dates import EVENTS
from localism.core.fields import BoundedTextField
from wards.models import Action, Priority, Ward
from wards.models.plans import validate_period

from .. import rules_contributions as contribution_rules

MONEY_MAX = Decimal("999999999.99")
AMOUNT = [MinValueValidator(Decimal("0")), MaxValueValidator(MONEY_MAX)]
POSITIVE_AMOUNT = [MinValueValidator(Decimal("0.01")), MaxValueValidator(MONEY_MAX)]
UNITS = [MaxValueValidator(100_000)]
REFERENCE = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._/:-]*$",
                           "Use letters, digits and . _ / : - only, starting with a letter or digit")
POINT = RegexValidator(r"^POINT ?\(-?\d{1,3}(\.\d+)? -?\d{1,2}(\.\d+)?\)$", "Enter a point as POINT(lon lat)")
ORGANISATION = "local-authority:BIR"
NOTES_MAX_LENGTH = 2_000


class AgreementType(models.TextChoices):
    """The developer-agreement-type dataset."""

    SECTION_106 = "section-106", "Section 106"
    CIL = "community-infrastructure-levy", "Community Infrastructure Levy"
    SECTION_278 = "section-278", "Section 278"


class ContributionPurpose(models.TextChoices):
    """The contribution-purpose dataset."""

    AFFORDABLE_HOUSING = "affordable-housing", "Affordable housing"
    BONDS = "bonds", "Bonds"
    CIL_ADMINISTRATION = "cil-administration-costs", "CIL administration costs"
    COMMUNITY_FACILITIES = "community-facilities", "Community facilities"
    CIL = "community-infrastructure-levy", "Community Infrastructure Levy"
    DIGITAL = "digital-infrastructure", "Digital infrastructure"
    ECONOMIC = "economic-development", "Economic development"
    EDUCATION = "education", "Education"
    FLOOD = "flood-and-water-management", "Flood and water management"
    GREEN = "green-infrastructure", "Green infrastructure"
    HEALTH = "health", "Health"
    HIGHWAYS = "highways", "Highways"
    LAND = "land", "Land"
    MONITORING = "monitoring-fees", "Monitoring fees"
    NEIGHBOURHOOD_CIL = "neighbourhood-community-infrastructure-levy", "Neighbourhood CIL"
    OPEN_SPACE = "open-space-and-leisure", "Open space and leisure"
    OTHER = "other", "Other"
    TRANSPORT = "transport-and-travel", "Transport and travel"


class FundingStatus(models.TextChoices):
    """The contribution-funding-status dataset."""

    SECURED = "secured", "Secured"
    RECEIVED = "received", "Received"
    ALLOCATED = "allocated", "Allocated"
    SPENT = "spent", "Spent"
    RETURNED = "returned", "Returned"


class SpendByRisk(models.TextChoices):
    """How near a Section 106 contribution's money, received and not yet spent or returned, is
    to its spend-by date (set nightly, and by every transaction)."""

    NONE = "", "Not at risk"
    WITHIN_12_MONTHS = "12-months", "Spend-by date within 12 months"
    WITHIN_6_MONTHS = "6-months", "Spend-by date within 6 months"
    PAST = "past", "Spend-by date passed"


def _reference_field():
    return models.CharField(max_length=100, unique=True, validators=[REFERENCE])


def _dates():
    return {
        "organisation": models.CharField(max_length=64, default=ORGANISATION),
        "entry_date": models.DateField(validators=[EVENTS]),
        "start_date": models.DateField(null=True, blank=True, validators=[EVENTS]),
        "end_date": models.DateField(null=True, blank=True, validators=[EVENTS]),
    }


class AgreementQuerySet(models.QuerySet):
    def with_ward(self):
        return self.select_related("ward").defer("ward__boundary", "ward__boundary_simplified")


class DeveloperAgreement(RulesModel):
    """A Section 106 agreement, CIL liability or Section 278 agreement for a development."""

    reference = _reference_field()
    name = models.CharField(max_length=200)
    agreement_type = models.CharField("developer agreement type", max_length=32, choices=AgreementType.choices)
    planning_application = models.CharField(max_length=100, blank=True)
    document_url = models.CharField(max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])])
    notes = BoundedTextField(max_length=NOTES_MAX_LENGTH, blank=True)
    organisation = _dates()["organisation"]
    entry_date = _dates()["entry_date"]
    start_date = _dates()["start_date"]
    end_date = _dates()["end_date"]
    # Extension columns: where the site is, which gives its ward.
    point = models.CharField(max_length=60, blank=True, validators=[POINT], help_text="WKT: POINT(lon lat).")
    postcode = models.CharField(max_length=8, blank=True)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="developer_agreements")
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        permissions = [("manage_developer_contributions",
                        "Record developer agreements, contributions and transactions (planning obligations officer)")]
        rules_permissions = model_permissions(view=contribution_rules.can_view_contributions,
                                              change=contribution_rules.can_manage_contributions)

    def __str__(self):
        return f"{self.reference}: {self.name}"

    @property
    def is_s106(self) -> bool:
        return self.agreement_type == AgreementType.SECTION_106


class DeveloperContribution(RulesModel):
    """What an agreement secures for one purpose: an amount of money, or units (affordable
    dwellings), and for Section 106 money the day by which it must be spent."""

    reference = _reference_field()
    agreement = models.ForeignKey(DeveloperAgreement, on_delete=models.PROTECT, related_name="contributions")
    purpose = models.CharField("contribution purpose", max_length=48, choices=ContributionPurpose.choices)
    amount = models.DecimalField(max_digits=11, decimal_places=2, null=True, blank=True, validators=AMOUNT)
    units = models.PositiveIntegerField(null=True, blank=True, validators=UNITS)
    notes = BoundedTextField(max_length=NOTES_MAX_LENGTH, blank=True)
    organisation = _dates()["organisation"]
    entry_date = _dates()["entry_date"]
    start_date = _dates()["start_date"]
    end_date = _dates()["end_date"]
    spend_by_date = models.DateField(null=True, blank=True, validators=[EVENTS])
    spend_by_risk = models.CharField(max_length=10, choices=SpendByRisk.choices, blank=True, db_index=True)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]
        rules_permissions = model_permissions(view=contribution_rules.can_view_contributions,
                                              change=contribution_rules.can_manage_contributions)

    def __str__(self):
        return f"{self.reference}: {self.get_purpose_display()}"


class ContributionTransaction(RulesModel):
    """Money (or units) of a contribution moving: secured, received, allocated (to a Ward Plan's
    priority or action), spent, or returned to the developer. Never edited: a correction is a
    new row."""

    reference = _reference_field()
    contribution = models.ForeignKey(DeveloperContribution, on_delete=models.PROTECT, related_name="transactions")
    status = models.CharField("contribution funding status", max_length=10, choices=FundingStatus.choices)
    amount = models.DecimalField(max_digits=11, decimal_places=2, null=True, blank=True, validators=POSITIVE_AMOUNT)
    units = models.PositiveIntegerField(null=True, blank=True, validators=UNITS)
    notes = BoundedTextField(max_length=NOTES_MAX_LENGTH, blank=True)
    organisation = _dates()["organisation"]
    entry_date = _dates()["entry_date"]
    start_date = models.DateField("date", validators=[EVENTS])
    end_date = _dates()["end_date"]
    # An allocation records what it is for: a priority or an action of a Ward Plan.
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="contribution_allocations")
    action = models.ForeignKey(Action, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="contribution_allocations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "reference"]
        rules_permissions = model_permissions(view=contribution_rules.can_view_contributions,
                                              change=contribution_rules.can_manage_contributions)

    def __str__(self):
        return f"{self.reference}: {self.get_status_display()} £{self.amount or 0:,.2f}"


class NeighbourhoodCilWard(RulesModel):
    """What the neighbourhood portion of CIL in a ward depends on: its council-tax dwellings (the
    15% portion's cap is £100 for each of them a year) and whether, since when, a neighbourhood
    plan is made there (then the portion is 25%, uncapped)."""

    ward = models.OneToOneField(Ward, on_delete=models.PROTECT, related_name="neighbourhood_cil")
    council_tax_dwellings = models.PositiveIntegerField(validators=[MaxValueValidator(1_000_000)])
    dwellings_source = models.CharField(max_length=200, blank=True,
                                        help_text="Where the dwelling count comes from.")
    neighbourhood_plan_made_on = models.DateField(null=True, blank=True, validators=[EVENTS])
    history = HistoricalRecords()

    class Meta:
        ordering = ["ward__name"]
        verbose_name = "ward's neighbourhood CIL settings"
        verbose_name_plural = "wards' neighbourhood CIL settings"
        rules_permissions = model_permissions(view=contribution_rules.can_view_contributions,
                                              change=contribution_rules.can_manage_contributions)

    def __str__(self):
        return f"{self.ward}: {self.council_tax_dwellings:,} council-tax dwellings"


class NeighbourhoodCilAccount(RulesModel):
    """A ward's neighbourhood portion for a financial year: the row its allocations lock, so
    two councillors allocating at once never allocate more than the portion."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="neighbourhood_cil_accounts")
    period = models.CharField(max_length=7, validators=[validate_period])
    history = HistoricalRecords()

    class Meta:
        ordering = ["ward__name", "-period"]
        constraints = [models.UniqueConstraint(fields=["ward", "period"], name="one_ncil_account_per_ward_year")]
        rules_permissions = model_permissions(view=contribution_rules.can_view_contributions,
                                              change=contribution_rules.can_manage_contributions)

    def __str__(self):
        return f"{self.ward} {self.period}"


class NeighbourhoodCilAllocation(RulesModel):
    """Neighbourhood CIL a ward's councillors allocate to a priority of the ward's plan; spent
    once the work is paid for."""

    account = models.ForeignKey(NeighbourhoodCilAccount, on_delete=models.PROTECT, related_name="allocations")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="neighbourhood_cil_allocations")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=11, decimal_places=2, validators=POSITIVE_AMOUNT)
    allocated_on = models.DateField(validators=[EVENTS])
    spent_on = models.DateField(null=True, blank=True, validators=[EVENTS])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-allocated_on", "-pk"]
        rules_permissions = {
            **model_permissions(view=contribution_rules.can_view_contributions,
                                change=contribution_rules.can_allocate_neighbourhood_cil),
        }

    def __str__(self):
        return f"{self.description}: £{self.amount:,.2f}"
