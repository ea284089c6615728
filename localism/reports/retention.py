"""What the retention jobs removed (localism.core.retention): each run kept as a RetentionRecord
by retention_record, the one function that writes them, and the month's summary the
data retention report shows.

For a month (its first to its last day, London time), per declared job: how many times it ran,
the total it removed of each kind of data, and its last run (in the month); the jobs that did
not run in the month are named, a sign their schedule stopped. One query, whatever the number
of runs."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from localism.core import retention
from localism.core.dates import local_moment

from .models import RetentionRecord

RULE_MAX_LENGTH = RetentionRecord._meta.get_field("rule").max_length


def retention_record(*, job: str, removed: dict[str, int], rule: str,
                     ran_at: datetime.datetime | None = None) -> RetentionRecord:
    """Record that `job` ran and removed `removed` (counts by kind of data) under `rule`."""
    record = RetentionRecord(job=job, removed={kind: int(n) for kind, n in removed.items()},
                             rule=rule[:RULE_MAX_LENGTH], ran_at=ran_at or timezone.now())
    record.full_clean()
    record.save()
    return record


@dataclass
class JobMonth:
    job: retention.Job
    runs: int = 0
    last_run: datetime.datetime | None = None
    rule: str = ""  # the rule of its last run in the month, or today's
    removed: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.removed.values())


@dataclass
class RetentionMonth:
    start: datetime.date
    end: datetime.date
    jobs: list[JobMonth] = field(default_factory=list)

    def not_run(self) -> list[JobMonth]:
        return [row for row in self.jobs if not row.runs]

    def figures(self) -> dict:
        """Per job: runs and the total removed of each kind; how many jobs ran and did not."""
        found = {"jobs": len(self.jobs), "jobs_ran": len(self.jobs) - len(self.not_run()),
                 "jobs_not_run": len(self.not_run())}
        for row in self.jobs:
            found[f"{row.job.code}_runs"] = row.runs
            for kind, count in sorted(row.removed.items()):
                found[f"{row.job.code}_{kind}"] = count
        return found


def month_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments the month starts and ends (exclusive), London time."""
    return local_moment(start, datetime.time()), local_moment(end + datetime.timedelta(days=1), datetime.time())


def retention_month(*, start: datetime.date, end: datetime.date) -> RetentionMonth:
    since, until = month_bounds(start, end)
    result = RetentionMonth(start=start, end=end)
    rows = {}
    for job in retention.jobs():
        rows[job.code] = JobMonth(job=job, rule=job.rule(), removed=dict.fromkeys(job.kinds, 0))
        result.jobs.append(rows[job.code])
    records = RetentionRecord.objects.filter(ran_at__gte=since, ran_at__lt=until, job__in=list(rows))
    for code, removed, rule, ran_at in records.order_by("ran_at", "pk").values_list("job", "removed", "rule",
                                                                                    "ran_at"):
        row = rows[code]
        row.runs, row.last_run, row.rule = row.runs + 1, ran_at, rule
        for kind, count in removed.items():
            row.removed[kind] = row.removed.get(kind, 0) + int(count)
    return result
