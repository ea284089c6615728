"""The actions on a plan's priorities, and the progress posted on them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.dates import DATE_HINT, as_typed
from localism.core.errors import Refused
from localism.core.history import shorten
from localism.core.views import form_page, posted, refusal

from .. import services
from ..forms.plans import ActionForm, DeleteForm, ProgressForm
from ..models import Action, Priority
from . import ranking
from .plans import plan_for, ward_profiles


@require_GET
def action_detail(request, pk):
    """An action and all its progress updates: public when its plan is, and open to its lead
    officer. Others are asked to sign in (anonymous) or told there is no such page."""
    action = get_object_or_404(Action.objects.select_related("priority__plan", "lead_organisation", "lead_officer"),
                               pk=pk)
    if not request.user.has_perm("wards.view_action", action):
        if not request.user.is_authenticated:
            raise Refused("")
        raise Http404("No action has that address.")
    plan = action.priority.plan
    return render(request, "wards/plans/action.html", {
        "action": action, "plan": plan, "priority": action.priority,
        "partners": action.partners.all(),
        "updates": action.progress_updates.select_related("author"),
        "can_edit": request.user.has_perm("wards.change_action", action),
        "can_post": request.user.has_perm("wards.add_progressupdate", action),
    })


@require_http_methods(["GET", "POST"])
def action_new(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    plan = plan_for(request, priority.plan_id)
    if request.method == "GET" and (refused := refusal(request, "wards.change_priority", priority)):
        return refused
    form = ActionForm(posted(request), initial={"version": 1})
    form.fields["version"].required = False
    if form.is_bound and form.is_valid():
        if form.submit(services.action_create, priority=priority, user=request.user, **form.action_fields()):
            messages.success(request, f"Action added to {priority.title}.")
            return redirect(f"{plan.get_absolute_url()}#priority-{priority.pk}")
    return form_page(request, "wards/plans/action_form.html",
                     {"form": form, "plan": plan, "priority": priority, "date_hint": DATE_HINT,
                      "ward_profiles": ward_profiles(plan.wards.all())})


def _action_for(request, pk) -> Action:
    action = get_object_or_404(Action.objects.select_related("priority__plan"), pk=pk)
    plan_for(request, action.priority.plan_id)
    return action


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = _action_for(request, pk)
    plan = action.priority.plan
    if request.method == "GET" and (refused := refusal(request, "wards.change_action", action)):
        return refused
    initial = {"description": action.description, "lead_organisation": action.lead_organisation_id,
               "lead_officer": action.lead_officer_id, "partners": list(action.partners.all()),
               "due_date": as_typed(action.due_date), "status": action.status, "version": action.version}
    form = ActionForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        if form.submit(services.action_update, action=action, user=request.user,
                       version=form.cleaned_data["version"], **form.action_fields()):
            messages.success(request, "The action has been saved.")
            return redirect(f"{plan.get_absolute_url()}#action-{action.pk}")
    return form_page(request, "wards/plans/action_form.html", {
        "form": form, "plan": plan, "priority": action.priority, "action": action, "date_hint": DATE_HINT,
        "ward_profiles": ward_profiles(plan.wards.all())})


@require_http_methods(["GET", "POST"])
def action_move_to(request, pk):
    """Move an action to the place chosen in its "Move to position" select on the plan page, among
    its priority's actions, in one step (see ranking.move_to)."""
    action = _action_for(request, pk)
    if refused := refusal(request, "wards.change_action", action):
        return refused
    priority, plan = action.priority, action.priority.plan
    name = shorten(action.description, 60)
    return ranking.move_to(
        request, part=action, kind="action", name=name,
        ranking=list(priority.actions.order_by("position", "pk").values_list("pk", flat=True)),
        service=services.action_move_to, done=f"{plan.get_absolute_url()}#action-{action.pk}",
        moved_message=lambda moved: f"‘{name}’ is now action {moved.position} of {priority.title}.",
        context={"plan": plan, "priority": priority, "action": action, "siblings": "actions"})


@require_http_methods(["GET", "POST"])
def action_delete(request, pk):
    action = _action_for(request, pk)
    plan = action.priority.plan
    if request.method == "GET" and (refused := refusal(request, "wards.delete_action", action)):
        return refused
    form = DeleteForm(posted(request), initial={"version": action.version})
    if form.is_bound and form.is_valid():
        form.submit(services.action_delete, action=action, user=request.user, version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, "The action has been removed.")
            return redirect(f"{plan.get_absolute_url()}#priority-{action.priority_id}")
    return form_page(request, "wards/plans/confirm_delete.html", {
        "form": form, "plan": plan, "thing": action, "kind": "action",
        "consequence": "Its progress updates will be removed too."})


@require_http_methods(["GET", "POST"])
def progress_new(request, pk):
    """The action's lead officer (who may not see a draft plan) and the plan's editors post progress."""
    action = get_object_or_404(Action.objects.select_related("priority__plan", "lead_officer"), pk=pk)
    plan = action.priority.plan
    if request.method == "GET" and (refused := refusal(request, "wards.add_progressupdate", action)):
        return refused
    form = ProgressForm(posted(request), initial={"status": action.status})
    if form.is_bound and form.is_valid():
        if form.submit(services.progress_update_create, action=action, user=request.user,
                       note=form.cleaned_data["note"], status=form.cleaned_data["status"]):
            messages.success(request, "Your progress update has been posted.")
            if request.user.has_perm("wards.view_wardplan", plan):
                return redirect(f"{plan.get_absolute_url()}#action-{action.pk}")
            return redirect("workspace")
    updates = action.progress_updates.select_related("author")[:20]
    return form_page(request, "wards/plans/progress_form.html",
                     {"form": form, "plan": plan, "action": action, "updates": updates})
