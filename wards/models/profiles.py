"""Ward profiles: who lives in each ward (Census 2021) and how deprived its small areas are
(English Indices of Deprivation 2019).

Neither is an official ward table. The Census figures are counts of small areas (LSOAs, 2021)
summed into the ward that holds each one's population-weighted centroid, so they describe a
patch of city close to, not the same as, the legal ward: `WardProfile.fit` says how close. The
deprivation figures are an unweighted summary of the LSOAs (2011) best fitted to the ward:
counts of areas, not of people. The pages, the API and the open data say so wherever they show
them (see wards.selectors.profiles for the words)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from rules.contrib.models import RulesModel

from .geography import WARD_DATA_PERMISSIONS, Ward

# England has 32,844 LSOAs (2011) in the IMD 2019; rank 1 is the most deprived.
ENGLAND_LSOAS_2011 = 32_844
DECILES = range(1, 11)

DECILE_COUNTS_INVALID = "Give ten counts of small areas, one per decile, that add up to the ward's {n}."


class ProfileTable(models.TextChoices):
    """The Census 2021 topic tables a ward profile keeps (ONS table in the label's note)."""

    AGE = "age", "Age"  # TS007A, 6 bands
    ETHNICITY = "ethnicity", "Ethnic group"  # TS021, 5 high-level groups
    TENURE = "tenure", "Household tenure"  # TS054
    DISABILITY = "disability", "Disability"  # TS038, 2 categories


class ProfileUnit(models.TextChoices):
    USUAL_RESIDENTS = "usual residents", "usual residents"
    HOUSEHOLDS = "households", "households"


class LsoaFit(models.TextChoices):
    """How well the LSOAs summed into a ward match it: the derived 2021 total, grown by the city's
    growth to 2024, against ONS's official mid-2024 ward estimate."""

    GOOD = "good", "Good (within 10%)"
    FAIR = "fair", "Fair (within 20%)"
    POOR = "poor", "Poor (more than 20% out)"


class WardProfile(RulesModel):
    """The headline figures of a ward's Census profile, and how well its small areas fit it."""

    ward = models.OneToOneField(Ward, on_delete=models.CASCADE, related_name="profile")
    release = models.CharField(max_length=100, help_text='e.g. "Census 2021".')
    small_areas = models.PositiveSmallIntegerField(
        "LSOAs (2021)", validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="The small areas (LSOAs, 2021) summed into the ward.",
    )
    usual_residents = models.PositiveIntegerField(validators=[MaxValueValidator(10_000_000)])
    households = models.PositiveIntegerField(validators=[MaxValueValidator(10_000_000)])
    mid_2024_estimate = models.PositiveIntegerField(
        "ONS mid-2024 estimate", null=True, blank=True, validators=[MaxValueValidator(10_000_000)],
        help_text="ONS's official mid-2024 population estimate for the ward (not Census): the check on the fit.",
    )
    fit_ratio = models.DecimalField(
        max_digits=5, decimal_places=3, validators=[MinValueValidator(0), MaxValueValidator(99)],
        help_text="The derived total, grown to 2024, divided by ONS's estimate; 1 is a perfect fit.",
    )
    fit = models.CharField(max_length=4, choices=LsoaFit.choices)

    class Meta:
        ordering = ["ward__name"]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return f"{self.release} profile of {self.ward}"


class CensusFigure(RulesModel):
    """One category of one Census table for a ward: its count, the ward's total over the table's
    categories and the share, with the ONS label as published and our short code."""

    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="census_figures")
    table = models.CharField(max_length=12, choices=ProfileTable.choices)
    code = models.CharField(max_length=40, help_text="Our short code, e.g. 65_plus or social_rented_council.")
    ons_category = models.CharField("ONS category", max_length=200, help_text="The label as ONS publishes it.")
    position = models.PositiveSmallIntegerField(help_text="The category's place in its table.")
    count = models.PositiveIntegerField(validators=[MaxValueValidator(10_000_000)])
    ward_total = models.PositiveIntegerField(validators=[MaxValueValidator(10_000_000)])
    percent = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    unit = models.CharField(max_length=20, choices=ProfileUnit.choices)
    release = models.CharField(max_length=100)

    class Meta:
        ordering = ["ward__name", "table", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "table", "code"], name="census_figure_once_per_ward"),
            models.CheckConstraint(condition=models.Q(count__lte=models.F("ward_total")),
                                   name="census_figure_count_within_total"),
        ]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return f"{self.ward} {self.table} {self.code}: {self.count} of {self.ward_total}"


