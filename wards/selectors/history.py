"""Reads of a plan's history: every change to the plan, its priorities and actions."""

from dataclasses import dataclass, field

from ..models import Action, Priority, WardPlan

# Fields a reader cares about; bookkeeping fields are left out of "what changed".
SKIP = {"id", "version", "updated_at", "history_id", "history_date", "history_change_reason",
        "history_type", "history_user", "history_user_id", "position"}
KIND_LABELS = {"+": "Added", "~": "Changed", "-": "Removed"}


@dataclass
class Change:
    when: object
    who: str
    thing: str  # "Plan", "Priority", "Action"
    name: str
    kind: str
    fields: list = field(default_factory=list)  # [(label, old, new)]
    history_id: int | None = None


def _field_labels(model) -> dict:
    return {f.attname: str(f.verbose_name).capitalize() for f in model._meta.fields}


def _display(record, attname: str):
    field_obj = next((f for f in record._meta.fields if f.attname == attname), None)
    value = getattr(record, attname)
    if field_obj is not None and field_obj.choices:
        return dict(field_obj.flatchoices).get(value, value)
    return value


def _changes(records, *, thing: str, name_of, labels) -> list[Change]:
    by_object: dict[int, list] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_object.setdefault(record.id, []).append(record)
    out = []
    for versions in by_object.values():
        previous = None
        for record in versions:
            diffs = []
            if previous is not None and record.history_type == "~":
                for attname, label in labels.items():
                    if attname in SKIP:
                        continue
                    old, new = _display(previous, attname), _display(record, attname)
                    if old != new:
                        diffs.append((label, old, new))
                if not diffs:
                    previous = record
                    continue  # a re-ranking or bookkeeping change only
            who = record.history_user.display_name if record.history_user else "System"
            out.append(Change(when=record.history_date, who=who, thing=thing, name=name_of(record),
                              kind=KIND_LABELS[record.history_type], fields=diffs, history_id=record.history_id))
            previous = record
    return out


def plan_history(plan: WardPlan) -> list[Change]:
    """All changes, newest first, in three queries whatever the number of records."""
    plan_records = WardPlan.history.filter(id=plan.pk).select_related("history_user")
    priority_records = list(Priority.history.filter(plan_id=plan.pk).select_related("history_user"))
    priority_ids = {r.id for r in priority_records}
    action_records = Action.history.filter(priority_id__in=priority_ids).select_related("history_user")
    changes = (
        _changes(plan_records, thing="Plan", name_of=lambda r: r.title, labels=_field_labels(WardPlan))
        + _changes(priority_records, thing="Priority", name_of=lambda r: r.title, labels=_field_labels(Priority))
        + _changes(action_records, thing="Action", name_of=lambda r: r.description[:80],
                   labels=_field_labels(Action))
    )
    return sorted(changes, key=lambda c: c.when, reverse=True)


def plan_versions(plan: WardPlan):
    """The saved versions of the plan itself, newest first, for choosing two to compare."""
    return WardPlan.history.filter(id=plan.pk).select_related("history_user").order_by("-history_date")


def plan_as_of(plan: WardPlan, record) -> dict:
    """The plan and its ranked priorities (with actions) as they stood when `record` was saved."""
    when = record.history_date
    priorities = sorted(Priority.history.as_of(when).filter(plan_id=plan.pk), key=lambda p: (p.position, p.pk))
    actions = Action.history.as_of(when).filter(priority_id__in=[p.pk for p in priorities])
    by_priority: dict[int, list] = {}
    for action in sorted(actions, key=lambda a: (a.position, a.pk)):
        by_priority.setdefault(action.priority_id, []).append(action)
    return {"record": record, "priorities": [(p, by_priority.get(p.pk, [])) for p in priorities]}


def compare_versions(plan: WardPlan, older, newer) -> dict:
    labels = _field_labels(WardPlan)
    plan_fields = [
        (label, _display(older, attname), _display(newer, attname))
        for attname, label in labels.items()
        if attname not in SKIP | {"created_by_id", "copied_from_id", "is_demo", "published_at"}
    ]
    a, b = plan_as_of(plan, older), plan_as_of(plan, newer)

    def key(priority):
        return priority.pk

    before = {key(p): (p, acts) for p, acts in a["priorities"]}
    after = {key(p): (p, acts) for p, acts in b["priorities"]}
    rows = []
    for pk in list(after) + [pk for pk in before if pk not in after]:
        old, new = before.get(pk), after.get(pk)
        if old and not new:
            state = "Removed"
        elif new and not old:
            state = "Added"
        else:
            same = (old[0].title, old[0].description, old[0].theme, old[0].position) == (
                new[0].title, new[0].description, new[0].theme, new[0].position)
            same = same and [(x.description, x.status) for x in old[1]] == [(x.description, x.status) for x in new[1]]
            state = "Unchanged" if same else "Changed"
        rows.append({"state": state, "before": old, "after": new})
    return {"older": older, "newer": newer, "plan_fields": plan_fields, "rows": rows,
            "changed_fields": [f for f in plan_fields if f[1] != f[2]]}
