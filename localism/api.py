"""The /api/v1/ router: each app's viewsets gathered under the partner contract's names."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, routers
from rest_framework.views import exception_handler as drf_exception_handler

from hubs.api import BookingViewSet, HubViewSet, ServiceViewSet, SpaceViewSet
from wards.api import ForumMeetingViewSet, WardPlanViewSet, WardViewSet

logger = logging.getLogger(__name__)

router = routers.DefaultRouter()
router.register("wards", WardViewSet, basename="ward")
router.register("ward-plans", WardPlanViewSet, basename="ward-plan")
router.register("forum-meetings", ForumMeetingViewSet, basename="forum-meeting")
router.register("hubs", HubViewSet, basename="hub")
router.register("spaces", SpaceViewSet, basename="space")
router.register("bookings", BookingViewSet, basename="booking")
router.register("services", ServiceViewSet, basename="service")

urlpatterns = router.urls


def exception_handler(exc, context):
    """DRF's handler, plus: Django's own errors as JSON, and never an HTML 500 from the API."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        from django.core.exceptions import ValidationError as DjangoValidationError

        if isinstance(exc, DjangoValidationError):
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            return drf_exception_handler(exceptions.ValidationError(detail), context)
    return response
