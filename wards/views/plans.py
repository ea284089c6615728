"""Ward Plan pages: the councillor's workspace, a plan, and everything done to it in the browser.

Every page works without JavaScript: forms post and redirect back to the plan. Every view checks
the `rules` permission on the object: anonymous users are sent to sign in, signed-in users
without the permission get 403 (or 404 for a plan they may not even see).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import rules as ward_rules
from .. import selectors, services
from ..forms.plans import (
    DATE_HINT,
    ActionForm,
    DeleteForm,
    NewPlanForm,
    PlanForm,
    PlanStatusForm,
    PriorityForm,
    ProgressForm,
    SpendForm,
)
from ..models import Action, PlanStatus, Priority, Ward, WardBudget, WardPlan
from ..models.plans import period_after
from .common import deny, form_status

STATUS_MESSAGES = {
    PlanStatus.DRAFT: "The plan is a draft again: only its councillors can see it.",
    PlanStatus.CONSULTATION: "The plan is in consultation.",
    PlanStatus.PUBLISHED: "The plan is published: everyone can read it on the ward page.",
    PlanStatus.ARCHIVED: "The plan is archived.",
}


class _Refused(Exception):
    pass


def _require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise _Refused


def guarded(view):
    """Turn a refused permission into sign-in (anonymous) or 403 (signed in)."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Refused:
            return deny(request)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _stale(form, error: services.StaleEdit) -> dict:
    """Keep the editor's text, show the newer version, and let them save over it knowingly."""
    data = form.data.copy()
    data["version"] = error.current.version
    form.data = data
    form.add_error(None, error.message)
    return {"newer": error.current, "newer_fields": _readable_fields(form, error.current)}


def _readable_fields(form, obj) -> list[tuple[str, object]]:
    rows = []
    for name, field in form.fields.items():
        if name == "version" or not hasattr(obj, name):
            continue
        value = getattr(obj, name)
        if hasattr(value, "all"):  # many-to-many
            value = ", ".join(str(v) for v in value.all())
        elif hasattr(obj, f"get_{name}_display"):
            value = getattr(obj, f"get_{name}_display")()
        rows.append((field.label or name.replace("_", " ").capitalize(), value))
    return rows


def _plan_for(request, pk) -> WardPlan:
    plan = get_object_or_404(WardPlan, pk=pk)
    if not request.user.has_perm("wards.view_wardplan", plan):
        if not request.user.is_authenticated:
            raise _Refused
        raise Http404("No plan has that address.")
    return plan


@login_required
def workspace(request):
    context = selectors.workspace_for(request.user)
    context["can_start_plans"] = request.user.has_perm("wards.add_wardplan")
    return render(request, "wards/plans/workspace.html", context)


@guarded
def plan_detail(request, pk):
    plan = _plan_for(request, pk)
    plan = selectors.plan_get(pk=plan.pk)
    can_edit = request.user.has_perm("wards.change_wardplan", plan)
    led = set()
    if request.user.is_authenticated and not can_edit:
        led = {a.pk for p in plan.priorities.all() for a in p.actions.all() if a.lead_officer_id == request.user.pk}
    return render(request, "wards/plans/detail.html", {
        "plan": plan,
        "can_edit": can_edit,
        "actions_led": led,
        "counts": selectors.status_counts(plan),
        "budgets": selectors.plan_budget_summary(plan),
        "transitions": sorted(services.plans.TRANSITIONS.get(plan.status, ()), key=list(PlanStatus).index),
        "status_labels": dict(PlanStatus.choices),
    })


def _editable_wards(user):
    if user.has_perm("wards.change_ward"):  # admins plan for any ward
        return Ward.objects.current().without_geometry()
    return selectors.wards_where_seated(user)


@guarded
@require_http_methods(["GET", "POST"])
def plan_new(request):
    _require(request, "wards.add_wardplan", None)
    wards = _editable_wards(request.user)
    if not wards.exists():
        raise PermissionDenied("You need a seat in a ward to start its plan.")
    earlier = WardPlan.objects.filter(wards__in=wards).distinct().order_by("-period", "title")
    latest = earlier.first()
    initial = {"period": period_after(latest.period) if latest else "", "copy_from": latest}
    chosen = wards.filter(slug=request.GET.get("ward")).first()
    if chosen is not None:
        initial["wards"] = [chosen]
        initial["title"] = f"{chosen.name} Ward Plan"
    form = NewPlanForm(request.POST or None, wards=wards, earlier_plans=earlier, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.ward_plan_create(user=request.user, wards=list(data["wards"]), period=data["period"],
                                             title=data["title"], summary=data["summary"],
                                             copy_from=data["copy_from"])
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, f"{plan.title} ({plan.period}) has been started as a draft.")
            return redirect(plan)
    return render(request, "wards/plans/plan_form.html", {"form": form, "new": True}, status=form_status(form))


