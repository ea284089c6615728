"""The partner API for hubs and their spaces: hubs/, spaces/ and hubs/{id}/occupancy/. Hubs and their
spaces are public; a hub's occupancy is for its managers and admins."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from localism.core.api import OPTIONAL_DATE, IdFilter, RulesPermissionsMixin

from .. import selectors
from ..models import Hub, OpeningHours, Space
from .common import HubWardSerializer, _page_url, ward_code_filter
from .occupancy import HubOccupancySerializer, PeriodSerializer


class OpeningHoursSerializer(serializers.ModelSerializer):
    weekday = serializers.IntegerField(help_text="0 is Monday, 6 is Sunday.")
    day = serializers.CharField(source="get_weekday_display")

    class Meta:
        model = OpeningHours
        fields = ["weekday", "day", "opens", "closes"]


class HubSerializer(serializers.ModelSerializer):
    ward = HubWardSerializer(read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Hub
        fields = ["id", "name", "slug", "ward", "address", "postcode", "latitude", "longitude", "opening_hours",
                  "accessibility", "url", "page_url"]

    def get_url(self, hub) -> str:
        return reverse("api:hub-detail", kwargs={"pk": hub.pk}, request=self.context.get("request"))

    def get_page_url(self, hub) -> str:
        return _page_url(self.context.get("request"), hub.get_absolute_url())


class SpaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Space
        fields = ["id", "hub", "name", "kind", "capacity", "floor_area_m2", "bookable_by", "approval_needed",
                  "accessible"]


class HubFilter(django_filters.FilterSet):
    ward = ward_code_filter("ward__gss_code", "Hubs in this ward (its GSS code).")

    class Meta:
        model = Hub
        fields = ["ward"]


class SpaceFilter(django_filters.FilterSet):
    hub = IdFilter(field_name="hub_id", help_text="Spaces of this hub (its id).")

    class Meta:
        model = Space
        fields = ["hub"]


class HubViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """Shared service hubs: where they are, when they open and how to get in. Public, read-only."""

    serializer_class = HubSerializer
    filterset_class = HubFilter
    search_fields = ["name", "address", "postcode"]
    ordering_fields = ["name"]
    permission_type_map = {**RulesPermissionsMixin.permission_type_map, "occupancy": "change"}
    error_statuses = {"occupancy": ["403"]}  # for the hub's managers only

    def get_queryset(self):
        if self.action == "occupancy":
            return Hub.objects.all()
        return (Hub.objects.with_ward()
                .prefetch_related("opening_hours").order_by("name"))

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OPTIONAL_DATE, description="The first day of the utilisation period; "
                                                                     "by default the Monday four weeks ago."),
            OpenApiParameter("to", OPTIONAL_DATE, description="Its last day; by default last Sunday. "
                                                                   "A year at most."),
        ],
        responses={200: HubOccupancySerializer},
        description="Who occupies the hub today, under what agreement and for what charge; the floor area "
                    "occupied and vacant; agreements ending soon; and how much the bookable spaces were used. "
                    "For the hub's managers and admins.",
    )
    @action(detail=True, permission_classes=[IsAuthenticated])
    def occupancy(self, request, pk=None):
        hub = self.get_object()
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        today = timezone.localdate()
        data = {"hub": hub, "on": today, "summary": selectors.hub_occupancy(hub, on=today),
                "utilisation": selectors.utilisation(hub, **period.validated_data)}
        return Response(HubOccupancySerializer(data, context=self.get_serializer_context()).data)


class SpaceViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """The rooms, offices, halls and desk areas of the hubs, and who may book them. Public, read-only."""

    serializer_class = SpaceSerializer
    filterset_class = SpaceFilter
    search_fields = ["name"]
    ordering_fields = ["name", "capacity", "floor_area_m2"]

    def get_queryset(self):
        return Space.objects.order_by("hub_id", "name")
