"""The assets app's admin, one module per part."""

from . import community, proposals, register  # noqa: F401
