"""Forms for residents' ideas: propose one (the ward chosen from a list or found by postcode),
filter the list, respond to one (adopt, refer, take to the forum, decline), hide one."""

from django import forms

from localism.accounts.models import Organisation
from localism.core.forms import BoundedModelChoiceField, ServiceForm, VersionedForm, text_field
from wards.models import Theme, Ward
from wards.selectors import WardLookupError, ward_for_postcode

from ..models import Idea, IdeaStatus
from ..services.ideas import (
    DESCRIPTION_MISSING,
    HIDE_REASON_MISSING,
    THEME_MISSING,
    TITLE_MISSING,
    WARD_MISSING,
)

RESPONSE_KIND_MISSING = "Choose how you respond to the idea"


def _wards():
    return Ward.objects.current().without_geometry().order_by("name")


class IdeaForm(ServiceForm):
    ward = BoundedModelChoiceField(queryset=_wards(), required=False, empty_label="Choose a ward",
                                   label="Ward (or enter a postcode below)")
    postcode = forms.CharField(label="Postcode in the ward (optional)", required=False, max_length=12)
    title = text_field(Idea, "title", label="Your idea, in a few words",
                       error_messages={"required": TITLE_MISSING})
    description = text_field(Idea, "description", label="Describe your idea", textarea=True,
                             error_messages={"required": DESCRIPTION_MISSING})
    theme = forms.ChoiceField(label="What is it about?", choices=Theme.choices,
                              error_messages={"required": THEME_MISSING})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rate_limited = False
        self.fields["ward"].queryset = _wards()

    def clean(self):
        data = super().clean()
        postcode = (data.get("postcode") or "").strip()
        if data.get("ward") is None and not postcode:
            self.add_error("ward", WARD_MISSING)
        elif data.get("ward") is None:
            try:
                data["ward"] = ward_for_postcode(postcode=postcode).ward
            except WardLookupError as error:
                self.add_error("postcode", error.message)
        return data

    def add_service_error(self, error):
        self.rate_limited = self.rate_limited or getattr(error, "code", None) == "rate_limited"
        super().add_service_error(error)

    @property
    def status_code(self) -> int:
        return 429 if self.rate_limited else super().status_code


class IdeaFilterForm(forms.Form):
    ward = BoundedModelChoiceField(queryset=_wards(), required=False, to_field_name="slug", empty_label="All wards",
                                  label="Ward")
    status = forms.ChoiceField(choices=[("", "Any status"), *IdeaStatus.choices], required=False, label="Status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = _wards()


RESPONSE_KINDS = [
    (IdeaStatus.ADOPTED, "Adopt it: add it as a priority to the ward's draft Ward Plan"),
    (IdeaStatus.REFERRED, "Refer it to a service or partner"),
    (IdeaStatus.TO_FORUM, "Take it to the next meeting of the Ward Forum"),
    (IdeaStatus.DECLINED, "Decline it"),
]


class RespondForm(VersionedForm):
    kind = forms.ChoiceField(label="How do you respond?", choices=RESPONSE_KINDS, widget=forms.RadioSelect,
                             error_messages={"required": RESPONSE_KIND_MISSING})
    referred_to = BoundedModelChoiceField(queryset=Organisation.objects.order_by("name"), required=False,
                                          empty_label="Choose a service or partner",
                                          label="Service or partner (if you refer it)")
    response = text_field(Idea, "response", label="Your response, shown publicly with the idea", textarea=True,
                          required=False)

    service_fields = {"referred_to": "referred_to", "response": "response", "hidden_reason": "response"}


class HideForm(ServiceForm):
    hidden_reason = text_field(Idea, "hidden_reason", label="Why is it hidden?", textarea=True,
                               error_messages={"required": HIDE_REASON_MISSING})
