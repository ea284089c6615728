"""The assets app's services: every write to the register, its import, and its placement in wards."""

from .placement import Placement, asset_place  # noqa: F401
from .register import asset_create, asset_disposal_confirm, asset_update  # noqa: F401
from .register_import import AssetImportError, AssetImportReport, assets_import  # noqa: F401
