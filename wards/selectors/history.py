"""Reads of a plan's history: every change to the plan, its priorities and actions, including
their wards and partners and the priorities' ranks."""

from localism.core.history import Change, changes_by_object

from ..models import Action, Priority, WardPlan

# Fields a reader cares about; bookkeeping fields are left out of "what changed".
SKIP = {"id", "version", "updated_at", "history_id", "history_date", "history_change_reason",
        "history_type", "history_user", "history_user_id"}
LABELS = {"position": "Rank"}
MANY = {WardPlan: ["wards"], Action: ["partners"], Priority: []}


def _field_labels(model) -> dict:
    return {f.attname: str(f.verbose_name).capitalize() for f in model._meta.fields}


def _display(record, attname: str):
    field_obj = next((f for f in record._meta.fields if f.attname == attname), None)
    value = getattr(record, attname)
    if field_obj is not None and field_obj.choices:
        return dict(field_obj.flatchoices).get(value, value)
    return value


def _plan_part_changes(model, records, *, thing: str, name_of) -> list[Change]:
    field_names = [f.name for f in model._meta.fields if f.attname not in SKIP and f.name not in SKIP]
    if model is Action:
        field_names.remove("position")  # numbered as added, never re-ranked
    by_id = {r.history_id: r for r in records}
    out = []
    for entries in changes_by_object(model, records, field_names, many_fields=MANY[model], labels=LABELS).values():
        for change in entries:
            change.thing, change.name = thing, name_of(by_id[change.history_id])
            out.append(change)
    return out


def plan_history(plan: WardPlan) -> list[Change]:
    """All changes, newest first, in a fixed number of queries whatever the number of records."""
    plan_records = list(WardPlan.history.filter(id=plan.pk).select_related("history_user"))
    priority_records = list(Priority.history.filter(plan_id=plan.pk).select_related("history_user"))
    priority_ids = {r.id for r in priority_records}
    action_records = list(Action.history.filter(priority_id__in=priority_ids).select_related("history_user"))
    changes = (
        _plan_part_changes(WardPlan, plan_records, thing="Plan", name_of=lambda r: r.title)
        + _plan_part_changes(Priority, priority_records, thing="Priority", name_of=lambda r: r.title)
        + _plan_part_changes(Action, action_records, thing="Action", name_of=lambda r: r.description[:80])
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
        if attname not in SKIP | {"created_by_id", "copied_from_id", "is_demo", "published_at", "position"}
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
