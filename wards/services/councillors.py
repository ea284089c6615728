"""Loading councillors' seats from a CSV file (docs/data.md describes the columns).

The file is taken whole or not at all: every wrong row is named with its reason and nothing is
stored. Without commit everything is done and rolled back, so the report says what would change;
running the same file again changes nothing. A seat is the same seat when its ward, councillor's
name and election date are the same; its other values are updated from the file.

A seat gives edit rights to the account it is linked to, so links are made carefully: only to a
councillor's account, named in the `username` column or found by the e-mail address on the
account; a seat keeps its link when the file finds no account; every link made or moved is
reported. Seats missing from a later file are listed and left as they are, unless the command is
told the day their terms ended (`end_missing`): ending a seat takes a councillor's rights away.
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from localism.accounts.models import User

from ..models import CouncillorSeat, Ward
from .geography import ImportReport, WardImportError

REQUIRED_COLUMNS = ("gss", "person_name", "election_date")
OPTIONAL_COLUMNS = (
    "party_name", "term_end", "email", "phone", "homepage_url", "surgery_details",
    "ballot_paper_id", "post_label", "username", "elected",
)

FILE_MISSING_COLUMNS = "The file has no {columns} column: the first line must name the columns."
FILE_EMPTY = "The file has no councillors."
MISSING_VALUE = "{column} is empty"
UNKNOWN_WARD = "no current ward has the code {code!r}"
POST_LABEL_MISMATCH = "post_label {label!r} is not the name of {code}, {name}"
BAD_DATE = "{column} {value!r} is not a date like 2022-05-05"
END_BEFORE_START = "term_end {end} is before election_date {start}"
BAD_EMAIL = "email {value!r} is not an e-mail address"
BAD_PHONE = "phone {value!r} is not a telephone number"
BAD_URL = "homepage_url {value!r} is not a web address starting https:// or http://"
DUPLICATE_ROW = "the same ward, person_name and election_date as line {line}"
UNKNOWN_ACCOUNT = "username {username!r}: there is no such account"
NOT_A_COUNCILLOR_ACCOUNT = "username {username!r} is not a councillor's account"
SHARED_EMAIL = "{count} councillor accounts have the e-mail {email}: name one in the username column"
TOO_MANY_SEATS = "{name} has {seats} seat{s}, but {count} councillors would hold one on {day}: {holders}"
MISSING_SEAT_STARTS_LATER = "{seat}: not in the file, but its term starts after {day}, the day given to end it"

LINKED = "{seat}: linked to the account {username}, who may now edit {ward}'s plans and meetings."
UNLINKED = "{seat}: no longer linked to the account {username}, who loses the rights this seat gave."
NOT_ELECTED_SKIPPED = "{count} row{s} of candidates not elected skipped (the elected column)."
NOT_IN_FILE = "{seat}: a current seat that is not in the file; left as it is (end it with --end-missing DAY)."
ENDED = "{seat}: not in the file; its term ends on {day}."

# Democracy Club's `elected` column: rows of candidates who were not elected are not seats.
ELECTED_TRUE = {"t", "true", "yes", "y", "1"}
# Digits with the spacing and signs people write in a telephone number.
PHONE_CHARACTERS = set("0123456789 +()-")


@dataclass
class _Row:
    line: int
    ward: Ward
    values: dict
    account: User | None
    account_named: bool  # found by username or e-mail (else an existing link is kept)

    @property
    def key(self):
        return _seat_key(self.ward.pk, self.values["name"], self.values["term_start"])

    def describe(self) -> str:
        return f"{self.values['name']} ({self.ward.name}, from {self.values['term_start']:%-d %B %Y})"


def _seat_key(ward_id, name, term_start):
    return (ward_id, " ".join(name.split()).casefold(), term_start)


def _describe_seat(seat: CouncillorSeat) -> str:
    return f"{seat.name} ({seat.ward.name}, from {seat.term_start:%-d %B %Y})"


@transaction.atomic
def councillors_import(
    *, path: Path, commit: bool = True, end_missing: datetime.date | None = None,
    on: datetime.date | None = None,
) -> ImportReport:
    """Load every councillor seat in the CSV at `path`. Raises WardImportError, listing every
    wrong row, and stores nothing if any row is wrong. `end_missing`: the last day of the terms
    of current seats that are not in the file (otherwise they are listed and kept). `on`: the
    day that decides which seats are current (today by default)."""
    on = on or timezone.localdate()
    report, problems = ImportReport(), []
    rows = _read_rows(path, problems, report)
    if problems:
        raise WardImportError(problems)

    existing = {_seat_key(s.ward_id, s.name, s.term_start): s
                for s in CouncillorSeat.objects.filter(is_demo=False).select_related("ward", "councillor")}
    in_file = {row.key for row in rows}
    missing = [s for k, s in existing.items() if k not in in_file and (s.term_end is None or s.term_end >= on)]
    if end_missing:
        for seat in missing:
            if seat.term_start > end_missing:
                problems.append(MISSING_SEAT_STARTS_LATER.format(seat=_describe_seat(seat), day=end_missing))
    _check_seat_counts(rows, missing, end_missing, problems)
    if problems:
        raise WardImportError(problems)

    for row in rows:
        _seat_save(row, existing.get(row.key), report)
    for seat in missing:
        if end_missing:
            seat.term_end = end_missing
            seat.full_clean()
            seat.save(update_fields=["term_end"])
            report.add("councillor seats", "ended")
            report.notes.append(ENDED.format(seat=_describe_seat(seat), day=f"{end_missing:%-d %B %Y}"))
        else:
            report.notes.append(NOT_IN_FILE.format(seat=_describe_seat(seat)))
    if not commit:
        transaction.set_rollback(True)
    return report


def _seat_save(row: _Row, seat: CouncillorSeat | None, report: ImportReport) -> None:
    seat = seat or CouncillorSeat(ward=row.ward)
    before = seat.councillor if seat.pk else None
    after = row.account if row.account_named else before
    changed = seat.pk is None or after != before or any(getattr(seat, k) != v for k, v in row.values.items())
    if not changed:
        report.add("councillor seats", "unchanged")
        return
    created = seat.pk is None
    for key, value in row.values.items():
        setattr(seat, key, value)
    seat.councillor = after
    seat.full_clean()
    seat.save()
    report.add("councillor seats", "created" if created else "updated")
    if after != before:
        if before is not None:
            report.notes.append(UNLINKED.format(seat=row.describe(), username=before.username))
        if after is not None:
            report.notes.append(LINKED.format(seat=row.describe(), username=after.username, ward=row.ward.name))


def _read_rows(path: Path, problems: list[str], report: ImportReport) -> list[_Row]:
    wards = {w.gss_code: w for w in Ward.objects.current().without_geometry()}
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        absent = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if absent:
            problems.append(FILE_MISSING_COLUMNS.format(columns=", ".join(absent)))
            return []
        lines = list(enumerate(reader, start=2))
    has_elected = "elected" in (reader.fieldnames or [])
    accounts = _Accounts(lines)
    rows, seen, not_elected = [], {}, 0
    for line, raw in lines:
        cell = {k: (raw.get(k) or "").strip() for k in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
        if has_elected and cell["elected"].lower() not in ELECTED_TRUE:
            not_elected += 1
            continue
        reasons = []
        row = _row(line, cell, wards, accounts, reasons)
        if row is not None and not reasons:
            if row.key in seen:
                reasons.append(DUPLICATE_ROW.format(line=seen[row.key]))
            else:
                seen[row.key] = line
                rows.append(row)
        where = f"Line {line} ({cell['gss'] or 'no code'}, {cell['person_name'] or 'no name'})"
        problems.extend(f"{where}: {reason}." for reason in reasons)
    if not_elected:
        report.notes.append(NOT_ELECTED_SKIPPED.format(count=not_elected, s="" if not_elected == 1 else "s"))
    if not rows and not problems:
        problems.append(FILE_EMPTY)
    return rows


def _row(line: int, cell: dict, wards: dict, accounts: "_Accounts", reasons: list[str]) -> _Row | None:
    for column in REQUIRED_COLUMNS:
        if not cell[column]:
            reasons.append(MISSING_VALUE.format(column=column))
    ward = wards.get(cell["gss"])
    if cell["gss"] and ward is None:
        reasons.append(UNKNOWN_WARD.format(code=cell["gss"]))
    if ward and cell["post_label"] and _name_slug(cell["post_label"]) != _name_slug(ward.name):
        reasons.append(POST_LABEL_MISMATCH.format(label=cell["post_label"], code=ward.gss_code, name=ward.name))
    start = _date(cell, "election_date", reasons)
    end = _date(cell, "term_end", reasons)
    if start and end and end < start:
        reasons.append(END_BEFORE_START.format(end=end, start=start))
    if cell["email"]:
        try:
            validate_email(cell["email"])
        except ValidationError:
            reasons.append(BAD_EMAIL.format(value=cell["email"]))
    if cell["phone"] and not (set(cell["phone"]) <= PHONE_CHARACTERS and any(c.isdigit() for c in cell["phone"])):
        reasons.append(BAD_PHONE.format(value=cell["phone"]))
    if cell["homepage_url"]:
        try:
            URLValidator(schemes=["http", "https"])(cell["homepage_url"])
        except ValidationError:
            reasons.append(BAD_URL.format(value=cell["homepage_url"]))
    account, named = accounts.find(cell, reasons)
    if reasons or ward is None or start is None:
        return None
    values = dict(
        name=" ".join(cell["person_name"].split()), party=cell["party_name"], term_start=start, term_end=end,
        email=cell["email"], phone=cell["phone"], web_page=cell["homepage_url"],
        surgery_details=cell["surgery_details"], ballot_paper_id=cell["ballot_paper_id"],
    )
    # Lengths and the model's own rules, as the save will check them.
    try:
        CouncillorSeat(ward=ward, **values).full_clean(exclude=["ward", "councillor"], validate_unique=False)
    except ValidationError as error:
        reasons.extend(f"{_column(field)}: {' '.join(messages)}".rstrip(".")
                       for field, messages in error.message_dict.items())
        return None
    return _Row(line=line, ward=ward, values=values, account=account, account_named=named)


def _column(field: str) -> str:
    return {"name": "person_name", "party": "party_name", "term_start": "election_date",
            "web_page": "homepage_url"}.get(field, field)


def _name_slug(name: str) -> str:
    return slugify(name.replace("&", "and"))


def _date(cell: dict, column: str, reasons: list[str]) -> datetime.date | None:
    if not cell[column]:
        return None
    try:
        return datetime.date.fromisoformat(cell[column])
    except ValueError:
        reasons.append(BAD_DATE.format(column=column, value=cell[column]))
        return None


class _Accounts:
    """The accounts a file's rows may link to, read in two queries."""

    def __init__(self, lines):
        usernames = {(raw.get("username") or "").strip() for _, raw in lines} - {""}
        emails = {(raw.get("email") or "").strip().lower() for _, raw in lines} - {""}
        self.by_username = {u.username: u for u in User.objects.filter(username__in=usernames)}
        self.by_email: dict[str, list[User]] = {}
        for user in User.objects.filter(role=User.Role.COUNCILLOR).exclude(email=""):
            if user.email.lower() in emails:
                self.by_email.setdefault(user.email.lower(), []).append(user)

    def find(self, cell: dict, reasons: list[str]) -> tuple[User | None, bool]:
        """The account a row names (by username, else by its e-mail), and whether it named one."""
        if username := cell["username"]:
            user = self.by_username.get(username)
            if user is None:
                reasons.append(UNKNOWN_ACCOUNT.format(username=username))
            elif user.role != User.Role.COUNCILLOR:
                reasons.append(NOT_A_COUNCILLOR_ACCOUNT.format(username=username))
            return user, True
        matches = self.by_email.get(cell["email"].lower(), []) if cell["email"] else []
        if len(matches) > 1:
            reasons.append(SHARED_EMAIL.format(count=len(matches), email=cell["email"]))
        return (matches[0], True) if len(matches) == 1 else (None, False)


