import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.models import Organisation
from localism.accounts.rules import is_admin
from localism.core.dates import EVENTS
from localism.core.fields import BoundedTextField
from localism.core.history import shorten

from .. import rules as ward_rules
from .geography import Neighbourhood, Ward

PERIOD_RE = re.compile(r"^(\d{4})/(\d{2})$")

# The longest free text each part of a plan takes: a summary or a priority's description is a few
# paragraphs, an action one or two, a progress update a short report.
SUMMARY_MAX_LENGTH = 5_000
PRIORITY_DESCRIPTION_MAX_LENGTH = 5_000
ACTION_DESCRIPTION_MAX_LENGTH = 2_000
PROGRESS_NOTE_MAX_LENGTH = 5_000


PERIOD_OUT_OF_RANGE = "Enter a financial year that starts between {first} and {last}."


def validate_period(value: str) -> None:
    """A council financial year, written 2026/27."""
    match = PERIOD_RE.match(value or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValidationError("Enter the period as a financial year, like 2026/27.")
    first, last = (day.year for day in EVENTS.bounds())
    if not first <= int(match.group(1)) <= last:
        raise ValidationError(PERIOD_OUT_OF_RANGE.format(first=first, last=last))


def period_after(period: str) -> str:
    start = int(period[:4]) + 1
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year(day: datetime.date) -> str:
    """The council's financial year, 1 April to 31 March, holding the day: e.g. 2026/27."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def period_starts(period: str) -> datetime.date:
    return datetime.date(int(period[:4]), 4, 1)


def period_ends(period: str) -> datetime.date:
    return datetime.date(int(period[:4]) + 1, 3, 31)


class PlanTiming(models.TextChoices):
    """Where a plan's year stands against today: a published plan is the ward's current plan
    only during its own financial year; before it, it is upcoming; after it, a past plan."""

    UPCOMING = "upcoming", "Upcoming"
    CURRENT = "current", "Current"
    PAST = "past", "Past"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSULTATION = "consultation", "In consultation"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


# Who may read a plan of each status without editing it: a draft is its councillors' own; a plan
# in consultation is read by everyone (so residents can answer it); archived plans stay public as
# past plans, if they were ever published (an abandoned draft that is archived stays private).
PUBLIC_STATUSES = {PlanStatus.CONSULTATION, PlanStatus.PUBLISHED}


def public_plans() -> Q:
    """The plans anyone may read, as a filter (the same rule as `WardPlan.is_public`)."""
    return Q(status__in=PUBLIC_STATUSES) | Q(status=PlanStatus.ARCHIVED, published_at__isnull=False)


class Theme(models.TextChoices):
    CLEAN_GREEN = "clean_green", "Clean and green streets"
    HOUSING = "housing", "Housing"
    COMMUNITY_SAFETY = "community_safety", "Community safety"
    HEALTH_WELLBEING = "health_wellbeing", "Health and wellbeing"
    JOBS_SKILLS = "jobs_skills", "Jobs and skills"
    CHILDREN_YOUNG_PEOPLE = "children_young_people", "Children and young people"
    TRANSPORT = "transport", "Transport"
    COMMUNITY_CULTURE = "community_culture", "Community and culture"


class Source(models.TextChoices):
    FORUM = "forum", "Ward Forum"
    CONSULTATION = "consultation", "Consultation"
    RESIDENT_IDEA = "resident_idea", "Resident idea"
    COUNCILLOR = "councillor", "Councillor"


class WardPlan(RulesModel):
    """A Ward Plan: the priorities councillors set with residents and local organisations for a
    ward (or several neighbouring wards, a cross-ward plan) for a year, and the actions the
    council and its partners take on them. Drafted, consulted on, published, then archived."""

    title = models.CharField(max_length=200)
    wards = models.ManyToManyField(Ward, related_name="plans")
    period = models.CharField(max_length=7, validators=[validate_period], help_text="e.g. 2026/27")
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True)
    summary = BoundedTextField(blank=True, max_length=SUMMARY_MAX_LENGTH,
                               help_text="What the plan is for, in a few sentences.")
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change; refuses stale edits.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords(m2m_fields=[wards])

    class Meta:
        ordering = ["-period", "title"]
        rules_permissions = {
            "view": ward_rules.can_view_plan,
            "add": ward_rules.may_start_plans,
            "change": ward_rules.can_edit_plan,
            "delete": is_admin,
        }

    def __str__(self):
        return f"{self.title} ({self.period})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:detail", kwargs={"pk": self.pk})

    @property
    def plan(self):  # lets the rules treat a plan and its parts alike
        return self

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES or (self.status == PlanStatus.ARCHIVED and self.published_at is not None)

    @property
    def starts_on(self) -> datetime.date:
        return period_starts(self.period)

    @property
    def ends_on(self) -> datetime.date:
        return period_ends(self.period)

    def timing(self, today: datetime.date | None = None) -> PlanTiming:
        """Where the plan's year stands against today (an archived plan is always past)."""
        today = today or timezone.localdate()
        if self.status == PlanStatus.ARCHIVED or self.ends_on < today:
            return PlanTiming.PAST
        return PlanTiming.UPCOMING if today < self.starts_on else PlanTiming.CURRENT


PLAN_PART_PERMISSIONS = {
    "view": ward_rules.can_view_plan_of,
    "add": ward_rules.may_start_plans,
    "change": ward_rules.can_edit_plan_of,
    "delete": ward_rules.can_edit_plan_of,
}


class Priority(RulesModel):
    """A priority of a Ward Plan, ranked: what matters most to the ward this year, the theme it
    belongs to and where it came from (the forum, a consultation, a resident's idea)."""

    plan = models.ForeignKey(WardPlan, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveIntegerField(default=0, help_text="Rank within the plan, 1 first.")
    title = models.CharField(max_length=200)
    description = BoundedTextField(blank=True, max_length=PRIORITY_DESCRIPTION_MAX_LENGTH)
    theme = models.CharField(max_length=32, choices=Theme.choices)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.COUNCILLOR)
    neighbourhood = models.ForeignKey(Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="priorities")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name_plural = "priorities"
        # Checked at once, not deferred: SQLite cannot defer a unique constraint (and Django would
        # leave it out there), so both databases keep it the same way. A re-ranking moves the
        # priorities it changes above every rank in use for a moment (services.plans._rerank).
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="priority_unique_rank_in_plan")]
        rules_permissions = PLAN_PART_PERMISSIONS

    def __str__(self):
        return self.title


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DONE = "done", "Done"


