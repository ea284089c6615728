"""Forms of developer contributions: a planning obligations officer's transaction and Section
106 allocation, and a councillor's allocation of the ward's neighbourhood CIL (thin: the
services keep the money rules, and their refusals show against the amount)."""

from django import forms

from localism.core.forms import BoundedModelChoiceField, MoneyField, ServiceForm, date_field, text_field
from wards.models import Priority

from ..models import ContributionTransaction, DeveloperContribution, FundingStatus, NeighbourhoodCilAllocation

MONEY_MAX_DIGITS = 11


def _priority_label(priority) -> str:
    return f"{priority.plan.title} ({priority.plan.period}): {priority.title}"


class TransactionForm(ServiceForm):
    contribution = BoundedModelChoiceField(queryset=DeveloperContribution.objects.none(), label="Contribution",
                                           empty_label="Choose a contribution",
                                           error_messages={"required": "Choose the contribution"})
    status = forms.ChoiceField(label="What happened to the money", choices=[
        (s.value, s.label) for s in FundingStatus if s != FundingStatus.ALLOCATED],
        error_messages={"required": "Choose what happened to the money"})
    amount = MoneyField(label="Amount, in pounds", max_digits=MONEY_MAX_DIGITS)
    start_date = date_field("Date", missing="Enter the date of the transaction")
    notes = text_field(ContributionTransaction, "notes", label="Notes (optional)", required=False, textarea=True)

    def __init__(self, *args, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contribution"].queryset = contributions
        self.fields["contribution"].label_from_instance = lambda c: (
            f"{c.reference}: {c.agreement.name}, {c.get_purpose_display()}")


class S106AllocationForm(ServiceForm):
    contribution = BoundedModelChoiceField(queryset=DeveloperContribution.objects.none(),
                                           label="Section 106 contribution", empty_label="Choose a contribution",
                                           error_messages={"required": "Choose the contribution"})
    priority = BoundedModelChoiceField(queryset=Priority.objects.none(), label="Priority of a Ward Plan",
                                       empty_label="Choose a priority",
                                       error_messages={"required": "Choose the priority the money is for"})
    amount = MoneyField(label="Amount, in pounds", max_digits=MONEY_MAX_DIGITS)
    start_date = date_field("Date of the allocation", missing="Enter the date of the allocation")

    def __init__(self, *args, contributions, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contribution"].queryset = contributions
        self.fields["contribution"].label_from_instance = lambda c: f"{c.reference}: {c.agreement.name}"
        self.fields["priority"].queryset = priorities
        self.fields["priority"].label_from_instance = _priority_label


class NeighbourhoodCilForm(ServiceForm):
    priority = BoundedModelChoiceField(queryset=Priority.objects.none(), label="Priority of your Ward Plan",
                                       empty_label="Choose a priority",
                                       error_messages={"required": "Choose the priority the money is for"})
    amount = MoneyField(label="Amount, in pounds", max_digits=MONEY_MAX_DIGITS)
    description = text_field(NeighbourhoodCilAllocation, "description", label="What the money is for",
                             error_messages={"required": "Enter what the money is for"})

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities
        self.fields["priority"].label_from_instance = _priority_label
