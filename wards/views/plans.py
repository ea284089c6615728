"""Ward Plan pages: a plan, starting one, its details and status.

Every page works without JavaScript: forms post and redirect back to the plan. The services
decide who may change what: a refusal rises to the middleware (sign in, or 403). A form is
shown only to those the same `rules` permission lets use it.
"""

from django.contrib import messages
from django.core.validators import slug_re
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from localism.core import links
from localism.core.errors import Refused
from localism.core.views import form_page, posted, refusal

from .. import rules as ward_rules
from .. import selectors, services
from ..forms.plans import NewPlanForm, PlanForm, PlanStatusForm, PublishForm
from ..models import PlanStatus, Ward, WardPlan
from ..models.plans import PlanTiming, period_after
from ..selectors import profiles as profile_selectors
from ..services.plans import TRANSITIONS
from . import plan_rows

NEEDS_A_SEAT = "You need a seat in a ward to start its plan."
STATUS_MESSAGES = {
    PlanStatus.DRAFT: "The plan is a draft again: only its councillors can see it.",
    PlanStatus.CONSULTATION: "The plan is in consultation.",
    PlanStatus.PUBLISHED: "The plan is published: everyone can read it on the ward page.",
    PlanTiming.UPCOMING: "The plan is published: everyone can read it now, and it becomes the current plan on {day}.",
    PlanStatus.ARCHIVED: "The plan is archived.",
}


def ward_profiles(wards) -> list:
    """The profiles of the plan's wards, shown beside the editor so that priorities are set with
    the facts in view: a fixed number of queries for any number of wards."""
    wards = list(wards)
    return list(profile_selectors.ward_profile_summaries(wards).values()) if wards else []


def plan_for(request, pk) -> WardPlan:
    """The plan, if the user may see it: anonymous users are asked to sign in, others get 404."""
    plan = get_object_or_404(WardPlan, pk=pk)
    if not request.user.has_perm("wards.view_wardplan", plan):
        if not request.user.is_authenticated:
            raise Refused("")
        raise Http404("No plan has that address.")
    return plan


@require_GET
def plan_detail(request, pk):
    plan = plan_for(request, pk)
    priorities = selectors.plan_page_priorities(plan)  # on plan.priorities, with their action_list
    actions = [action for priority in priorities for action in priority.action_list]
    can_edit = request.user.has_perm("wards.change_wardplan", plan)
    sources = links.of("priority_sources", priorities)  # the consultations and ideas they came from
    assets = links.of("priority_assets", priorities)  # the uses of assets proposed from them
    propose = links.of("priority_propose", priorities) if can_edit else {}
    for priority in priorities:
        priority.source_links = sources.get(priority.pk, [])
        priority.asset_links = assets.get(priority.pk, [])
        priority.propose_links = propose.get(priority.pk, [])
    led = set()
    if request.user.is_authenticated and not can_edit:
        led = {a.pk for a in actions if a.lead_officer_id == request.user.pk}
    plan_rows.prepare(priorities, can_edit=can_edit, led=led, csrf_token=get_token(request) if can_edit else "")
    budgets = _with_rights(request.user, selectors.plan_budget_summary(plan), can_edit)
    return plan_rows.render_with_rows(request, "wards/plans/detail.html", {
        "plan": plan,
        "can_edit": can_edit,
        "actions_led": led,
        "counts": selectors.actions_status_counts(actions),
        "overdue": selectors.actions_overdue_count(actions),
        "timing": plan.timing(),
        "budgets": budgets,
        "can_record_spending": any(row["can_manage"] for row in budgets),
        "transitions": sorted(TRANSITIONS.get(plan.status, ()), key=list(PlanStatus).index),
        "status_labels": dict(PlanStatus.choices),
        "ward_profiles": ward_profiles(plan.wards.all()) if can_edit else [],
        "consultations": links.of("plan_consultations", [plan]).get(plan.pk, []),
    }, priorities)


def _with_rights(user, budgets: list[dict], can_edit: bool) -> list[dict]:
    """Mark the budgets whose spending the user may record and correct: on a plan shared by
    several wards, a councillor manages only the spending of their own wards."""
    managed = ward_rules.wards_managed_by(user, [row["ward"] for row in budgets]) if can_edit else set()
    for row in budgets:
        row["can_manage"] = row["ward"].pk in managed
    return budgets


