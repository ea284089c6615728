"""Reads of Ward Plans: what a user may see, a plan with everything on its page, budgets."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum, prefetch_related_objects
from django.utils import timezone

from localism.accounts.rules import is_admin

from ..models import Action, ActionStatus, PlanStatus, Priority, ProgressUpdate, SpendLine, Ward, WardBudget, WardPlan
from ..models.plans import PlanTiming, financial_year, overdue_on, public_plans


def wards_where_seated(user):
    """The current wards where this user holds a current seat."""
    if not user.is_authenticated:
        return Ward.objects.none()
    from ..models import CouncillorSeat

    seats = CouncillorSeat.objects.current().filter(councillor=user)
    return Ward.objects.current().without_geometry().filter(pk__in=seats.values("ward_id"))


def plans_visible_to(user):
    """Public plans (in consultation, published, and archived after publication) for everyone;
    every plan of their wards for councillors; all for admins."""
    plans = WardPlan.objects.all()
    if is_admin.test(user):
        return plans
    visible = public_plans()
    if user.is_authenticated:
        visible |= Q(pk__in=WardPlan.objects.filter(wards__in=wards_where_seated(user)).values("pk"))
    return plans.filter(visible)


def latest_progress():
    """Each action's latest progress update only (for a Prefetch on actions): one query for all
    the actions, whatever their number of updates."""
    newest = (ProgressUpdate.objects.filter(action=OuterRef("action")).order_by("-created_at", "-pk")
              .values("pk")[:1])
    return ProgressUpdate.objects.filter(pk=Subquery(newest))


def plans_for_display(plans=None, *, with_progress: bool = False, with_partners: bool = True):
    """Plans with their wards, ranked priorities and actions (with leads, partners as a list,
    `partner_list`, and with `with_progress` each action's `latest_updates`: its latest progress
    update, or none; without `with_partners` no partners, for pages that do not show them) in a
    fixed number of queries, however many priorities and actions there are.
    The lists are plain lists: a related manager and a queryset made for each of a thousand
    actions took a good part of a plan's page."""
    actions = (Action.objects.select_related("lead_organisation", "lead_officer__organisation")
               .order_by("position", "pk"))
    if with_partners:
        actions = actions.prefetch_related(Prefetch("partners", to_attr="partner_list"))
    if with_progress:
        actions = actions.prefetch_related(Prefetch("progress_updates", queryset=latest_progress(),
                                                    to_attr="latest_updates"))
    priorities = (Priority.objects.select_related("neighbourhood")
                  .prefetch_related(Prefetch("actions", queryset=actions)).order_by("position", "pk"))
    return (plans if plans is not None else WardPlan.objects.all()).prefetch_related(
        Prefetch("wards", queryset=Ward.objects.without_geometry().order_by("name")),
        Prefetch("priorities", queryset=priorities),
    )


def plans_for_summary(plans=None):
    """Plans with their wards and, counted by the database, their priorities (`priority_count`)
    and their actions, in all (`action_count`) and in each status (`actions_<status>`): what a
    list of plans shows, in a fixed number of queries, without loading a priority or an action."""
    counts = {"priority_count": Count("priorities", distinct=True),
              "action_count": Count("priorities__actions", distinct=True)}
    counts |= {f"actions_{status}": Count("priorities__actions", distinct=True,
                                          filter=Q(priorities__actions__status=status))
               for status in ActionStatus}
    plans = plans if plans is not None else WardPlan.objects.all()
    # A query that counts is not ordered by the model's ordering unless it says so.
    return plans.annotate(**counts).order_by(*plans.query.order_by or WardPlan._meta.ordering).prefetch_related(
        Prefetch("wards", queryset=Ward.objects.without_geometry().order_by("name")))


def summary_status_counts(plan: WardPlan) -> list[dict]:
    """`status_counts` of a plan from plans_for_summary's counts."""
    return [{"status": s, "label": s.label, "count": getattr(plan, f"actions_{s}")} for s in ActionStatus]


def plan_get(*, pk: int, with_progress: bool = False) -> WardPlan:
    return plans_for_display(WardPlan.objects.filter(pk=pk), with_progress=with_progress).get()


@dataclass(slots=True)
class ActionRow:
    """An action as the plan's page lists it, read as plain values: the names of its lead
    organisation and officer and of its partners, and its latest progress update
    (`latest`: when and its note, or None)."""

    pk: int
    priority_id: int
    description: str
    status: str
    due_date: datetime.date | None
    version: int
    lead_organisation: str | None
    lead_officer_id: int | None
    lead_officer: str | None = None
    partners: list[str] = field(default_factory=list)
    latest: tuple[datetime.datetime, str] | None = None
    # Set by the page that lists the row: its address and whether it is overdue that day.
    page_url: str = ""
    overdue: bool = False

    def is_overdue_on(self, day: datetime.date) -> bool:
        return overdue_on(self.status, self.due_date, day)

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label


