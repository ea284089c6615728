"""The assets app's models: the Transparency Code register."""

from .register import Asset, CommunityValue, EnergyRating, LocationSource, SizeUnit, Tenure  # noqa: F401
