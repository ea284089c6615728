"""The data retention report's key figures in hand-written SQL (SQLite and PostgreSQL alike), to
time beside localism.reports.retention and to check it: `figures(cursor, start, end)` counts, for
the month (London time), each declared job's runs and sums what it removed by kind of data. The
counts are a JSON column, read as each database gives it back (text, or already decoded) and
summed here: the two databases' JSON functions differ. `cursor` is a Django database cursor."""

import datetime
import json
from zoneinfo import ZoneInfo

from localism.core import retention

LONDON = ZoneInfo("Europe/London")
SQL = """
SELECT r.job, r.removed FROM reports_retentionrecord r
WHERE r.ran_at >= %(since)s AND r.ran_at < %(until)s
"""


def figures(cursor, start: datetime.date, end: datetime.date) -> dict:
    since = datetime.datetime.combine(start, datetime.time(), LONDON)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), LONDON)
    # Each database's own form of a moment (SQLite keeps UTC text, PostgreSQL a timestamptz).
    adapt = cursor.db.ops.adapt_datetimefield_value
    cursor.execute(SQL, {"since": adapt(since), "until": adapt(until)})
    jobs = retention.jobs()
    runs = {job.code: 0 for job in jobs}
    removed = {job.code: dict.fromkeys(job.kinds, 0) for job in jobs}
    for code, counts in cursor.fetchall():
        if code not in runs:
            continue
        runs[code] += 1
        for kind, count in (json.loads(counts) if isinstance(counts, str) else counts).items():
            removed[code][kind] = removed[code].get(kind, 0) + int(count)
    ran = sum(1 for n in runs.values() if n)
    found = {"jobs": len(jobs), "jobs_ran": ran, "jobs_not_run": len(jobs) - ran}
    for job in jobs:
        found[f"{job.code}_runs"] = runs[job.code]
        for kind, count in sorted(removed[job.code].items()):
            found[f"{job.code}_{kind}"] = count
    return found
