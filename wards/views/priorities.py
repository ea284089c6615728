"""A plan's priorities: add, change, remove and re-rank them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from localism.core.forms import ServiceForm
from localism.core.views import form_page, posted, refusal

from .. import services
from ..forms.plans import DeleteForm, PriorityForm
from ..models import Priority
from . import ranking
from .plans import plan_for, ward_profiles


def _priority_for(request, pk) -> Priority:
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    plan_for(request, priority.plan_id)
    return priority


@require_http_methods(["GET", "POST"])
def priority_new(request, pk):
    plan = plan_for(request, pk)
    if request.method == "GET" and (refused := refusal(request, "wards.change_wardplan", plan)):
        return refused
    form = PriorityForm(posted(request), plan=plan, initial={"version": 1})
    form.fields["version"].required = False
    if form.is_bound and form.is_valid():
        if form.submit(services.priority_create, plan=plan, user=request.user, **form.priority_fields()):
            messages.success(request, f"Priority added: {form.cleaned_data['title']}")
            return redirect(plan)
    return form_page(request, "wards/plans/priority_form.html", {
        "form": form, "plan": plan, "ward_profiles": ward_profiles(plan.wards.all())})


@require_http_methods(["GET", "POST"])
def priority_edit(request, pk):
    priority = _priority_for(request, pk)
    plan = priority.plan
    if request.method == "GET" and (refused := refusal(request, "wards.change_priority", priority)):
        return refused
    initial = {"title": priority.title, "description": priority.description, "theme": priority.theme,
               "source": priority.source, "neighbourhood": priority.neighbourhood_id, "version": priority.version}
    form = PriorityForm(posted(request), plan=plan, initial=initial)
    if form.is_bound and form.is_valid():
        if form.submit(services.priority_update, priority=priority, user=request.user,
                       version=form.cleaned_data["version"], **form.priority_fields()):
            messages.success(request, f"Priority saved: {form.cleaned_data['title']}")
            return redirect(f"{plan.get_absolute_url()}#priority-{priority.pk}")
    return form_page(request, "wards/plans/priority_form.html", {
        "form": form, "plan": plan, "priority": priority, "ward_profiles": ward_profiles(priority.plan.wards.all())})


@require_http_methods(["GET", "POST"])
def priority_delete(request, pk):
    priority = _priority_for(request, pk)
    plan = priority.plan
    if request.method == "GET" and (refused := refusal(request, "wards.delete_priority", priority)):
        return refused
    form = DeleteForm(posted(request), initial={"version": priority.version})
    if form.is_bound and form.is_valid():
        form.submit(services.priority_delete, priority=priority, user=request.user,
                    version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, f"Priority removed: {priority.title}")
            return redirect(plan)
    return form_page(request, "wards/plans/confirm_delete.html", {
        "form": form, "plan": plan, "thing": priority, "kind": "priority",
        "consequence": f"Its {priority.actions.count()} action(s) will be removed too."})


@require_POST
def priority_move(request, pk):
    priority = _priority_for(request, pk)
    form = ServiceForm(request.POST)
    form.is_valid()
    moved = form.submit(services.priority_move, priority=priority, user=request.user,
                        direction=request.POST.get("direction"))
    if moved is None:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    else:
        messages.success(request, f"{moved.title} is now priority {moved.position}.")
    return redirect(f"{priority.plan.get_absolute_url()}#priority-{priority.pk}")


@require_http_methods(["GET", "POST"])
def priority_move_to(request, pk):
    """Move a priority to the place chosen in the plan page's "Move to position" select, in one
    step (see ranking.move_to)."""
    priority = _priority_for(request, pk)
    if refused := refusal(request, "wards.change_priority", priority):
        return refused
    plan = priority.plan
    return ranking.move_to(
        request, part=priority, kind="priority", name=priority.title,
        ranking=list(plan.priorities.order_by("position", "pk").values_list("pk", flat=True)),
        service=services.priority_move_to, done=f"{plan.get_absolute_url()}#priority-{priority.pk}",
        moved_message=lambda moved: f"{moved.title} is now priority {moved.position}.",
        context={"plan": plan, "priority": priority, "siblings": "priorities"})
