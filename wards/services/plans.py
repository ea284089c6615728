"""Writes of Ward Plans, their priorities, actions and progress: the one place their rules live.

Each service takes the acting user and checks the `rules` permission itself, validates, and saves
through the core's audited, versioned save, so a page, the API, admin and the demo data can never
disagree. A councillor adds or removes only wards where they hold a seat.

Locks are taken in one order: the plan's wards (by pk), then plans (by pk), then priorities, then
actions. Every write that could break "one live plan per ward per year" locks the wards it concerns
before it checks, so two such writes for one ward run one after the other.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone

from localism.core.errors import Invalid, NotFound, Refused, StaleEdit
from localism.core.services import (
    audited_create,
    audited_delete,
    lock,
    lock_in_order,
    require,
    versioned_delete,
    versioned_save,
)

from .. import rules as ward_rules
from ..models import Action, ActionStatus, PlanStatus, Priority, ProgressUpdate, Ward, WardPlan
from ..models.plans import financial_year, validate_period
from . import notices

PLAN_EXISTS = "{ward} already has a plan for {period}: edit that one, or archive it first."
PLAN_NEEDS_A_WARD = "Choose at least one ward for the plan."
STATUS_NOT_ALLOWED = "This plan is {current}: it cannot be changed to {target}."
PUBLISH_NEEDS_PRIORITIES = "Add at least one priority before you publish the plan."
DUE_IN_THE_PAST = "The due date cannot be in the past: enter today or a later date."
NOT_YOUR_WARD = "You can only change the plans of wards where you hold a seat, and you do not hold one in {wards}."
START_REFUSED = "Only councillors and administrators start Ward Plans."
EDIT_REFUSED = "You can only change the plans of wards where you hold a seat."
DELETE_REFUSED = "Only an administrator can delete a Ward Plan."
PROGRESS_REFUSED = "Only the action's lead officer and the plan's councillors can post progress on it."
DIRECTION_INVALID = "Choose whether to move the priority up or down."
POSITION_OUT_OF_RANGE = "Choose a position from 1 to {count}."
PLAN_GONE = "That plan no longer exists: someone has deleted it."
PRIORITY_GONE = "That priority no longer exists: someone has removed it."

# Which status a plan may move to from each status.
TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.CONSULTATION, PlanStatus.PUBLISHED, PlanStatus.ARCHIVED},
    PlanStatus.CONSULTATION: {PlanStatus.DRAFT, PlanStatus.PUBLISHED, PlanStatus.ARCHIVED},
    PlanStatus.PUBLISHED: {PlanStatus.DRAFT, PlanStatus.ARCHIVED},
    PlanStatus.ARCHIVED: {PlanStatus.DRAFT},
}
# What ward_plan_update may change; anything not given stays as stored.
PLAN_FIELDS = {"title", "period", "summary"}


# --- Rules ---------------------------------------------------------------------------------------

def _check_seats(user, wards) -> None:
    """A councillor adds or removes only wards where they hold a seat (admins: any ward)."""
    refused = sorted(w.name for w in wards if not ward_rules.can_manage_ward.test(user, w))
    if refused:
        raise Refused(NOT_YOUR_WARD.format(wards=", ".join(refused)))


def _lock_wards(wards) -> None:
    lock_in_order(Ward.objects.filter(pk__in=[w.pk for w in wards]).only("pk"))


def _check_no_other_plan(*, wards, period: str, exclude_pk=None) -> None:
    """One live (not archived) plan per ward per year. Call with the wards locked."""
    clash = (
        WardPlan.objects.filter(wards__in=wards, period=period)
        .exclude(status=PlanStatus.ARCHIVED)
        .exclude(pk=exclude_pk)
        .order_by("pk")
        .first()
    )
    if clash:
        ward = next(w for w in clash.wards.order_by("name") if w in set(wards))
        raise Invalid({"period": PLAN_EXISTS.format(ward=ward.name, period=period)})


def _stored(plan: WardPlan) -> WardPlan:
    """The plan as stored; NotFound if someone deleted it meanwhile."""
    stored = WardPlan.objects.filter(pk=plan.pk).first()
    if stored is None:
        raise NotFound(PLAN_GONE)
    return stored


def _require_edit(user, plan: WardPlan) -> None:
    require(user, "wards.change_wardplan", plan, EDIT_REFUSED)


# --- Plans ---------------------------------------------------------------------------------------

@transaction.atomic
def ward_plan_create(
    *, user, wards: list[Ward], period: str, title: str, summary: str = "", copy_from: WardPlan | None = None,
    is_demo: bool = False,
) -> WardPlan:
    """Start a plan for one ward or several. Copying last year's plan brings its priorities and
    the actions still open."""
    require(user, "wards.add_wardplan", None, START_REFUSED)
    wards = list(wards)
    if not wards:
        raise Invalid({"wards": PLAN_NEEDS_A_WARD})
    _check_seats(user, wards)
    validate_period(period)
    _lock_wards(wards)
    _check_no_other_plan(wards=wards, period=period)
    plan = audited_create(WardPlan(title=title, period=period, summary=summary, copied_from=copy_from,
                                   created_by=user, is_demo=is_demo), user=user, many={"wards": wards})
    if copy_from is not None:
        _copy_priorities(source=copy_from, target=plan, user=user)
    return plan


def _copy_priorities(*, source: WardPlan, target: WardPlan, user) -> None:
    priorities = source.priorities.prefetch_related("actions__partners").order_by("position", "pk")
    for priority in priorities:
        copy = audited_create(Priority(plan=target, position=priority.position, title=priority.title,
                                       description=priority.description, theme=priority.theme,
                                       source=priority.source, neighbourhood=priority.neighbourhood), user=user)
        open_actions = [action for action in priority.actions.all() if action.is_open]
        for place, action in enumerate(open_actions, start=1):  # places 1, 2, 3… without the done ones
            audited_create(Action(priority=copy, position=place, description=action.description,
                                  lead_organisation=action.lead_organisation, lead_officer=action.lead_officer,
                                  due_date=action.due_date, status=action.status),
                           user=user, many={"partners": list(action.partners.all())})


@transaction.atomic
def ward_plan_update(*, plan: WardPlan, user, version: int, now=None, **changes) -> WardPlan:
    """Change what is given of a plan's title, period, summary, wards and status; the rest stays
    as stored. One version check for the whole change: content first, then the status."""
    unknown = set(changes) - PLAN_FIELDS - {"wards", "status"}
    if unknown:
        raise TypeError(f"ward_plan_update() cannot change {', '.join(sorted(unknown))}")
    stored = _stored(plan)
    _require_edit(user, stored)
    status = changes.pop("status", stored.status)
    content = {name: value for name, value in changes.items() if name in PLAN_FIELDS}
    old_wards = list(stored.wards.all())
    wards = list(changes["wards"]) if "wards" in changes else old_wards
    if not wards:
        raise Invalid({"wards": PLAN_NEEDS_A_WARD})
    _check_seats(user, set(wards) ^ set(old_wards))
    if "period" in content:
        validate_period(content["period"])
    _lock_wards(set(wards) | set(old_wards))
    current = lock(WardPlan, plan.pk)
    if int(version) != current.version:
        raise StaleEdit(current, "plan")
    if "period" in content or "wards" in changes:
        if current.status != PlanStatus.ARCHIVED:
            _check_no_other_plan(wards=wards, period=content.get("period", current.period), exclude_pk=plan.pk)
        current = versioned_save(WardPlan, plan.pk, user=user, version=version, thing="plan", changes=content,
                                 many={"wards": wards} if set(wards) != set(old_wards) else None)
    elif content:
        current = versioned_save(WardPlan, plan.pk, user=user, version=version, thing="plan", changes=content)
    if status != current.status:
        current = _set_status(current, user=user, status=status, wards=wards, now=now)
    return current


@transaction.atomic
def ward_plan_set_status(*, plan: WardPlan, user, version: int, status: str, now=None) -> WardPlan:
    """Move a plan through draft, consultation, published and archived. A published plan
    becomes its wards' current plan when its year starts (see `WardPlan.timing`); publishing it
    archives only the published plans of its wards whose year has already ended, so next year's
    plan can be published early without taking this year's plan away."""
    stored = _stored(plan)
    _require_edit(user, stored)
    wards = list(stored.wards.all())
    _lock_wards(wards)
    current = lock(WardPlan, plan.pk)
    if int(version) != current.version:
        raise StaleEdit(current, "plan")
    return _set_status(current, user=user, status=status, wards=wards, now=now)