class DeprivationSummary(RulesModel):
    """The IMD 2019 ranks of the small areas (LSOAs, 2011) best fitted to a ward, summarised
    without weighting: how many fall in each national decile, the share in the most deprived 10%
    and 20% of England, and their rank statistics. Not an official ward index."""

    ward = models.OneToOneField(Ward, on_delete=models.CASCADE, related_name="deprivation")
    release = models.CharField(max_length=100, help_text='e.g. "English Indices of Deprivation 2019".')
    small_areas = models.PositiveSmallIntegerField(
        "LSOAs (2011)", validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    lsoas_by_decile = models.JSONField(
        "LSOAs by decile", help_text="Ten counts: the ward's LSOAs in national decile 1 (most deprived) to 10.",
    )
    most_deprived_10pct = models.DecimalField(
        "share in England's most deprived 10%", max_digits=4, decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    most_deprived_20pct = models.DecimalField(
        "share in England's most deprived 20%", max_digits=4, decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    mean_rank = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(ENGLAND_LSOAS_2011)])
    median_rank = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(ENGLAND_LSOAS_2011)])
    min_rank = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(ENGLAND_LSOAS_2011)])
    max_rank = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(ENGLAND_LSOAS_2011)])
    modal_decile = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    city_rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="The ward's place in the city by mean LSOA rank; 1 is the most deprived.",
    )

    class Meta:
        ordering = ["city_rank"]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return f"{self.release} summary of {self.ward}"

    def clean(self):
        super().clean()
        counts = self.lsoas_by_decile
        if not (isinstance(counts, list) and len(counts) == 10
                and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts)
                and sum(counts) == self.small_areas):
            raise ValidationError({"lsoas_by_decile": DECILE_COUNTS_INVALID.format(n=self.small_areas)})

    @property
    def deciles(self) -> list[tuple[int, int]]:
        """(decile, LSOAs) from 1, the most deprived, to 10."""
        return list(zip(DECILES, self.lsoas_by_decile, strict=True))

    @property
    def in_most_deprived_10pct(self) -> int:
        return self.lsoas_by_decile[0]

    @property
    def in_most_deprived_20pct(self) -> int:
        return self.lsoas_by_decile[0] + self.lsoas_by_decile[1]


class SmallArea(RulesModel):
    """A Lower layer Super Output Area (LSOA) and the ward it is best fitted to: the 2021 areas
    the Census figures are summed from, and the 2011 areas the IMD 2019 ranks, with their ranks
    and deciles overall and in each of the seven domains."""

    class Census(models.IntegerChoices):
        C2011 = 2011, "2011"
        C2021 = 2021, "2021"

    code = models.CharField("LSOA code", max_length=9)
    census = models.PositiveSmallIntegerField(choices=Census.choices)
    name = models.CharField(max_length=100)
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="small_areas")
    # IMD 2019 (2011 areas only): rank 1 of 32,844 is the most deprived; decile 1 the most deprived 10%.
    imd_rank = models.PositiveIntegerField(null=True, blank=True)
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    income_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    employment_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    education_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    health_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    crime_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    barriers_decile = models.PositiveSmallIntegerField(
        "barriers to housing and services decile", null=True, blank=True)
    living_environment_decile = models.PositiveSmallIntegerField(null=True, blank=True)

    DOMAINS = ("income", "employment", "education", "health", "crime", "barriers", "living_environment")

    class Meta:
        ordering = ["census", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "census"], name="small_area_once_per_census"),
            models.CheckConstraint(
                condition=models.Q(imd_rank__isnull=True)
                | models.Q(imd_rank__gte=1, imd_rank__lte=ENGLAND_LSOAS_2011),
                name="small_area_imd_rank_in_england",
            ),
        ]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return f"{self.code} {self.name}"
