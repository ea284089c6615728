"""Forms of the Ward Plan pages. Each edit form carries the version the editor started from; the
services decide what may be saved (the forms only read what was typed)."""

from django import forms

from localism.accounts.models import Organisation, User
from localism.core.dates import DATE_FORMATS
from localism.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    MoneyField,
    ServiceForm,
    VersionedForm,
    date_field,
    text_field,
)

from ..models import (
    Action,
    ActionStatus,
    Neighbourhood,
    PlanStatus,
    Priority,
    ProgressUpdate,
    Source,
    SpendLine,
    Theme,
    Ward,
    WardPlan,
)
from ..models.plans import validate_period
from ..services.plans import POSITION_OUT_OF_RANGE


class PlanForm(VersionedForm):
    title = text_field(WardPlan, "title", error_messages={"required": "Enter a title for the plan"})
    period = forms.CharField(max_length=7, label="Year", validators=[validate_period],
                             error_messages={"required": "Enter the year the plan covers, like 2026/27"})
    summary = text_field(WardPlan, "summary", label="Summary (optional)", required=False, textarea=True)
    wards = BoundedModelMultipleChoiceField(
        queryset=Ward.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ward for the plan"},
        label="Wards the plan covers",
    )

    def __init__(self, *args, offered, **kwargs):
        """`offered`: the wards shown as choices (the editor's own). Any current ward is read,
        so the service, not the form, refuses a ward where the editor holds no seat."""
        super().__init__(*args, **kwargs)
        field = self.fields["wards"]
        field.queryset = Ward.objects.current().for_choices()
        field.widget.choices = [(ward.pk, ward.name) for ward in offered]

    def plan_fields(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "period": data["period"], "summary": data["summary"],
                "wards": list(data["wards"])}


class NewPlanForm(PlanForm):
    copy_from = BoundedModelChoiceField(queryset=WardPlan.objects.none(), required=False,
                                        label="Start from an earlier plan",
                                        empty_label="No, start an empty plan")

    def __init__(self, *args, earlier_plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        self.fields["copy_from"].queryset = earlier_plans


class PlanStatusForm(VersionedForm):
    status = forms.ChoiceField(choices=PlanStatus.choices)


class PublishForm(VersionedForm):
    """Publishing a plan, once the councillor has read what it will do."""


class PriorityForm(VersionedForm):
    title = text_field(Priority, "title", error_messages={"required": "Enter the priority"})
    description = text_field(Priority, "description", label="Description (optional)", required=False, textarea=True)
    theme = forms.ChoiceField(choices=Theme.choices, error_messages={"required": "Choose a theme"})
    source = forms.ChoiceField(choices=Source.choices, label="Where it came from",
                               error_messages={"required": "Choose where the priority came from"})
    neighbourhood = BoundedModelChoiceField(queryset=Neighbourhood.objects.none(), required=False,
                                            label="Neighbourhood (optional)", empty_label="The whole ward")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(ward__in=plan.wards.all())

    def priority_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "description", "theme", "source",
                                                           "neighbourhood")}


class MoveToForm(VersionedForm):
    """Where to move a priority in its plan's ranking, or an action among its priority's actions:
    a select of the places 1 to `count`. What is not a whole number gets the service's own
    message; the service checks the range."""

    position = forms.IntegerField(label="Move to position", widget=forms.Select)

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["position"]
        message = POSITION_OUT_OF_RANGE.format(count=count)
        field.error_messages = {**field.error_messages, "invalid": message, "required": message}
        field.choices = field.widget.choices = [(n, str(n)) for n in range(1, count + 1)]


class CompareVersionsForm(forms.Form):
    """Two versions of a plan to compare, chosen from `versions` (any order: the earlier one is
    compared with the later). A key that names none of them, or the same one twice, is refused
    with a message, never looked up further."""

    EARLIER_MISSING = "Choose the earlier version from the list"
    LATER_MISSING = "Choose the later version from the list"
    SAME_VERSION = "Choose two different versions to compare"

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(version.key, version.label) for version in reversed(versions)]  # newest first
        for name, label, message in [("from", "Earlier version", self.EARLIER_MISSING),
                                     ("to", "Later version", self.LATER_MISSING)]:
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, error_messages={
                "required": message, "invalid_choice": message})

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("from") == data.get("to"):
            self.add_error("to", self.SAME_VERSION)
        return data


class ActionForm(VersionedForm):
    description = text_field(Action, "description", label="What will be done", textarea=True,
                             error_messages={"required": "Enter what will be done"})
    lead_organisation = BoundedModelChoiceField(queryset=Organisation.objects.all(), required=False,
                                                label="Lead organisation", empty_label="Not decided yet")
    lead_officer = BoundedModelChoiceField(
        queryset=User.objects.filter(role__in=[User.Role.OFFICER, User.Role.PARTNER], is_active=True)
        .order_by("last_name", "first_name"),
        required=False, label="Lead officer", empty_label="Not decided yet",
    )
    partners = BoundedModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False,
                                               widget=forms.CheckboxSelectMultiple, label="Partners (optional)")
    due_date = forms.DateField(required=False, input_formats=DATE_FORMATS, label="Due date (optional)",
                               error_messages={"invalid": "Enter the due date as day/month/year, like 31/3/2027"})
    status = forms.ChoiceField(choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED)

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("description", "lead_organisation", "lead_officer", "due_date", "status")} | {
            "partners": list(data["partners"])}


class ProgressForm(ServiceForm):
    note = text_field(ProgressUpdate, "note", label="What has happened", textarea=True,
                      error_messages={"required": "Enter what has happened"})
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status now")


class DeleteForm(VersionedForm):
    pass


class SpendForm(ServiceForm):
    budget = BoundedModelChoiceField(queryset=None, label="Ward budget", empty_label=None)
    priority = BoundedModelChoiceField(queryset=None, required=False, label="Priority",
                                       empty_label="Not for one priority")
    description = text_field(SpendLine, "description", label="What the money is for",
                             error_messages={"required": "Enter what the money is for"})
    amount = MoneyField(label="Amount, in pounds")
    spent_on = date_field("Date")

    def __init__(self, *args, budgets, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets
        self.fields["priority"].queryset = priorities

    def line_fields(self) -> dict:
        data = self.cleaned_data
        return {"description": data["description"], "amount": data["amount"], "spent_on": data["spent_on"],
                "priority": data["priority"]}


class SpendLineForm(VersionedForm):
    """A correction of a spend line: its budget stays its own."""

    priority = SpendForm.base_fields["priority"]
    description = SpendForm.base_fields["description"]
    amount = SpendForm.base_fields["amount"]
    spent_on = SpendForm.base_fields["spent_on"]

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities

    line_fields = SpendForm.line_fields
