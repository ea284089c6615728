"""The pages of the uses councillors propose for assets: the propose form (from an asset's page,
or from a priority on the plan page), the asset officers' list, and a proposal's page with the
officers' answer. Each page asks the rules; the services check them again and raise typed errors
that land on the forms."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.paging import page_of
from localism.core.views import form_page, posted, refusal
from wards.models import Priority

from ..forms.proposals import AnswerForm, ProposalForm
from ..models import Asset, AssetUseProposal
from ..selectors import proposals as selectors
from ..services import proposals as services

PROPOSE = "assets.propose_asset_use"
ANSWER = "assets.answer_asset_use"
PROPOSED = "Your proposal has been sent to the asset officers."
ANSWERED = "Your answer has been recorded."
PROPOSALS_PER_PAGE = 50


def _given(model, request, name):
    value = request.GET.get(name) or request.POST.get(name)
    if not value:
        return None
    if not str(value).isdigit() or len(str(value)) > 18:
        raise Http404
    return get_object_or_404(model, pk=int(value))


@require_http_methods(["GET", "POST"])
def proposal_new(request):
    asset = _given(Asset, request, "asset")
    priority = _given(Priority, request, "priority")
    if refused := refusal(request, PROPOSE, asset):
        return refused
    choices = selectors.proposal_choices(wards=selectors.offered_wards(request.user, asset=asset, priority=priority))
    form = ProposalForm(posted(request), initial={"asset": asset, "priority": priority}, **choices)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if refused := refusal(request, PROPOSE, data["asset"]):
            return refused
        proposal = form.submit(services.asset_use_propose, user=request.user, asset=data["asset"],
                               priority=data["priority"], proposed_use=data["proposed_use"])
        if proposal is not None:
            messages.success(request, PROPOSED)
            return redirect(proposal)
    return form_page(request, "assets/proposals/form.html", {"form": form, "asset": asset, "priority": priority})


@require_GET
def proposal_list(request):
    if refused := refusal(request, ANSWER, None):
        return refused
    status = request.GET.get("status") or None
    if status not in AssetUseProposal.Status.values:
        status = None
    page = page_of(request, selectors.proposal_list(status=status), PROPOSALS_PER_PAGE)
    return render(request, "assets/proposals/list.html", {
        "page": page, "proposals": page.object_list, "status": status,
        "statuses": AssetUseProposal.Status.choices})


@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk):
    try:
        proposal = selectors.proposal_get(pk=pk)
    except AssetUseProposal.DoesNotExist:
        raise Http404("No proposal has that address.") from None
    if refused := refusal(request, "assets.view_assetuseproposal", proposal):
        return refused
    may_answer = request.user.has_perm(ANSWER, proposal)
    form = None
    if may_answer and proposal.status in services.OPEN:
        form = AnswerForm(posted(request), initial={"version": proposal.version, "status": proposal.status
                                                    if proposal.status != AssetUseProposal.Status.PROPOSED else None})
    elif request.method == "POST":
        if refused := refusal(request, ANSWER, proposal):
            return refused
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = form.submit(services.asset_use_answer, user=request.user, proposal=proposal, status=data["status"],
                            answer=data["answer"], version=data["version"])
        if saved is not None:
            messages.success(request, ANSWERED)
            return redirect(saved)
    context = {"proposal": proposal, "form": form}
    if form is None:
        return render(request, "assets/proposals/detail.html", context)
    return form_page(request, "assets/proposals/detail.html", context)
