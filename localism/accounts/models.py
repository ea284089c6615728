from django.contrib.auth.models import AbstractUser
from django.db import models
from rules.contrib.models import RulesModel

from . import rules as account_rules
from .roles import Role


class Organisation(RulesModel):
    """A body that works with the council in its wards: a council directorate, an NHS body, a
    housing association, the police, a voluntary or community organisation, a social enterprise,
    a private business or a parish or town council. Partners' staff belong to one."""

    class Kind(models.TextChoices):
        COUNCIL_DIRECTORATE = "council_directorate", "Council directorate"
        NHS_BODY = "nhs_body", "NHS body"
        HOUSING_ASSOCIATION = "housing_association", "Housing association"
        POLICE = "police", "Police"
        VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community organisation"
        SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
        PRIVATE_BUSINESS = "private_business", "Private business"
        PARISH_TOWN_COUNCIL = "parish_town_council", "Parish or town council"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    website = models.URLField(blank=True)
    is_demo = models.BooleanField(
        "demonstration data", default=False, help_text="Invented for the demonstration site."
    )

    class Meta:
        ordering = ["name"]
        rules_permissions = account_rules.model_permissions(
            view=account_rules.is_signed_in, change=account_rules.is_admin
        )

    def __str__(self):
        return self.name


class User(AbstractUser):
    """Anyone who signs in. Their role says what they may do; councillors' seats, officers' hubs
    and partners' organisations narrow it to the objects they may touch."""

    Role = Role

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.RESIDENT, db_index=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_title = models.CharField(max_length=200, blank=True)
    # Set when the account is closed (user_close); a nightly job deletes it CLOSED_ACCOUNT_DAYS later.
    closed_at = models.DateTimeField(
        "closed", null=True, blank=True, editable=False,
        help_text="When the account was closed. It is deleted, with its personal data, after the period "
                  "the privacy notice states.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        """How pages, exports and the API name this person: their name, or, without one, what
        they do (a job title, or their role and organisation). Never the username, which is a
        sign-in credential."""
        if name := self.get_full_name():
            return name
        if self.job_title:
            return self.job_title
        role = self.get_role_display()
        return f"{role}, {self.organisation.name}" if self.organisation_id else role
