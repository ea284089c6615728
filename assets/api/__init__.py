"""The assets app's partner API."""

from .register import AssetViewSet  # noqa: F401
