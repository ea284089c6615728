"""A plan's history, for its editors: every change, and any two versions compared.

A version is any saved state of the plan or its parts (see wards.selectors.history). Both pages
read the history once, in a fixed number of queries.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from localism.core.paging import page_of
from localism.core.views import refusal

from .. import selectors
from ..forms.plans import CompareVersionsForm
from .plans import plan_for

# Why the earlier version is chosen first (see PlanHistory.default_pair).
HINTS = {
    "today": "Chosen for you: the plan as it stood before today's changes, to show what changed today.",
    "new today": "Chosen for you: the plan as it was first saved today, to show what changed since.",
    "latest": "Chosen for you: the version before the latest, to show what the latest change did.",
}


CHANGES_PER_PAGE = 50


def _history_page(request, plan, history, form, *, hint="", status=200):
    return render(request, "wards/plans/history.html", {
        "plan": plan, "changes": page_of(request, history.changes_newest_first(), CHANGES_PER_PAGE, anchor="changes"),
        "versions": history.versions[::-1], "form": form, "earlier_hint": hint}, status=status)


@require_GET
def plan_history(request, pk):
    plan = plan_for(request, pk)
    if refused := refusal(request, "wards.change_wardplan", plan):
        return refused
    history = selectors.PlanHistory(plan)
    pair = history.default_pair()
    form = CompareVersionsForm(versions=history.versions,
                               initial={"from": pair[0].key, "to": pair[1].key} if pair else {})
    return _history_page(request, plan, history, form, hint=HINTS[pair[2]] if pair else "")


@require_GET
def plan_compare(request, pk):
    """The two versions chosen on the history page, compared. A choice that names no version of
    this plan, or the same version twice, brings the history page back with a message (400)."""
    plan = plan_for(request, pk)
    if refused := refusal(request, "wards.change_wardplan", plan):
        return refused
    history = selectors.PlanHistory(plan)
    form = CompareVersionsForm(request.GET, versions=history.versions)
    if not form.is_valid():
        # The selects show what was chosen where it names a version, else the versions offered first.
        pair, data = history.default_pair(), form.data.copy()
        for name, default in zip(("from", "to"), pair or (), strict=False):
            if history.version(data.get(name)) is None:
                data[name] = default.key
        form.data = data
        return _history_page(request, plan, history, form, status=400)
    older, newer = sorted((history.version(form.cleaned_data[name]) for name in ("from", "to")),
                          key=lambda version: version.number)
    return render(request, "wards/plans/compare.html", {"plan": plan, **history.compare(older, newer)})
