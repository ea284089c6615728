"""The monthly ward digest report (localism.reports.ward_digest): the city's key figures, one page
per ward (`<ward-slug>.html`) and a CSV of all wards; once the run is saved, each ward's
councillors and ward champions are told of their ward's figures, once for the month (the event
key is the ward's and the month's, so running the month again tells no one twice).

What a notification says is what its readers see on the site: their ward's figures, no
resident's name or address."""

import datetime
import io

from django.template.loader import render_to_string

from localism.core import events, spreadsheets

from . import ward_digest
from .runs import Built, report_kind

KIND = "ward_digest"
KIND_LABEL = "Monthly ward digest"
COLUMNS = ["ward", "ward_code", "current_plan", *(name for name, _ in ward_digest.KEY_FIGURES[1:]),
           "consultations_opened", "next_meeting", "hubs", "hub_utilisation_percent", "hub_income",
           "contracts_serving"]


def _money(value) -> str:
    return f"{value:.2f}"


def _csv(digest: ward_digest.Digest) -> bytes:
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(COLUMNS)
    for row in digest.wards:
        figures = row.figures()
        writer.writerow([
            row.ward.name, row.ward.gss_code, row.plan.title if row.plan else "",
            *(_money(figures[name]) if name.startswith("contributions_") else figures[name]
              for name, _ in ward_digest.KEY_FIGURES[1:]),
            row.consultations_opened, f"{row.next_meeting:%Y-%m-%d %H:%M}" if row.next_meeting else "",
            row.hubs, "" if row.hub_utilisation is None else row.hub_utilisation, _money(row.hub_income),
            row.contracts_serving])
    return out.getvalue().encode()


def summary(row: ward_digest.WardDigest, start: datetime.date) -> str:
    """The ward's figures in plain words: a notification's body."""
    actions = row.actions
    plan = (f"Ward Plan {row.plan.title}: {actions['done']} actions done, {actions['on_track']} on track, "
            f"{actions['at_risk']} at risk, {actions['off_track']} off track, {actions['not_started']} not started; "
            f"{row.actions_overdue} overdue." if row.plan else "No published Ward Plan for the year.")
    nxt = f" (next on {row.next_meeting:%-d %B %Y})" if row.next_meeting else ""
    utilisation = "no bookable hours" if row.hub_utilisation is None else f"{row.hub_utilisation}% used"
    return "\n".join([
        f"{row.ward.name} in {start:%B %Y}",
        plan,
        f"Forum meetings: {row.meetings_held} held, {row.meetings_coming} coming{nxt}.",
        f"Consultations: {row.consultations_open} open in the month, {row.consultations_closed} closed; "
        f"{row.responses} responses from the ward's residents.",
        f"Residents' ideas waiting for a response: {row.ideas_waiting}.",
        f"Hubs: {row.hubs} ({utilisation}), income £{row.hub_income:,.2f}.",
        f"Contracts in their renewal window: {row.contracts_renewing} of {row.contracts_serving} serving the ward.",
        f"Developer contributions: £{row.contributions_received:,.2f} received, "
        f"£{row.contributions_unspent:,.2f} unspent.",
    ])


def event_key(row: ward_digest.WardDigest, start: datetime.date) -> str:
    return f"ward-digest:{row.ward.pk}:{start:%Y-%m}"


def _tell(digest: ward_digest.Digest):
    def after(run):
        for row in digest.wards:
            events.publish(events.Event(
                kind=KIND, key=event_key(row, digest.start), recipients=tuple(row.recipients),
                subject=f"{KIND_LABEL}: {row.ward.name}, {digest.start:%B %Y}",
                body=summary(row, digest.start), url=row.ward.get_absolute_url()))

    return after


@report_kind(KIND, KIND_LABEL,
             "For each ward, to its councillors and ward champions: its current plan's actions by status and "
             "overdue, forum meetings held and coming, consultations open and closed and residents' responses, "
             "ideas waiting for a response, its hubs' utilisation and income, contracts in their renewal window, "
             "and developer contributions received and unspent.",
             public=False,  # the councillors' own briefing; its figures are on the public pages
             figures=lambda start, end: ward_digest.ward_digest(start=start, end=end).figures())
def ward_digest_report(start: datetime.date, end: datetime.date) -> Built:
    digest = ward_digest.ward_digest(start=start, end=end)
    files = [("wards.csv", "text/csv", _csv(digest))]
    for row in digest.wards:
        page = render_to_string("reports/runs/ward_digest.html", {
            "start": start, "end": end, "row": row, "summary": summary(row, start)})
        files.append((f"{row.ward.slug}.html", "text/html", page.encode()))
    return Built(figures=digest.figures(), files=files, after=_tell(digest))