@guarded
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _plan_for(request, pk)
    _require(request, "wards.change_wardplan", plan)
    wards = _editable_wards(request.user) | plan.wards.all()
    initial = {"title": plan.title, "period": plan.period, "summary": plan.summary,
               "wards": list(plan.wards.all()), "version": plan.version}
    form = PlanForm(request.POST or None, wards=wards.distinct(), initial=initial)
    context = {"form": form, "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ward_plan_update(plan=plan, user=request.user, version=data["version"], title=data["title"],
                                      period=data["period"], summary=data["summary"], wards=list(data["wards"]))
        except services.StaleEdit as error:
            context.update(_stale(form, error))
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, "The plan's details have been saved.")
            return redirect(plan)
    return render(request, "wards/plans/plan_form.html", context, status=form_status(form, context))


@guarded
@require_POST
def plan_status(request, pk):
    plan = _plan_for(request, pk)
    _require(request, "wards.change_wardplan", plan)
    form = PlanStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the plan.")
        return redirect(plan)
    try:
        services.ward_plan_set_status(plan=plan, user=request.user, version=form.cleaned_data["version"],
                                      status=form.cleaned_data["status"])
    except services.StaleEdit as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, STATUS_MESSAGES[form.cleaned_data["status"]])
    return redirect(plan)


@guarded
@require_http_methods(["GET", "POST"])
def priority_new(request, pk):
    plan = _plan_for(request, pk)
    _require(request, "wards.change_wardplan", plan)
    form = PriorityForm(request.POST or None, plan=plan, initial={"version": 1})
    form.fields["version"].required = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.priority_create(plan=plan, user=request.user, title=data["title"],
                                     description=data["description"], theme=data["theme"], source=data["source"],
                                     neighbourhood=data["neighbourhood"])
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, f"Priority added: {data['title']}")
            return redirect(plan)
    return render(request, "wards/plans/priority_form.html", {"form": form, "plan": plan},
                  status=form_status(form))


@guarded
@require_http_methods(["GET", "POST"])
def priority_edit(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    plan = _plan_for(request, priority.plan_id)
    _require(request, "wards.change_priority", priority)
    initial = {"title": priority.title, "description": priority.description, "theme": priority.theme,
               "source": priority.source, "neighbourhood": priority.neighbourhood_id, "version": priority.version}
    form = PriorityForm(request.POST or None, plan=plan, initial=initial)
    context = {"form": form, "plan": plan, "priority": priority}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.priority_update(priority=priority, user=request.user, version=data["version"],
                                     title=data["title"], description=data["description"], theme=data["theme"],
                                     source=data["source"], neighbourhood=data["neighbourhood"])
        except services.StaleEdit as error:
            context.update(_stale(form, error))
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, f"Priority saved: {data['title']}")
            return redirect(f"{plan.get_absolute_url()}#priority-{priority.pk}")
    return render(request, "wards/plans/priority_form.html", context,
                  status=form_status(form, context))


@guarded
@require_http_methods(["GET", "POST"])
def priority_delete(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    plan = _plan_for(request, priority.plan_id)
    _require(request, "wards.delete_priority", priority)
    form = DeleteForm(request.POST or None, initial={"version": priority.version})
    context = {"form": form, "plan": plan, "thing": priority, "kind": "priority",
               "consequence": f"Its {priority.actions.count()} action(s) will be removed too."}
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_delete(priority=priority, user=request.user, version=form.cleaned_data["version"])
        except services.StaleEdit as error:
            context.update(_stale(form, error))
        else:
            messages.success(request, f"Priority removed: {priority.title}")
            return redirect(plan)
    return render(request, "wards/plans/confirm_delete.html", context, status=form_status(form, context))


@guarded
@require_POST
def priority_move(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    _plan_for(request, priority.plan_id)
    _require(request, "wards.change_priority", priority)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, "Choose whether to move the priority up or down.")
    else:
        moved = services.priority_move(priority=priority, user=request.user, direction=direction)
        messages.success(request, f"{moved.title} is now priority {moved.position}.")
    return redirect(f"{priority.plan.get_absolute_url()}#priority-{priority.pk}")


def _action_data(data) -> dict:
    return {k: data[k] for k in ("description", "lead_organisation", "lead_officer", "due_date", "status")} | {
        "partners": list(data["partners"])}


@guarded
@require_http_methods(["GET", "POST"])
def action_new(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    plan = _plan_for(request, priority.plan_id)
    _require(request, "wards.change_priority", priority)
    form = ActionForm(request.POST or None, initial={"version": 1})
    form.fields["version"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(priority=priority, user=request.user, **_action_data(form.cleaned_data))
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, f"Action added to {priority.title}.")
            return redirect(f"{plan.get_absolute_url()}#priority-{priority.pk}")
    return render(request, "wards/plans/action_form.html",
                  {"form": form, "plan": plan, "priority": priority, "date_hint": DATE_HINT},
                  status=form_status(form))


@guarded
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("priority__plan"), pk=pk)
    plan = _plan_for(request, action.priority.plan_id)
    _require(request, "wards.change_action", action)
    initial = {"description": action.description, "lead_organisation": action.lead_organisation_id,
               "lead_officer": action.lead_officer_id, "partners": list(action.partners.all()),
               "due_date": action.due_date.strftime("%d/%m/%Y") if action.due_date else "",
               "status": action.status, "version": action.version}
    form = ActionForm(request.POST or None, initial=initial)
    context = {"form": form, "plan": plan, "priority": action.priority, "action": action, "date_hint": DATE_HINT}
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, user=request.user, version=form.cleaned_data["version"],
                                   **_action_data(form.cleaned_data))
        except services.StaleEdit as error:
            context.update(_stale(form, error))
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, "The action has been saved.")
            return redirect(f"{plan.get_absolute_url()}#action-{action.pk}")
    return render(request, "wards/plans/action_form.html", context,
                  status=form_status(form, context))