def plan_page_priorities(plan: WardPlan, *, details: bool = True) -> list[Priority]:
    """The plan's wards (prefetched on it) and its ranked priorities, each with `action_list`, its
    actions in their order as ActionRows, for the plan's page: seven queries however many
    priorities, actions, partners and progress updates there are. Values, not models: making a
    thousand actions and a related manager for each of their partners and updates was most of the
    page's time. Without `details` (a ward's page, which lists the actions with their status and
    lead organisation only) no partners, progress or lead officers: four queries."""
    prefetch_related_objects([plan], Prefetch("wards", queryset=Ward.objects.without_geometry().order_by("name")),
                             Prefetch("priorities", queryset=Priority.objects.select_related("neighbourhood")
                                      .order_by("position", "pk")))
    priorities = list(plan.priorities.all())
    by_priority = {p.pk: p for p in priorities}
    for priority in priorities:
        priority.action_list = []
    of_plan = {"action__priority__plan_id": plan.pk}
    rows = {pk: ActionRow(pk, *values) for pk, *values in (
        Action.objects.filter(priority__plan_id=plan.pk).order_by("position", "pk").values_list(
            "pk", "priority_id", "description", "status", "due_date", "version", "lead_organisation__name",
            "lead_officer_id"))}
    if not details:
        for row in rows.values():
            by_priority[row.priority_id].action_list.append(row)
        return priorities
    for action_pk, name in (Action.partners.through.objects.filter(**of_plan)
                            .order_by("organisation__name", "organisation_id")
                            .values_list("action_id", "organisation__name")):
        rows[action_pk].partners.append(name)
    for action_pk, created_at, note in latest_progress().filter(**of_plan).values_list("action_id", "created_at",
                                                                                        "note"):
        rows[action_pk].latest = (created_at, note)
    officers = {user.pk: user.display_name for user in get_user_model().objects.filter(
        actions_led__priority__plan_id=plan.pk).select_related("organisation").distinct()}
    for row in rows.values():
        if row.lead_officer_id is not None:
            row.lead_officer = officers[row.lead_officer_id]
        by_priority[row.priority_id].action_list.append(row)
    return priorities


def actions_status_counts(actions) -> list[dict]:
    """How many of the actions (models or ActionRows) are in each status."""
    counts = Counter(a.status for a in actions)
    return [{"status": s, "label": s.label, "count": counts.get(s, 0)} for s in ActionStatus]


def status_counts(plan: WardPlan) -> list[dict]:
    """How many of the plan's actions are in each status, from the prefetched actions."""
    return actions_status_counts(a for p in plan.priorities.all() for a in p.actions.all())


def actions_overdue_count(actions, *, on: datetime.date | None = None) -> int:
    """How many of the actions (models or ActionRows) are overdue on the day (today)."""
    on = on or timezone.localdate()
    return sum(a.is_overdue_on(on) for a in actions)


def overdue_count(plan: WardPlan, *, on: datetime.date | None = None) -> int:
    """How many of the plan's actions are overdue on the day (today), from the prefetched actions."""
    return actions_overdue_count((a for p in plan.priorities.all() for a in p.actions.all()), on=on)


def current_plan_ids_by_ward(ward_ids=None, *, on: datetime.date) -> dict[int, int]:
    """The one rule of a ward's current plan on the day: the published plan of the day's financial
    year, the latest published when there are several. Its pk by ward pk, for `ward_ids` or every
    ward (None: no list of ids to test each plan against). One query."""
    through = WardPlan.wards.through.objects.filter(wardplan__status=PlanStatus.PUBLISHED,
                                                    wardplan__period=financial_year(on))
    if ward_ids is not None:
        through = through.filter(ward_id__in=list(ward_ids))
    chosen: dict[int, int] = {}
    for ward_id, plan_id in through.order_by("ward_id", "-wardplan__published_at", "-wardplan_id").values_list(
            "ward_id", "wardplan_id"):
        chosen.setdefault(ward_id, plan_id)
    return chosen


