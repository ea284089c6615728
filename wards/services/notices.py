"""What the wards app tells people (localism.core.events): an officer that an action of a Ward
Plan is theirs to lead; a ward's councillors that progress was posted on an action of their
plan; the lead officer and the councillors that an action is overdue. A plan's actions and
progress are what its readers see on the plan's page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from localism.core import events

from ..models import Action, ActionStatus, PlanStatus, ProgressUpdate
from ..selectors.geography import councillor_ids

ASSIGNED = "action_assigned"
PROGRESS = "action_progress"
OVERDUE = "action_overdue"


def declare() -> None:
    events.declare(ASSIGNED, "An action of a Ward Plan is yours to lead", audience="lead officers")
    events.declare(PROGRESS, "Progress is posted on an action of your ward's plan", audience="councillors")
    events.declare(OVERDUE, "An action you lead, or of your ward's plan, is overdue",
                   audience="lead officers and councillors")


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def assigned(action: Action, *, user, was=None) -> None:
    """The action's lead officer hears it is theirs, when it becomes theirs (not on every edit)."""
    if action.lead_officer_id is None or action.lead_officer_id == was or action.lead_officer_id == user.pk:
        return
    plan = action.priority.plan
    due = f"\nDue: {action.due_date:%-d %B %Y}" if action.due_date else ""
    events.publish(events.Event(
        kind=ASSIGNED, key=f"action-assigned:{action.pk}:{action.lead_officer_id}",
        recipients=(action.lead_officer_id,),
        subject=f"You lead an action of {plan.title} ({plan.period})",
        body=f"{_short(action.description, 500)}\nPriority: {action.priority.title}{due}",
        url=reverse("plans:action", args=[action.pk])))


def progress_posted(update: ProgressUpdate, *, user) -> None:
    action = update.action
    plan = action.priority.plan
    recipients = [pk for pk in councillor_ids(plan.wards.all(), on=timezone.localdate()) if pk != user.pk]
    events.publish(events.Event(
        kind=PROGRESS, key=f"action-progress:{update.pk}", recipients=recipients,
        subject=f"Progress on an action of {plan.title}: {update.get_status_after_display()}",
        body=f"{_short(action.description)}\n{_short(update.note, 1_000)}",
        url=reverse("plans:action", args=[action.pk])))


def actions_overdue(*, today: datetime.date | None = None) -> int:
    """Tell each open action's lead officer and its plan's councillors, once per due date, that
    it is overdue (its due date passed and it is not done). Answers how many actions."""
    today = today or timezone.localdate()
    overdue = (Action.objects.exclude(status=ActionStatus.DONE).filter(due_date__lt=today)
               .filter(priority__plan__status__in=(PlanStatus.PUBLISHED, PlanStatus.CONSULTATION))
               .select_related("priority__plan").order_by("pk"))
    seats = {}
    count = 0
    for action in overdue.iterator(chunk_size=500):
        plan = action.priority.plan
        if plan.pk not in seats:
            seats[plan.pk] = councillor_ids(plan.wards.all(), on=today)
        recipients = [action.lead_officer_id, *seats[plan.pk]]
        events.publish(events.Event(
            kind=OVERDUE, key=f"action-overdue:{action.pk}:{action.due_date:%Y-%m-%d}", recipients=recipients,
            subject=f"Overdue since {action.due_date:%-d %B %Y}: an action of {plan.title}",
            body=f"{_short(action.description, 500)}\nStatus: {action.get_status_display()}",
            url=reverse("plans:action", args=[action.pk])))
        count += 1
    return count
