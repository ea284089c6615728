"""Reads of a plan's history: every change to the plan, its priorities and actions."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist

from ..models import Action, Priority, WardPlan

# Fields a reader cares about; bookkeeping fields are left out of "what changed".
SKIP = {"id", "version", "updated_at", "history_id", "history_date", "history_change_reason",
        "history_type", "history_user", "history_user_id", "position"}
KIND_LABELS = {"+": "Added", "~": "Changed", "-": "Removed"}


@dataclass
class Change:
    """One saved change to a record: when, by whom, what kind, and each field's old and new value."""

    when: object
    who: str
    kind: str
    changes: list = field(default_factory=list)  # [(label, old, new)]
    history_id: int | None = None
    thing: str = ""  # what the record is, e.g. "Priority"
    name: str = ""  # which one, e.g. its title


def _field_labels(model) -> dict:
    return {f.attname: str(f.verbose_name).capitalize() for f in model._meta.fields}


def _display(record, attname: str):
    field_obj = next((f for f in record._meta.fields if f.attname == attname), None)
    value = getattr(record, attname)
    if field_obj is not None and field_obj.choices:
        return dict(field_obj.flatchoices).get(value, value)
    return value


def _names(model, ids) -> dict:
    """How related records are named on a history page, in one query."""
    for attname in ("name", "title"):
        try:
            model._meta.get_field(attname)
        except FieldDoesNotExist:
            continue
        return dict(model.objects.filter(pk__in=ids).values_list("pk", attname))
    return {pk: str(obj) for pk, obj in model.objects.in_bulk(ids).items()}


def changes_by_object(model, records, field_names: list[str], *,
                      kinds: dict = KIND_LABELS) -> dict[int, list[Change]]:
    """Each record's saved changes, oldest first, keyed by its id. A change shows the fields that
    differ from the version before; a save that changed none of `field_names` is left out.
    Related records are named in one query per relation, whatever the number of changes."""
    fields = [model._meta.get_field(name) for name in field_names]
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    names = {f.attname: _names(f.related_model, {getattr(r, f.attname) for r in records} - {None})
             for f in fields if f.is_relation}

    def shown(f, record):
        value = getattr(record, f.attname)
        if f.is_relation:
            return names[f.attname].get(value, value)
        return dict(f.flatchoices).get(value, value) if f.choices else value

    out, previous = defaultdict(list), {}
    for record in records:
        before, changes = previous.get(record.id), []
        if before is not None and record.history_type == "~":
            changes = [(str(f.verbose_name).capitalize(), shown(f, before), shown(f, record)) for f in fields
                       if shown(f, before) != shown(f, record)]
            if not changes:
                previous[record.id] = record
                continue  # saved without a change anyone would notice (a re-ranking, a version)
        who = record.history_user.display_name if record.history_user else "System"
        out[record.id].append(Change(when=record.history_date, who=who, kind=kinds[record.history_type],
                                     changes=changes, history_id=record.history_id))
        previous[record.id] = record
    return dict(out)


def _plan_part_changes(model, records, *, thing: str, name_of) -> list[Change]:
    field_names = [f.name for f in model._meta.fields if f.attname not in SKIP and f.name not in SKIP]
    by_id = {r.history_id: r for r in records}
    out = []
    for entries in changes_by_object(model, records, field_names).values():
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
