"""A use proposed for a council asset from a Ward Plan: a councillor of the asset's ward links a
priority of their plan to an asset in the ward and says what the ward would use it for (a youth
club in an empty depot, a community garden on a vacant plot). The framework wants wards to
"decide locally how best to use assets": the proposal goes to the asset officers, who review it
and answer, agreed or declined with their reasons. It lives in assets (the higher app), so the
wards app shows it on the plan through localism.core.links."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.core.fields import BoundedTextField
from wards.models import Priority

from .. import rules_proposals
from .register import Asset

PROPOSED_USE_MAX_LENGTH = 2_000
ANSWER_MAX_LENGTH = 2_000


class AssetUseProposal(RulesModel):
    """A councillor's proposal, from a priority of their Ward Plan, of a use for an asset."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        UNDER_REVIEW = "under_review", "Under review"
        AGREED = "agreed", "Agreed"
        DECLINED = "declined", "Declined"

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="use_proposals")
    # A priority removed from its plan leaves the proposal (and its answer) in place.
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="asset_use_proposals")
    proposed_use = BoundedTextField(max_length=PROPOSED_USE_MAX_LENGTH,
                                    help_text="What the ward would use the asset for, and why.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="asset_use_proposals")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    answer = BoundedTextField("the asset officers' answer", blank=True, max_length=ANSWER_MAX_LENGTH)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        rules_permissions = {"view": rules_proposals.can_view_proposal, "add": rules_proposals.can_propose_use,
                             "change": rules_proposals.can_answer_proposal}
        constraints = [models.CheckConstraint(condition=models.Q(status__in=["proposed", "under_review", "agreed",
                                                                             "declined"]),
                                              name="asset_use_proposal_status_known")]

    def __str__(self):
        return f"{self.asset.name}: {self.proposed_use[:60]}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assets:proposal", kwargs={"pk": self.pk})