def _set_status(current: WardPlan, *, user, status: str, wards, now=None) -> WardPlan:
    """With the plan's wards and the plan locked, and its version checked."""
    if status not in TRANSITIONS.get(current.status, set()):
        raise Invalid({"status": STATUS_NOT_ALLOWED.format(
            current=current.get_status_display().lower(), target=PlanStatus(status).label.lower())})
    changes = {"status": status}
    if current.status == PlanStatus.ARCHIVED:  # coming back to life: the year may have another plan
        _check_no_other_plan(wards=wards, period=current.period, exclude_pk=current.pk)
    if status == PlanStatus.PUBLISHED:
        if not current.priorities.exists():
            raise Invalid({"status": PUBLISH_NEEDS_PRIORITIES})
        changes["published_at"] = now or timezone.now()
    plan = versioned_save(WardPlan, current.pk, user=user, version=current.version, thing="plan", changes=changes)
    if status == PlanStatus.PUBLISHED:
        ended = WardPlan.objects.filter(wards__in=wards).exclude(pk=plan.pk)
        _archive_ended(ended, user=user, today=timezone.localdate(now))
    return plan


def _archive_ended(plans, *, user, today: datetime.date) -> list[WardPlan]:
    """Archive those of `plans` that are published and whose year ended before `today`."""
    ended = set(plans.filter(status=PlanStatus.PUBLISHED, period__lt=financial_year(today))
                .values_list("pk", flat=True))
    return [versioned_save(WardPlan, old.pk, user=user, version=old.version, thing="plan",
                           changes={"status": PlanStatus.ARCHIVED})
            for old in lock_in_order(WardPlan.objects.filter(pk__in=ended))]


