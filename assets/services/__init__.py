"""The assets app's services: every write to the register, its import, and its placement in wards."""

from .contributions import (  # noqa: F401
    agreement_create,
    contribution_create,
    contributions_mark_spend_by_risk,
    s106_allocate,
    transaction_record,
)
from .neighbourhood_cil import neighbourhood_cil_allocate  # noqa: F401
from .placement import Placement, asset_place  # noqa: F401
from .register import asset_create, asset_disposal_confirm, asset_update  # noqa: F401
from .register_import import AssetImportError, AssetImportReport, assets_import  # noqa: F401
