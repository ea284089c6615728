"""Spending from the wards' budgets against a plan's priorities."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from localism.core.dates import DATE_HINT
from localism.core.errors import Refused
from localism.core.views import form_page, posted

from .. import rules as ward_rules
from .. import services
from ..forms.plans import SpendForm
from ..models import WardBudget
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
        if form.submit(services.spend_line_create, budget=data["budget"], user=request.user,
                       description=data["description"], amount=data["amount"], spent_on=data["spent_on"],
                       priority=data["priority"]):
            messages.success(request, f"Spending recorded: {data['description']}.")
            return redirect(f"{plan.get_absolute_url()}#budget")
    return form_page(request, "wards/plans/spend_form.html", {"form": form, "plan": plan, "date_hint": DATE_HINT})
