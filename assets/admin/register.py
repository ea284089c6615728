"""Django admin for the asset register. Adding and changing an asset go through the register's
services, so admin refuses what the pages refuse (a taken asset id, a stale version) and the
asset is placed in its ward the same way; its ward, location and disposal are shown, not typed."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localism.core.admin import LightChoicesMixin, ServiceAdminMixin, version_of

from .. import services
from ..forms.register import ASSET_FIELDS
from ..models import Asset


@admin.register(Asset)
class AssetAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["name", "asset_code", "uprn", "ward", "tenure", "holding_type", "community_value",
                    "location_source", "missing_since", "disposed_at", "is_demo"]
    list_filter = ["tenure", "holding_type", "community_value", "location_source", "is_demo",
                   ("ward", admin.EmptyFieldListFilter), ("disposed_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "asset_code", "uprn", "street", "postcode", "ward__name"]
    list_select_related = ["ward"]
    readonly_fields = ["ward", "location_source", "latitude", "longitude", "missing_since", "disposed_at",
                       "version"]
    fieldsets = [
        ("The register (Transparency Code, Part 2)", {"fields": [
            "asset_code", "uprn", "name", "street", "post_town", "postcode", "easting", "northing", "tenure",
            "tenure_detail", "holding_type"]}),
        ("Part 3", {"fields": ["size", "size_unit", "services_offered", "reason_held", "community_value",
                               "running_costs", "maintenance_backlog", "suitability", "energy_rating"]}),
        ("Placed by the service", {"fields": ["ward", "location_source", "latitude", "longitude", "missing_since",
                                              "disposed_at", "version"]}),
        ("Source", {"fields": ["is_demo"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ward").defer("ward__boundary",
                                                                          "ward__boundary_simplified")

    def service_save(self, request, form, obj):
        values = {name: form.cleaned_data[name] for name in ASSET_FIELDS}
        if obj is None:
            return services.asset_create(user=request.user, is_demo=form.cleaned_data["is_demo"], **values)
        return services.asset_update(user=request.user, asset_id=obj.pk, version=version_of(form, obj),
                                     is_demo=form.cleaned_data["is_demo"], **values)
