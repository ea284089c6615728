"""A plan's history, for its editors: every change, and two versions side by side."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from localism.core.views import refusal

from .. import selectors
from .plans import plan_for


@require_GET
def plan_history(request, pk):
    plan = plan_for(request, pk)
    if refused := refusal(request, "wards.change_wardplan", plan):
        return refused
    return render(request, "wards/plans/history.html", {
        "plan": plan, "changes": selectors.plan_history(plan), "versions": list(selectors.plan_versions(plan))})


@require_GET
def plan_compare(request, pk):
    plan = plan_for(request, pk)
    if refused := refusal(request, "wards.change_wardplan", plan):
        return refused
    versions = {v.history_id: v for v in selectors.plan_versions(plan)}
    try:
        ids = sorted(int(request.GET[k]) for k in ("from", "to"))
        older, newer = (versions[i] for i in ids)
    except (KeyError, ValueError):
        messages.error(request, "Choose two versions of the plan to compare.")
        return redirect("plans:history", pk=plan.pk)
    return render(request, "wards/plans/compare.html",
                  {"plan": plan, **selectors.compare_versions(plan, older, newer)})
