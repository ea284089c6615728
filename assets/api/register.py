"""The partner API for the asset register: assets/ [ward, tenure, holding_type, community_value],
assets/{id}/ and assets/export.csv (the register in the Transparency Code's columns, the file
`import_assets` reads). Read-only, for everyone: it is what the Code makes public. Asset officers
change the register on its pages (and by importing a file there), where each change is checked,
versioned and in the asset's history."""

import io

import django_filters
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.reverse import reverse

from localism.core.api import RulesPermissionsMixin, code_filter
from wards.models import Ward
from wards.models.geography import validate_gss_code

from ..models import Asset, CommunityValue, Tenure
from ..selectors import register as selectors

EXPORT_FILENAME = "birmingham-land-and-assets.csv"


class AssetFilter(django_filters.FilterSet):
    ward = code_filter("ward__gss_code", "Assets in this ward (its GSS code).", validate_gss_code)
    tenure = django_filters.ChoiceFilter(choices=Tenure.choices, help_text="Freehold, Leasehold or Other.")
    holding_type = django_filters.CharFilter(field_name="holding_type", lookup_expr="iexact", max_length=100,
                                             help_text="E.g. Land, or Land and Building (any case).")
    community_value = django_filters.ChoiceFilter(
        choices=[(c.value or "none", c.label) for c in CommunityValue], method="filter_community_value",
        help_text="listed (asset of community value), transfer (offered for community asset transfer), both, "
                  "or none.")

    class Meta:
        model = Asset
        fields = ["ward", "tenure", "holding_type", "community_value"]

    def filter_community_value(self, queryset, name, value):
        return queryset.filter(community_value="" if value == "none" else value)


class AssetWardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ward
        fields = ["gss_code", "name"]


class AssetSerializer(serializers.ModelSerializer):
    ward = AssetWardSerializer(read_only=True, allow_null=True, help_text="Null outside Birmingham's wards.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = [
            "id", "asset_code", "uprn", "name", "street", "post_town", "postcode", "easting", "northing",
            "latitude", "longitude", "tenure", "tenure_detail", "holding_type", "size", "size_unit",
            "services_offered", "reason_held", "community_value", "running_costs", "maintenance_backlog",
            "suitability", "energy_rating", "ward", "location_source", "missing_since", "version", "url",
        ]
        read_only_fields = fields

    def get_url(self, asset) -> str:
        return reverse("api:asset-detail", kwargs={"pk": asset.pk}, request=self.context.get("request"))


class AssetViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """The council's land and buildings, as the Local Government Transparency Code publishes them,
    each with its ward (null outside Birmingham). Disposed of assets are left out. Read-only."""

    serializer_class = AssetSerializer
    filterset_class = AssetFilter
    ordering_fields = ["name", "asset_code"]
    search_fields = ["name", "street", "asset_code", "uprn", "postcode"]
    # The export is a list, read by anyone, as the list is.
    permission_type_map = {**RulesPermissionsMixin.permission_type_map, "export": None}

    def get_queryset(self):
        return selectors.asset_list()

    @extend_schema(
        filters=True,
        responses={(200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR, description="The register in the Transparency Code's columns, in its order.")})
    def export(self, request):
        """The register (filtered as the list is) as CSV in the Code's columns: the file that
        `manage.py import_assets` and the import page read back to the same records."""
        # Routed at assets/export.csv exactly (localism/api.py), without the router's slash.
        out = io.StringIO()
        selectors.register_csv_write(out, self.filter_queryset(self.get_queryset()))
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
        return response
