"""The monthly data retention report: for the month, what personal data each retention job
removed, how often it ran and when last; the jobs that did not run are named
(localism.reports.retention has the definitions)."""

import datetime
import io

from django.template.loader import render_to_string

from localism.core import spreadsheets

from .retention import retention_month
from .runs import Built, report_kind

CSV_COLUMNS = ["job", "title", "data", "rule", "runs", "last_run", "kind_of_data", "removed"]


@report_kind("data_retention", "Data retention",
             "For the month: each retention job that removes personal data as the privacy notice says, how many "
             "times it ran, when last, and how much of each kind of data it removed (counts only); the jobs that "
             "did not run are named.",
             figures=lambda start, end: retention_month(start=start, end=end).figures())
def data_retention(start: datetime.date, end: datetime.date) -> Built:
    found = retention_month(start=start, end=end)
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in found.jobs:
        last = row.last_run.isoformat() if row.last_run else ""
        for kind, count in row.removed.items():
            writer.writerow([row.job.code, row.job.title, row.job.data, row.rule, row.runs, last, kind, count])
    page = render_to_string("reports/runs/data_retention.html", {
        "start": start, "end": end, "found": found, "figures": found.figures(), "not_run": found.not_run()})
    return Built(figures=found.figures(), files=[("retention.csv", "text/csv", out.getvalue().encode()),
                                                 ("report.html", "text/html", page.encode())])
