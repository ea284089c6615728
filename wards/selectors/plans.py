"""Reads of Ward Plans: what a user may see, a plan with everything on its page, budgets."""

from collections import Counter
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum

from localism.accounts.rules import is_admin

from ..models import Action, ActionStatus, PlanStatus, Priority, SpendLine, Ward, WardBudget, WardPlan


def wards_where_seated(user):
    """The current wards where this user holds a current seat."""
    if not user.is_authenticated:
        return Ward.objects.none()
    from ..models import CouncillorSeat

    seats = CouncillorSeat.objects.current().filter(councillor=user)
    return Ward.objects.current().without_geometry().filter(pk__in=seats.values("ward_id"))


def plans_visible_to(user):
    """Published plans for everyone; every plan of their wards for councillors; all for admins."""
    plans = WardPlan.objects.all()
    if is_admin.test(user):
        return plans
    visible = Q(status=PlanStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(pk__in=WardPlan.objects.filter(wards__in=wards_where_seated(user)).values("pk"))
    return plans.filter(visible)


def plans_for_display(plans=None):
    """Plans with their wards, ranked priorities and actions (with leads and partners) in a
    fixed number of queries, however many priorities and actions there are."""
    actions = (Action.objects.select_related("lead_organisation", "lead_officer")
               .prefetch_related("partners").order_by("position", "pk"))
    priorities = (Priority.objects.select_related("neighbourhood")
                  .prefetch_related(Prefetch("actions", queryset=actions)).order_by("position", "pk"))
    return (plans if plans is not None else WardPlan.objects.all()).prefetch_related(
        Prefetch("wards", queryset=Ward.objects.without_geometry().order_by("name")),
        Prefetch("priorities", queryset=priorities),
    )


def plan_get(*, pk: int) -> WardPlan:
    return plans_for_display(WardPlan.objects.filter(pk=pk)).get()


def status_counts(plan: WardPlan) -> list[dict]:
    """How many of the plan's actions are in each status, from the prefetched actions."""
    counts = Counter(a.status for p in plan.priorities.all() for a in p.actions.all())
    return [{"status": s, "label": s.label, "count": counts.get(s, 0)} for s in ActionStatus]


def ward_published_plan(ward: Ward) -> WardPlan | None:
    plans = plans_for_display(WardPlan.objects.filter(wards=ward, status=PlanStatus.PUBLISHED))
    return plans.order_by("-period", "-published_at").first()


def plan_budget_summary(plan: WardPlan) -> list[dict]:
    """For each ward of the plan: its allocation for the plan's year, what is spent and what
    remains, and the spend lines against the plan's priorities. Two queries."""
    ward_ids = [w.pk for w in plan.wards.all()]
    budgets = list(WardBudget.objects.filter(ward_id__in=ward_ids, period=plan.period)
                   .select_related("ward").annotate(spent=Sum("spend_lines__amount")).order_by("ward__name"))
    lines = (SpendLine.objects.filter(budget__in=budgets).select_related("priority", "budget")
             .order_by("-spent_on", "-pk"))
    by_budget: dict[int, list] = {}
    for line in lines:
        by_budget.setdefault(line.budget_id, []).append(line)
    return [
        {"budget": b, "ward": b.ward, "allocation": b.allocation, "spent": b.spent or Decimal(0),
         "remaining": b.allocation - (b.spent or Decimal(0)), "lines": by_budget.get(b.pk, [])}
        for b in budgets
    ]


def workspace_for(user) -> dict:
    """A signed-in user's workspace: their wards and those wards' plans (councillors), and the
    actions they lead (officers)."""
    wards = list(wards_where_seated(user).order_by("name"))
    plans = plans_for_display(
        WardPlan.objects.filter(wards__in=wards).distinct().order_by("-period", "title")
    ) if wards else WardPlan.objects.none()
    led = (Action.objects.filter(lead_officer=user).exclude(status=ActionStatus.DONE)
           .select_related("priority__plan").order_by("due_date", "pk")) if user.is_authenticated else []
    return {"wards": wards, "plans": list(plans), "actions_led": list(led)}
