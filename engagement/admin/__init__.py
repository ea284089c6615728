"""Engagement in Django admin: one module per part (consultations, results, ideas, residents)."""
from . import ideas  # noqa: F401
