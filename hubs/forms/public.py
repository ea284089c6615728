"""The hub directory's filters: a GET form, so that a filtered list has an address to share
and works without JavaScript."""

from django import forms

from wards.selectors import POSTCODE_MALFORMED, WardLookupError

from .. import selectors
from ..models import HubService

SERVICE_TOO_LONG = "Service must be 100 characters or fewer"


class FilterChoiceField(forms.ChoiceField):
    """A choice that filters nothing when its value is not among the choices (an old link, an
    address typed by hand), as the ward list does, rather than an error to correct."""

    def clean(self, value):
        value = self.to_python(value)
        return value if self.valid_value(value) else ""


class HubFilterForm(forms.Form):
    postcode = forms.CharField(
        label="Near a postcode", required=False, max_length=16,
        error_messages={"max_length": POSTCODE_MALFORMED},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    service = forms.CharField(label="Service", required=False, max_length=100,
                              error_messages={"max_length": SERVICE_TOO_LONG})
    category = FilterChoiceField(label="Type of service", required=False,
                                 choices=[("", "All types of service"), *HubService.Category.choices])
    ward = FilterChoiceField(label="Ward", required=False)

    def __init__(self, *args, wards, **kwargs):
        super().__init__(*args, **kwargs)
        self.wards = {slug: pk for slug, _name, pk in wards}  # the ward's pk, by the slug chosen
        self.fields["ward"].choices = [("", "All wards")] + [(slug, name) for slug, name, _pk in wards]
        self.location: selectors.PostcodePoint | None = None

    def clean_ward(self):
        return self.wards.get(self.cleaned_data["ward"])

    def clean_postcode(self):
        if not self.cleaned_data["postcode"].strip():
            return ""
        try:
            self.location = selectors.postcode_location(postcode=self.cleaned_data["postcode"])
        except WardLookupError as error:
            raise forms.ValidationError(error.message, code=str(error.status)) from None
        return self.location.postcode

    def directory_filters(self) -> dict:
        """The arguments of selectors.hubs_for_directory from the filters that are valid."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {"ward": data.get("ward"), "category": data.get("category") or None,
                "service": data.get("service") or None}

    @property
    def filtering(self) -> bool:
        return self.is_bound and any(self.data.get(name, "").strip() for name in self.fields)

    @property
    def status(self) -> int:
        """As find-your-ward answers: 404 for a postcode Birmingham does not have, 400 for other
        errors."""
        if not self.is_bound or not self.errors:
            return 200
        codes = [error.code for error in self.errors.as_data().get("postcode", [])]
        return 404 if "404" in codes else 400
