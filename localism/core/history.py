"""Reading a record's history as people read it: who changed what, when, from what to what.

Works on django-simple-history records. Many-to-many fields kept with `m2m_fields` are compared
as sets of names, so adding a ward to a plan or a partner to an action shows as a change.
`FieldReader` shows a field of any historical record as a reader names it (a choice's label, a
related record's name), with its related names fetched once for all the records; `as_text`,
`ordinal` and `shorten` write values the way the pages show them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import dateformat, timezone

KIND_LABELS = {"+": "Added", "~": "Changed", "-": "Removed"}
ELLIPSIS = "…"


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
    moved: tuple | None = None  # (from, to) when its rank changed, e.g. ("7th", "1st")
    within: str = ""  # what it belongs to, e.g. an action's priority
    version: int | None = None  # which version of the whole it made


def shorten(text, limit: int = 80) -> str:
    """`text` on one line, whole if it fits in `limit` characters; otherwise cut at the last
    word boundary that fits, with an ellipsis (a single word longer than the limit is cut)."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + ELLIPSIS


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st…"""
    number = int(number)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def as_text(value) -> str:
    """A value as a page shows it: dates in words, nothing for an empty value."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return dateformat.format(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y, H:i")
    if isinstance(value, datetime.date):
        return dateformat.format(value, "j F Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


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


class FieldReader:
    """The fields `field_names` and `many_fields` of `model`'s historical `records` as a reader
    names them: a choice by its label, a related record by its name, a many-to-many field as
    names joined by commas. Related records are named in one query per relation (two per
    many-to-many field), whatever the number of records. `labels` overrides a field's label."""

    def __init__(self, model, records, field_names, *, many_fields=(), labels: dict | None = None):
        self.model, self.labels = model, labels or {}
        self.fields = [model._meta.get_field(name) for name in field_names]
        self.many_fields = list(many_fields)
        self.names = {f.attname: names_of(f.related_model, {getattr(r, f.attname) for r in records})
                      for f in self.fields if f.is_relation}
        self.many = _many_values(model, list(records), self.many_fields)

    def label(self, name: str) -> str:
        return self.labels.get(name) or str(self.model._meta.get_field(name).verbose_name).capitalize()

    def shown(self, f, record):
        value = getattr(record, f.attname)
        if f.is_relation:
            return self.names[f.attname].get(value, value)
        return dict(f.flatchoices).get(value, value) if f.choices else value

    def values(self, record) -> list[tuple[str, str, object]]:
        """[(field name, label, value shown)] of one record, in the order the fields were given,
        its many-to-many fields last."""
        out = [(f.name, self.label(f.name), self.shown(f, record)) for f in self.fields]
        return out + [(name, self.label(name), self.many[name].get(record.history_id, ""))
                      for name in self.many_fields]

    def differences(self, before, record) -> list[tuple[str, object, object]]:
        """[(label, old, new)] of the fields that differ between two records of one object."""
        old = {name: value for name, _, value in self.values(before)}
        return [(label, old[name], value) for name, label, value in self.values(record) if old[name] != value]


def changes_by_object(model, records, field_names: list[str], *, many_fields: list[str] = (),
                      kinds: dict = KIND_LABELS, labels: dict | None = None) -> dict[int, list[Change]]:
    """Each record's saved changes, oldest first, keyed by its id. A change shows the fields that
    differ from the version before; a save that changed none of `field_names` or `many_fields` is
    left out. Related records are named in one query per relation, whatever the number of
    changes. `labels` overrides a field's label (e.g. {"position": "Rank"})."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    reader = FieldReader(model, records, field_names, many_fields=many_fields, labels=labels)
    many = set(many_fields)
    out, previous = defaultdict(list), {}
    for record in records:
        before, changes = previous.get(record.id), []
        if before is not None and record.history_type == "~":
            changes = reader.differences(before, record)
            if not changes:
                previous[record.id] = record
                continue  # saved without a change anyone would notice (only the version)
        elif record.history_type == "+" and many:
            changes = [(label, "", value) for name, label, value in reader.values(record)
                       if name in many and value]
        who = record.history_user.display_name if record.history_user else "System"
        out[record.id].append(Change(when=record.history_date, who=who, kind=kinds[record.history_type],
                                     changes=changes, history_id=record.history_id))
        previous[record.id] = record
    return dict(out)
