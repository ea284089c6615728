"""Shared service hubs: the council's buildings where council, NHS, voluntary and private
partners work side by side (the LoCAL programme), their spaces, who occupies them, the services
offered there and the bookings of their rooms."""

import datetime
import uuid
from decimal import Decimal

import rules
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from assets.models.register import validate_uprn
from localism.accounts.models import Organisation
from localism.accounts.rules import is_admin, model_permissions
from localism.core.dates import AGREEMENTS, EVENTS
from localism.core.fields import BoundedTextField
from wards.models import Ward

from . import rules as hub_rules

# The longest free text of a hub: what a directory page or an Open Referral record says about a hub
# or a service, a few paragraphs; a space's notes, a paragraph; an occupancy's notes, the terms
# worth remembering.
HUB_DESCRIPTION_MAX_LENGTH = 5_000
ACCESSIBILITY_MAX_LENGTH = 5_000
SPACE_NOTES_MAX_LENGTH = 2_000
OCCUPANCY_NOTES_MAX_LENGTH = 5_000
SERVICE_DESCRIPTION_MAX_LENGTH = 5_000
# A shared space (hot desks, a shared office) takes this many occupiers at once at most.
MAX_OCCUPIERS = 50

PUBLIC_HUB_PART = model_permissions(view=rules.always_allow, change=hub_rules.can_manage_hub_part)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class HubQuerySet(models.QuerySet):
    def with_ward(self):
        """With its ward, less the ward's boundaries, which no hub page needs."""
        return self.select_related("ward").defer("ward__boundary", "ward__boundary_simplified")


class Hub(RulesModel):
    """A shared service hub: a building the council keeps, where services are co-located and
    whose rooms partners and community groups book. It must be fully used."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="hubs")
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    description = BoundedTextField(blank=True, max_length=HUB_DESCRIPTION_MAX_LENGTH)
    accessibility = BoundedTextField("accessibility information", blank=True, max_length=ACCESSIBILITY_MAX_LENGTH)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hubs_managed",
                                      help_text="The officers who run this hub.")
    is_library = models.BooleanField(default=False)
    is_demo = models.BooleanField("demonstration data", default=False)
    # The council building (an asset of the register) the hub occupies. PROTECT: the register
    # never deletes a building a hub is in (a disposal is confirmed, not deleted).
    asset = models.ForeignKey("assets.Asset", on_delete=models.PROTECT, null=True, blank=True, related_name="hubs",
                              help_text="The council building the hub occupies, from the asset register.")
    uprn = models.CharField("UPRN", max_length=12, blank=True, validators=[validate_uprn],
                            help_text="The building's Unique Property Reference Number, if known: it links "
                                      "the hub to its asset.")

    objects = HubQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        rules_permissions = {"view": rules.always_allow, "add": is_admin,
                             "change": hub_rules.can_manage_hub, "delete": is_admin,
                             "house": hub_rules.can_house_hub, "portfolio": hub_rules.can_see_portfolio}

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("hubs:detail", kwargs={"slug": self.slug})

    @property
    def hub(self):  # lets the rules treat a hub and its parts alike
        return self


class OpeningHours(RulesModel):
    """When a hub is open on a day of the week. A day may have two spells (closed for lunch)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["hub", "weekday", "opens"]
        verbose_name_plural = "opening hours"
        constraints = [models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")),
                                              name="opening_hours_close_after_opening")]
        rules_permissions = PUBLIC_HUB_PART

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class BookableBy(models.TextChoices):
    NOBODY = "nobody", "Not bookable"
    STAFF = "staff", "Council staff only"
    PARTNERS = "partners", "Staff and partners"
    COMMUNITY = "community", "Staff, partners and community groups"


class Space(RulesModel):
    """A room, office, clinic room, hall or desk area in a hub: let to occupiers, booked by the
    hour, or both."""

    class Kind(models.TextChoices):
        ROOM = "room", "Meeting room"
        OFFICE = "office", "Office"
        CLINIC = "clinic", "Clinic room"
        HALL = "hall", "Hall"
        DESKS = "desks", "Desk area"
        STUDIO = "studio", "Studio or activity room"
        KITCHEN = "kitchen", "Community kitchen"
        IT_SUITE = "it_suite", "IT suite"

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="spaces")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ROOM)
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    floor_area_m2 = models.DecimalField("floor area (m²)", max_digits=8, decimal_places=1,
                                        validators=[MinValueValidator(Decimal("0.1"))])
    bookable_by = models.CharField(max_length=16, choices=BookableBy.choices, default=BookableBy.STAFF)
    approval_needed = models.BooleanField(
        default=True, help_text="Requests from partners and community groups wait for a hub officer.")
    accessible = models.BooleanField("step-free access", default=True)
    notes = BoundedTextField(blank=True, max_length=SPACE_NOTES_MAX_LENGTH)
    max_occupiers = models.PositiveSmallIntegerField(
        "occupiers at once", default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_OCCUPIERS)],
        help_text="1 for a space let to one occupier at a time; more for a space shared by several, "
                  "such as hot desks.")

    class Meta:
        ordering = ["hub", "name"]
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="space_unique_name_per_hub")]
        rules_permissions = PUBLIC_HUB_PART

    def __str__(self):
        return f"{self.name}, {self.hub}"

    @property
    def is_bookable(self) -> bool:
        return self.bookable_by != BookableBy.NOBODY


