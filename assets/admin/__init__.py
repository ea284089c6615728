"""The assets app's admin, one module per part."""

from . import community, contracts, contributions, proposals, register  # noqa: F401
