"""Spending from the wards' budgets against a plan's priorities: record it, correct it, remove it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from localism.core.dates import DATE_HINT, as_typed
from localism.core.errors import Refused
from localism.core.views import form_page, posted, refusal

from .. import rules as ward_rules
from .. import services
from ..forms.plans import DeleteForm, SpendForm, SpendLineForm
from ..models import SpendLine, WardBudget
from ..services.budgets import SPEND_REFUSED
from .plans import plan_for


@require_http_methods(["GET", "POST"])
def spend_new(request, pk):
    """Record money spent from a ward's budget against one of the plan's priorities. The form
    offers the budgets the user may spend; the service refuses any other."""
    plan = plan_for(request, pk)
    budgets = (WardBudget.objects.filter(ward__in=plan.wards.all(), period=plan.period)
               .select_related("ward").defer("ward__boundary", "ward__boundary_simplified"))
    offered = [b.pk for b in budgets if ward_rules.can_manage_budget.test(request.user, b)]
    if not offered:
        raise Refused(SPEND_REFUSED)
    form = SpendForm(posted(request), budgets=budgets.filter(pk__in=offered), priorities=plan.priorities.all())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if form.submit(services.spend_line_create, budget=data["budget"], user=request.user, **form.line_fields()):
            messages.success(request, f"Spending recorded: {data['description']}.")
            return redirect(f"{plan.get_absolute_url()}#budget")
    return form_page(request, "wards/plans/spend_form.html", {"form": form, "plan": plan, "date_hint": DATE_HINT})


def _line_for(request, pk, plan_pk):
    """The spend line, with the plan whose budget section links to it (any plan of its ward and
    year the user may see)."""
    line = get_object_or_404(SpendLine.objects.select_related("budget__ward", "priority").defer(
        "budget__ward__boundary", "budget__ward__boundary_simplified"), pk=pk)
    plan = plan_for(request, plan_pk)
    if plan.period != line.budget.period or not plan.wards.filter(pk=line.budget.ward_id).exists():
        raise Http404("That spending is not in this plan's budget.")
    return line, plan


@require_http_methods(["GET", "POST"])
def spend_edit(request, plan_pk, pk):
    """Correct a spend line. The service checks who may, the year, the allocation and the version."""
    line, plan = _line_for(request, pk, plan_pk)
    if request.method == "GET" and (refused := refusal(request, "wards.change_spendline", line)):
        return refused
    initial = {"priority": line.priority_id, "description": line.description, "amount": line.amount,
               "spent_on": as_typed(line.spent_on), "version": line.version}
    form = SpendLineForm(posted(request), initial=initial, priorities=plan.priorities.all())
    if form.is_bound and form.is_valid():
        if form.submit(services.spend_line_update, line=line, user=request.user,
                       version=form.cleaned_data["version"], **form.line_fields()):
            messages.success(request, f"Spending corrected: {form.cleaned_data['description']}.")
            return redirect(f"{plan.get_absolute_url()}#budget")
    return form_page(request, "wards/plans/spend_form.html",
                     {"form": form, "plan": plan, "line": line, "date_hint": DATE_HINT})


@require_http_methods(["GET", "POST"])
def spend_delete(request, plan_pk, pk):
    line, plan = _line_for(request, pk, plan_pk)
    if request.method == "GET" and (refused := refusal(request, "wards.delete_spendline", line)):
        return refused
    form = DeleteForm(posted(request), initial={"version": line.version})
    if form.is_bound and form.is_valid():
        form.submit(services.spend_line_delete, line=line, user=request.user, version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, f"Spending removed: {line.description}.")
            return redirect(f"{plan.get_absolute_url()}#budget")
    return form_page(request, "wards/plans/confirm_delete.html", {
        "form": form, "plan": plan, "thing": line, "kind": "spending",
        "consequence": f"{line.budget.ward.name}'s {line.budget.period} budget gets £{line.amount:,.2f} back."})
