"""The council's land and building assets, as the Local Government Transparency Code 2015 asks a
council to publish them: Part 2 (mandatory: UPRN, the council's own asset id, name, address, map
reference, tenure) and Part 3 (recommended: size, services, why it is held, community asset
status, running costs, maintenance backlog, suitability and energy ratings).

Every asset is placed in the ward its map reference (or else its postcode) falls in; an asset
outside Birmingham has no ward, never a guessed one. An asset missing from a later import is not
deleted: it is marked missing and listed for an asset officer to confirm its disposal."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.rules import model_permissions
from localism.core.fields import BoundedTextField
from wards.models import Ward

from .. import rules as asset_rules

UPRN_INVALID = "A UPRN is up to 12 digits."
ASSET_CODE_INVALID = "The asset id must not be empty."
validate_uprn = RegexValidator(r"^[0-9]{12}$", UPRN_INVALID)

NAME_MAX_LENGTH = 300
STREET_MAX_LENGTH = 300
FREE_TEXT_MAX_LENGTH = 2_000
# Money: pounds and pence, up to £1 billion.
MONEY_MAX = Decimal("999999999.99")
MONEY = [MinValueValidator(Decimal("0")), MaxValueValidator(MONEY_MAX)]
# British National Grid covers Great Britain within these bounds (metres).
EASTING = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("700000"))]
NORTHING = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1300000"))]
LATITUDE = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class Tenure(models.TextChoices):
    """The Code's "freehold or leasehold": Other covers rights of way, access and the like."""

    FREEHOLD = "Freehold", "Freehold"
    LEASEHOLD = "Leasehold", "Leasehold"
    OTHER = "Other", "Other"


class SizeUnit(models.TextChoices):
    SQUARE_METRES = "sq m", "square metres"
    HECTARES = "ha", "hectares"


class CommunityValue(models.TextChoices):
    """Part 3's flag: listed as an asset of community value (Localism Act 2011 Part 5 Ch. 3),
    being offered for community asset transfer, or both. The processes themselves live in
    assets.models.community; this is the register's published flag."""

    NONE = "", "neither"
    LISTED = "listed", "asset of community value"
    TRANSFER = "transfer", "offered for community asset transfer"
    BOTH = "both", "asset of community value, offered for transfer"


class EnergyRating(models.TextChoices):
    """An Energy Performance Certificate or Display Energy Certificate band."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"


class LocationSource(models.TextChoices):
    """Where the asset's ward came from."""

    GRID = "grid", "map reference"
    POSTCODE = "postcode", "postcode"
    NONE = "none", "no location"


class AssetQuerySet(models.QuerySet):
    def held(self):
        """Assets the council still holds (not confirmed disposed of)."""
        return self.filter(disposed_at__isnull=True)

    def awaiting_disposal(self):
        """Missing from the last import and not yet confirmed disposed of by an officer."""
        return self.filter(missing_since__isnull=False, disposed_at__isnull=True)


class Asset(RulesModel):
    """A piece of land or a building the council holds (freehold or leasehold), one row of the
    Transparency Code register. `asset_code` is the council's own asset id and is unique; the
    UPRN (the national Unique Property Reference Number, 12 digits kept as text so its leading
    zeros stay) is optional and never invented."""

    # Part 2 (mandatory).
    uprn = models.CharField("UPRN", max_length=12, blank=True, db_index=True, validators=[validate_uprn])
    asset_code = models.CharField("asset id", max_length=60, unique=True,
                                  help_text="The council's own id for the asset.")
    name = models.CharField("name of the building or land", max_length=NAME_MAX_LENGTH)
    street = models.CharField("street", max_length=STREET_MAX_LENGTH, blank=True,
                              help_text="Street number(s) and street name.")
    post_town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="Not all land has one.")
    easting = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True, validators=EASTING,
                                  help_text="British National Grid (EPSG:27700), metres.")
    northing = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True, validators=NORTHING,
                                   help_text="British National Grid (EPSG:27700), metres.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE)
    tenure = models.CharField(max_length=9, choices=Tenure.choices, db_index=True)
    tenure_detail = models.CharField(max_length=100, blank=True,
                                     help_text="E.g. occupied by the council, ground leasehold, licence, vacant.")
    holding_type = models.CharField(max_length=100, blank=True, db_index=True,
                                    help_text="E.g. Land, Land and Building.")
    # Part 3 (recommended).
    size = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True,
                               validators=[MinValueValidator(Decimal("0"))])
    size_unit = models.CharField(max_length=4, choices=SizeUnit.choices, blank=True)
    services_offered = BoundedTextField(blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    reason_held = BoundedTextField("reason for holding the asset", blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    community_value = models.CharField("asset of community value / community asset transfer", max_length=8,
                                       choices=CommunityValue.choices, blank=True, db_index=True)
    running_costs = models.DecimalField("running costs (£ a year)", max_digits=12, decimal_places=2, null=True,
                                        blank=True, validators=MONEY)
    maintenance_backlog = models.DecimalField("required maintenance (£)", max_digits=12, decimal_places=2,
                                              null=True, blank=True, validators=MONEY)
    suitability = models.CharField("functional suitability rating", max_length=20, blank=True)
    energy_rating = models.CharField("energy performance rating", max_length=1, choices=EnergyRating.choices,
                                     blank=True)
    # Placement and the register's own bookkeeping.
    ward = models.ForeignKey(Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="assets",
                             help_text="Empty for an asset outside Birmingham's wards.")
    location_source = models.CharField(max_length=8, choices=LocationSource.choices, default=LocationSource.NONE)
    missing_since = models.DateTimeField(null=True, blank=True,
                                         help_text="Missing from an import: awaits confirmation of disposal.")
    disposed_at = models.DateTimeField(null=True, blank=True, help_text="Disposal confirmed by an asset officer.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change; refuses stale edits.")
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name", "asset_code"]
        permissions = [("manage_assets", "Keep the asset register (asset officer)")]
        rules_permissions = model_permissions(view=asset_rules.can_view_asset, change=asset_rules.can_manage_assets)
        constraints = [
            models.CheckConstraint(condition=models.Q(tenure__in=Tenure.values), name="asset_tenure_known"),
        ]

    def __str__(self):
        return f"{self.name} ({self.asset_code})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assets:asset", kwargs={"pk": self.pk})