def _check_seat_counts(rows: list[_Row], missing: list[CouncillorSeat], end_missing: datetime.date | None,
                       problems: list[str]) -> None:
    """No ward has more councillors on any day than it has seats, counting the file's seats
    and the current seats that are not in it (until `end_missing`, if given)."""
    by_ward: dict[int, list[tuple]] = {}
    wards = {}
    for row in rows:
        wards[row.ward.pk] = row.ward
        by_ward.setdefault(row.ward.pk, []).append(
            (row.values["term_start"], row.values["term_end"], f"line {row.line}"))
    for seat in missing:
        if seat.ward_id in by_ward:
            by_ward[seat.ward_id].append(
                (seat.term_start, end_missing or seat.term_end, f"{seat.name} (recorded already, not in the file)"))
    for ward_id, terms in by_ward.items():
        ward = wards[ward_id]
        for day in sorted({start for start, _, _ in terms}):
            holders = [who for start, end, who in terms if start <= day and (end is None or end >= day)]
            if len(holders) > ward.seats:
                problems.append(TOO_MANY_SEATS.format(
                    name=f"{ward.gss_code} {ward.name}", seats=ward.seats, s="" if ward.seats == 1 else "s",
                    count=len(holders), day=f"{day:%-d %B %Y}", holders=", ".join(holders)) + ".")
                break
