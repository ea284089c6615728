"""Importing developer contributions from the datapackage's three CSV files (`manage.py
import_developer_contributions`): the whole set or none of it, every bad row named with its
file, line and what is wrong. A reference already recorded is left as it is (a second import of
the same files changes nothing). Transactions are recorded in date order through the same
service as a page's, so a file cannot spend more than it received."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from localism.core.errors import field_messages
from wards.selectors import WardLookupError, ward_for_postcode

from ..models import (
    AgreementType,
    ContributionPurpose,
    ContributionTransaction,
    DeveloperAgreement,
    DeveloperContribution,
    FundingStatus,
)
from . import contributions as services
from .contributions_format import AGREEMENT_COLUMNS, CONTRIBUTION_COLUMNS, TRANSACTION_COLUMNS

AMOUNT_LIMIT = Decimal(10) ** 9  # the amounts' 11 digits, 2 of them pence
UNITS_RE = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²" is a digit to str.isdigit()


class ContributionImportError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ContributionImportReport:
    created: dict = field(default_factory=lambda: {"agreements": 0, "contributions": 0, "transactions": 0})
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return any(self.created.values())

    def lines(self) -> list[str]:
        c = self.created
        return [f"agreements: created {c['agreements']}; contributions: created {c['contributions']}; "
                f"transactions: created {c['transactions']}; already recorded: {self.unchanged}"]


class _Row:
    def __init__(self, name: str, line: int, values: dict, problems: list):
        self.name, self.line, self.values, self.problems = name, line, values, problems

    def say(self, message: str) -> None:
        self.problems.append(f"{self.name} line {self.line} ({self.values.get('reference') or 'no reference'}): "
                             f"{message}")

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def date(self, column: str, *, required=False) -> datetime.date | None:
        value = self.text(column)
        if not value:
            if required:
                self.say(f"{column} is missing")
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.say(f"{column} '{value}' is not a date like 2026-04-01")
            return None

    def amount(self, column: str = "amount") -> Decimal | None:
        value = self.text(column).replace(",", "")
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            self.say(f"{column} '{value}' is not a number")
            return None
        if not amount.is_finite() or amount < 0:
            self.say(f"{column} '{value}' cannot be negative")
            return None
        if amount >= AMOUNT_LIMIT:
            self.say(f"{column} '{value}' is more than the register keeps (less than £{AMOUNT_LIMIT:,.0f})")
            return None
        return amount.quantize(Decimal("0.01"))

    def units(self) -> int | None:
        value = self.text("units")
        if not value:
            return None
        if not UNITS_RE.fullmatch(value):
            self.say(f"units '{value}' is not a whole number (at most 9 digits)")
            return None
        return int(value)

    def choice(self, column: str, choices) -> str:
        value = self.text(column)
        if value not in choices.values:
            self.say(f"unknown {column} '{value}'")
        return value

    def invalid(self, error: ValidationError) -> None:
        for name, messages in field_messages(error).items():
            self.say(f"{name.replace('_', '-')}: {'; '.join(messages)}")


def _rows(name: str, data: bytes, columns: list[str], problems: list) -> list[_Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(f"{name}: the file is not UTF-8 text")
        return []
    reader = csv.DictReader(io.StringIO(text))
    try:
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(f"{name}: missing columns {', '.join(missing)}")
            return []
        return [_Row(name, n, values, problems) for n, values in enumerate(reader, start=2)]
    except csv.Error as error:  # a field beyond the csv module's limit, a NUL byte
        problems.append(f"{name}, line {reader.line_num}: the file cannot be read as CSV ({error})")
        return []


def _common(row: _Row) -> dict:
    return {"notes": row.text("notes"), "organisation": row.text("organisation") or "local-authority:BIR",
            "start_date": row.date("start-date"), "end_date": row.date("end-date")}


def _agreement(row: _Row, report) -> None:
    if DeveloperAgreement.objects.filter(reference=row.text("reference")).exists():
        report.unchanged += 1
        return
    kind = row.choice("developer-agreement-type", AgreementType)
    postcode, point = row.text("postcode"), row.text("point")
    ward = None
    if point and services.point_lat_lon(point) is None:
        row.say(f"point '{point}' is not a point like POINT(-1.89 52.47)")
    elif not point and postcode:
        try:
            ward = ward_for_postcode(postcode=postcode).ward
        except WardLookupError:
            row.say(f"unknown postcode '{postcode}'")
    entry = row.date("entry-date", required=True)
    common = _common(row)
    if len(row.problems):
        return
    try:
        services.agreement_create(user=None, reference=row.text("reference"), name=row.text("name"),
                                  agreement_type=kind, entry_date=entry, point=point, postcode=postcode,
                                  ward=ward, planning_application=row.text("planning-application"),
                                  document_url=row.text("document-url"), **common)
        report.created["agreements"] += 1
    except ValidationError as e:
        row.invalid(e)


def _contribution(row: _Row, report) -> None:
    if DeveloperContribution.objects.filter(reference=row.text("reference")).exists():
        report.unchanged += 1
        return
    agreement = DeveloperAgreement.objects.filter(reference=row.text("developer-agreement")).first()
    if agreement is None:
        row.say(f"unknown developer-agreement '{row.text('developer-agreement')}'")
    purpose = row.choice("contribution-purpose", ContributionPurpose)
    values = {"amount": row.amount(), "units": row.units(), "entry_date": row.date("entry-date", required=True),
              "spend_by_date": row.date("spend-by-date"), **_common(row)}
    if len(row.problems):
        return
    try:
        services.contribution_create(user=None, agreement=agreement, reference=row.text("reference"),
                                     purpose=purpose, **values)
        report.created["contributions"] += 1
    except ValidationError as e:
        row.invalid(e)


def _transaction(row: _Row, report) -> None:
    if ContributionTransaction.objects.filter(reference=row.text("reference")).exists():
        report.unchanged += 1
        return
    reference = row.text("developer-agreement-contribution")
    contribution = DeveloperContribution.objects.filter(reference=reference).first()
    if contribution is None:
        row.say(f"unknown developer-agreement-contribution '{reference}'")
    status = row.choice("contribution-funding-status", FundingStatus)
    amount, units = row.amount(), row.units()
    entry, day = row.date("entry-date", required=True), row.date("start-date", required=True)
    end = row.date("end-date")
    if len(row.problems):
        return
    try:
        services.transaction_record(user=None, contribution=contribution, status=status, amount=amount or None,
                                    units=units, start_date=day, entry_date=entry, end_date=end,
                                    notes=row.text("notes"), reference=row.text("reference"), today=entry)
        report.created["transactions"] += 1
    except ValidationError as e:
        row.invalid(e)


@transaction.atomic
def contributions_import(*, agreements: tuple[str, bytes], contributions: tuple[str, bytes],
                         transactions: tuple[str, bytes], commit: bool) -> ContributionImportReport:
    """Read the three files, each (its name, its bytes). ContributionImportError (nothing
    written) lists every problem; without commit nothing is written either way."""
    report = ContributionImportReport()
    problems: list[str] = []
    for (name, data), columns, load in ((agreements, AGREEMENT_COLUMNS, _agreement),
                                        (contributions, CONTRIBUTION_COLUMNS, _contribution),
                                        (transactions, TRANSACTION_COLUMNS, _transaction)):
        rows = _rows(name, data, columns, problems)
        if load is _transaction:
            rows.sort(key=lambda r: (r.text("start-date"), r.line))
        for row in rows:
            mine: list[str] = []
            row.problems = mine
            try:
                with transaction.atomic():
                    load(row, report)
                    if mine:
                        raise _Skip
            except _Skip:
                pass
            problems.extend(mine)
    if problems:
        transaction.set_rollback(True)
        raise ContributionImportError(problems)
    if not commit:
        transaction.set_rollback(True)
    return report


class _Skip(Exception):
    pass
