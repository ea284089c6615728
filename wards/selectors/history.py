"""Reads of a plan's history: every change to the plan, its priorities and actions (their wards,
partners and ranks included), the versions of the plan those changes made, and what differs
between any two versions.

A version of the plan is any saved state of the plan or of its parts: a change to a priority or
an action makes a new version of the plan as surely as a change to its title. The entries that
one step saves at one moment (a re-ranking moves several priorities) make one version. Versions
are numbered from 1, the plan's creation, and named by their first entry ("priority-12").

Everything is read in a fixed number of queries, whatever the number of priorities, actions and
versions: the plan's, its priorities' and their actions' history records, and the names of what
they refer to. The versions, the changes and the comparisons are worked out from those records.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Subquery
from django.utils import dateformat, timezone

from localism.core.history import Change, FieldReader, as_text, ordinal, shorten

from ..models import Action, Priority, WardPlan

PLAN, PRIORITY, ACTION = "plan", "priority", "action"
POSITION = "position"
KINDS = {"+": "Added", "~": "Changed", "-": "Removed"}
MOVED = "Moved"
UNCHANGED = "Unchanged"
NAME_LENGTH = 80  # an action is named by its description, shortened at a word to this length
TAG_COLOURS = {"Added": "govuk-tag--green", "Removed": "govuk-tag--red", "Moved": "govuk-tag--purple",
               "Changed": "govuk-tag--yellow", "Unchanged": "govuk-tag--grey"}
VERSION_KEY = re.compile(r"^(plan|priority|action)-([1-9][0-9]{0,17})$")


@dataclass(frozen=True)
class Track:
    """How one kind of record is read: which fields a reader cares about (bookkeeping fields such
    as the version are left out), and what its fields are called."""

    kind: str
    model: type
    fields: tuple
    many: tuple = ()
    labels: dict = field(default_factory=dict)
    plural: str = ""

    @property
    def thing(self) -> str:
        return self.kind.capitalize()


TRACKS = {
    PLAN: Track(PLAN, WardPlan, ("title", "period", "status", "summary"), ("wards",), {"period": "Year"},
                "plans"),
    PRIORITY: Track(PRIORITY, Priority, ("title", "description", "theme", "source", "neighbourhood", POSITION),
                    labels={POSITION: "Rank", "source": "Where it came from"}, plural="priorities"),
    ACTION: Track(ACTION, Action, ("description", "lead_organisation", "lead_officer", "due_date", "status",
                                   POSITION), ("partners",), {POSITION: "Position"}, "actions"),
}
ORDER = {PLAN: 0, PRIORITY: 1, ACTION: 2}


@dataclass
class Entry:
    """One history record, read: its fields as text [(name, label, text)]."""

    kind: str
    record: object
    values: list

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def position(self) -> int:
        return getattr(self.record, POSITION, 0)

    def text(self, name: str) -> str:
        return next((text for n, _, text in self.values if n == name), "")

    def shown(self) -> list[tuple[str, str]]:
        """[(label, text)] of its fields that have a value, its rank left out."""
        return [(label, text) for name, label, text in self.values if text and name != POSITION]


@dataclass
class Version:
    """A saved state of the plan: the changes saved at one moment, by whom, and in a few words."""

    number: int
    key: str
    when: object
    who: str
    changes: list
    summary: str = ""

    @property
    def label(self) -> str:
        when = dateformat.format(timezone.localtime(self.when), "j M Y, H:i")
        return f"Version {self.number}: {when}, {self.who}: {shorten(self.summary, 60)}"


@dataclass
class PartDiff:
    """A priority or an action between two versions: Added, Removed, Moved (its place changed),
    Changed (its fields did, perhaps its place too) or Unchanged."""

    kind: str
    state: str
    name: str
    place: int  # in the later version, or in the earlier one for a removed part
    values: list = field(default_factory=list)  # [(label, text)]: what an added part is, a removed one was
    changes: list = field(default_factory=list)  # [(label, before, after)]
    moved: tuple | None = None  # ("7th", "1st")
    actions: list = field(default_factory=list)  # a priority's actions that differ
    unchanged_actions: list = field(default_factory=list)

    @property
    def rank(self) -> str:
        return ordinal(self.place)

    @property
    def differs(self) -> bool:
        return self.state != UNCHANGED or bool(self.actions)

    @property
    def tag(self) -> str:
        """What its tag says: its state, or that only its actions changed."""
        return "Its actions changed" if self.state == UNCHANGED and self.actions else self.state

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS.get(self.state if self.state != UNCHANGED or not self.actions else "", "")


def _who(record) -> str:
    return record.history_user.display_name if record.history_user else "System"


def _name(entry: Entry) -> str:
    if entry.kind == ACTION:
        return shorten(entry.text("description"), NAME_LENGTH)
    return entry.text("title")


def _load(plan: WardPlan) -> list[Entry]:
    """Every history record of the plan, its priorities and their actions, read, oldest first."""
    priority_ids = Priority.history.filter(plan_id=plan.pk).values("id")
    records = {
        PLAN: list(WardPlan.history.filter(id=plan.pk).select_related("history_user")),
        PRIORITY: list(Priority.history.filter(plan_id=plan.pk).select_related("history_user")),
        ACTION: list(Action.history.filter(priority_id__in=Subquery(priority_ids)).select_related("history_user")),
    }
    entries = []
    for kind, track in TRACKS.items():
        reader = FieldReader(track.model, records[kind], track.fields, many_fields=track.many, labels=track.labels)
        for record in records[kind]:
            values = [(name, label, ordinal(value) if name == POSITION else as_text(value))
                      for name, label, value in reader.values(record)]
            entries.append(Entry(kind, record, values))
    entries.sort(key=lambda e: (e.record.history_date, ORDER[e.kind], e.record.history_id))
    # A removal's record is taken once the many-to-many rows are gone: it keeps what they were.
    last = {}
    for entry in entries:
        before = last.get((entry.kind, entry.id))
        if entry.record.history_type == "-" and before is not None:
            many = {name: text for name, _, text in before.values if name in TRACKS[entry.kind].many}
            entry.values = [(name, label, many.get(name, text)) for name, label, text in entry.values]
        last[(entry.kind, entry.id)] = entry
    return entries


def _differences(old: Entry, new: Entry) -> list[tuple[str, str, str]]:
    """[(label, before, after)] of the fields that differ, the rank left out."""
    before = {name: text for name, _, text in old.values}
    return [(label, before[name], text) for name, label, text in new.values
            if name != POSITION and before[name] != text]


def _change(entry: Entry, before: Entry | None, within: str) -> tuple[Change | None, int]:
    """The change one record saved, and how many places it moved (0 if none); None for a save
    that changed nothing a reader would notice (only the version)."""
    record, moved, distance = entry.record, None, 0
    if record.history_type == "-":
        kind, changes = KINDS["-"], [(label, text, "") for label, text in entry.shown()]
    elif record.history_type == "+" or before is None:  # a history that starts later: its values
        kind, changes = KINDS[record.history_type], [(label, "", text) for label, text in entry.shown()]
        if entry.kind != PLAN:
            changes.append((TRACKS[entry.kind].labels[POSITION], "", ordinal(entry.position)))
    else:
        changes = _differences(before, entry)
        if entry.kind != PLAN and before.position != entry.position:
            moved, distance = (ordinal(before.position), ordinal(entry.position)), abs(before.position - entry.position)
        if not changes and not moved:
            return None, 0
        kind = KINDS["~"] if changes else MOVED
    return Change(when=record.history_date, who=_who(record), kind=kind, changes=changes,
                  history_id=record.history_id, thing=TRACKS[entry.kind].thing, name=_name(entry), moved=moved,
                  within=within), distance


def _describe(change: Change) -> str:
    text = f"{change.kind} {change.thing.lower()} ‘{change.name}’"
    if change.moved:
        text += " from {} to {}".format(*change.moved)
    if change.kind == KINDS["~"]:
        text += ": " + ", ".join(label.lower() for label, _, _ in change.changes)
    return text


def _summary(changes: list[Change], distances: dict[int, int]) -> str:
    """A version in a few words: its main change, and how many others it made."""
    main = max(changes, key=lambda c: (c.kind != MOVED, distances.get(id(c), 0)))
    others = [c for c in changes if c is not main]
    text = _describe(main)
    if not others:
        return text
    if all(c.kind == MOVED and c.thing == main.thing for c in others):
        plural = TRACKS[main.thing.lower()].plural if len(others) > 1 else main.thing.lower()
        return f"{text}; {len(others)} other {plural} moved"
    return f"{text}, and {len(others)} more change{'s' if len(others) > 1 else ''}"


class PlanHistory:
    """A plan's changes and versions, read once; any two versions compared without reading more."""

    def __init__(self, plan: WardPlan):
        self.plan = plan
        self.entries = _load(plan)
        self.changes: list[Change] = []  # oldest first
        self.versions: list[Version] = []  # oldest first
        distances, previous, titles = {}, {}, {}
        for entry in self.entries:
            within = titles.get(entry.record.priority_id, "") if entry.kind == ACTION else ""
            change, distance = _change(entry, previous.get((entry.kind, entry.id)), within)
            previous[(entry.kind, entry.id)] = entry
            if entry.kind == PRIORITY:
                titles[entry.id] = entry.text("title")
            if change is None:
                continue
            distances[id(change)] = distance
            self.changes.append(change)
            if self.versions and self.versions[-1].when == change.when:
                self.versions[-1].changes.append(change)
            else:
                self.versions.append(Version(number=len(self.versions) + 1, when=change.when, who=change.who,
                                             key=f"{change.thing.lower()}-{change.history_id}", changes=[change]))
            change.version = self.versions[-1].number
        for version in self.versions:
            version.summary = _summary(version.changes, distances)

    def changes_newest_first(self) -> list[Change]:
        """The changes, the newest version's first; those of one version in the order saved."""
        return [change for version in reversed(self.versions) for change in version.changes]

    # The versions

    def version(self, key) -> Version | None:
        """The version a key names ("priority-12"), or None for a key that names none of this plan's."""
        if not isinstance(key, str) or not VERSION_KEY.match(key):
            return None
        return next((v for v in self.versions if v.key == key), None)

    def default_pair(self) -> tuple[Version, Version, str] | None:
        """The two versions offered first, and why the earlier one: the latest version and, if it
        was saved today, the last one saved before today, so that the comparison answers "what
        changed today?" (the first version if the plan is new today); otherwise the version
        before the latest. None for a plan with one version."""
        if len(self.versions) < 2:
            return None
        today, latest = timezone.localdate(), self.versions[-1]
        if timezone.localdate(latest.when) != today:
            return self.versions[-2], latest, "latest"
        before_today = [v for v in self.versions if timezone.localdate(v.when) < today]
        if before_today:
            return before_today[-1], latest, "today"
        return self.versions[0], latest, "new today"

    def state(self, version: Version) -> dict:
        """What stood in `version`: {(kind, id): the entry of its latest record}, the removed left out."""
        state = {}
        for entry in self.entries:
            if entry.record.history_date > version.when:
                break
            if entry.record.history_type == "-":
                state.pop((entry.kind, entry.id), None)
            else:
                state[(entry.kind, entry.id)] = entry
        return state

    # Two versions compared

    def compare(self, older: Version, newer: Version) -> dict:
        """What differs between two versions: the plan's own fields, then each priority and each
        action as Added, Removed, Moved or Changed (with the fields that changed), the unchanged
        ones apart."""
        before, after = self.state(older), self.state(newer)
        old_plan, new_plan = before.get((PLAN, self.plan.pk)), after.get((PLAN, self.plan.pk))
        plan_changes = _differences(old_plan, new_plan) if old_plan and new_plan else []
        old_places, new_places = _places(before), _places(after)
        old_actions, new_actions = _actions_by_priority(before), _actions_by_priority(after)
        rows = []
        priorities = [key for key in [*after, *before] if key[0] == PRIORITY]
        for kind, pk in _ordered(priorities, new_places, old_places):
            row = _part_diff(before.get((kind, pk)), after.get((kind, pk)),
                             old_places.get((kind, pk)), new_places.get((kind, pk)))
            # An action is shown under the priority it has in the later version.
            actions = new_actions.get(pk, []) + [key for key in old_actions.get(pk, []) if key not in after]
            for action_key in _ordered(actions, new_places, old_places):
                action = _part_diff(before.get(action_key), after.get(action_key),
                                    old_places.get(action_key), new_places.get(action_key))
                (row.actions if action.state != UNCHANGED else row.unchanged_actions).append(action)
            rows.append(row)
        counts = {kind: Counter() for kind in (PRIORITY, ACTION)}
        for row in rows:
            counts[PRIORITY][row.state] += 1
            for action in row.actions + row.unchanged_actions:
                counts[ACTION][action.state] += 1
        return {
            "older": older, "newer": newer, "plan_changes": plan_changes,
            "rows": [row for row in rows if row.differs],
            "unchanged": [row for row in rows if not row.differs],
            "counts": {kind: _count_text(counts[kind], TRACKS[kind]) for kind in counts},
        }


