import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.models import Organisation
from localism.accounts.rules import is_admin
from localism.core.dates import EVENTS
from localism.core.fields import BoundedTextField

from .. import rules as ward_rules
from .geography import Ward

# The longest free text of a forum: its description a few paragraphs, a meeting's agenda a few
# pages, its minutes a long meeting's full record.
FORUM_DESCRIPTION_MAX_LENGTH = 2_000
AGENDA_MAX_LENGTH = 10_000
MINUTES_MAX_LENGTH = 50_000
CANCELLATION_REASON_MAX_LENGTH = 500


def minutes_file_name(meeting, filename: str) -> str:
    """Where a meeting's minutes file is kept: a generated name, never the uploader's, with the
    extension the service checked (the file's content matched it)."""
    return f"minutes/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class WardForum(RulesModel):
    """A Ward Forum: where a ward's councillors meet residents and local organisations to set
    and follow the Ward Plan. Neighbouring wards may choose to hold one forum together."""

    name = models.CharField(max_length=200)
    wards = models.ManyToManyField(Ward, related_name="forums")
    member_organisations = models.ManyToManyField(Organisation, blank=True, related_name="forums")
    description = BoundedTextField(blank=True, max_length=FORUM_DESCRIPTION_MAX_LENGTH)
    is_demo = models.BooleanField("demonstration data", default=False)

    class Meta:
        ordering = ["name"]
        rules_permissions = {
            "view": ward_rules.can_view_ward,
            # "add" is asked with the wards the forum would cover (or None: "may set up any?").
            "add": ward_rules.can_set_up_forum,
            "change": ward_rules.can_manage_forum,
            "delete": is_admin,
        }

    def __str__(self):
        return self.name


class ForumMeeting(RulesModel):
    """A meeting of a Ward Forum: planned with a date, venue and agenda; once held, its minutes,
    how many attended and which organisations came."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    forum = models.ForeignKey(WardForum, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(validators=[EVENTS])
    ends_at = models.DateTimeField(null=True, blank=True, validators=[EVENTS])
    venue = models.CharField(max_length=300)
    agenda = BoundedTextField(blank=True, max_length=AGENDA_MAX_LENGTH)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    minutes = BoundedTextField(blank=True, max_length=MINUTES_MAX_LENGTH)
    minutes_file = models.FileField("minutes file", upload_to=minutes_file_name, blank=True, max_length=200)
    cancellation_reason = BoundedTextField("reason for cancelling", blank=True,
                                           max_length=CANCELLATION_REASON_MAX_LENGTH)
    attendance_count = models.PositiveIntegerField(null=True, blank=True)
    organisations_attending = models.ManyToManyField(Organisation, blank=True, related_name="meetings_attended")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords(m2m_fields=[organisations_attending])

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]
        rules_permissions = {
            "view": ward_rules.can_view_ward,
            "add": ward_rules.may_start_plans,
            "change": ward_rules.can_manage_meeting,
            "delete": ward_rules.can_manage_meeting,
        }

    def __str__(self):
        return f"{self.forum} – {timezone.localtime(self.starts_at):%d %B %Y}"

    @property
    def not_recorded_yet(self) -> bool:
        """Still planned although its start has passed: held, or not, but nobody recorded it."""
        return self.status == self.Status.PLANNED and self.starts_at < timezone.now()
