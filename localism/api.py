"""The /api/v1/ router: each app's viewsets gathered under the partner contract's names."""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import routers

from assets.api import AssetViewSet
from assets.api.community import CommunityValueViewSet
from assets.api.contracts import ContractViewSet
from assets.api.contributions import ContributionViewSet, NeighbourhoodCilAllocationViewSet
from engagement.api.consultations import ConsultationViewSet
from engagement.api.ideas import IdeaViewSet
from engagement.api.results import ConsultationResultsViewSet
from hubs.api import BookingViewSet, HubIncomeViewSet, HubViewSet, ServiceViewSet, SpaceViewSet
from wards.api import ForumMeetingViewSet, WardPlanViewSet, WardViewSet

router = routers.DefaultRouter()
router.register("wards", WardViewSet, basename="ward")
router.register("ward-plans", WardPlanViewSet, basename="ward-plan")
router.register("forum-meetings", ForumMeetingViewSet, basename="forum-meeting")
router.register(r"hubs/(?P<hub_pk>[0-9]{1,9})/income", HubIncomeViewSet, basename="hub-income")
router.register("hubs", HubViewSet, basename="hub")
router.register("spaces", SpaceViewSet, basename="space")
router.register("bookings", BookingViewSet, basename="booking")
router.register("services", ServiceViewSet, basename="service")
router.register("assets", AssetViewSet, basename="asset")
router.register(r"consultations/(?P<consultation_pk>[0-9]{1,9})/results", ConsultationResultsViewSet,
                basename="consultation-results")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("ideas", IdeaViewSet, basename="idea")
router.register("community-value", CommunityValueViewSet, basename="community-value")
router.register("contracts", ContractViewSet, basename="contract")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("neighbourhood-cil-allocations", NeighbourhoodCilAllocationViewSet,
                basename="neighbourhood-cil-allocation")

urlpatterns = [
    path("assets/export.csv", AssetViewSet.as_view({"get": "export"}), name="asset-export"),
    *router.urls,
]


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI. An OPTIONS request gets the methods it allows (the page is HTML only: DRF's
    metadata would need a template it has not got)."""

    def options(self, request, *args, **kwargs):
        return HttpResponse(status=200, headers={"Allow": "GET, HEAD, OPTIONS"})