def _places(state: dict) -> dict:
    """Each priority's place in the plan and each action's on its priority (1 first), as the plan
    page numbers them: in rank order, whatever gaps the stored ranks have."""
    siblings = defaultdict(list)
    for (kind, _), entry in state.items():
        if kind == PRIORITY:
            siblings[(PRIORITY, entry.record.plan_id)].append(entry)
        elif kind == ACTION:
            siblings[(ACTION, entry.record.priority_id)].append(entry)
    places = {}
    for entries in siblings.values():
        for place, entry in enumerate(sorted(entries, key=lambda e: (e.position, e.id)), start=1):
            places[(entry.kind, entry.id)] = place
    return places


def _actions_by_priority(state: dict) -> dict[int, list]:
    out = defaultdict(list)
    for (kind, pk), entry in state.items():
        if kind == ACTION:
            out[entry.record.priority_id].append((kind, pk))
    return out


def _ordered(keys, new_places: dict, old_places: dict) -> list:
    """`keys` once each: those in the later version in its order, then those only in the earlier
    one in theirs."""
    keys = list(dict.fromkeys(keys))
    now = sorted((key for key in keys if key in new_places), key=new_places.get)
    gone = sorted((key for key in keys if key not in new_places), key=lambda key: old_places.get(key, 0))
    return now + gone


