"""Engagement in Django admin: one module per part (consultations, results, ideas, residents)."""
from . import (
    consultations,  # noqa: F401
    ideas,  # noqa: F401
    residents,  # noqa: F401
)
