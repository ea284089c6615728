"""The two community-asset processes the Localism Act 2011 gives residents.

An asset of community value (Part 5, Chapter 3, and the Assets of Community Value (England)
Regulations 2012) is land or a building whose use furthers the social wellbeing or interests of
the local community. A parish council or a voluntary or community body with a local connection
nominates it; the council decides within 8 weeks; a listed asset stays listed for 5 years. When
its owner means to sell, the sale waits (the moratorium) so community groups can bid. The council
must publish the list of assets of community value and the list of unsuccessful nominations.

A community asset transfer is a community organisation taking on a council asset, usually on a
long lease at less than market rent: an expression of interest, a business case, the council's
decision, then a lease agreed (or the request declined with reasons).

Every date here is computed by assets.services.community_dates and stored so that lists can be
filtered by it; each end date is the last day of its period, inclusive.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.models import Organisation
from localism.accounts.rules import model_permissions
from localism.core.fields import BoundedTextField
from wards.models import Ward

from .. import rules as asset_rules
from .. import rules_community as community_rules
from .register import MONEY, Asset

TEXT_MAX_LENGTH = 5_000
NAME_MAX_LENGTH = 200


class GroupKind(models.TextChoices):
    """Who may nominate (Regulations, reg. 5): a parish council, or a voluntary or community
    body with a local connection (a neighbourhood forum, a charity, a community interest company,
    a company limited by guarantee that does not distribute profits, or an unincorporated group of
    at least 21 local people on the electoral register)."""

    PARISH_COUNCIL = "parish_council", "Parish council"
    VOLUNTARY_COMMUNITY_BODY = "voluntary_community_body", "Voluntary or community body with a local connection"


class NominationQuerySet(models.QuerySet):
    def with_related(self):
        """What every list and page shows: the asset, its ward and the groups' organisations."""
        return self.select_related("asset", "ward", "nominating_organisation", "bidder_organisation")

    def published(self):
        """What the council publishes: listings (current, expired or removed) and unsuccessful
        nominations. Nominations not yet decided are not."""
        return self.exclude(status=CommunityValueNomination.Status.NOMINATED)

    def listed(self):
        """The list of assets of community value: those listed now."""
        return self.filter(status=CommunityValueNomination.Status.LISTED)

    def unsuccessful(self):
        """The list of unsuccessful nominations."""
        return self.filter(status=CommunityValueNomination.Status.NOT_LISTED)


