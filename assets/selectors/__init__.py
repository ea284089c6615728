"""The assets app's reads."""

from .register import (  # noqa: F401
    asset_list,
    assets_awaiting_disposal,
    assets_outside_birmingham,
    holding_types,
    register_csv_write,
)
