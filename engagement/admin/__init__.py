"""Engagement in Django admin: one module per part (consultations, results, ideas, residents)."""
from . import residents  # noqa: F401
