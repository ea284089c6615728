"""Forms of the proposed uses of assets: a councillor's proposal and an asset officer's answer
(thin: the services validate)."""

from django import forms

from localism.core.forms import BoundedModelChoiceField, ServiceForm, text_field
from wards.models import Priority

from ..models import Asset, AssetUseProposal

Status = AssetUseProposal.Status
ASSET_MISSING = "Choose the asset"
PRIORITY_MISSING = "Choose the priority of your Ward Plan the use is for"


class ProposalForm(ServiceForm):
    asset = BoundedModelChoiceField(queryset=Asset.objects.none(), label="Asset",
                                    empty_label="Choose an asset", error_messages={"required": ASSET_MISSING})
    priority = BoundedModelChoiceField(queryset=Priority.objects.none(), label="Priority of your Ward Plan",
                                       empty_label="Choose a priority", error_messages={"required": PRIORITY_MISSING},
                                       help_text="The priority the use would serve.")
    proposed_use = text_field(AssetUseProposal, "proposed_use", label="The use you propose", textarea=True,
                              help_text="What the ward would use the asset for, who would run it, and why.",
                              error_messages={"required": "Enter the use you propose for the asset"})

    def __init__(self, *args, assets, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets
        self.fields["asset"].label_from_instance = lambda a: f"{a.name} ({a.asset_code})"
        self.fields["priority"].queryset = priorities
        self.fields["priority"].label_from_instance = lambda p: f"{p.plan.title} ({p.plan.period}): {p.title}"


class AnswerForm(ServiceForm):
    status = forms.ChoiceField(label="Your answer", widget=forms.RadioSelect,
                               choices=[(s.value, s.label) for s in (Status.UNDER_REVIEW, Status.AGREED,
                                                                     Status.DECLINED)],
                               error_messages={"required": "Choose the answer"})
    answer = text_field(AssetUseProposal, "answer", label="Reasons (the councillors read them)", textarea=True,
                        required=False, help_text="Needed to agree or decline.")
    version = forms.IntegerField(widget=forms.HiddenInput)
