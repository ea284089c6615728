"""The assets app's models: the Transparency Code register, assets of community value and
community asset transfers."""

from .community import CommunityAssetTransfer, CommunityValueNomination, GroupKind  # noqa: F401
from .contracts import Contract, ContractReview, ServiceSpecification, Supplier, WardInput  # noqa: F401
from .proposals import AssetUseProposal  # noqa: F401
from .register import Asset, CommunityValue, EnergyRating, LocationSource, SizeUnit, Tenure  # noqa: F401