class Action(RulesModel):
    """What will be done on a priority, by whom (a lead organisation and officer, with partners)
    and by when, and how it is going."""

    Status = ActionStatus

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField(default=0)
    description = BoundedTextField(max_length=ACTION_DESCRIPTION_MAX_LENGTH, help_text="What will be done.")
    lead_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="actions_led")
    lead_officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="actions_led")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="actions_supported")
    due_date = models.DateField(null=True, blank=True, validators=[EVENTS])
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        ordering = ["priority", "position", "pk"]
        # Actions are numbered 1, 2, 3… on their priority as they are added, and re-ranked as
        # priorities are (services.plans._rerank): checked at once.
        constraints = [models.UniqueConstraint(fields=["priority", "position"], name="action_unique_position")]
        rules_permissions = {**PLAN_PART_PERMISSIONS, "view": ward_rules.can_view_action}

    def __str__(self):
        return shorten(self.description, 80)

    @property
    def plan(self):
        return self.priority.plan

    @property
    def is_open(self) -> bool:
        return self.status != ActionStatus.DONE

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not done ("done" is the only finished status)."""
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, day: datetime.date) -> bool:
        """Overdue on `day`: its due date before the day, and not done."""
        return overdue_on(self.status, self.due_date, day)


def overdue_on(status: str, due_date: datetime.date | None, day: datetime.date) -> bool:
    """An action in `status`, due on `due_date`, is overdue on `day`: its due date is before the
    day and it is not done (for actions read as plain values as well as models)."""
    return status != ActionStatus.DONE and due_date is not None and due_date < day


class ProgressUpdate(RulesModel):
    """A dated note on an action, by its lead officer or a councillor, and the status it moved
    the action to."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    note = BoundedTextField(max_length=PROGRESS_NOTE_MAX_LENGTH)
    status_before = models.CharField(max_length=16, choices=ActionStatus.choices)
    status_after = models.CharField(max_length=16, choices=ActionStatus.choices)

    class Meta:
        ordering = ["-created_at", "-pk"]
        rules_permissions = {
            "view": ward_rules.can_view_plan_of,
            "add": ward_rules.can_post_progress,
            "change": is_admin,
            "delete": is_admin,
        }

    def __str__(self):
        return f"{self.action}: {self.note[:40]}"

    @property
    def plan(self):
        return self.action.priority.plan
