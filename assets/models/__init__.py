"""The assets app's models: the Transparency Code register, assets of community value and
community asset transfers, developer contributions."""

from .community import CommunityAssetTransfer, CommunityValueNomination, GroupKind  # noqa: F401
from .contracts import Contract, ContractReview, ServiceSpecification, Supplier, WardInput  # noqa: F401
from .contributions import (  # noqa: F401
    AgreementType,
    ContributionPurpose,
    ContributionTransaction,
    DeveloperAgreement,
    DeveloperContribution,
    FundingStatus,
    NeighbourhoodCilAccount,
    NeighbourhoodCilAllocation,
    NeighbourhoodCilWard,
    SpendByRisk,
)
from .proposals import AssetUseProposal  # noqa: F401
from .register import Asset, CommunityValue, EnergyRating, LocationSource, SizeUnit, Tenure  # noqa: F401
