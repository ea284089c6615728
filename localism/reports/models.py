from django.db import models
from rules.contrib.models import RulesModel

from localism.accounts.rules import model_permissions

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
