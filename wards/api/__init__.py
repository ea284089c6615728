"""The wards app's partner API: wards, Ward Plans and Ward Forum meetings."""

from .forums import ForumMeetingViewSet
from .geography import WardViewSet
from .plans import WardPlanViewSet

__all__ = ["ForumMeetingViewSet", "WardPlanViewSet", "WardViewSet"]
