"""Reading the register: the public list (filtered by ward, tenure, holding type and community
value), the assets outside Birmingham's wards, those awaiting confirmation of disposal, and the
export in the Transparency Code's columns. Each read is a fixed number of queries, however many
assets there are."""

from django.conf import settings

from localism.core import spreadsheets
from localism.core.history import changes_by_object

from ..models import Asset
from ..services.register_format import EXPORT_COLUMNS, export_row


def _with_ward(queryset):
    return queryset.select_related("ward").defer("ward__boundary", "ward__boundary_simplified")


def asset_with_ward():
    """Every asset (disposed of ones too: their page stays), with its ward."""
    return _with_ward(Asset.objects.all())


HISTORY_FIELDS = ["asset_code", "uprn", "name", "street", "post_town", "postcode", "easting", "northing", "tenure",
                  "tenure_detail", "holding_type", "size", "size_unit", "services_offered", "reason_held",
                  "community_value", "running_costs", "maintenance_backlog", "suitability", "energy_rating", "ward",
                  "missing_since", "disposed_at"]


def asset_history(asset) -> list:
    """The asset's changes, newest first: who, when, and each field from what to what."""
    records = list(asset.history.select_related("history_user"))
    return list(reversed(changes_by_object(Asset, records, HISTORY_FIELDS).get(asset.pk, [])))


def asset_list(*, ward: str | None = None, tenure: str | None = None, holding_type: str | None = None,
               community_value: str | None = None, outside_birmingham: bool = False):
    """The assets the council holds (disposals confirmed are left out); `ward` is a GSS code."""
    assets = _with_ward(Asset.objects.held())
    if ward:
        assets = assets.filter(ward__gss_code=ward)
    if outside_birmingham:
        assets = assets.filter(ward__isnull=True)
    if tenure:
        assets = assets.filter(tenure=tenure)
    if holding_type:
        assets = assets.filter(holding_type__iexact=holding_type)
    if community_value is not None and community_value != "any":
        assets = assets.filter(community_value=community_value)
    return assets.order_by("name", "asset_code")


def assets_outside_birmingham():
    return asset_list(outside_birmingham=True)


def assets_awaiting_disposal():
    return _with_ward(Asset.objects.awaiting_disposal()).order_by("asset_code", "pk")


def holding_types() -> list[str]:
    """The holding types in the register, for the list's filter."""
    return list(Asset.objects.held().exclude(holding_type="").order_by("holding_type")
                .values_list("holding_type", flat=True).distinct())


def register_csv_write(out, assets=None) -> None:
    """Write the register (or `assets`) to `out` in the Code's columns, in its order: the file
    `import_assets` reads back to the same records."""
    assets = asset_list() if assets is None else assets
    writer = spreadsheets.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    organisation, label = settings.ASSETS_ORGANISATION, settings.ASSETS_ORGANISATION_LABEL
    for asset in assets.iterator(chunk_size=2000):
        writer.writerow(export_row(asset, organisation=organisation, label=label))
