"""The roles, importable without the models (the rules import them before the app registry)."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    COUNCILLOR = "councillor", "Councillor"
    OFFICER = "officer", "Officer"
    PARTNER = "partner", "Partner"
    RESIDENT = "resident", "Resident"
