"""Forms of the council's service contracts (thin: the services validate): a commissioning
officer's contract, specification version, review, answer to a ward's input and renewal
decision; a councillor's input for their ward."""

from django import forms

from localism.accounts.models import Organisation
from localism.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    MoneyField,
    ServiceForm,
    VersionedForm,
    date_field,
    text_field,
)
from wards.models import Priority, Ward

from ..models import Contract, ContractReview, ServiceSpecification, Supplier, WardInput
from ..models.contracts import MAX_VALUE_DIGITS


class ContractForm(ServiceForm):
    ocid = text_field(Contract, "ocid", label="OCDS identifier (ocid)", help_text="As Contracts Finder gives it.",
                      error_messages={"required": "Enter the contract's ocid"})
    title = text_field(Contract, "title", label="Title", error_messages={"required": "Enter the contract's title"})
    description = text_field(Contract, "description", label="Description", textarea=True, required=False)
    buyer = BoundedModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.COUNCIL_DIRECTORATE), label="Buyer (directorate)",
        empty_label="Choose a directorate", error_messages={"required": "Choose the directorate that buys the service"})
    suppliers = BoundedModelMultipleChoiceField(queryset=Supplier.objects.all(), label="Suppliers", required=False,
                                                widget=forms.CheckboxSelectMultiple)
    value = MoneyField(label="Value (£)", allow_zero=True, max_digits=MAX_VALUE_DIGITS)
    period_start = date_field("Contract starts", missing="Enter the date the contract starts")
    period_end = date_field("Contract ends", missing="Enter the date the contract ends")
    max_extent_date = date_field("Options to extend run to (optional)", required=False)
    decision_due = date_field("Renewal decision due by", missing="Enter the date the renewal decision is due")
    city_wide = forms.BooleanField(label="Serves the whole city", required=False)
    wards = BoundedModelMultipleChoiceField(queryset=Ward.objects.current().order_by("name"), label="Wards served",
                                            required=False, widget=forms.CheckboxSelectMultiple)
    status = forms.ChoiceField(label="Status", choices=Contract.Status.choices, widget=forms.RadioSelect,
                               initial=Contract.Status.ACTIVE, error_messages={"required": "Choose the status"})


class ContractEditForm(ContractForm, VersionedForm):
    pass


class SpecificationForm(ServiceForm):
    title = text_field(ServiceSpecification, "title", label="Title",
                       error_messages={"required": "Enter the specification's title"})
    issued_on = date_field("Issued on", missing="Enter the date the version was issued")
    summary = text_field(ServiceSpecification, "summary", label="What is specified", textarea=True,
                         error_messages={"required": "Enter a summary of what is specified"})
    ward_influence = text_field(ServiceSpecification, "ward_influence", label="How wards can influence it",
                                textarea=True, error_messages={"required": "Enter how wards can influence it"})
    document_url = forms.URLField(label="Document address (optional)", required=False, max_length=500,
                                  assume_scheme="https",
                                  error_messages={"invalid": "Enter the document's address, like https://…"})


class ReviewForm(ServiceForm):
    kind = forms.ChoiceField(label="Kind of review", choices=ContractReview.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of review"})
    reviewed_on = date_field("Reviewed on", missing="Enter the date of the review")
    rating = forms.ChoiceField(label="Rating", choices=ContractReview.Rating.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the rating"})
    findings = text_field(ContractReview, "findings", label="Findings", textarea=True,
                          error_messages={"required": "Enter the review's findings"})


class WardInputForm(ServiceForm):
    ward = BoundedModelChoiceField(queryset=Ward.objects.none(), label="Ward", empty_label="Choose a ward",
                                   error_messages={"required": "Choose the ward the input is for"})
    priorities = BoundedModelMultipleChoiceField(
        queryset=Priority.objects.none(), label="Priorities of the ward's plan", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one priority of the ward's plan the input is for"})
    statement = text_field(WardInput, "statement", label="What the ward wants from the renewal", textarea=True,
                           error_messages={"required": "Enter what the ward wants from the renewal"})

    def __init__(self, *args, wards, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = wards
        self.fields["priorities"].queryset = priorities
        self.fields["priorities"].label_from_instance = lambda p: f"{p.plan.title} ({p.plan.period}): {p.title}"


class AnswerForm(VersionedForm):
    answer = text_field(WardInput, "answer", label="Your answer (the councillors read it)", textarea=True,
                        error_messages={"required": "Enter your answer to the ward's input"})


class RenewalForm(VersionedForm):
    decision = forms.ChoiceField(label="Renewal decision", choices=Contract.Decision.choices,
                                 widget=forms.RadioSelect, error_messages={"required": "Choose the renewal decision"})
    decided_on = date_field("Date of the decision", missing="Enter the date of the decision")


class ImportForm(ServiceForm):
    file = forms.FileField(label="OCDS release package (JSON)",
                           error_messages={"required": "Choose the file to import"})
