"""A resident's own details: the postcode (and so the ward) they gave when they registered, and
whether they confirmed their e-mail address."""

from django.conf import settings
from django.db import models
from rules.contrib.models import RulesModel

from localism.accounts.rules import is_admin
from wards.models import Ward


class ResidentProfile(RulesModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_profile")
    postcode = models.CharField(max_length=8)
    ward = models.ForeignKey(Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    postcode_approximate = models.BooleanField(default=False)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    notify_new_consultations = models.BooleanField(
        default=False, help_text="E-mail me when a consultation opens in my ward.")

    class Meta:
        rules_permissions = {"view": is_admin, "change": is_admin}

    def __str__(self):
        return f"Resident details of {self.user}"
