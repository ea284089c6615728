"""The monthly "Measures of success" report: the localism framework's four measures, city-wide and
ward by ward, from the selector the public page and the workspaces read (localism.reports.measures)."""

import datetime
import io
from decimal import Decimal

from django.template.loader import render_to_string

from localism.core import spreadsheets
from localism.core.numbers import PENNY, half_up

from . import measures
from .runs import Built, report_kind

NOT_SHOWN = "not shown"


def _shown(value) -> str:
    """A count under the disclosure rule: "not shown" when it is suppressed."""
    return NOT_SHOWN if value is None else str(value)


COLUMNS = ["ward", "ward_code", "actions_done", *(f"actions_done_{kind}" for kind, _ in measures.LEAD_KINDS),
           "actions_due", "actions_due_done", "actions_due_done_percent", "actions", "actions_with_partners",
           "actions_with_partners_percent", "ward_budget_allocation", "ward_budget_spent",
           "ward_budget_spent_on_priorities", "ward_budget_spent_on_priorities_percent", "ncil_allocated",
           "ncil_spent", "responses", "residents", "responses_per_1000", "influence_answered", "influence_agreed",
           "influence_percent"]
SUPPRESSIBLE = {"responses", "influence_answered", "influence_agreed"}


def _csv_row(row: measures.MeasuresRow) -> list[str]:
    found = measures.figures_of(row, wards=1)
    out = [row.name, row.code]
    for column in COLUMNS[2:]:
        value = found[column]
        out.append(_shown(value) if column in SUPPRESSIBLE else "" if value is None else str(value))
    return out


def _pounds(value) -> str:
    """As the template filter floatformat:"2g" writes it: to the penny, halves up, in thousands."""
    return f"{half_up(Decimal(value), PENNY):,.2f}"


def _percent_or_dash(value) -> str:
    return "—" if value is None else f"{value:f}%"


def _ward_cells(row: measures.MeasuresRow) -> tuple[str, ...]:
    """A ward's cells in the page's table, as text: worked out here, once, rather than by the
    template's filters and conditions for each of thousands of wards (most of the page's time)."""
    if row.reach.count is None:
        reach = NOT_SHOWN
    else:
        reach = "—" if row.reach.per_1000 is None else f"{row.reach.per_1000:f}"
    if row.influence.whole is None or row.influence.part is None:
        influence = NOT_SHOWN
    else:
        influence = _percent_or_dash(row.influence.percent)
    return (row.name, str(row.actions_done), f"{row.due_done.part} of {row.due_done.whole}",
            f"{row.partnered.part} of {row.partnered.whole}", _pounds(row.budget_spent),
            _percent_or_dash(row.budget_on_priorities.percent), _pounds(row.ncil_allocated), reach, influence)


@report_kind("measures_of_success", "Measures of success",
             "The localism framework's four measures of success over the month, city-wide and for each ward: Ward "
             "Plan actions done, by lead organisation; actions with partners from other organisations; ward budget "
             "and neighbourhood CIL spent on plan priorities; and consultation responses per 1,000 residents, with "
             "the share who feel they can influence local decisions beside the national figure.",
             figures=lambda start, end: measures.measures(start=start, end=end).figures())
def measures_of_success(start: datetime.date, end: datetime.date) -> Built:
    found = measures.measures(start=start, end=end)
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(COLUMNS)
    for row in found.wards:
        writer.writerow(_csv_row(row))
    writer.writerow(_csv_row(found.city))
    page = render_to_string("reports/runs/measures_of_success.html", {
        "start": start, "end": end, "found": found, "figures": found.figures(), "measures": measures.MEASURES,
        "national": measures.NATIONAL_INFLUENCE, "kinds": measures.LEAD_KINDS,
        "ward_cells": [_ward_cells(row) for row in found.wards]})
    return Built(figures=found.figures(), files=[("wards.csv", "text/csv", out.getvalue().encode()),
                                                 ("report.html", "text/html", page.encode())])