def current_plans_by_ward(ward_ids, *, on: datetime.date | None = None,
                          with_partners: bool = True) -> dict[int, WardPlan]:
    """Each ward's current plan on the day (today), for `ward_ids` or every ward (None: the way to
    ask for thousands, see current_plan_ids_by_ward), as its page shows it: the published plan
    whose financial year holds the day, the latest published when there are several; with
    everything its page shows (plans_for_display). A fixed number of queries however many wards."""
    on = on or timezone.localdate()
    chosen = current_plan_ids_by_ward(ward_ids, on=on)
    if not chosen:
        return {}
    plans = {p.pk: p for p in plans_for_display(WardPlan.objects.filter(pk__in=set(chosen.values())),
                                                with_partners=with_partners)}
    return {ward_id: plans[plan_id] for ward_id, plan_id in chosen.items()
            if plans[plan_id].timing(on) == PlanTiming.CURRENT}


def ward_plans_in_time(ward: Ward, *, today: datetime.date | None = None) -> dict:
    """A ward's public plans against today. `current`: the published plan whose year holds
    today (or None), with its wards and its priorities, each with its `action_list` as the ward's
    page lists them (plan_page_priorities without the details); `upcoming`: published plans of
    years to come, soonest first; `consultation`: plans residents are being consulted on; `past`:
    plans whose year has ended or that are archived, latest first."""
    today = today or timezone.localdate()
    plans = list(WardPlan.objects.filter(public_plans(), wards=ward).order_by("-period", "-published_at", "-pk"))
    published = [p for p in plans if p.status == PlanStatus.PUBLISHED]
    current = None
    if any(p.timing(today) == PlanTiming.CURRENT for p in published):
        # The one definition of a ward's current plan, asked only when it has one.
        chosen = current_plan_ids_by_ward([ward.pk], on=today).get(ward.pk)
        current = next((p for p in published if p.pk == chosen and p.timing(today) == PlanTiming.CURRENT), None)
        if current is not None:
            plan_page_priorities(current, details=False)
    return {
        "current": current,
        "upcoming": sorted((p for p in published if p.timing(today) == PlanTiming.UPCOMING), key=lambda p: p.period),
        "consultation": [p for p in plans if p.status == PlanStatus.CONSULTATION],
        "past": [p for p in plans if p.status != PlanStatus.CONSULTATION and p.timing(today) == PlanTiming.PAST],
    }


def publication_consequences(plan: WardPlan, *, today: datetime.date | None = None) -> list[str]:
    """What publishing the plan will do, in words, for the page that asks to confirm it."""
    today = today or timezone.localdate()
    wards = list(plan.wards.all())
    whose = "the ward's" if len(wards) == 1 else "its wards'"
    others = list(WardPlan.objects.filter(wards__in=wards, status=PlanStatus.PUBLISHED).exclude(pk=plan.pk)
                  .distinct().order_by("period"))
    timing = plan.timing(today) if plan.status != PlanStatus.ARCHIVED else PlanTiming.PAST
    if timing == PlanTiming.PAST:
        return [f"This plan's year ended on {plan.ends_on:%-d %B %Y}: it will be public now, as a past plan."]
    ended = [p for p in others if p.timing(today) == PlanTiming.PAST]
    said = []
    if timing == PlanTiming.UPCOMING:
        current = [p for p in others if p.timing(today) == PlanTiming.CURRENT]
        sentence = f"This plan will be public now and become {whose} current plan on {plan.starts_on:%-d %B %Y}"
        if current:
            sentence += "; " + " and ".join(f"the {p.period} plan" for p in current) + " stays current until then"
        said.append(sentence + ".")
    else:
        said.append(f"This plan will be public now and become {whose} current plan straight away.")
    said += [f"The {p.period} plan, whose year has ended, will be archived: it stays public as a past plan."
             for p in ended]
    return said


def plan_budget_summary(plan: WardPlan) -> list[dict]:
    """For each ward of the plan: its allocation for the plan's year, what is spent and what
    remains, and the spend lines against the plan's priorities. Two queries."""
    ward_ids = [w.pk for w in plan.wards.all()]
    budgets = list(WardBudget.objects.filter(ward_id__in=ward_ids, period=plan.period)
                   .select_related("ward").defer("ward__boundary", "ward__boundary_simplified")
                   .annotate(spent=Sum("spend_lines__amount")).order_by("ward__name"))
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


WORKSPACE_MEETINGS_SHOWN = 5
NEEDS_ATTENTION = (ActionStatus.AT_RISK, ActionStatus.OFF_TRACK)


