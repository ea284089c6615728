"""Residents' ideas for their ward, the support others give them, and the councillors' response."""

import rules
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.accounts.models import Organisation
from localism.accounts.rules import is_admin
from localism.core.fields import BoundedTextField
from wards.models import ForumMeeting, Priority, Theme, Ward

from .. import rules as engagement_rules
from .consultations import HIDDEN_REASON_MAX_LENGTH

IDEA_TITLE_MAX_LENGTH = 150
IDEA_DESCRIPTION_MAX_LENGTH = 3_000
IDEA_RESPONSE_MAX_LENGTH = 3_000


class IdeaStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a response"
    ADOPTED = "adopted", "Adopted into the Ward Plan"
    REFERRED = "referred", "Referred to a service or partner"
    TO_FORUM = "to_forum", "Taken to the Ward Forum"
    DECLINED = "declined", "Declined"


class Idea(RulesModel):
    """An idea a resident proposes for their ward. Its status and the councillors' response are
    public; an idea may be hidden (with the reason recorded) by the ward's councillors or an
    engagement officer."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(max_length=IDEA_TITLE_MAX_LENGTH)
    description = BoundedTextField(max_length=IDEA_DESCRIPTION_MAX_LENGTH)
    theme = models.CharField(max_length=24, choices=Theme.choices)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="ideas")
    browser_key = models.CharField(max_length=64, blank=True, help_text="A hash of the proposer's browser cookie.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=9, choices=IdeaStatus.choices, default=IdeaStatus.WAITING, db_index=True)
    response = BoundedTextField(blank=True, max_length=IDEA_RESPONSE_MAX_LENGTH,
                                help_text="The councillors' answer, published with the status.")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas",
                                 help_text="The priority it became (adopted).")
    referred_to = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", help_text="The service or partner it was referred to.")
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="ideas", help_text="The forum meeting it was taken to.")
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    hidden_reason = models.CharField(max_length=HIDDEN_REASON_MAX_LENGTH, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        rules_permissions = {
            "view": engagement_rules.can_view_idea,
            "add": rules.always_allow,
            "change": engagement_rules.can_respond_to_idea,
            "respond": engagement_rules.can_respond_to_idea,
            "hide": engagement_rules.can_hide_idea,
            "delete": is_admin,
        }

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("engagement:idea", kwargs={"pk": self.pk})


class Support(models.Model):
    """One person's support for an idea: once per account, or once per browser without one."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    browser_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "supporter"], condition=Q(supporter__isnull=False),
                                    name="support_once_per_account"),
            models.UniqueConstraint(fields=["idea", "browser_key"], condition=~Q(browser_key=""),
                                    name="support_once_per_browser"),
        ]

    def __str__(self):
        return f"Support for {self.idea_id}"