@guarded
@require_http_methods(["GET", "POST"])
def action_delete(request, pk):
    action = get_object_or_404(Action.objects.select_related("priority__plan"), pk=pk)
    plan = _plan_for(request, action.priority.plan_id)
    _require(request, "wards.delete_action", action)
    form = DeleteForm(request.POST or None, initial={"version": action.version})
    context = {"form": form, "plan": plan, "thing": action, "kind": "action",
               "consequence": "Its progress updates will be removed too."}
    if request.method == "POST" and form.is_valid():
        try:
            services.action_delete(action=action, user=request.user, version=form.cleaned_data["version"])
        except services.StaleEdit as error:
            context.update(_stale(form, error))
        else:
            messages.success(request, "The action has been removed.")
            return redirect(f"{plan.get_absolute_url()}#priority-{action.priority_id}")
    return render(request, "wards/plans/confirm_delete.html", context, status=form_status(form, context))


@guarded
@require_http_methods(["GET", "POST"])
def progress_new(request, pk):
    action = get_object_or_404(Action.objects.select_related("priority__plan", "lead_officer"), pk=pk)
    if not request.user.has_perm("wards.add_progressupdate", action):
        raise _Refused
    plan = action.priority.plan
    form = ProgressForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        services.progress_update_create(action=action, user=request.user, note=form.cleaned_data["note"],
                                        status=form.cleaned_data["status"])
        messages.success(request, "Your progress update has been posted.")
        if request.user.has_perm("wards.view_wardplan", plan):
            return redirect(f"{plan.get_absolute_url()}#action-{action.pk}")
        return redirect("workspace")
    updates = action.progress_updates.select_related("author")[:20]
    return render(request, "wards/plans/progress_form.html",
                  {"form": form, "plan": plan, "action": action, "updates": updates},
                  status=form_status(form))


@guarded
def plan_history(request, pk):
    plan = _plan_for(request, pk)
    _require(request, "wards.change_wardplan", plan)
    versions = list(selectors.plan_versions(plan))
    return render(request, "wards/plans/history.html",
                  {"plan": plan, "changes": selectors.plan_history(plan), "versions": versions})


@guarded
def plan_compare(request, pk):
    plan = _plan_for(request, pk)
    _require(request, "wards.change_wardplan", plan)
    versions = {v.history_id: v for v in selectors.plan_versions(plan)}
    try:
        ids = sorted(int(request.GET[k]) for k in ("from", "to"))
        older, newer = (versions[i] for i in ids)
    except (KeyError, ValueError):
        messages.error(request, "Choose two versions of the plan to compare.")
        return redirect("plans:history", pk=plan.pk)
    return render(request, "wards/plans/compare.html",
                  {"plan": plan, **selectors.compare_versions(plan, older, newer)})


@guarded
@require_http_methods(["GET", "POST"])
def spend_new(request, pk):
    """Record money spent from a ward's budget against one of the plan's priorities."""
    plan = _plan_for(request, pk)
    budgets = (WardBudget.objects.filter(ward__in=plan.wards.all(), period=plan.period)
               .select_related("ward").defer("ward__boundary", "ward__boundary_simplified"))
    allowed = [b.pk for b in budgets if ward_rules.can_manage_budget.test(request.user, b)]
    if not allowed:
        raise _Refused
    form = SpendForm(request.POST or None, budgets=budgets.filter(pk__in=allowed), priorities=plan.priorities.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.spend_line_create(budget=data["budget"], user=request.user, description=data["description"],
                                       amount=data["amount"], spent_on=data["spent_on"], priority=data["priority"])
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, f"Spending recorded: {data['description']}.")
            return redirect(f"{plan.get_absolute_url()}#budget")
    return render(request, "wards/plans/spend_form.html", {"form": form, "plan": plan, "date_hint": DATE_HINT},
                  status=form_status(form))
