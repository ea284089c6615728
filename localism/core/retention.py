"""Retention jobs: the nightly jobs that remove personal data once the privacy notice says it
must go, and what each removed. An app declares its jobs once, in its AppConfig.ready(), with the
words of the privacy notice; each job's service, when it has run, says how many of each kind of
data it removed (0 too: a run that removed nothing shows the job ran). The reports app, at the
top of the layering, records them (localism.reports.retention), as it records notifications:

    retention.declare("booking_contacts", title="Booking contacts", data="The contact for a booking …",
                      rule=lambda: f"{settings.BOOKING_CONTACT_DAYS} days after the booking",
                      kinds=("booking_contacts",))                                          # hubs' ready()
    retention.removed(job="booking_contacts", counts={"booking_contacts": 12}, now=now)      # the service

Only counts are told, never the data removed. The recorders run inside the job's transaction,
so a job rolled back records nothing."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    code: str
    title: str
    data: str  # what personal data, in the privacy notice's words
    rule: Callable[[], str]  # after how long, from the settings: "365 days after the consultation closes"
    kinds: tuple[str, ...]  # the kinds of data it counts: ("responses", "supports")


_jobs: dict[str, Job] = {}
_recorders: list[Callable[..., None]] = []


def declare(code: str, *, title: str, data: str, rule: Callable[[], str], kinds: tuple[str, ...]) -> Job:
    """Declare a retention job (idempotent: ready() may run more than once)."""
    return _jobs.setdefault(code, Job(code=code, title=title, data=data, rule=rule, kinds=tuple(kinds)))


def jobs() -> list[Job]:
    """Every declared job, in the order the apps declared them."""
    return list(_jobs.values())


def job_of(code: str) -> Job:
    if code not in _jobs:
        raise ValueError(f"Undeclared retention job: {code!r}")
    return _jobs[code]


def subscribe(recorder: Callable[..., None]) -> None:
    if recorder not in _recorders:
        _recorders.append(recorder)


def removed(*, job: str, counts: dict[str, int], now: datetime.datetime) -> None:
    """Tell the recorders that `job` ran at `now` and removed `counts` (by kind of data)."""
    declared = job_of(job)
    if unknown := set(counts) - set(declared.kinds):
        raise ValueError(f"{job} counts no {sorted(unknown)}")
    clean = {kind: int(counts.get(kind, 0)) for kind in declared.kinds}
    for recorder in list(_recorders):
        recorder(job=declared.code, removed=clean, rule=declared.rule(), ran_at=now)