class BookerKind(models.TextChoices):
    """Who a booking is for, as a space's hourly rates tell them apart."""

    COUNCIL = "council", "Council"
    PARTNER = "partner", "Public-sector partner"
    COMMUNITY = "community", "Community group"
    PRIVATE = "private", "Private business"


class SpaceRate(RulesModel):
    """What an hour of a space costs one kind of booker. No rate (or 0) is free use."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="rates")
    booker_kind = models.CharField(max_length=16, choices=BookerKind.choices)
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))])

    class Meta:
        ordering = ["space", "booker_kind"]
        constraints = [
            models.UniqueConstraint(fields=["space", "booker_kind"], name="space_rate_one_per_kind"),
            models.CheckConstraint(condition=models.Q(hourly_rate__gte=0), name="space_rate_not_negative"),
        ]
        rules_permissions = PUBLIC_HUB_PART

    def __str__(self):
        return f"{self.space.name}: £{self.hourly_rate} an hour for {self.get_booker_kind_display().lower()}"

    @property
    def hub(self):
        return self.space.hub


class Closure(RulesModel):
    """Dates when a space (or, with no space, the whole hub) cannot be used."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="closures")
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.CASCADE, related_name="closures",
                              help_text="Leave empty to close the whole hub.")
    starts_on = models.DateField(validators=[EVENTS])
    ends_on = models.DateField(validators=[EVENTS])
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["starts_on"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="closure_ends_after_it_starts")]
        rules_permissions = PUBLIC_HUB_PART

    def __str__(self):
        return f"{self.space or self.hub} closed {self.starts_on}–{self.ends_on}: {self.reason}"


class OccupancyQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(status=Occupancy.Status.ACTIVE, starts_on__lte=on).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on))


class Occupancy(RulesModel):
    """An organisation occupying spaces of a hub under an agreement: a lease, a licence, a
    memorandum of understanding between public bodies, or the council's own use."""

    class Agreement(models.TextChoices):
        LEASE = "lease", "Lease"
        LICENCE = "licence", "Licence"
        MOU = "mou", "Memorandum of understanding"
        COUNCIL_USE = "council_use", "Council use"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="occupancies")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="occupancies")
    spaces = models.ManyToManyField(Space, related_name="occupancies")
    agreement = models.CharField(max_length=16, choices=Agreement.choices)
    starts_on = models.DateField(validators=[AGREEMENTS])
    ends_on = models.DateField(null=True, blank=True, validators=[AGREEMENTS])
    break_date = models.DateField(null=True, blank=True, validators=[AGREEMENTS])
    yearly_charge = models.DecimalField(max_digits=12, decimal_places=2, default=0,
                                        validators=[MinValueValidator(Decimal(0))])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    notes = BoundedTextField(blank=True, max_length=OCCUPANCY_NOTES_MAX_LENGTH)
    # The spaces are kept with each change, so the history shows a space added or taken away.
    history = HistoricalRecords(m2m_fields=[spaces])

    objects = OccupancyQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "organisation__name"]
        verbose_name_plural = "occupancies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="occupancy_ends_after_it_starts",
            ),
        ]
        rules_permissions = model_permissions(view=hub_rules.can_manage_hub_part,
                                              change=hub_rules.can_manage_hub_part)

    # An occupancy that holds its spaces: a proposed one holds them as firmly as an active one,
    # so that two offers of one office are not made at once.
    LIVE = (Status.PROPOSED, Status.ACTIVE)

    def __str__(self):
        return f"{self.organisation} at {self.hub} ({self.get_agreement_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class SpaceLetting(models.Model):
    """One space of one occupancy, with the agreement's dates: the rows on which the database
    refuses two live lettings of a space let to one occupier at a time (on PostgreSQL, an
    exclusion constraint; see migration 0007). hubs.services.occupancy keeps them in step with
    the occupancies; nothing else writes them."""

    occupancy = models.ForeignKey(Occupancy, on_delete=models.CASCADE, related_name="lettings")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="lettings")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    exclusive = models.BooleanField(help_text="The space takes one occupier at a time.")
    live = models.BooleanField(help_text="The occupancy is proposed or active.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occupancy", "space"], name="one_letting_per_space"),
                       models.CheckConstraint(
                           condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                           name="letting_ends_after_it_starts")]

    def __str__(self):
        return f"{self.space.name}: occupancy {self.occupancy_id}"


