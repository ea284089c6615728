"""Reading the public library data (the Public Libraries in England schema, and the file that
gives each library's coordinates and ward): every row read and checked, each problem reported
with its row number. Nothing here writes."""

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from assets.services.register_format import BadValue, uprn
from wards.models import Ward

from .models import Weekday

DATA_DIR = Path(__file__).resolve().parent / "data"
LIBRARIES_CSV = DATA_DIR / "birmingham-libraries.csv"
LIBRARY_WARDS_CSV = DATA_DIR / "birmingham-libraries-wards-derived.csv"

DAYS = [(day.value, f"{day.label} staffed hours") for day in Weekday]
REQUIRED_COLUMNS = ["Library name", "Address 1", "Postcode", "Year closed", "Notes", "Email address",
                    *(column for _, column in DAYS)]
REQUIRED_WARD_COLUMNS = ["library_name", "postcode", "latitude", "longitude", "ward_code"]

# One spell of a day's hours: "09:00-17:00" (also "9.30 - 16.30", "09:00 to 17:00").
SPELL = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(?:-|–|—|to)\s*(\d{1,2})[:.](\d{2})$", re.IGNORECASE)
CLOSED_WORDS = {"closed", "none", "-", "n/a"}
# "Closed for lunch 1-2pm", "Closed for lunch, Tues & Weds 1-1.30pm", "Closed for lunch on Thurs 1-2pm."
LUNCH = re.compile(r"clos(?:ed|es|ing)\b[^.;]*?\blunch|\blunch\s*(?:time\s*)?clos", re.IGNORECASE)
LUNCH_TIMES = re.compile(
    r"(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)?\s*(?:-|–|—|to)\s*(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)", re.IGNORECASE)
DAY_NAMES = [  # in the order of Weekday
    r"mon(?:day)?s?", r"tue(?:s|sday)?s?", r"wed(?:s|nesday)?s?", r"thu(?:r|rs|rsday)?s?", r"fri(?:day)?s?",
    r"sat(?:urday)?s?", r"sun(?:day)?s?",
]
ANY_DAY = "|".join(DAY_NAMES)
DAY_RANGE = re.compile(rf"\b({ANY_DAY})\s*(?:-|–|—|to)\s*({ANY_DAY})\b", re.IGNORECASE)

Spell = tuple[datetime.time, datetime.time]


class RowProblem(ValueError):
    """A value in a row that cannot be read; its message says which and why."""


@dataclass
class Library:
    row: int
    values: dict
    hours: list[tuple[int, datetime.time, datetime.time]]

    @property
    def name(self) -> str:
        return self.values["name"]


