"""Writes of Ward Plans, their priorities, actions and progress.

Every change to a plan, priority or action goes through `_save_versioned`: it locks the row,
refuses the change if someone saved a newer version since the editor loaded theirs, raises the
version and records who made the change in the history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import Action, ActionStatus, PlanStatus, Priority, ProgressUpdate, Ward, WardPlan
from ..models.plans import validate_period

STALE_EDIT = (
    "Someone else changed this {thing} while you were editing it. Their version is shown below: "
    "check it, then make your change again. Your text is still in the form."
)
PLAN_EXISTS = "{ward} already has a plan for {period}: edit that one, or archive it first."
PLAN_NEEDS_A_WARD = "Choose at least one ward for the plan."
STATUS_NOT_ALLOWED = "This plan is {current}: it cannot be changed to {target}."
PUBLISH_NEEDS_PRIORITIES = "Add at least one priority before you publish the plan."

# Which status a plan may move to from each status.
TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.CONSULTATION, PlanStatus.PUBLISHED, PlanStatus.ARCHIVED},
    PlanStatus.CONSULTATION: {PlanStatus.DRAFT, PlanStatus.PUBLISHED, PlanStatus.ARCHIVED},
    PlanStatus.PUBLISHED: {PlanStatus.DRAFT, PlanStatus.ARCHIVED},
    PlanStatus.ARCHIVED: {PlanStatus.DRAFT},
}


class StaleEdit(Exception):
    """The editor's version is older than the stored one. `current` is the stored version."""

    def __init__(self, current, thing: str):
        super().__init__(STALE_EDIT.format(thing=thing))
        self.current = current
        self.message = str(self)


class PlanRuleError(ValidationError):
    """A change the plan's rules refuse (with a message for the user)."""


def _save_versioned(model, pk: int, *, user, version: int, changes: dict, thing: str):
    current = model.objects.select_for_update().get(pk=pk)
    if int(version) != current.version:
        raise StaleEdit(current, thing)
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current._history_user = user
    current.save()
    return current


def _check_no_other_plan(*, wards, period: str, exclude_pk=None) -> None:
    clash = (
        WardPlan.objects.filter(wards__in=wards, period=period)
        .exclude(status=PlanStatus.ARCHIVED)
        .exclude(pk=exclude_pk)
        .prefetch_related("wards")
        .first()
    )
    if clash:
        ward = next(w for w in clash.wards.all() if w in set(wards))
        raise PlanRuleError({"period": PLAN_EXISTS.format(ward=ward.name, period=period)})


@transaction.atomic
def ward_plan_create(
    *, user, wards: list[Ward], period: str, title: str, summary: str = "", copy_from: WardPlan | None = None,
    is_demo: bool = False,
) -> WardPlan:
    """Start a plan for one ward or several. Copying last year's plan brings its priorities and
    the actions still open."""
    if not wards:
        raise PlanRuleError({"wards": PLAN_NEEDS_A_WARD})
    validate_period(period)
    _check_no_other_plan(wards=wards, period=period)
    plan = _create(WardPlan(title=title, period=period, summary=summary, copied_from=copy_from, created_by=user,
                            is_demo=is_demo), user=user)
    plan.wards.set(wards)
    if copy_from is not None:
        _copy_priorities(source=copy_from, target=plan, user=user)
    return plan


def _copy_priorities(*, source: WardPlan, target: WardPlan, user) -> None:
    priorities = source.priorities.prefetch_related("actions__partners").order_by("position", "pk")
    for priority in priorities:
        copy = Priority(plan=target, position=priority.position, title=priority.title,
                        description=priority.description, theme=priority.theme, source=priority.source,
                        neighbourhood=priority.neighbourhood)
        _create(copy, user=user)
        for action in priority.actions.all():
            if action.is_open:
                new = Action(priority=copy, position=action.position, description=action.description,
                             lead_organisation=action.lead_organisation, lead_officer=action.lead_officer,
                             due_date=action.due_date, status=action.status)
                _create(new, user=user)
                new.partners.set(action.partners.all())


def _create(obj, *, user):
    obj.full_clean()
    obj._history_user = user
    obj.save()
    return obj


@transaction.atomic
def ward_plan_update(*, plan: WardPlan, user, version: int, title: str, period: str, summary: str,
                     wards: list[Ward]) -> WardPlan:
    if not wards:
        raise PlanRuleError({"wards": PLAN_NEEDS_A_WARD})
    validate_period(period)
    _check_no_other_plan(wards=wards, period=period, exclude_pk=plan.pk)
    plan = _save_versioned(WardPlan, plan.pk, user=user, version=version, thing="plan",
                           changes={"title": title, "period": period, "summary": summary})
    plan.wards.set(wards)
    return plan