class CommunityValueNomination(RulesModel):
    """A nomination of an asset of community value and, once the council lists it, its listing:
    its five years, the owner's review, and the moratorium and protected period an owner's
    notification to sell starts. The asset is one in the council's register, or a site described
    here (much listed land is not the council's: a pub, a shop, a playing field).

    One notification to sell is held at a time (a new one is possible once a protected period is
    over); the history keeps the earlier ones."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", "Nominated"
        LISTED = "listed", "Listed"
        NOT_LISTED = "not-listed", "Not listed"
        EXPIRED = "expired", "Listing expired"
        REMOVED = "removed", "Removed from the list"

    class Decision(models.TextChoices):
        NONE = "", "Not decided"
        LISTED = "listed", "Listed"
        NOT_LISTED = "not-listed", "Not listed"

    class Phase(models.TextChoices):
        """Where the listing stands after an owner's notification to sell (today)."""

        NONE = "none", "No notification in force"
        INTERIM = "interim", "Interim moratorium"
        FULL = "full", "Full moratorium"
        PROTECTED = "protected", "Protected period"

    class ReviewOutcome(models.TextChoices):
        NONE = "", "No review decided"
        UPHELD = "upheld", "Listing upheld"
        REMOVED = "removed", "Listing removed"

    # The asset: in the register, or described.
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="community_value_nominations")
    site_name = models.CharField("name of the land or building", max_length=NAME_MAX_LENGTH, blank=True,
                                 help_text="When it is not in the council's register.")
    site_address = models.CharField("address", max_length=300, blank=True)
    site_postcode = models.CharField("postcode", max_length=8, blank=True)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="community_value_nominations")
    # Who nominates (an organisation's name is published; the person who filled in the form is not).
    nominating_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                                related_name="community_value_nominations")
    nominating_group = models.CharField("nominating group", max_length=NAME_MAX_LENGTH)
    nominating_group_kind = models.CharField(max_length=32, choices=GroupKind.choices)
    local_connection = BoundedTextField(max_length=TEXT_MAX_LENGTH, blank=True,
                                        help_text="How the group is connected to the area.")
    reason = BoundedTextField("why the asset is of community value", max_length=TEXT_MAX_LENGTH)
    nominated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", help_text="Who sent it; never published.")
    nomination_date = models.DateField(help_text="The day the council received the nomination.")
    decision_due = models.DateField(help_text="The last day of the 8 weeks the council has to decide.")
    decision_overdue = models.BooleanField(default=False, db_index=True,
                                           help_text="Not decided by its due date (flagged nightly).")
    # The decision.
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_reason = BoundedTextField(max_length=TEXT_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    expiry_date = models.DateField("listing expires", null=True, blank=True,
                                   help_text="The listing's last day (5 years beginning with its decision).")
    # The owner's review of a listing.
    review_request_due = models.DateField(null=True, blank=True)
    review_requested_on = models.DateField(null=True, blank=True)
    review_decision_due = models.DateField(null=True, blank=True)
    review_outcome = models.CharField(max_length=8, choices=ReviewOutcome.choices, blank=True)
    review_decided_on = models.DateField(null=True, blank=True)
    review_reason = BoundedTextField(max_length=TEXT_MAX_LENGTH, blank=True)
    removed_on = models.DateField(null=True, blank=True, help_text="Removed from the list before its 5 years.")
    removal_reason = BoundedTextField(max_length=TEXT_MAX_LENGTH, blank=True)
    # An owner's notification of a relevant disposal, and what it starts.
    notification_to_sell_date = models.DateField(null=True, blank=True)
    interim_moratorium_ends = models.DateField(null=True, blank=True)
    interested_group = models.CharField(max_length=NAME_MAX_LENGTH, blank=True,
                                        help_text="The community interest group that asked to bid.")
    bidder_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+")
    bidder_request_date = models.DateField(null=True, blank=True)
    full_moratorium_ends = models.DateField(null=True, blank=True)
    protected_period_ends = models.DateField(null=True, blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.NONE, db_index=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NOMINATED, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords(excluded_fields=["created_at"])

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-nomination_date", "-pk"]
        verbose_name = "asset of community value nomination"
        rules_permissions = {
            **model_permissions(view=community_rules.can_view_nomination, change=asset_rules.can_manage_assets),
            "add": community_rules.can_nominate,
        }
        constraints = [
            models.CheckConstraint(
                condition=models.Q(asset__isnull=False) | ~models.Q(site_name=""), name="acv_asset_or_site"),
            models.CheckConstraint(condition=models.Q(decision_due__gte=models.F("nomination_date")),
                                   name="acv_decision_due_after_nomination"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display().lower()})"

    @property
    def reference(self) -> str:
        """The council's reference for the record, as published."""
        return f"ACV-{self.pk:05d}"

    @property
    def name(self) -> str:
        return self.asset.name if self.asset_id else self.site_name

    @property
    def address(self) -> str:
        if self.asset_id:
            return ", ".join(part for part in (self.asset.street, self.asset.post_town) if part)
        return self.site_address

    @property
    def postcode(self) -> str:
        return self.asset.postcode if self.asset_id else self.site_postcode

    @property
    def uprn(self) -> str:
        return self.asset.uprn if self.asset_id else ""

    @property
    def moratorium_ends(self):
        return self.full_moratorium_ends or self.interim_moratorium_ends

    def get_absolute_url(self):
        return reverse("assets:community-value", kwargs={"pk": self.pk})


class TransferQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("asset", "asset__ward", "organisation")

    def in_progress(self):
        Stage = CommunityAssetTransfer.Stage
        return self.filter(stage__in=[Stage.EXPRESSION_OF_INTEREST, Stage.BUSINESS_CASE, Stage.DECISION,
                                      Stage.APPROVED])


class CommunityAssetTransfer(RulesModel):
    """A community organisation's request to take on a council asset. It moves from an
    expression of interest to a business case, to the council's decision, then to a lease agreed
    (or is declined with reasons, or withdrawn). The lease agreed is recorded here, with its
    start, term and rent, and the asset is flagged in the register as transferred (its history
    shows it): a hub's occupancy is the hubs app's, which this app may not reach."""

    class Stage(models.TextChoices):
        EXPRESSION_OF_INTEREST = "expression-of-interest", "Expression of interest"
        BUSINESS_CASE = "business-case", "Business case invited"
        DECISION = "decision", "Awaiting decision"
        APPROVED = "approved", "Approved: lease being agreed"
        LEASE_AGREED = "lease-agreed", "Lease agreed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="community_transfers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="community_transfers")
    contact = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="community_transfers",
                                help_text="The organisation's contact, who submits; never published.")
    proposed_use = BoundedTextField(max_length=TEXT_MAX_LENGTH)
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.EXPRESSION_OF_INTEREST,
                             db_index=True)
    expression_of_interest_date = models.DateField()
    business_case = BoundedTextField(max_length=20_000, blank=True)
    business_case_date = models.DateField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_reason = BoundedTextField(max_length=TEXT_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    lease_start_date = models.DateField(null=True, blank=True)
    lease_term_years = models.PositiveSmallIntegerField(null=True, blank=True,
                                                        validators=[MinValueValidator(1), MaxValueValidator(999)])
    lease_rent = models.DecimalField("rent (£ a year)", max_digits=12, decimal_places=2, null=True, blank=True,
                                     validators=MONEY)
    lease_agreed_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords(excluded_fields=["created_at"])

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-expression_of_interest_date", "-pk"]
        rules_permissions = {
            **model_permissions(view=community_rules.can_view_transfer, change=asset_rules.can_manage_assets),
            "add": community_rules.can_ask_for_transfer,
        }
        constraints = [
            models.CheckConstraint(condition=models.Q(lease_rent__isnull=True) | models.Q(lease_rent__gte=Decimal(0)),
                                   name="cat_rent_not_negative"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.asset.name} ({self.get_stage_display().lower()})"

    def get_absolute_url(self):
        return reverse("assets:transfer", kwargs={"pk": self.pk})
