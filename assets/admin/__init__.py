"""The assets app's admin, one module per part."""

from . import community, register  # noqa: F401
