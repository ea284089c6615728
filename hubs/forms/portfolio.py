"""The form with which a hub's officers or an asset officer say which building of the asset
register a hub is in: by the council's asset id (LIB-shard-end-library, say), or none."""

from django import forms

from assets.models import Asset
from localism.core.forms import ServiceForm

ASSET_UNKNOWN = "No asset the council holds has the id {code}: check it on the asset register"
SUGGESTIONS = 10


class HubBuildingForm(ServiceForm):
    asset_code = forms.CharField(
        label="Asset id", required=False, max_length=60,
        help_text="The council's id for the building, from the asset register. Leave it empty if the "
                  "hub is in no building of the register.")
    service_fields = {"asset": "asset_code"}

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub = hub
        if not self.is_bound and hub.asset_id:
            self.initial["asset_code"] = hub.asset.asset_code

    def clean(self):
        cleaned = super().clean()
        code = " ".join((cleaned.get("asset_code") or "").split())
        cleaned["asset"] = None
        if code:
            cleaned["asset"] = Asset.objects.held().filter(asset_code__iexact=code).first()
            if cleaned["asset"] is None:
                self.add_error("asset_code", ASSET_UNKNOWN.format(code=code))
        return cleaned

    def suggestions(self):
        """Buildings the council holds in the hub's ward or at its postcode, a few at most."""
        return list(Asset.objects.held().filter(ward_id=self.hub.ward_id).order_by("name")
                    .only("asset_code", "name", "street", "postcode")[:SUGGESTIONS])
