"""The form of a consultation's outcome: "We asked, you said, we did" and the priorities that
came from it."""

from django import forms

from localism.core.forms import BoundedModelMultipleChoiceField, VersionedForm, text_field

from ..models import Consultation
from ..selectors.outcomes import outcome_priority_choices
from ..services.outcomes import WE_ASKED_MISSING, WE_DID_MISSING, YOU_SAID_MISSING


class OutcomeForm(VersionedForm):
    we_asked = text_field(Consultation, "we_asked", label="We asked", textarea=True, what="We asked",
                          error_messages={"required": WE_ASKED_MISSING})
    you_said = text_field(Consultation, "you_said", label="You said", textarea=True, what="You said",
                          error_messages={"required": YOU_SAID_MISSING})
    we_did = text_field(Consultation, "we_did", label="We did", textarea=True, what="We did",
                        error_messages={"required": WE_DID_MISSING})
    outcome_priorities = BoundedModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label="Priorities that came from this consultation (optional)")

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["outcome_priorities"]
        field.queryset = outcome_priority_choices(consultation)
        field.label_from_instance = lambda p: f"{p.title} ({p.plan.title}, {p.plan.period})"

    @classmethod
    def initial_for(cls, consultation: Consultation) -> dict:
        return {"we_asked": consultation.we_asked, "you_said": consultation.you_said, "we_did": consultation.we_did,
                "outcome_priorities": [p.pk for p in consultation.outcome_priorities.all()],
                "version": consultation.version}
