"""The partner API for hubs and their spaces: hubs/ (nearest first to a postcode or a point with
`near` or `lat`/`lon`), spaces/ and hubs/{id}/occupancy/. Hubs and their spaces are public; a
hub's occupancy is for its managers and admins."""

import math

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from localism.core.api import OPTIONAL_DATE, IdFilter, RulesPermissionsMixin
from wards.selectors import POSTCODE_MALFORMED, WardLookupError

from .. import selectors
from ..models import Hub, OpeningHours, Space, Weekday
from .common import HubWardSerializer, _page_url, ward_code_filter
from .occupancy import HubOccupancySerializer, PeriodSerializer

# Latitudes and longitudes of the United Kingdom, its islands included: a point outside them is
# a mistake (a latitude and longitude swapped, a sign lost), not a place with a nearest hub.
UK_LATITUDE, UK_LONGITUDE = (49.8, 60.9), (-8.7, 1.8)
LATITUDE_OUTSIDE_UK = "Enter a latitude in the UK, between 49.8 and 60.9"
LONGITUDE_OUTSIDE_UK = "Enter a longitude in the UK, between -8.7 and 1.8"
LONGITUDE_MISSING = "Enter the longitude too"
LATITUDE_MISSING = "Enter the latitude too"
NEAR_AND_POINT = "Give a postcode (near) or a point (lat and lon), not both"
USE_NEAR = "There is no postcode filter: use near=<postcode> for the hubs nearest a postcode."


class NearSerializer(serializers.Serializer):
    """Where the nearest hubs are looked for: a postcode, or a point in the UK."""

    near = serializers.CharField(required=False, allow_blank=True, max_length=16,
                                 error_messages={"max_length": POSTCODE_MALFORMED})
    lat = serializers.FloatField(required=False, min_value=UK_LATITUDE[0], max_value=UK_LATITUDE[1],
                                 error_messages={"min_value": LATITUDE_OUTSIDE_UK, "max_value": LATITUDE_OUTSIDE_UK,
                                                 "invalid": LATITUDE_OUTSIDE_UK})
    lon = serializers.FloatField(required=False, min_value=UK_LONGITUDE[0], max_value=UK_LONGITUDE[1],
                                 error_messages={"min_value": LONGITUDE_OUTSIDE_UK,
                                                 "max_value": LONGITUDE_OUTSIDE_UK, "invalid": LONGITUDE_OUTSIDE_UK})

    def validate_lat(self, value):
        if not math.isfinite(value):  # "nan" is a float that no range check refuses
            raise ValidationError(LATITUDE_OUTSIDE_UK)
        return value

    def validate_lon(self, value):
        if not math.isfinite(value):
            raise ValidationError(LONGITUDE_OUTSIDE_UK)
        return value

    def validate(self, attrs):
        """(latitude, longitude), or None when no place was given. A postcode Birmingham does not
        have is a 400 on `near`, as a malformed one is: the request cannot be answered as asked."""
        near, lat, lon = attrs.get("near"), attrs.get("lat"), attrs.get("lon")
        if near is not None and (lat is not None or lon is not None):
            raise ValidationError({"near": [NEAR_AND_POINT]})
        if near is not None:
            try:
                point = selectors.postcode_location(postcode=near)
            except WardLookupError as error:
                raise ValidationError({"near": [error.message]}) from None
            return {"place": (point.latitude, point.longitude)}
        if lat is None and lon is None:
            return {"place": None}
        if lon is None:
            raise ValidationError({"lon": [LONGITUDE_MISSING]})
        if lat is None:
            raise ValidationError({"lat": [LATITUDE_MISSING]})
        return {"place": (lat, lon)}


DAY_NAMES = {weekday: str(name) for weekday, name in Weekday.choices}


class DayName(serializers.CharField):
    """The name of an opening spell's day, looked up: a `source` of `get_weekday_display` would
    have the serializer inspect that method's signature for every row."""

    def get_attribute(self, instance):
        return DAY_NAMES[instance.weekday]


class OpeningHoursSerializer(serializers.ModelSerializer):
    weekday = serializers.IntegerField(help_text="0 is Monday, 6 is Sunday.")
    day = DayName()

    class Meta:
        model = OpeningHours
        fields = ["weekday", "day", "opens", "closes"]


class HubSerializer(serializers.ModelSerializer):
    ward = HubWardSerializer(read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    distance_km = serializers.SerializerMethodField(
        help_text="Kilometres in a straight line from the place given by `near` or `lat`/`lon`; "
                  "null when none was given.")

    class Meta:
        model = Hub
        fields = ["id", "name", "slug", "ward", "address", "postcode", "latitude", "longitude", "opening_hours",
                  "accessibility", "url", "page_url", "distance_km"]

    def get_distance_km(self, hub) -> float | None:
        distance = getattr(hub, "distance_km", None)
        return None if distance is None else round(distance, 2)

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

    @extend_schema(parameters=[
        OpenApiParameter("near", str, description="A Birmingham postcode: the hubs nearest it first, each with "
                                                  "`distance_km`; hubs with no coordinates are left out. An "
                                                  "unknown postcode is a 400."),
        OpenApiParameter("lat", float, description="Instead of `near`: the latitude of a point in the UK "
                                                   "(49.8 to 60.9), with `lon`."),
        OpenApiParameter("lon", float, description="The longitude of that point (-8.7 to 1.8), with `lat`."),
    ])
    def list(self, request, *args, **kwargs):
        if "postcode" in request.query_params:  # not silently ignored: it is not a filter
            raise ValidationError({"postcode": [USE_NEAR]})
        near = NearSerializer(data=request.query_params)
        near.is_valid(raise_exception=True)
        place = near.validated_data["place"]
        hubs = self.filter_queryset(self.get_queryset())
        if place is not None:
            hubs = selectors.hubs_near(hubs, latitude=place[0], longitude=place[1])
        page = self.paginate_queryset(hubs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

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
