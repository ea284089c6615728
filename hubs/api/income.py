"""A hub's income by month, as hubs/{id}/income/?year= gives it: room charges (fixed when each
booking was made) and occupiers' yearly charges spread by month. For the hub's managers and admins."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from localism.core.api import NamedSerializer
from localism.core.errors import Refused

from .. import selectors
from ..models import Hub

NOT_YOUR_HUB = "Only the hub's officers see its income."


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class MonthIncomeSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month.")
    rooms = _money(help_text="The charges of confirmed bookings that start in the month.")
    occupancy = _money(help_text="The occupiers' yearly charges: a twelfth a month, part months by their days.")
    total = _money()


class HubIncomeSerializer(serializers.Serializer):
    hub = NamedSerializer()
    year = serializers.IntegerField()
    rooms = _money(source="income.rooms")
    occupancy = _money(source="income.occupancy")
    total = _money(source="income.total")
    months = MonthIncomeSerializer(many=True, source="income.months")


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999)

    def validate(self, attrs):
        year = attrs.get("year", timezone.localdate().year)
        selectors.check_income_year(year)  # a Django ValidationError: DRF answers 400 by field
        return {"year": year}


class HubIncomeViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]
    error_statuses = {"list": ["403"]}  # signed in, but not one of the hub's managers

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="The calendar year; by default this year.")],
        responses={200: HubIncomeSerializer},
        description="A hub's income by month of a year, from room bookings and occupiers' agreements. "
                    "For the hub's managers and admins.",
    )
    def list(self, request, hub_pk=None):
        hub = get_object_or_404(Hub, pk=hub_pk)
        if not request.user.has_perm("hubs.change_hub", hub):
            raise Refused(NOT_YOUR_HUB)
        year = YearSerializer(data=request.query_params)
        year.is_valid(raise_exception=True)
        data = {"hub": hub, "year": year.validated_data["year"],
                "income": selectors.hub_income(hub, year=year.validated_data["year"])}
        return Response(HubIncomeSerializer(data).data)