@transaction.atomic
def ward_plan_set_status(*, plan: WardPlan, user, version: int, status: str) -> WardPlan:
    """Move a plan through draft, consultation, published and archived. Publishing a plan
    archives the earlier published plans of its wards."""
    current = WardPlan.objects.get(pk=plan.pk)
    if status not in TRANSITIONS.get(current.status, set()):
        raise PlanRuleError({"status": STATUS_NOT_ALLOWED.format(
            current=current.get_status_display().lower(), target=PlanStatus(status).label.lower())})
    changes = {"status": status}
    if status == PlanStatus.PUBLISHED:
        if not current.priorities.exists():
            raise PlanRuleError({"status": PUBLISH_NEEDS_PRIORITIES})
        changes["published_at"] = timezone.now()
    plan = _save_versioned(WardPlan, plan.pk, user=user, version=version, thing="plan", changes=changes)
    if status == PlanStatus.PUBLISHED:
        older = (WardPlan.objects.filter(wards__in=plan.wards.all(), status=PlanStatus.PUBLISHED,
                                         period__lt=plan.period).exclude(pk=plan.pk).distinct())
        for old in older:
            _save_versioned(WardPlan, old.pk, user=user, version=old.version, thing="plan",
                            changes={"status": PlanStatus.ARCHIVED})
    return plan


def _priority_fields(title, description, theme, source, neighbourhood) -> dict:
    return {"title": title, "description": description, "theme": theme, "source": source,
            "neighbourhood": neighbourhood}


@transaction.atomic
def priority_create(*, plan: WardPlan, user, title: str, description: str, theme: str, source: str,
                    neighbourhood=None) -> Priority:
    last = plan.priorities.aggregate(last=Max("position"))["last"] or 0
    return _create(Priority(plan=plan, position=last + 1,
                            **_priority_fields(title, description, theme, source, neighbourhood)), user=user)


@transaction.atomic
def priority_update(*, priority: Priority, user, version: int, title: str, description: str, theme: str,
                    source: str, neighbourhood=None) -> Priority:
    return _save_versioned(Priority, priority.pk, user=user, version=version, thing="priority",
                           changes=_priority_fields(title, description, theme, source, neighbourhood))


@transaction.atomic
def priority_delete(*, priority: Priority, user, version: int) -> None:
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    if int(version) != current.version:
        raise StaleEdit(current, "priority")
    current._history_user = user
    for action in current.actions.all():
        action._history_user = user
        action.delete()
    current.delete()
    _renumber(current.plan)


def _renumber(plan: WardPlan) -> list[Priority]:
    priorities = list(plan.priorities.select_for_update().order_by("position", "pk"))
    for rank, priority in enumerate(priorities, start=1):
        if priority.position != rank:
            Priority.objects.filter(pk=priority.pk).update(position=rank)
            priority.position = rank
    return priorities


@transaction.atomic
def priority_move(*, priority: Priority, user, direction: str) -> Priority:
    """Move a priority one place up or down the plan's ranking."""
    priorities = _renumber(priority.plan)
    index = next(i for i, p in enumerate(priorities) if p.pk == priority.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(priorities):
        a, b = priorities[index], priorities[other]
        for item, position in ((a, b.position), (b, a.position)):
            item.position = position
            item.version += 1
            item._history_user = user
            item.save(update_fields=["position", "version"])
    return Priority.objects.get(pk=priority.pk)


def _action_fields(description, lead_organisation, lead_officer, due_date, status) -> dict:
    return {"description": description, "lead_organisation": lead_organisation, "lead_officer": lead_officer,
            "due_date": due_date, "status": status}


@transaction.atomic
def action_create(*, priority: Priority, user, description: str, lead_organisation=None, lead_officer=None,
                  partners=(), due_date: datetime.date | None = None,
                  status: str = ActionStatus.NOT_STARTED) -> Action:
    last = priority.actions.aggregate(last=Max("position"))["last"] or 0
    action = _create(Action(priority=priority, position=last + 1,
                            **_action_fields(description, lead_organisation, lead_officer, due_date, status)),
                     user=user)
    action.partners.set(partners)
    return action


@transaction.atomic
def action_update(*, action: Action, user, version: int, description: str, lead_organisation=None,
                  lead_officer=None, partners=(), due_date=None, status: str) -> Action:
    action = _save_versioned(Action, action.pk, user=user, version=version, thing="action",
                             changes=_action_fields(description, lead_organisation, lead_officer, due_date, status))
    action.partners.set(partners)
    return action


@transaction.atomic
def action_delete(*, action: Action, user, version: int) -> None:
    current = Action.objects.select_for_update().get(pk=action.pk)
    if int(version) != current.version:
        raise StaleEdit(current, "action")
    current._history_user = user
    current.delete()


@transaction.atomic
def progress_update_create(*, action: Action, user, note: str, status: str) -> ProgressUpdate:
    """Record progress on an action: a dated note, and the status it now has."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    update = ProgressUpdate(action=current, author=user, note=note, status_before=current.status,
                            status_after=status)
    update.full_clean()
    update.save()
    if status != current.status:
        current.status = status
        current.version += 1
        current._history_user = user
        current.save(update_fields=["status", "version"])
    return update