@transaction.atomic
def ward_plans_archive_ended(*, today: datetime.date | None = None) -> list[WardPlan]:
    """The nightly job: archive every published plan whose year has ended (a system change, with
    no user in the history). Pages already treat such a plan as past from 1 April; this keeps its
    status in step. Running it again changes nothing."""
    return _archive_ended(WardPlan.objects.all(), user=None, today=today or timezone.localdate())


@transaction.atomic
def ward_plan_delete(*, plan: WardPlan, user) -> None:
    """Delete a plan with everything in it. Only admins do: councillors archive theirs."""
    require(user, "wards.delete_wardplan", plan, DELETE_REFUSED)
    current = lock(WardPlan, plan.pk)
    for priority in current.priorities.order_by("position", "pk"):
        _delete_priority(priority, user=user)
    audited_delete(current, user=user)


# --- Priorities ----------------------------------------------------------------------------------

def _priority_fields(title, description, theme, source, neighbourhood) -> dict:
    return {"title": title, "description": description, "theme": theme, "source": source,
            "neighbourhood": neighbourhood}


@transaction.atomic
def priority_create(*, plan: WardPlan, user, title: str, description: str, theme: str, source: str,
                    neighbourhood=None) -> Priority:
    """Add a priority at the bottom of the plan's ranking."""
    _require_edit(user, plan)
    plan = lock(WardPlan, plan.pk)  # one new rank at a time
    last = plan.priorities.aggregate(last=Max("position"))["last"] or 0
    return audited_create(Priority(plan=plan, position=last + 1,
                                   **_priority_fields(title, description, theme, source, neighbourhood)), user=user)


@transaction.atomic
def priority_update(*, priority: Priority, user, version: int, title: str, description: str, theme: str,
                    source: str, neighbourhood=None) -> Priority:
    _require_edit(user, priority.plan)
    return versioned_save(Priority, priority.pk, user=user, version=version, thing="priority",
                          changes=_priority_fields(title, description, theme, source, neighbourhood))


def _delete_priority(priority: Priority, *, user) -> None:
    for action in priority.actions.all():
        audited_delete(action, user=user)
    audited_delete(priority, user=user)


@transaction.atomic
def priority_delete(*, priority: Priority, user, version: int) -> None:
    """Remove a priority and its actions; the priorities below move up a rank."""
    _require_edit(user, priority.plan)
    plan = lock(WardPlan, priority.plan_id)
    current = lock(Priority, priority.pk)
    if int(version) != current.version:
        raise StaleEdit(current, "priority")
    _delete_priority(current, user=user)
    _renumber(plan, user=user)


