"""Forms for the asset register: the public list's filters, an asset officer's add and edit
form, and the upload of a register file."""

from django import forms
from django.conf import settings
from django.forms.models import fields_for_model

from localism.core.forms import MoneyField, ServiceForm, VersionedForm
from wards.models import Ward
from wards.selectors import WardLookupError, postcode_normalise

from ..models import Asset, CommunityValue, Tenure
from ..services.register_format import BadValue, uprn

OUTSIDE = "outside"
ANY = ""
FILE_MISSING = "Choose the register file to upload"
FILE_TOO_LARGE = "The file must be smaller than {mb:,.0f} MB"
FILE_NOT_CSV = "The file must be a CSV file (.csv)"
GRID_HALF = "Enter both the easting and the northing, or neither"

ASSET_FIELDS = [
    "asset_code", "uprn", "name", "street", "post_town", "postcode", "easting", "northing", "tenure",
    "tenure_detail", "holding_type", "size", "size_unit", "services_offered", "reason_held", "community_value",
    "running_costs", "maintenance_backlog", "suitability", "energy_rating",
]
MONEY_FIELDS = ("running_costs", "maintenance_backlog")


class AssetFilterForm(forms.Form):
    """The register's filters: a GET form, so a filtered list can be shared and needs no script."""

    ward = forms.ChoiceField(label="Ward", required=False)
    tenure = forms.ChoiceField(label="Tenure", required=False, choices=[(ANY, "Any tenure"), *Tenure.choices])
    holding_type = forms.ChoiceField(label="Holding type", required=False)
    community_value = forms.ChoiceField(
        label="Community asset", required=False,
        choices=[("any", "Any"), *[(c.value or "none", c.label.capitalize()) for c in CommunityValue]])

    def __init__(self, *args, holding_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        wards = Ward.objects.current().without_geometry().order_by("name").values_list("gss_code", "name")
        self.fields["ward"].choices = [(ANY, "All wards"), (OUTSIDE, "Outside Birmingham's wards"), *wards]
        self.fields["holding_type"].choices = [(ANY, "Any holding type"), *((h, h) for h in holding_types)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        community = data["community_value"] or "any"
        return {
            "ward": data["ward"] if data["ward"] != OUTSIDE else None,
            "outside_birmingham": data["ward"] == OUTSIDE,
            "tenure": data["tenure"] or None,
            "holding_type": data["holding_type"] or None,
            "community_value": "" if community == "none" else community,
        }

    @property
    def filtering(self) -> bool:
        return any(self.data.get(name) not in (None, "", "any") for name in self.fields)


class AssetForm(VersionedForm):
    """An asset's details, as the register keeps them. Its ward comes from the map reference or
    the postcode, never from the form."""

    service_fields = {"ward": "postcode", "latitude": "easting", "longitude": "easting"}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = fields_for_model(Asset, fields=ASSET_FIELDS)
        for name in MONEY_FIELDS:
            model_fields[name] = MoneyField(label=model_fields[name].label, required=False, allow_zero=True)
        model_fields["uprn"].help_text = "12 digits, if it has one (leave it empty rather than guess)."
        self.fields = {**model_fields, "version": self.fields["version"]}
        if not editing:
            self.fields["version"].required = False

    @classmethod
    def initial_for(cls, asset) -> dict:
        return {**{name: getattr(asset, name) for name in ASSET_FIELDS}, "version": asset.version}

    def clean_uprn(self):
        try:
            return uprn(self.cleaned_data["uprn"])
        except BadValue as e:
            raise forms.ValidationError(f"Enter a UPRN of up to 12 digits, or leave it empty ({e})") from None

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if not value:
            return ""
        try:
            return postcode_normalise(value)
        except WardLookupError as e:
            raise forms.ValidationError(e.message) from None

    def clean(self):
        data = super().clean()
        if (data.get("easting") is None) != (data.get("northing") is None):
            self.add_error("easting", GRID_HALF)
        return data

    def asset_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ASSET_FIELDS}


class RegisterUploadForm(ServiceForm):
    file = forms.FileField(label="Register file (CSV)", error_messages={"required": FILE_MISSING})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ASSETS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(FILE_TOO_LARGE.format(mb=limit / 1_000_000))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(FILE_NOT_CSV)
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ConfirmDisposalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