def workspace_for(user, *, today: datetime.date | None = None, now: datetime.datetime | None = None) -> dict:
    """The wards' panels of a signed-in user's workspace, in a fixed number of queries however
    many wards, plans and actions there are. For councillors: their wards and those wards'
    plans, the actions overdue or at risk, the forum meetings coming up, the budget left this
    year by plan, drafts and plans in consultation. For officers: the actions they lead."""
    today = today or timezone.localdate()
    wards = list(wards_where_seated(user).order_by("name"))
    plans = list(_workspace_plans(wards, today)) if wards else []
    return {
        "wards": wards,
        "plans": plans,
        "attention": _needing_attention(plans, today),
        "meetings": _meetings_ahead(wards, now or timezone.now()),
        "budgets": _budgets_left(plans, financial_year(today)),
        "drafts": [p for p in plans if p.status == PlanStatus.DRAFT],
        "in_consultation": [p for p in plans if p.status == PlanStatus.CONSULTATION],
        **actions_led_by(user, today=today),
    }


def _workspace_plans(wards: list[Ward], today: datetime.date):
    """The wards' plans with their wards, and counted by the database: their priorities
    (`priority_count`) and their actions overdue today (`overdue`). No priority or action is
    loaded to be counted."""
    overdue = Q(priorities__actions__due_date__lt=today) & ~Q(priorities__actions__status=ActionStatus.DONE)
    return (WardPlan.objects.filter(pk__in=WardPlan.objects.filter(wards__in=wards).values("pk"))
            .annotate(priority_count=Count("priorities", distinct=True),
                      overdue=Count("priorities__actions", distinct=True, filter=overdue))
            .order_by("-period", "title")
            .prefetch_related(Prefetch("wards", queryset=Ward.objects.without_geometry().order_by("name"))))


def _needing_attention(plans: list[WardPlan], today: datetime.date) -> list[dict]:
    """The actions of this year's (and ended, not yet archived) plans that are overdue, at risk
    or off track: next year's copies are not counted twice. One query, of those actions only."""
    by_pk = {plan.pk: plan for plan in plans
             if plan.timing(today) != PlanTiming.UPCOMING and plan.status != PlanStatus.ARCHIVED}
    if not by_pk:
        return []
    needing = Q(status__in=NEEDS_ATTENTION) | (Q(due_date__lt=today) & ~Q(status=ActionStatus.DONE))
    found = [{"action": a, "plan": by_pk[a.priority.plan_id]}
             for a in Action.objects.filter(needing, priority__plan__in=list(by_pk)).select_related("priority")]
    return sorted(found, key=lambda row: (row["action"].due_date or datetime.date.max, row["action"].pk))


def _meetings_ahead(wards: list[Ward], now: datetime.datetime) -> list:
    if not wards:
        return []
    from .forums import meetings_ahead

    return list(meetings_ahead(wards, now=now).select_related("forum").distinct()
                .order_by("starts_at", "pk")[:WORKSPACE_MEETINGS_SHOWN])


def _budgets_left(plans: list[WardPlan], period: str) -> list[dict]:
    """For each plan of this financial year: its wards' allocations, what is spent and what is
    left. One query for all the plans."""
    this_year = [p for p in plans if p.period == period and p.status != PlanStatus.ARCHIVED]
    ward_ids = {w.pk for p in this_year for w in p.wards.all()}
    budgets = {b.ward_id: b for b in WardBudget.objects.filter(ward_id__in=ward_ids, period=period)
               .annotate(spent=Sum("spend_lines__amount"))} if ward_ids else {}
    rows = []
    for plan in this_year:
        held = [budgets[w.pk] for w in plan.wards.all() if w.pk in budgets]
        allocation = sum((b.allocation for b in held), Decimal(0))
        spent = sum((b.spent or Decimal(0) for b in held), Decimal(0))
        rows.append({"plan": plan, "has_budget": bool(held), "allocation": allocation, "spent": spent,
                     "remaining": allocation - spent})
    return rows


def actions_led_by(user, *, today: datetime.date | None = None) -> dict:
    """The open actions the user leads, each once, as querysets to page: `actions_led` of the
    plans of this year (and of ended plans not yet archived), `actions_led_next_year` of the
    plans for years to come (a plan copied for next year copies its open actions, leads and
    all)."""
    if not user.is_authenticated:
        return {"actions_led": Action.objects.none(), "actions_led_next_year": Action.objects.none()}
    this_year = financial_year(today or timezone.localdate())
    led = (Action.objects.filter(lead_officer=user).exclude(status=ActionStatus.DONE)
           .exclude(priority__plan__status=PlanStatus.ARCHIVED)
           .select_related("priority__plan").order_by("due_date", "pk"))
    # A plan not archived is for years to come when its financial year is after this one
    # ("2027/28" > "2026/27": the years are written alike, so they compare as text).
    return {"actions_led": led.filter(priority__plan__period__lte=this_year),
            "actions_led_next_year": led.filter(priority__plan__period__gt=this_year)}
