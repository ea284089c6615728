"""The developer-contributions datapackage's three CSV files, as planning.data.gov.uk names their
columns, with this council's extension columns (`point`, `postcode` on an agreement;
`spend-by-date` on a contribution) after them: what the export writes and the import reads."""

import datetime
import io
from decimal import Decimal

from localism.core.spreadsheets import writer

from ..models import ContributionTransaction, DeveloperAgreement, DeveloperContribution

DATES = ["entry-date", "start-date", "end-date"]
AGREEMENT_COLUMNS = ["reference", "name", "developer-agreement-type", "planning-application", "document-url",
                     "notes", "organisation", *DATES, "point", "postcode"]
CONTRIBUTION_COLUMNS = ["reference", "developer-agreement", "contribution-purpose", "amount", "units", "notes",
                        "organisation", *DATES, "spend-by-date"]
TRANSACTION_COLUMNS = ["reference", "developer-agreement-contribution", "contribution-funding-status", "amount",
                       "units", "notes", "organisation", *DATES]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _dates(obj) -> list:
    return [obj.entry_date, obj.start_date, obj.end_date]


def agreement_row(a: DeveloperAgreement) -> list:
    return [a.reference, a.name, a.agreement_type, a.planning_application, a.document_url, a.notes, a.organisation,
            *_dates(a), a.point, a.postcode]


def contribution_row(c: DeveloperContribution) -> list:
    return [c.reference, c.agreement.reference, c.purpose, c.amount, c.units, c.notes, c.organisation, *_dates(c),
            c.spend_by_date]


def transaction_row(t: ContributionTransaction) -> list:
    return [t.reference, t.contribution.reference, t.status, t.amount, t.units, t.notes, t.organisation, *_dates(t)]


def _csv(columns, rows) -> str:
    out = io.StringIO()
    w = writer(out, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([_cell(value) for value in row])
    return out.getvalue()


def agreements_csv(agreements) -> str:
    return _csv(AGREEMENT_COLUMNS, (agreement_row(a) for a in agreements))


def contributions_csv(contributions) -> str:
    return _csv(CONTRIBUTION_COLUMNS, (contribution_row(c) for c in contributions.select_related("agreement")))


def transactions_csv(transactions) -> str:
    return _csv(TRANSACTION_COLUMNS, (transaction_row(t) for t in transactions.select_related("contribution")))


def export_all() -> dict[str, str]:
    """The three files, every record, by dataset name."""
    return {
        "developer-agreement": agreements_csv(DeveloperAgreement.objects.order_by("reference")),
        "developer-agreement-contribution": contributions_csv(DeveloperContribution.objects.order_by("reference")),
        "developer-agreement-transaction": transactions_csv(
            ContributionTransaction.objects.order_by("start_date", "reference")),
    }


def funding_statement_csv(statement) -> str:
    """The infrastructure funding statement's figures: one row by kind, then one by ward and kind."""
    columns = ["financial-year", "ward", "kind", "received", "allocated", "spent", "returned"]
    rows = [[statement.period, "All wards", kind, *money.values()] for kind, money in statement.by_kind.items()]
    rows += [[statement.period, ward, kind, *money.values()] for ward, kind, money in statement.by_ward]
    return _csv(columns, rows)