def _part_diff(old: Entry | None, new: Entry | None, old_place: int | None, new_place: int | None) -> PartDiff:
    entry = new or old
    diff = PartDiff(kind=entry.kind, state=UNCHANGED, name=_name(entry), place=new_place or old_place or 0)
    if old is None:
        diff.state, diff.values = KINDS["+"], new.shown()
    elif new is None:
        diff.state, diff.values = KINDS["-"], old.shown()
    else:
        diff.changes = _differences(old, new)
        if old_place != new_place:
            diff.moved = (ordinal(old_place), ordinal(new_place))
        diff.state = KINDS["~"] if diff.changes else MOVED if diff.moved else UNCHANGED
    return diff


def _count_text(counts: Counter, track: Track) -> str:
    """"2 added, 1 moved, 4 unchanged" of the priorities (or actions) compared."""
    parts = [f"{counts[state]} {state.lower()}" for state in (KINDS["+"], KINDS["-"], MOVED, KINDS["~"], UNCHANGED)
             if counts[state]]
    return ", ".join(parts) if parts else f"no {track.plural}"


def plan_history(plan: WardPlan) -> list[Change]:
    """All changes, newest first, in a fixed number of queries whatever the number of records."""
    return PlanHistory(plan).changes_newest_first()


def plan_versions(plan: WardPlan) -> list[Version]:
    """Every version of the plan, newest first: each saved state of the plan or its parts."""
    return PlanHistory(plan).versions[::-1]


def compare_versions(plan: WardPlan, older: Version, newer: Version) -> dict:
    return PlanHistory(plan).compare(older, newer)
