from django.conf import settings
from django.db import models
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.rules import model_permissions
from localism.core import events
from localism.core.fields import BoundedTextField

from . import rules as report_rules


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def latest_of_each_kind(self):
        # One query: the newest report of every kind.
        newest = self.model.objects.filter(kind=models.OuterRef("kind")).order_by("-published_at", "-pk")
        return self.published().filter(pk=models.Subquery(newest.values("pk")[:1])).order_by("kind")


class Report(RulesModel):
    """A file the service publishes on a schedule (open data, performance reports), with the
    figures it was built from, so that anyone can see what was published and when."""

    class Kind(models.TextChoices):
        WARDS_CSV = "wards_csv", "Wards (CSV)"
        WARDS_GEOJSON = "wards_geojson", "Ward boundaries (GeoJSON)"
        WARD_PROFILES_CSV = "ward_profiles_csv", "Ward profiles, Census 2021 (CSV)"
        WARD_PROFILE_SUMMARY_CSV = "ward_profile_summary_csv", "Ward profile summaries, Census 2021 and IMD 2019 (CSV)"
        ASSETS_CSV = "assets_csv", "Council land and buildings, Transparency Code (CSV)"
        COMMUNITY_VALUE_CSV = "community_value_csv", "Assets of community value (CSV)"
        UNSUCCESSFUL_NOMINATIONS_CSV = "unsuccessful_nominations_csv", "Unsuccessful community value nominations (CSV)"
        CONTRIBUTION_TRANSACTIONS_CSV = ("contribution_transactions_csv",
                                         "Developer contribution transactions, planning.data.gov.uk (CSV)")

    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="open-data/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True, help_text="What the file holds, e.g. row counts.")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        rules_permissions = model_permissions(
            view=report_rules.can_view_report, change=report_rules.can_change_report
        )

    def __str__(self):
        return f"{self.title} ({self.published_at:%d %B %Y})" if self.published_at else self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Delivery(models.TextChoices):
    """How a person hears of one kind of event."""

    AT_ONCE = "at_once", "By e-mail, at once"
    WEEKLY = "weekly", "In a weekly e-mail digest"
    OFF = "off", "Only on the Notifications page"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """What one person was told of one event (localism.core.events): on their Notifications
    page, and by e-mail as they chose. One per person and event key, however often the event is
    published."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=64)
    key = models.CharField(max_length=events.KEY_MAX_LENGTH)
    subject = models.CharField(max_length=events.SUBJECT_MAX_LENGTH)
    body = BoundedTextField(max_length=events.BODY_MAX_LENGTH, blank=True)
    url = models.CharField(max_length=events.URL_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="When it was e-mailed, alone or in a digest.")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_user_and_event")]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_newest")]

    def __str__(self):
        return self.subject


class NotificationPreference(models.Model):
    """A person's choice for one kind of event; without one, they are told at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(max_length=64)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.AT_ONCE)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.get_delivery_display()}"


class ReportRun(models.Model):
    """One run of a scheduled report for one period: its figures and its files. A kind has one
    run per period, however often it is asked for (localism.reports.runs)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40, db_index=True)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    figures = models.JSONField(default=dict, blank=True, help_text="The report's key figures.")
    error = BoundedTextField(max_length=2_000, blank=True, help_text="Why the last attempt failed.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text="Who ran it now; empty for the schedule.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start", "period_end"], name="one_run_per_kind_and_period"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="report_period_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.kind} {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d} ({self.get_status_display()})"


class ReportRunFile(models.Model):
    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=100)
    file = models.FileField(upload_to="reports/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="one_file_of_a_name_per_run")]

    def __str__(self):
        return self.name


class RetentionRecord(models.Model):
    """One run of a retention job (localism.core.retention): when it ran, the rule it applied and
    how many of each kind of personal data it removed. Counts only, never the data removed; a run
    that removed nothing is recorded too, so a report shows the job ran."""

    job = models.CharField(max_length=40, db_index=True)
    ran_at = models.DateTimeField(default=timezone.now, db_index=True)
    removed = models.JSONField(default=dict, blank=True,
                               help_text="How many of each kind of data it removed, e.g. {\"bookings\": 3}.")
    rule = models.CharField(max_length=300, help_text="The rule applied, from the settings.")

    class Meta:
        ordering = ["-ran_at", "-pk"]
        indexes = [models.Index(fields=["job", "-ran_at"], name="retention_job_newest")]

    def __str__(self):
        return f"{self.job} at {self.ran_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.removed.values())