class LibraryFileError(Exception):
    """The file cannot be loaded: `problems` lists each row that could not be read, and why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# Reading a row

def _clock(hours: str, minutes: str, text: str) -> datetime.time:
    try:
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        raise RowProblem(f'"{text}" is not a time of day') from None


def parse_hours(text: str) -> list[Spell]:
    """A day's staffed hours: "" for closed, or spells like "09:00-13:00, 14:00-17:00" (commas or
    semicolons between them), in order, none overlapping."""
    text = (text or "").strip()
    if text.lower() in CLOSED_WORDS or not text:
        return []
    spells = []
    for part in (p.strip() for p in re.split(r"[,;]", text)):
        if not part:
            continue
        match = SPELL.match(part)
        if not match:
            raise RowProblem(f'"{part}" is not a time range like 09:00-17:00')
        opens, closes = _clock(*match.group(1, 2), part), _clock(*match.group(3, 4), part)
        if closes <= opens:
            raise RowProblem(f'"{part}" closes before it opens')
        spells.append((opens, closes))
    spells.sort()
    for (_, closes), (opens, _) in zip(spells, spells[1:], strict=False):
        if opens < closes:
            raise RowProblem(f'the spells of "{text}" overlap')
    return spells


def _twelve_hour(hours: str, minutes: str | None, suffix: str) -> datetime.time:
    hour = int(hours)
    if not 1 <= hour <= 12:
        raise RowProblem(f"{hours}{suffix} is not a time of day")
    return datetime.time(hour % 12 + (12 if suffix.lower() == "pm" else 0), int(minutes or 0))


def parse_lunch(notes: str) -> tuple[set[int], Spell] | None:
    """When the notes say a library closes for lunch: on which days (every day if none is named)
    and from when to when. None if they say nothing about lunch."""
    if not LUNCH.search(notes or ""):
        return None
    match = LUNCH_TIMES.search(notes)
    if not match:
        raise RowProblem(f'the Notes say "{notes.strip()}" but give no lunch time like 1-2pm')
    start_h, start_m, start_suffix, end_h, end_m, end_suffix = match.groups()
    ends = _twelve_hour(end_h, end_m, end_suffix)
    if start_suffix:
        starts = _twelve_hour(start_h, start_m, start_suffix)
    else:  # "1-2pm": the start takes the end's am or pm unless that puts it after the end ("11-1pm")
        starts = _twelve_hour(start_h, start_m, end_suffix)
        if starts >= ends:
            starts = _twelve_hour(start_h, start_m, "am")
    if ends <= starts:
        raise RowProblem(f'the lunch closure in "{notes.strip()}" ends before it starts')
    words = notes[:match.start()] + " " + notes[match.end():]
    days = set()
    for first, last in DAY_RANGE.findall(words):
        a, b = _day_number(first), _day_number(last)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    words = DAY_RANGE.sub(" ", words)
    days.update(n for n, pattern in enumerate(DAY_NAMES) if re.search(rf"\b{pattern}\b", words, re.IGNORECASE))
    return (days or set(range(7))), (starts, ends)


def _day_number(word: str) -> int:
    return next(n for n, pattern in enumerate(DAY_NAMES) if re.fullmatch(pattern, word, re.IGNORECASE))


def split_for_lunch(spells: list[Spell], lunch: Spell) -> list[Spell]:
    """The spells with the lunch closure taken out of any spell it falls in."""
    lunch_starts, lunch_ends = lunch
    out = []
    for opens, closes in spells:
        if closes <= lunch_starts or opens >= lunch_ends:
            out.append((opens, closes))
            continue
        if opens < lunch_starts:
            out.append((opens, lunch_starts))
        if lunch_ends < closes:
            out.append((lunch_ends, closes))
    return out


def _float(text: str, what: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        raise RowProblem(f'the {what} "{text}" is not a number') from None


def _key(name: str, postcode: str) -> tuple[str, str]:
    return " ".join(name.split()).lower(), postcode.replace(" ", "").upper()


def _read_library(row: dict, number: int, places: dict, wards: dict) -> Library:
    name = " ".join((row["Library name"] or "").split())
    postcode = " ".join((row["Postcode"] or "").split()).upper()
    if not name:
        raise RowProblem("it has no library name")
    if not postcode:
        raise RowProblem("it has no postcode")
    place = places.get(_key(name, postcode))
    if place is None:
        raise RowProblem(f"{name} at {postcode} is not in the wards file")
    ward = wards.get(place["ward_code"].strip())
    if ward is None:
        raise RowProblem(f'its ward "{place["ward_code"]}" is not one of the current wards')
    lunch = parse_lunch(row["Notes"])
    hours = []
    for weekday, column in DAYS:
        try:
            spells = parse_hours(row[column])
        except RowProblem as problem:
            raise RowProblem(f"{column}: {problem}") from None
        if lunch and weekday in lunch[0]:
            spells = split_for_lunch(spells, lunch[1])
        hours.extend((weekday, opens, closes) for opens, closes in spells)
    notes = " ".join((row["Notes"] or "").split())
    co_located = " ".join((row.get("Co-located with") or "").split())
    description = " ".join(filter(None, [
        notes + ("" if not notes or notes.endswith(".") else "."),
        f"Shares its building with {co_located}." if co_located else "",
    ]))
    try:
        building = uprn(row.get("Unique property reference number") or "")
    except BadValue as problem:
        raise RowProblem(str(problem)) from None
    values = dict(
        name=name,
        slug=slugify(name),
        uprn=building,
        ward_id=ward.pk,
        address=" ".join((row["Address 1"] or "").split()),
        postcode=postcode,
        latitude=_float(place["latitude"], "latitude"),
        longitude=_float(place["longitude"], "longitude"),
        email=(row["Email address"] or "").strip(),
        website=(row.get("URL") or "").strip(),
        description=description,
        is_library=True,
        is_demo=False,
    )
    return Library(row=number, values=values, hours=hours)


def _open_csv(path: Path, required: list[str]) -> list[dict]:
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise LibraryFileError([f"{Path(path).name} has no column " + ", ".join(f'"{c}"' for c in missing)])
        return list(reader)


def read_libraries(*, path: Path, wards_path: Path) -> tuple[list[Library], list[str]]:
    """The open libraries in the file and the names of the closed ones. LibraryFileError lists
    every row that cannot be read."""
    places = {_key(r["library_name"], r["postcode"]): r for r in _open_csv(wards_path, REQUIRED_WARD_COLUMNS)}
    wards = {w.gss_code: w for w in Ward.objects.current().without_geometry().only("pk", "gss_code")}
    if not wards:
        raise LibraryFileError(["There are no wards: load them first with manage.py load_wards --commit."])
    libraries, closed, problems, seen = [], [], [], {}
    for number, row in enumerate(_open_csv(path, REQUIRED_COLUMNS), start=2):  # row 1 is the header
        name = " ".join((row.get("Library name") or "").split()) or "no name"
        if (row["Year closed"] or "").strip():
            closed.append(name)
            continue
        try:
            library = _read_library(row, number, places, wards)
        except RowProblem as problem:
            problems.append(f"Row {number} ({name}): {problem}.")
            continue
        if library.values["slug"] in seen:
            problems.append(f"Row {number} ({name}): another open library of that name is on row "
                            f"{seen[library.values['slug']]}.")
            continue
        seen[library.values["slug"]] = number
        libraries.append(library)
    if problems:
        raise LibraryFileError(problems)
    return libraries, closed
