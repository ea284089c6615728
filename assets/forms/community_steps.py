"""The asset officers' forms for each step of a listing and of a transfer (thin: the services
validate and compute every date). Each field is named as the service names it in its errors, so
a service's message lands on its field."""

from django import forms

from localism.core.forms import MoneyField, ServiceForm, date_field, text_field

from ..models import CommunityAssetTransfer, CommunityValueNomination

Nomination = CommunityValueNomination
REASONS_MISSING = "Enter the reasons for the decision"
DAY_HINT = "For example, 27 3 2026. Leave empty for today."


class StepForm(ServiceForm):
    """A step's form: `arguments()` gives the service's keyword arguments from the form."""

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


class NominationDecideForm(StepForm):
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect, choices=Nomination.Decision.choices,
                                 error_messages={"required": "Choose whether to list the asset"})
    decision_reason = text_field(Nomination, "decision_reason", label="Reasons for the decision", textarea=True,
                                 error_messages={"required": REASONS_MISSING})
    decision_date = date_field("Day of the decision", required=False)

    def arguments(self):
        d = self.cleaned_data
        return {"decision": d["decision"], "reason": d["decision_reason"], "decision_date": d["decision_date"]}


class ReviewRequestForm(StepForm):
    review_requested_on = date_field("Day the owner asked for a review")

    def arguments(self):
        return {"requested_on": self.cleaned_data["review_requested_on"]}


class ReviewDecideForm(StepForm):
    review_outcome = forms.ChoiceField(label="Outcome of the review", widget=forms.RadioSelect,
                                       choices=Nomination.ReviewOutcome.choices,
                                       error_messages={"required": "Choose the outcome of the review"})
    review_reason = text_field(Nomination, "review_reason", label="Reasons", textarea=True,
                               error_messages={"required": REASONS_MISSING})
    review_decided_on = date_field("Day of the review decision", required=False)

    def arguments(self):
        d = self.cleaned_data
        return {"outcome": d["review_outcome"], "reason": d["review_reason"], "decided_on": d["review_decided_on"]}


class RemoveForm(StepForm):
    removal_reason = text_field(Nomination, "removal_reason", label="Why the listing is removed", textarea=True,
                                error_messages={"required": "Enter why the listing is removed"})
    removed_on = date_field("Day it is removed", required=False)

    def arguments(self):
        return {"reason": self.cleaned_data["removal_reason"], "removed_on": self.cleaned_data["removed_on"]}


class NotificationForm(StepForm):
    notification_to_sell_date = date_field("Day the owner's notification was received")

    def arguments(self):
        return {"notified_on": self.cleaned_data["notification_to_sell_date"]}


class BidderForm(StepForm):
    interested_group = text_field(Nomination, "interested_group", label="Community interest group",
                                  error_messages={"required": "Enter the name of the community interest group"})
    bidder_request_date = date_field("Day the group's written request was received")

    def arguments(self):
        return {"interested_group": self.cleaned_data["interested_group"],
                "requested_on": self.cleaned_data["bidder_request_date"]}


class ConfirmForm(StepForm):
    """A step with nothing to type: the button confirms it."""

    def arguments(self):
        return {}


class BusinessCaseForm(StepForm):
    business_case = text_field(CommunityAssetTransfer, "business_case", label="Business case", textarea=True,
                               error_messages={"required": "Enter the business case"})


class TransferDecideForm(StepForm):
    approve = forms.TypedChoiceField(label="Decision", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
                                     choices=[("yes", "Approve the transfer"), ("no", "Decline the request")],
                                     error_messages={"required": "Choose whether to approve the transfer"})
    decision_reason = text_field(CommunityAssetTransfer, "decision_reason", label="Reasons", textarea=True,
                                 error_messages={"required": REASONS_MISSING})

    def arguments(self):
        return {"approve": self.cleaned_data["approve"], "reason": self.cleaned_data["decision_reason"]}


class LeaseForm(StepForm):
    lease_start_date = date_field("Day the lease starts", missing="Enter the day the lease starts")
    lease_term_years = forms.IntegerField(label="Term (years)", min_value=1, max_value=999,
                                          error_messages={"required": "Enter the lease's term in years",
                                                          "invalid": "Enter the term as a whole number of years",
                                                          "min_value": "The term must be at least 1 year",
                                                          "max_value": "The term must be 999 years or fewer"})
    lease_rent = MoneyField(label="Rent a year (£)", allow_zero=True,
                            error_messages={"required": "Enter the rent a year, in pounds (0 for none)"})
