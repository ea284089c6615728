import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from rules.contrib.models import RulesModel

from localism.accounts.roles import Role
from localism.accounts.rules import model_permissions
from localism.core.fields import BoundedTextField

from .. import rules as ward_rules

# A neighbourhood's description: a paragraph or two.
NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH = 2_000

WARD_GENERATIONS_REVERSED = "The last generation of a ward cannot come before its first."

# Ward data is public; only admins change it.
GSS_CODE_INVALID = "Enter a ward's GSS code, like E05011170."
# An ONS GSS code: a letter and eight digits (E05011170). What the API's `ward` filters accept.
validate_gss_code = RegexValidator(r"^[A-Z][0-9]{8}$", GSS_CODE_INVALID)

WARD_DATA_PERMISSIONS = model_permissions(view=ward_rules.can_view_ward, change=ward_rules.can_change_ward)


class BoundaryGenerationQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class BoundaryGeneration(RulesModel):
    """A set of ward boundaries in force for a period (MapIt's "generation"). A boundary review
    adds a new generation; the old wards, and everything tied to them, stay as they were."""

    name = models.CharField(max_length=100, unique=True)
    legislation = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Empty while in force.")

    objects = BoundaryGenerationQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return self.name


class WardQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """The wards of the generation(s) in force on the day (today by default): those whose
        range of generations, from generation_low to generation_high (open when empty),
        covers one of them. Generations are ordered by the day they come into force."""
        in_force = BoundaryGeneration.objects.current(on).filter(
            valid_from__gte=OuterRef("generation_low__valid_from")
        )
        return self.filter(
            Q(Exists(in_force.filter(valid_from__lte=OuterRef("generation_high__valid_from"))))
            | Q(Exists(in_force), generation_high__isnull=True)
        )

    def in_generation(self, generation: BoundaryGeneration):
        """The wards that belong to one generation, whether or not it is in force."""
        return self.filter(generation_low__valid_from__lte=generation.valid_from).filter(
            Q(generation_high__isnull=True) | Q(generation_high__valid_from__gte=generation.valid_from)
        )

    def without_geometry(self):
        # Boundaries are large; lists never need them.
        return self.defer("boundary", "boundary_simplified")

    def for_choices(self):
        # What a form's choice of ward reads (core.admin.LightChoicesMixin): never the boundaries.
        return self.without_geometry()

    def with_councillors(self):
        return self.prefetch_related(
            models.Prefetch(
                "seats_held",
                queryset=CouncillorSeat.objects.current(),
                to_attr="current_seats",
            )
        )


class Ward(RulesModel):
    """An electoral ward: the building block of local government in Birmingham's localism
    framework. Every ward has councillors, a Ward Forum and a Ward Plan. Identified by its ONS
    GSS code, which changes when a boundary review redraws it.

    As in MapIt, one row spans the boundary generations in which the ward is the same: from
    generation_low, the first, to generation_high, the last (empty while the ward is in the
    latest generation). A review that leaves a ward as it was extends its range, so its hubs,
    plans and meetings stay attached to it; a redrawn ward is a new row with the new code, and
    the old one ends at the generation before.

    The GSS code is unique among all rows: ONS never gives a code to two different areas, and a
    ward whose boundary changes gets a new code, so one code is one ward for all its generations.
    A slug (from the name) is unique among the wards of the latest generation only: a redrawn
    ward often keeps its old name. The importer checks slugs within each generation it loads."""

    generation_low = models.ForeignKey(
        BoundaryGeneration, on_delete=models.PROTECT, related_name="wards_from",
        help_text="The first boundary generation the ward belongs to.",
    )
    generation_high = models.ForeignKey(
        BoundaryGeneration, on_delete=models.PROTECT, related_name="wards_until", null=True, blank=True,
        help_text="The last boundary generation the ward belongs to; empty while it is in the latest.",
    )
    gss_code = models.CharField("ONS GSS code", max_length=9)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    seats = models.PositiveSmallIntegerField(help_text="Number of councillors the ward elects.")
    constituency = models.CharField(max_length=100, db_index=True)
    constituency_code = models.CharField(max_length=9, blank=True)
    locality = models.CharField(max_length=50, blank=True)
    area_hectares = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    centroid_latitude = models.FloatField(null=True, blank=True)
    centroid_longitude = models.FloatField(null=True, blank=True)
    # GeoJSON geometries (WGS84): the full boundary for look-ups, a generalised one for drawing.
    boundary = models.JSONField(null=True, blank=True)
    boundary_simplified = models.JSONField(null=True, blank=True)
    # The boundary's bounding box, so a point look-up tests only the few wards that could hold it.
    min_latitude = models.FloatField(null=True, blank=True)
    max_latitude = models.FloatField(null=True, blank=True)
    min_longitude = models.FloatField(null=True, blank=True)
    max_longitude = models.FloatField(null=True, blank=True)

    objects = WardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["gss_code"], name="ward_unique_gss_code"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(generation_high__isnull=True), name="ward_unique_slug_in_latest_generation"
            ),
        ]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        low, high = self.generation_low_id and self.generation_low, self.generation_high_id and self.generation_high
        if low and high and high.valid_from < low.valid_from:
            raise ValidationError({"generation_high": WARD_GENERATIONS_REVERSED})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("wards:detail", kwargs={"slug": self.slug})


class CouncillorSeatQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(term_start__lte=on), Q(term_end__isnull=True) | Q(term_end__gte=on))


# A councillor's public contact details, as the council publishes them.
COUNCILLOR_NAME_MAX_LENGTH = 200
SURGERY_DETAILS_MAX_LENGTH = 1_000
SEAT_HOLDER_NOT_COUNCILLOR = "Only a councillor's account can hold a seat: {user} is not a councillor."
TERM_ENDS_BEFORE_START = "A term cannot end before it starts."


class CouncillorSeat(RulesModel):
    """A councillor's seat in a ward for a term of office, with the contact details the council
    publishes for residents (an office e-mail, surgeries, a telephone number, a web page).

    The seat names the councillor as published. It may be linked to the councillor's account:
    a councillor edits the Ward Plans and forum meetings of the wards where a current seat is
    linked to them. A seat without an account gives nobody any rights."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="seats_held")
    councillor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seats_held",
        null=True, blank=True, limit_choices_to={"role": Role.COUNCILLOR},
        help_text="The councillor's account, which lets them edit this ward's plans. Empty if they have none.",
    )
    name = models.CharField(max_length=COUNCILLOR_NAME_MAX_LENGTH, help_text="As the council publishes it.")
    party = models.CharField(max_length=100, blank=True)
    term_start = models.DateField()
    term_end = models.DateField(null=True, blank=True)
    email = models.EmailField("public e-mail", blank=True, help_text="The councillor's office address, published.")
    phone = models.CharField("public telephone", max_length=32, blank=True)
    web_page = models.URLField(max_length=300, blank=True)
    surgery_details = BoundedTextField(
        blank=True, max_length=SURGERY_DETAILS_MAX_LENGTH,
        help_text="Where and when residents can meet the councillor, or how to book.",
    )
    ballot_paper_id = models.CharField(
        max_length=100, blank=True,
        help_text="Democracy Club's id of the election, e.g. local.birmingham.aston.2022-05-05.",
    )
    is_demo = models.BooleanField("demonstration data", default=False)

    objects = CouncillorSeatQuerySet.as_manager()

    class Meta:
        ordering = ["ward__name", "name"]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return f"{self.name} ({self.ward})"

    def clean(self):
        errors = {}
        if self.term_end and self.term_start and self.term_end < self.term_start:
            errors["term_end"] = TERM_ENDS_BEFORE_START
        if self.councillor_id and self.councillor.role != Role.COUNCILLOR:
            errors["councillor"] = SEAT_HOLDER_NOT_COUNCILLOR.format(user=self.councillor)
        if errors:
            raise ValidationError(errors)


class Postcode(models.Model):
    """A Birmingham postcode and the ward its grid reference falls in. Some postcodes carry
    stand-in coordinates shared with many others; their ward is marked approximate."""

    postcode = models.CharField(max_length=8, help_text="Formatted, e.g. B11 1AA.")
    compact = models.CharField(max_length=7, unique=True, help_text="Upper case without spaces.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="postcodes")
    approximate = models.BooleanField(
        default=False, help_text="Coordinates shared with 10 or more postcodes: ward may be wrong."
    )

    class Meta:
        ordering = ["compact"]

    def __str__(self):
        return self.postcode


class Neighbourhood(RulesModel):
    """A neighbourhood within a ward, as residents name it (e.g. Balsall Heath within
    Sparkbrook & Balsall Heath East). Priorities and meetings often concern one."""

    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="neighbourhoods")
    name = models.CharField(max_length=100)
    description = BoundedTextField(blank=True, max_length=NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH)

    class Meta:
        ordering = ["ward__name", "name"]
        constraints = [models.UniqueConstraint(fields=["ward", "name"], name="neighbourhood_unique_name_per_ward")]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return f"{self.name} ({self.ward})"


class WardChampion(RulesModel):
    """A senior council officer linked to a ward, who follows its plan and helps the council
    act as "one council" there."""

    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="champions")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wards_championed")
    since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["ward__name"]
        constraints = [models.UniqueConstraint(fields=["ward", "officer"], name="champion_once_per_ward")]
        rules_permissions = WARD_DATA_PERMISSIONS

    def __str__(self):
        return f"{self.officer} for {self.ward}"
