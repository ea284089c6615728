"""Forms of the assets of community value pages: the public lists' filters, and the asset
officers' forms for each step (thin: the services validate)."""

from django import forms

from localism.core.forms import BoundedModelChoiceField
from wards.models import Ward

from ..models import CommunityValueNomination
from ..selectors.community import LISTING_STATUSES

Status = CommunityValueNomination.Status


class ListFilterForm(forms.Form):
    """A public list's filters: a ward, and (on the list of assets of community value) a status."""

    ward = BoundedModelChoiceField(queryset=Ward.objects.none(), required=False, to_field_name="slug",
                                  label="Ward", empty_label="Any ward")
    status = forms.ChoiceField(required=False, label="Status")

    def __init__(self, *args, statuses=LISTING_STATUSES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.current().without_geometry().order_by("name")
        self.fields["status"].choices = [("", "Any status"), *((s.value, s.label) for s in statuses)]