def _renumber(plan: WardPlan, *, user) -> list[Priority]:
    """Ranks 1, 2, 3… with no gaps, in the order the priorities have."""
    return _rerank(_ranked(plan.priorities.all()), user=user)


def _ranked(queryset) -> list:
    """The rows of `queryset` (a plan's priorities, or a priority's actions), locked in pk order,
    in the order they are ranked."""
    return sorted(lock_in_order(queryset), key=lambda part: (part.position, part.pk))


def _rerank(parts: list, *, user) -> list:
    """Give `parts` (a plan's priorities, or a priority's actions: one model), in their new
    order, positions 1, 2, 3… in two UPDATE statements and one history entry (a new position and
    version) for each part whose position changes, however many there are. Positions are unique
    at every moment (the constraints are not deferred, see Priority, and both databases check
    them row by row), so the changed parts first wait above every position in use, then come down
    to theirs: no row ever meets another's position. The entries of one re-ranking share one
    moment, so the plan's history reads them as one version of the plan."""
    changed = [(rank, part) for rank, part in enumerate(parts, start=1) if part.position != rank]
    if not changed:
        return parts
    model = type(changed[0][1])
    offset = max(max(part.position for part in parts), len(parts))
    pks = [part.pk for _, part in changed]
    model.objects.filter(pk__in=pks).update(
        position=Case(*(When(pk=part.pk, then=Value(rank + offset)) for rank, part in changed)),
        version=F("version") + 1)
    model.objects.filter(pk__in=pks).update(position=F("position") - offset)
    for rank, part in changed:
        part.position = rank
        part.version += 1
    _record_reranking(model, [part for _, part in changed], user=user)
    return parts


def _record_reranking(model, parts: list, *, user) -> None:
    """One history entry for each re-ranked part, all at one moment, in one insert. The entries
    keep the parts' many-to-many values (an action's partners), as a save's entry does: one query
    reads them, one more writes them, whatever the number of parts."""
    records = model.history.bulk_history_create(parts, update=True, default_user=user,
                                                default_date=timezone.now())
    historical = model.history.model
    for m2m in getattr(historical, "_history_m2m_fields", []):
        through = getattr(model, m2m.name).through
        own = m2m.m2m_field_name()
        rows = defaultdict(list)
        for row in through.objects.filter(**{f"{own}_id__in": [part.pk for part in parts]}):
            rows[getattr(row, f"{own}_id")].append(row)
        kept = getattr(historical, m2m.name).model
        fields = [f.attname for f in through._meta.fields]
        kept.objects.bulk_create([kept(history=record, **{name: getattr(row, name) for name in fields})
                                  for record in records for row in rows[record.id]])


def _move(parts: list, part, *, user, version: int | None, position, thing: str):
    """With `parts` locked and in their ranked order (a plan's priorities, or a priority's
    actions): put `part` at `position` (1 first), the others keeping their order around it."""
    current = next((p for p in parts if p.pk == part.pk), None)
    if current is None:
        raise NotFound(f"That {thing} no longer exists: someone has removed it.")
    if version is not None and int(version) != current.version:
        raise StaleEdit(current, thing)
    if not isinstance(position, int) or not 1 <= position <= len(parts):
        raise Invalid({"position": POSITION_OUT_OF_RANGE.format(count=len(parts))})
    parts.remove(current)
    parts.insert(position - 1, current)
    _rerank(parts, user=user)
    return current


@transaction.atomic
def priority_move_to(*, priority: Priority, user, version: int | None, position: int) -> Priority:
    """Move a priority to a chosen place in its plan's ranking in one step: the priorities
    between its old place and its new one shift by one, and each priority whose rank changes has
    one history entry. `version` is the priority's, as the editor loaded it."""
    _require_edit(user, priority.plan)
    plan = lock(WardPlan, priority.plan_id, message=PLAN_GONE)
    return _move(_ranked(plan.priorities.all()), priority, user=user, version=version, position=position,
                 thing="priority")