class HubService(RulesModel):
    """A service an organisation offers at a hub, described so that it can be published as an
    Open Referral UK `service` record."""

    class Category(models.TextChoices):
        ADVICE = "advice", "Advice, money and benefits"
        HEALTH = "health", "Health"
        WELLBEING = "wellbeing", "Wellbeing and mental health"
        EMPLOYMENT = "employment", "Jobs, skills and training"
        HOUSING = "housing", "Housing"
        FAMILIES = "families", "Children, young people and families"
        OLDER_PEOPLE = "older_people", "Older people"
        LIBRARY = "library", "Library and reading"
        LEARNING = "learning", "Learning and digital skills"
        COMMUNITY = "community", "Community activities"
        SAFETY = "safety", "Community safety"
        COUNCIL = "council", "Council services"

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="services")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hub_services")
    name = models.CharField(max_length=200)
    description = BoundedTextField(max_length=SERVICE_DESCRIPTION_MAX_LENGTH)
    category = models.CharField(max_length=16, choices=Category.choices)
    who_for = models.CharField("who it is for", max_length=300, blank=True)
    how_to_access = models.CharField("how to use it", max_length=300, blank=True,
                                     help_text="e.g. drop in, by appointment, by referral")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    is_demo = models.BooleanField("demonstration data", default=False)

    class Meta:
        ordering = ["hub", "name"]
        rules_permissions = PUBLIC_HUB_PART

    def __str__(self):
        return f"{self.name} at {self.hub}"


class ServiceSchedule(RulesModel):
    """When a service runs at its hub (Open Referral UK's regular_schedule)."""

    service = models.ForeignKey(HubService, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["service", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")),
                                              name="service_schedule_close_after_opening")]
        rules_permissions = model_permissions(view=rules.always_allow, change=is_admin)

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


# A UK or international phone number as people type it: digits, spaces, brackets, dashes and a
# leading +, with 10 to 15 digits in all.
PHONE_INVALID = "Enter a phone number, like 0121 303 1111 or +44 121 303 1111"
# Empty passes (the contact is optional at the model, and the published schema says so); anything
# typed must be a phone number of 10 to 15 digits.
phone_validator = RegexValidator(r"^(?:\+?(?:[\s()-]*\d){10,15}[\s()-]*)?$", PHONE_INVALID, code="invalid_phone")


class BookingQuerySet(models.QuerySet):
    def holding(self):
        """Bookings that hold their slot: requested (awaiting approval) or confirmed."""
        return self.filter(status__in=Booking.HOLDING)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Booking(RulesModel):
    """A space held for a time, for an organisation or a person, with a purpose and the number
    expected. Two bookings that hold a slot never overlap in one space."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting approval"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Turned down"
        CANCELLED = "cancelled", "Cancelled"

    HOLDING = (Status.REQUESTED, Status.CONFIRMED)

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(db_index=True, validators=[EVENTS])
    ends_at = models.DateTimeField(validators=[EVENTS])
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="bookings")
    booked_for = models.CharField("booked for (person or group)", max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="bookings_requested")
    purpose = models.CharField(max_length=300)
    attendees = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    series = models.UUIDField(null=True, blank=True, db_index=True, help_text="Shared by a recurring booking's dates.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    # The person responsible on the day: seen only by the hub's officers and the booking's
    # requester and organisation; blanked BOOKING_CONTACT_DAYS after the booking ends.
    contact_name = models.CharField("contact's name", max_length=100, blank=True)
    contact_phone = models.CharField("contact's phone number", max_length=30, blank=True,
                                     validators=[phone_validator])
    contact_email = models.EmailField("contact's email address", max_length=254, blank=True)
    # Worked out from the space's rates when the booking is made, and kept: a later change of the
    # rates does not change what a booking costs.
    charge = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0),
                                 validators=[MinValueValidator(Decimal(0))])
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="booking_ends_after_it_starts")]
        # The week's grid and clash checks read a space's bookings by start; the utilisation and
        # income figures read its confirmed bookings by start.
        indexes = [models.Index(fields=["space", "starts_at"], name="booking_space_start"),
                   models.Index(fields=["space", "status", "starts_at"], name="booking_space_status_start")]
        rules_permissions = {
            "view": hub_rules.can_see_booking_details,
            "add": hub_rules.may_request_bookings,
            "change": hub_rules.can_decide_booking,
            "delete": hub_rules.can_cancel_booking,
        }

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{self.space.name} {start:%d %b %Y %H:%M}–{timezone.localtime(self.ends_at):%H:%M}"

    @property
    def hub(self):
        return self.space.hub


def new_series_id() -> uuid.UUID:
    return uuid.uuid4()