def _offered_wards(user):
    """The wards a plan form offers: any current ward for admins, else the user's own."""
    if user.has_perm("wards.change_ward"):
        return Ward.objects.current().for_choices()
    return selectors.wards_where_seated(user)


@require_http_methods(["GET", "POST"])
def plan_new(request):
    if refused := refusal(request, "wards.add_wardplan", None):
        return refused
    wards = _offered_wards(request.user)
    if not wards.exists():
        raise Refused(NEEDS_A_SEAT)
    earlier = WardPlan.objects.filter(wards__in=wards).distinct().order_by("-period", "title")
    latest = earlier.first()
    initial = {"period": period_after(latest.period) if latest else "", "copy_from": latest}
    slug = request.GET.get("ward", "")
    # Only what can be a slug is looked up (PostgreSQL cannot compare a NUL character at all).
    chosen = wards.filter(slug=slug).first() if slug_re.fullmatch(slug) else None
    if chosen is not None:
        initial["wards"] = [chosen]
        initial["title"] = f"{chosen.name} Ward Plan"
    form = NewPlanForm(posted(request), offered=wards, earlier_plans=earlier, initial=initial)
    if form.is_bound and form.is_valid():
        plan = form.submit(services.ward_plan_create, user=request.user, copy_from=form.cleaned_data["copy_from"],
                           **form.plan_fields())
        if plan is not None:
            messages.success(request, f"{plan.title} ({plan.period}) has been started as a draft.")
            return redirect(plan)
    return form_page(request, "wards/plans/plan_form.html", {
        "form": form, "new": True, "ward_profiles": ward_profiles([chosen] if chosen else [])})


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = plan_for(request, pk)
    if request.method == "GET" and (refused := refusal(request, "wards.change_wardplan", plan)):
        return refused
    offered = (_offered_wards(request.user) | plan.wards.all()).distinct().order_by("name")
    initial = {"title": plan.title, "period": plan.period, "summary": plan.summary,
               "wards": list(plan.wards.all()), "version": plan.version}
    form = PlanForm(posted(request), offered=offered, initial=initial)
    if form.is_bound and form.is_valid():
        saved = form.submit(services.ward_plan_update, plan=plan, user=request.user,
                            version=form.cleaned_data["version"], **form.plan_fields())
        if saved is not None:
            messages.success(request, "The plan's details have been saved.")
            return redirect(plan)
    return form_page(request, "wards/plans/plan_form.html", {
        "form": form, "plan": plan, "ward_profiles": ward_profiles(plan.wards.all())})


def _published_message(plan: WardPlan) -> str:
    if plan.timing() == PlanTiming.UPCOMING:
        return STATUS_MESSAGES[PlanTiming.UPCOMING].format(day=f"{plan.starts_on:%-d %B %Y}")
    return STATUS_MESSAGES[PlanStatus.PUBLISHED]


@require_POST
def plan_status(request, pk):
    plan = plan_for(request, pk)
    form = PlanStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the plan.")
        return redirect(plan)
    status = form.cleaned_data["status"]
    if status == PlanStatus.PUBLISHED:  # publishing is confirmed on its own page first
        return redirect("plans:publish", pk=plan.pk)
    form.submit(services.ward_plan_set_status, plan=plan, user=request.user, version=form.cleaned_data["version"],
                status=status)
    if form.errors:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    else:
        messages.success(request, STATUS_MESSAGES[status])
    return redirect(plan)


@require_http_methods(["GET", "POST"])
def plan_publish(request, pk):
    """Publishing, confirmed: the page says what will happen (when the plan becomes current,
    which plan stays current until then) before the councillor publishes."""
    plan = plan_for(request, pk)
    if request.method == "GET" and (refused := refusal(request, "wards.change_wardplan", plan)):
        return refused
    form = PublishForm(posted(request), initial={"version": plan.version})
    if form.is_bound and form.is_valid():
        published = form.submit(services.ward_plan_set_status, plan=plan, user=request.user,
                                version=form.cleaned_data["version"], status=PlanStatus.PUBLISHED)
        if published is not None:
            messages.success(request, _published_message(published))
            return redirect(published)
    plan = selectors.plan_get(pk=plan.pk)
    return form_page(request, "wards/plans/publish.html", {
        "form": form, "plan": plan, "consequences": selectors.publication_consequences(plan)})
