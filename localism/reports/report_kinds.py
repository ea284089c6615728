"""The kinds of report the service builds each month, each from the selectors its pages use (one
query path: a report's figure is the page's figure for the same period)."""

import datetime
import io

from django.template.loader import render_to_string

from hubs.models import Occupancy
from hubs.selectors.portfolio import portfolio
from localism.core import spreadsheets

from . import coverage
from .runs import Built, report_kind

AGREEMENTS_ENDING_MONTHS = 6


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _hub_portfolio(start: datetime.date, end: datetime.date):
    """The portfolio, the occupiers' agreements ending, and the key figures."""
    figures = portfolio(year=end.year, start=start, end=end, on=end)
    horizon = end + datetime.timedelta(days=AGREEMENTS_ENDING_MONTHS * 31)
    ending = list(Occupancy.objects.select_related("hub", "organisation")
                  .filter(ends_on__gt=end, ends_on__lte=horizon).order_by("ends_on", "hub__name"))
    total = figures.hubs_total
    key = {
        "hubs": total.hubs,
        "floor_area_m2": float(total.floor_area),
        "vacant_m2": float(total.vacant),
        "utilisation_percent": total.utilisation,
        "income_year_to_date": float(total.income),
        "agreements_ending": len(ending),
    }
    return figures, ending, key


@report_kind("hub_portfolio", "Hub portfolio",
             "Each hub's floor area, space let and vacant on the month's last day, its bookable spaces' "
             "utilisation over the month, its income over the calendar year to the month's end, and the "
             "occupiers' agreements ending in the six months after it; by hub and city-wide.",
             labels={"hubs": "Hubs", "floor_area_m2": "Floor area (m²)", "vacant_m2": "Vacant space (m²)",
                     "utilisation_percent": "Utilisation of bookable spaces (%)",
                     "income_year_to_date": "Income, year to date (£)",
                     "agreements_ending": "Occupiers' agreements ending in 6 months"},
             figures=lambda start, end: _hub_portfolio(start, end)[2])
def hub_portfolio(start: datetime.date, end: datetime.date) -> Built:
    figures, ending, key = _hub_portfolio(start, end)
    hubs = sorted((row for row in figures.rows if row.kind == "hub"), key=lambda row: row.name)
    total = figures.hubs_total
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(["hub", "ward", "ward_code", "floor_area_m2", "occupied_m2", "vacant_m2", "utilisation_percent",
                     "income_year_to_date", "running_cost"])
    for row in hubs:
        writer.writerow([row.name, row.ward_name, row.ward_code, _money(row.floor_area), _money(row.occupied),
                         _money(row.vacant), "" if row.utilisation is None else row.utilisation,
                         _money(row.income), _money(row.running_cost)])
    writer.writerow(["All hubs", "", "", _money(total.floor_area), _money(total.occupied), _money(total.vacant),
                     "" if total.utilisation is None else total.utilisation, _money(total.income),
                     _money(total.running_cost)])
    page = render_to_string("reports/runs/hub_portfolio.html", {
        "start": start, "end": end, "hubs": hubs, "total": total, "ending": ending, "figures": key})
    return Built(figures=key, files=[("hubs.csv", "text/csv", out.getvalue().encode()),
                                     ("report.html", "text/html", page.encode())])


def _yes(value) -> str:
    return "" if value is None else ("yes" if value else "no")


@report_kind("localism_coverage", "Localism coverage",
             "For each of the city's wards on the month's last day: a Ward Forum, a forum meeting held in the last "
             "6 and 12 months, a published plan for the year, a consultation in the last year, and residents' ideas "
             "answered within a month; with the wards that lack each named.",
             labels={"wards": "Wards", **{code: f"Wards: {label.lower()}" for code, label in coverage.MEASURES},
                     **{f"{code}_of": f"Wards it applies to: {label.lower()}" for code, label in coverage.MEASURES}},
             figures=lambda start, end: coverage.coverage(on=end).figures())
def localism_coverage(start: datetime.date, end: datetime.date) -> Built:
    found = coverage.coverage(on=end)
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(["ward", "ward_code", *(measure for measure, _ in coverage.MEASURES), "last_meeting",
                     "ideas_due", "ideas_answered_in_time"])
    for row in found.wards:
        writer.writerow([row.ward.name, row.ward.gss_code, *(_yes(getattr(row, m)) for m, _ in coverage.MEASURES),
                         f"{row.last_meeting:%Y-%m-%d}" if row.last_meeting else "", row.ideas_due,
                         row.ideas_in_time])
    lacking = [(label, found.lacking(measure)) for measure, label in coverage.MEASURES]
    page = render_to_string("reports/runs/localism_coverage.html", {
        "start": start, "end": end, "coverage": found, "figures": found.figures(), "lacking": lacking})
    return Built(figures=found.figures(), files=[("wards.csv", "text/csv", out.getvalue().encode()),
                                                 ("report.html", "text/html", page.encode())])

# The other kinds, each in its module, register themselves.
from . import report_deadlines, report_digest, report_measures, report_retention  # noqa: E402, F401
