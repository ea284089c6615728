"""The monthly ward digest: for each of the city's wards, what happened in a month and what waits,
for its councillors and its ward champions. Each figure is read from the selector its own app's
pages use (one query path), for all the wards at once.

- **Plan progress**: the ward's current plan on the month's last day, as the ward's page shows
  it (the published plan of that financial year, wards.selectors.current_plans_by_ward): its
  actions by status (status_counts), and those overdue on the 1st of the month after — due by
  the month's last day and not done (overdue_count). A plan shared by several wards counts in
  each.
- **Forum meetings**: the meetings of the ward's forums held in the month (status "held"), and
  those coming after it, not cancelled (wards.selectors.meetings_by_ward), with the next one.
- **Consultations**: the public consultations of the ward, or city-wide, open for some of the
  month, and of them those that opened and that closed in it; their reach, the responses from
  the ward's residents submitted in the month to any consultation, as the results count them
  (engagement.selectors.consultations.consultations_by_ward).
- **Ideas waiting**: residents' ideas of the ward proposed by the month's end still waiting for a
  response (engagement.selectors.ideas.ideas_waiting_by_ward).
- **Hubs**: the hubs in the ward, their bookable spaces' utilisation over the month and their
  income in the month, by the hub portfolio's rules (hubs.selectors.portfolio.hubs_by_ward).
- **Contracts renewing**: the service contracts serving the ward (city-wide ones too) whose
  renewal window is open on the month's last day (assets.selectors.contracts).
- **Developer contributions**: Section 106 and CIL received in the month for sites in the ward,
  and unspent at its end (assets.selectors.contributions.contributions_by_ward).
- **Recipients**: the ward's councillors holding a seat on the month's last day, and its ward
  champions.

A fixed number of queries, whatever the number of wards. The city's key figures are the sums of
the wards' (bench/sql/ward_digest.py counts them again in plain SQL)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from assets.selectors.contracts import contract_counts_by_ward
from assets.selectors.contributions import contributions_by_ward
from engagement.selectors.consultations import consultations_by_ward
from engagement.selectors.ideas import ideas_waiting_by_ward
from hubs.selectors.portfolio import hubs_by_ward
from localism.core.dates import local_moment
from wards.models import ActionStatus, Ward, WardPlan
from wards.selectors import (
    champion_ids_by_ward,
    councillor_ids_by_ward,
    current_plans_by_ward,
    meetings_by_ward,
    overdue_count,
    status_counts,
)

ZERO = Decimal(0)
# The city's key figures, in order, with what each counts (the sums of the wards' figures).
KEY_FIGURES = [
    ("wards", "Wards"),
    *((f"actions_{status.value}", f"Actions {status.label.lower()}") for status in ActionStatus),
    ("actions_overdue", "Actions overdue"),
    ("meetings_held", "Forum meetings held"),
    ("meetings_coming", "Forum meetings coming"),
    ("consultations_open", "Consultations open"),
    ("consultations_closed", "Consultations closed"),
    ("responses", "Responses from residents"),
    ("ideas_waiting", "Ideas waiting for a response"),
    ("contracts_renewing", "Contracts in their renewal window"),
    ("contributions_received", "Contributions received (£)"),
    ("contributions_unspent", "Contributions unspent (£)"),
]


@dataclass
class WardDigest:
    ward: Ward
    plan: WardPlan | None = None
    actions: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in ActionStatus})
    actions_overdue: int = 0
    meetings_held: int = 0
    meetings_coming: int = 0
    next_meeting: datetime.datetime | None = None
    consultations_open: int = 0
    consultations_opened: int = 0
    consultations_closed: int = 0
    responses: int = 0
    ideas_waiting: int = 0
    hubs: int = 0
    hub_utilisation: float | None = None  # percent; None when no bookable hours
    hub_income: Decimal = ZERO
    contracts_serving: int = 0
    contracts_renewing: int = 0
    contributions_received: Decimal = ZERO
    contributions_unspent: Decimal = ZERO
    recipients: list[int] = field(default_factory=list)  # user ids: councillors, then champions

    def figures(self) -> dict:
        """The ward's figures under the key figures' names."""
        return {
            **{f"actions_{status}": n for status, n in self.actions.items()},
            "actions_overdue": self.actions_overdue, "meetings_held": self.meetings_held,
            "meetings_coming": self.meetings_coming, "consultations_open": self.consultations_open,
            "consultations_closed": self.consultations_closed, "responses": self.responses,
            "ideas_waiting": self.ideas_waiting, "contracts_renewing": self.contracts_renewing,
            "contributions_received": self.contributions_received,
            "contributions_unspent": self.contributions_unspent,
        }


@dataclass
class Digest:
    start: datetime.date
    end: datetime.date
    wards: list[WardDigest] = field(default_factory=list)

    def figures(self) -> dict:
        """The city's key figures: the number of wards and the sums of the wards' figures (money
        in pounds, to the penny)."""
        found = {"wards": len(self.wards)}
        rows = [row.figures() for row in self.wards]  # each ward's once, not once a figure
        for name, _label in KEY_FIGURES[1:]:
            total = sum((figures[name] for figures in rows), 0)
            found[name] = float(total) if name.startswith("contributions_") else total
        return found


def _end_of(day: datetime.date) -> datetime.datetime:
    return local_moment(day + datetime.timedelta(days=1), datetime.time())


def ward_digest(*, start: datetime.date, end: datetime.date, ward_ids=None) -> Digest:
    """Every current ward's digest for the month from `start` to `end` (or those of `ward_ids`),
    by ward name."""
    wards = Ward.objects.current(on=end).without_geometry().order_by("name")
    if ward_ids is not None:
        wards = wards.filter(pk__in=list(ward_ids))
    wards = list(wards)
    ids = [w.pk for w in wards]
    since, until = _end_of(start - datetime.timedelta(days=1)), _end_of(end)
    overdue_on = end + datetime.timedelta(days=1)
    councillors, champions = councillor_ids_by_ward(ids, on=end), champion_ids_by_ward(ids)
    # Every ward's current plan when every ward is asked for: SQLite, given thousands of ward ids,
    # probes the plans' wards once per plan and id (15 s at 8,000 wards; as in coverage).
    plans = current_plans_by_ward(ids if ward_ids is not None else None, on=end)
    meetings = meetings_by_ward(ids, since=since, until=until)
    consultations = consultations_by_ward(ids, since=since, until=until)
    ideas = ideas_waiting_by_ward(ids, until=until)
    hubs = hubs_by_ward(ids, start=start, end=end)
    contracts = contract_counts_by_ward(ids, today=end)
    money = contributions_by_ward(ids, start=start, end=end)
    digest = Digest(start=start, end=end)
    for ward in wards:
        row = WardDigest(ward=ward, plan=plans.get(ward.pk))
        if row.plan is not None:
            row.actions = {c["status"].value: c["count"] for c in status_counts(row.plan)}
            row.actions_overdue = overdue_count(row.plan, on=overdue_on)
        met = meetings[ward.pk]
        row.meetings_held, row.meetings_coming, row.next_meeting = met["held"], met["coming"], met["next"]
        asked = consultations[ward.pk]
        row.consultations_open, row.consultations_opened = asked["open"], asked["opened"]
        row.consultations_closed, row.responses = asked["closed"], asked["responses"]
        row.ideas_waiting = ideas[ward.pk]
        in_hubs = hubs[ward.pk]
        row.hubs, row.hub_utilisation, row.hub_income = in_hubs.hubs, in_hubs.utilisation, in_hubs.income
        row.contracts_serving, row.contracts_renewing = contracts[ward.pk]
        row.contributions_received, row.contributions_unspent = money[ward.pk].received, money[ward.pk].unspent
        row.recipients = list(dict.fromkeys([*councillors.get(ward.pk, []), *champions.get(ward.pk, [])]))
        digest.wards.append(row)
    return digest
