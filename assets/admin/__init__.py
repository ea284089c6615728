"""The assets app's admin, one module per part."""

from . import register  # noqa: F401