@transaction.atomic
def priority_move(*, priority: Priority, user, direction: str) -> Priority:
    """Move a priority one place up or down the plan's ranking (from the top, up is no change;
    from the bottom, down is none)."""
    _require_edit(user, priority.plan)
    if direction not in {"up", "down"}:
        raise Invalid({"direction": DIRECTION_INVALID})
    plan = lock(WardPlan, priority.plan_id, message=PLAN_GONE)
    ranking = list(plan.priorities.order_by("position", "pk").values_list("pk", flat=True))
    if priority.pk not in ranking:
        raise NotFound(PRIORITY_GONE)
    index = ranking.index(priority.pk) + (0 if direction == "up" else 2)
    return _move(_ranked(plan.priorities.all()), priority, user=user, version=None,
                 position=min(max(index, 1), len(ranking)), thing="priority")


# --- Actions and progress ------------------------------------------------------------------------

def _check_due_date(due_date: datetime.date | None, *, was: datetime.date | None = None) -> None:
    """A new due date may not be in the past; an action that is overdue keeps its date until it is
    changed."""
    if due_date is not None and due_date != was and due_date < timezone.localdate():
        raise Invalid({"due_date": DUE_IN_THE_PAST})


def _action_fields(description, lead_organisation, lead_officer, due_date, status) -> dict:
    return {"description": description, "lead_organisation": lead_organisation, "lead_officer": lead_officer,
            "due_date": due_date, "status": status}


@transaction.atomic
def action_create(*, priority: Priority, user, description: str, lead_organisation=None, lead_officer=None,
                  partners=(), due_date: datetime.date | None = None,
                  status: str = ActionStatus.NOT_STARTED, allow_past: bool = False) -> Action:
    """Add an action at the end of its priority. Its due date may not be in the past
    (`allow_past` only for loading actions that are already overdue, as the demonstration does)."""
    _require_edit(user, priority.plan)
    if not allow_past:
        _check_due_date(due_date)
    priority = lock(Priority, priority.pk)  # one new position at a time
    last = priority.actions.aggregate(last=Max("position"))["last"] or 0
    action = audited_create(Action(priority=priority, position=last + 1,
                                   **_action_fields(description, lead_organisation, lead_officer, due_date, status)),
                            user=user, many={"partners": list(partners)})
    notices.assigned(action, user=user)
    return action


@transaction.atomic
def action_update(*, action: Action, user, version: int, description: str, lead_organisation=None,
                  lead_officer=None, partners=(), due_date=None, status: str) -> Action:
    _require_edit(user, action.priority.plan)
    was_due, was_lead = Action.objects.filter(pk=action.pk).values_list("due_date", "lead_officer_id").first() or (
        None, None)
    _check_due_date(due_date, was=was_due)
    saved = versioned_save(Action, action.pk, user=user, version=version, thing="action",
                           changes=_action_fields(description, lead_organisation, lead_officer, due_date, status),
                           many={"partners": list(partners)})
    notices.assigned(saved, user=user, was=was_lead)
    return saved


@transaction.atomic
def action_delete(*, action: Action, user, version: int) -> None:
    """Remove an action; the actions below it on its priority move up a place."""
    _require_edit(user, action.priority.plan)
    priority = lock(Priority, action.priority_id, message=PRIORITY_GONE)
    versioned_delete(Action, action.pk, user=user, version=version, thing="action")
    _rerank(_ranked(priority.actions.all()), user=user)


@transaction.atomic
def action_move_to(*, action: Action, user, version: int | None, position: int) -> Action:
    """Move an action to a chosen place among its priority's actions in one step, as
    `priority_move_to` does for priorities: the actions between its old place and its new one
    shift by one, and each action whose place changes has one history entry. `version` is the
    action's, as the editor loaded it."""
    _require_edit(user, action.priority.plan)
    priority = lock(Priority, action.priority_id, message=PRIORITY_GONE)
    return _move(_ranked(priority.actions.all()), action, user=user, version=version, position=position,
                 thing="action")


@transaction.atomic
def progress_update_create(*, action: Action, user, note: str, status: str) -> ProgressUpdate:
    """Record progress on an action: a dated note, and the status it now has. The action's lead
    officer and the plan's editors may."""
    require(user, "wards.add_progressupdate", action, PROGRESS_REFUSED)
    current = lock(Action, action.pk)
    update = audited_create(ProgressUpdate(action=current, author=user, note=note, status_before=current.status,
                                           status_after=status), user=user)
    if status != current.status:
        versioned_save(Action, current.pk, user=user, version=None, thing="action", changes={"status": status})
    notices.progress_posted(update, user=user)
    return update
