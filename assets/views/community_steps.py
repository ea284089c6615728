"""The asset officers' pages for each step of an asset of community value (decide a nomination,
record an owner's review and its decision, an owner's notification to sell, a community group's
request to be treated as a bidder, remove a listing) and of a community asset transfer (invite a
business case, send it, decide, record the lease, withdraw), with the lists they start from.

One view serves every step: each page asks the rules for the step's permission, calls the step's
one service, and lets the service's typed errors land on the form (localism.core.views.form_page)."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.paging import page_of
from localism.core.views import form_page, posted, refusal

from ..forms import community_steps as step_forms
from ..models import CommunityAssetTransfer, CommunityValueNomination
from ..selectors import community as selectors
from ..services import community as services

MANAGE = "assets.manage_community_value"
PER_PAGE = 50


@dataclass(frozen=True)
class Step:
    title: str
    form: type
    service: object
    perm: str = MANAGE
    button: str = "Save"
    done: str = "Saved."


NOMINATION_STEPS = {
    "decide": Step("Decide the nomination", step_forms.NominationDecideForm, services.nomination_decide,
                   button="Record the decision", done="The decision has been recorded."),
    "review-request": Step("Record the owner's request for a review", step_forms.ReviewRequestForm,
                           services.listing_review_request, button="Record the request",
                           done="The owner's request for a review has been recorded."),
    "review-decision": Step("Decide the owner's review", step_forms.ReviewDecideForm,
                            services.listing_review_decide, button="Record the outcome",
                            done="The outcome of the review has been recorded."),
    "notification": Step("Record the owner's notification to sell", step_forms.NotificationForm,
                         services.disposal_notify, button="Record the notification",
                         done="The notification has been recorded: the moratorium dates are below."),
    "bidder": Step("Record a request to be treated as a bidder", step_forms.BidderForm, services.bidder_request,
                   button="Record the request", done="The request has been recorded."),
    "remove": Step("Remove the listing", step_forms.RemoveForm, services.listing_remove,
                   button="Remove the listing", done="The listing has been removed."),
}
TRANSFER_STEPS = {
    "invite": Step("Invite a business case", step_forms.ConfirmForm, services.transfer_invite_business_case,
                   button="Invite the business case",
                   done="The organisation has been invited to send a business case."),
    "business-case": Step("Send the business case", step_forms.BusinessCaseForm,
                          services.transfer_submit_business_case, perm="assets.submit_business_case",
                          button="Send the business case", done="The business case has been sent."),
    "decide": Step("Decide the request", step_forms.TransferDecideForm, services.transfer_decide,
                   button="Record the decision", done="The decision has been recorded."),
    "lease": Step("Record the lease agreed", step_forms.LeaseForm, services.transfer_lease_agree,
                  button="Record the lease", done="The lease has been recorded."),
    "withdraw": Step("Withdraw the request", step_forms.ConfirmForm, services.transfer_withdraw,
                     perm="assets.withdraw_transfer", button="Withdraw the request",
                     done="The request has been withdrawn."),
}


def _step_page(request, *, steps, step, obj, kind: str, back):
    if step not in steps:
        raise Http404("There is no such step.")
    spec = steps[step]
    if refused := refusal(request, spec.perm, obj):
        return refused
    form = spec.form(posted(request))
    if form.is_bound and form.is_valid():
        saved = form.submit(spec.service, user=request.user, **{kind: obj}, **form.arguments())
        if saved is not None:
            messages.success(request, spec.done)
            return redirect(back(saved))
    subject = obj.name if isinstance(obj, CommunityValueNomination) else obj.asset.name
    return form_page(request, "assets/community/step.html", {"form": form, "step": spec, "subject": subject,
                                                             "back": back(obj)})


@require_http_methods(["GET", "POST"])
def nomination_step(request, pk, step):
    nomination = get_object_or_404(CommunityValueNomination.objects.with_related(), pk=pk)
    return _step_page(request, steps=NOMINATION_STEPS, step=step, obj=nomination, kind="nomination",
                      back=lambda n: n.get_absolute_url())


@require_http_methods(["GET", "POST"])
def transfer_step(request, pk, step):
    transfer = get_object_or_404(CommunityAssetTransfer.objects.with_related(), pk=pk)
    return _step_page(request, steps=TRANSFER_STEPS, step=step, obj=transfer, kind="transfer",
                      back=lambda t: t.get_absolute_url())


@require_GET
def awaiting_decision(request):
    """For asset officers: the nominations still to decide, the most urgent first."""
    if refused := refusal(request, MANAGE, None):
        return refused
    page = page_of(request, selectors.nominations_awaiting_decision(), PER_PAGE)
    return render(request, "assets/community/awaiting.html", {"page": page, "nominations": page.object_list})


@require_GET
def transfer_list(request):
    if refused := refusal(request, MANAGE, None):
        return refused
    transfers = CommunityAssetTransfer.objects.with_related().order_by("-expression_of_interest_date", "-pk")
    page = page_of(request, transfers, PER_PAGE)
    return render(request, "assets/community/transfers.html", {"page": page, "transfers": page.object_list})


@require_GET
def transfer_detail(request, pk):
    transfer = get_object_or_404(CommunityAssetTransfer.objects.with_related(), pk=pk)
    if refused := refusal(request, "assets.view_communityassettransfer", transfer):
        return refused
    user = request.user
    Stage = CommunityAssetTransfer.Stage
    at = transfer.stage
    offered = {
        "invite": at == Stage.EXPRESSION_OF_INTEREST and user.has_perm(MANAGE, transfer),
        "business-case": at == Stage.BUSINESS_CASE and user.has_perm("assets.submit_business_case", transfer),
        "decide": at in (Stage.EXPRESSION_OF_INTEREST, Stage.BUSINESS_CASE, Stage.DECISION)
        and user.has_perm(MANAGE, transfer),
        "lease": at == Stage.APPROVED and user.has_perm(MANAGE, transfer),
        "withdraw": at in (Stage.EXPRESSION_OF_INTEREST, Stage.BUSINESS_CASE, Stage.DECISION, Stage.APPROVED)
        and user.has_perm("assets.withdraw_transfer", transfer),
    }
    steps = [(key, TRANSFER_STEPS[key].title) for key, shown in offered.items() if shown]
    return render(request, "assets/community/transfer.html", {"transfer": transfer, "steps": steps})


def nomination_steps_offered(user, nomination) -> list[tuple[str, str]]:
    """The steps an asset officer may take on a listing now, for its page."""
    if not user.has_perm(MANAGE, nomination):
        return []
    Status = CommunityValueNomination.Status
    keys = []
    if nomination.status == Status.NOMINATED:
        keys.append("decide")
    if nomination.status == Status.LISTED:
        if not nomination.review_requested_on:
            keys.append("review-request")
        elif not nomination.review_outcome:
            keys.append("review-decision")
        keys.append("notification")
    if nomination.status in (Status.LISTED, Status.EXPIRED) and nomination.notification_to_sell_date \
            and not nomination.bidder_request_date:
        keys.append("bidder")
    if nomination.status == Status.LISTED:
        keys.append("remove")
    return [(key, NOMINATION_STEPS[key].title) for key in keys]
