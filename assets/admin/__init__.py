"""The assets app's admin, one module per part."""

from . import community, contributions, proposals, register  # noqa: F401
