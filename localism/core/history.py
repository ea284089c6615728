"""Reading a record's history as people read it: who changed what, when, from what to what.

Works on django-simple-history records. Many-to-many fields kept with `m2m_fields` are compared
as sets of names, so adding a ward to a plan or a partner to an action shows as a change.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist

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


def names_of(model, ids) -> dict:
    """How related records are named on a history page, in one query."""
    ids = set(ids) - {None}
    if not ids:
        return {}
    for attname in ("name", "title"):
        try:
            model._meta.get_field(attname)
        except FieldDoesNotExist:
            continue
        return dict(model.objects.filter(pk__in=ids).values_list("pk", attname))
    return {pk: str(obj) for pk, obj in model.objects.in_bulk(ids).items()}


def _many_values(model, records, many_fields: list[str]) -> dict[str, dict[int, str]]:
    """For each many-to-many field: each historical record's values, as a sorted list of names
    joined by commas. One query per field for the rows, one for their names."""
    if not records:
        return {name: {} for name in many_fields}
    history_ids, historical = [r.history_id for r in records], type(records[0])
    out = {}
    for name in many_fields:
        m2m = model._meta.get_field(name)
        rows_model = getattr(historical, name).model
        target = m2m.m2m_reverse_field_name()
        rows = list(rows_model.objects.filter(history_id__in=history_ids).values_list("history_id", f"{target}_id"))
        labels = names_of(m2m.related_model, {pk for _, pk in rows})
        grouped = defaultdict(list)
        for history_id, pk in rows:
            grouped[history_id].append(str(labels.get(pk, pk)))
        out[name] = {hid: ", ".join(sorted(grouped.get(hid, []))) for hid in history_ids}
    return out


def changes_by_object(model, records, field_names: list[str], *, many_fields: list[str] = (),
                      kinds: dict = KIND_LABELS, labels: dict | None = None) -> dict[int, list[Change]]:
    """Each record's saved changes, oldest first, keyed by its id. A change shows the fields that
    differ from the version before; a save that changed none of `field_names` or `many_fields` is
    left out. Related records are named in one query per relation, whatever the number of
    changes. `labels` overrides a field's label (e.g. {"position": "Rank"})."""
    labels = labels or {}
    fields = [model._meta.get_field(name) for name in field_names]
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    names = {f.attname: names_of(f.related_model, {getattr(r, f.attname) for r in records})
             for f in fields if f.is_relation}
    many = _many_values(model, records, list(many_fields))

    def label(f):
        return labels.get(f.name) or str(f.verbose_name).capitalize()

    def shown(f, record):
        value = getattr(record, f.attname)
        if f.is_relation:
            return names[f.attname].get(value, value)
        return dict(f.flatchoices).get(value, value) if f.choices else value

    def compared(before, record):
        out = [(label(f), shown(f, before), shown(f, record)) for f in fields if shown(f, before) != shown(f, record)]
        for name in many_fields:
            old, new = many[name].get(before.history_id, ""), many[name].get(record.history_id, "")
            if old != new:
                out.append((labels.get(name) or str(model._meta.get_field(name).verbose_name).capitalize(),
                            old, new))
        return out

    out, previous = defaultdict(list), {}
    for record in records:
        before, changes = previous.get(record.id), []
        if before is not None and record.history_type == "~":
            changes = compared(before, record)
            if not changes:
                previous[record.id] = record
                continue  # saved without a change anyone would notice (only the version)
        elif record.history_type == "+" and many_fields:
            changes = [(labels.get(n) or str(model._meta.get_field(n).verbose_name).capitalize(), "",
                        many[n].get(record.history_id, "")) for n in many_fields if many[n].get(record.history_id)]
        who = record.history_user.display_name if record.history_user else "System"
        out[record.id].append(Change(when=record.history_date, who=who, kind=kinds[record.history_type],
                                     changes=changes, history_id=record.history_id))
        previous[record.id] = record
    return dict(out)
