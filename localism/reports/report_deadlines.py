"""The monthly deadlines report: from the month's last day, what falls due in the next 3, 6 and 12
months and what is overdue (localism.reports.deadlines has every definition)."""

import datetime
import io

from django.template.loader import render_to_string

from localism.core import spreadsheets

from . import deadlines as selector
from .runs import Built, report_kind

CSV_COLUMNS = ["band", "date", "kind", "what", "wards", "responsible", "url"]


@report_kind("deadlines", "Deadlines",
             "From the month's last day: occupiers' agreements ending, contract renewal decisions due, community "
             "value moratoria ending and Section 106 spend-by dates, in the next 3, 6 and 12 months, with those "
             "already past and still open as overdue; each with its ward and who is responsible.",
             public=False,  # it names the officers responsible: for staff
             figures=lambda start, end: selector.deadlines(on=end).figures())
def deadlines(start: datetime.date, end: datetime.date) -> Built:
    found = selector.deadlines(on=end)
    figures = found.figures()
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in found.items:
        writer.writerow([item.band, item.date.isoformat(), item.kind, item.what, "; ".join(item.wards),
                         item.responsible, item.url])
    bands = [(code, label, found.in_band(code)) for code, label in selector.BANDS]
    counts = [(label, [figures[f"{kind}_{band}"] for band, _ in selector.BANDS])
              for kind, label in selector.KINDS]
    page = render_to_string("reports/runs/deadlines.html", {
        "start": start, "end": end, "found": found, "figures": figures, "bands": bands, "counts": counts,
        "band_labels": [label for _, label in selector.BANDS]})
    return Built(figures=figures, files=[("deadlines.csv", "text/csv", out.getvalue().encode()),
                                         ("report.html", "text/html", page.encode())])
