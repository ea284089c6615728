"""The register's file in the Transparency Code's format: reading it (either header Cheltenham and
others publish, with the quirks real files have) and the columns the export writes, in order.

Reading names every bad row: "line 12 (asset 09/00025): tenure 'Fee simple' is not Freehold,
Leasehold or Other". Lines are counted as a spreadsheet counts rows: the header is line 1, so a
value with line breaks inside it still counts as one line. Nothing here writes."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings

from localism.core.spreadsheets import FORMULA_STARTS
from wards.selectors import WardLookupError, postcode_normalise

from ..models import CommunityValue, EnergyRating, SizeUnit, Tenure
from ..models.register import (
    EASTING,
    FREE_TEXT_MAX_LENGTH,
    MONEY_MAX,
    NAME_MAX_LENGTH,
    NORTHING,
    STREET_MAX_LENGTH,
)

# The export's columns: the Code's Part 2 columns in the order of the 2021 publications (with
# the Organisation pair twice, as published), then the Part 3 columns.
PART_2_COLUMNS = [
    "Organisation", "OrganisationLabel", "Organisation", "OrganisationLabel", "UPRN", "AssetCode",
    "PropertyName", "StreetName", "PostTown", "PostCode", "GeoX", "GeoY", "TenureType", "TenureDetail",
    "HoldingType",
]
PART_3_COLUMNS = [
    "Size", "SizeUnit", "ServicesOffered", "ReasonHeld", "CommunityValue", "RunningCosts",
    "MaintenanceBacklog", "FunctionalSuitability", "EnergyRating",
]
EXPORT_COLUMNS = PART_2_COLUMNS + PART_3_COLUMNS

# Header names, compared without case, spaces or underscores, and the value each one gives.
# The 2023 header (Organisation,Organisation Label,UPRN,AssetCode,Site Address,GeoX,GeoY,
# TenureType,Tenure Detail,Holding Type) folds into the same names, Site Address apart.
HEADER = {
    "uprn": "uprn", "assetcode": "asset_code", "propertyname": "name", "streetname": "street",
    "posttown": "post_town", "postcode": "postcode", "geox": "x", "geoy": "y", "tenuretype": "tenure",
    "tenuredetail": "tenure_detail", "holdingtype": "holding_type", "siteaddress": "site_address",
    "size": "size", "sizeunit": "size_unit", "servicesoffered": "services_offered", "reasonheld": "reason_held",
    "communityvalue": "community_value", "runningcosts": "running_costs",
    "maintenancebacklog": "maintenance_backlog", "functionalsuitability": "suitability",
    "energyrating": "energy_rating",
}
PART_3_FIELDS = ("size", "size_unit", "services_offered", "reason_held", "community_value", "running_costs",
                 "maintenance_backlog", "suitability", "energy_rating")

FILE_TOO_LARGE = "The file is larger than {limit:,} bytes: split it, or ask for the limit to be raised."
FILE_EMPTY = "The file is empty."
NOT_TEXT = "The file is not a CSV file (it holds binary data): save the register as CSV and try again."
BAD_ENCODING = "The file is not text in UTF-8 or Windows-1252: save it as CSV (UTF-8) and try again."
NOT_CSV = "The file cannot be read as CSV ({error})."
MISSING_COLUMNS = ("The header has no {columns} column: the first line must be the register's header, "
                   "in the Transparency Code's 2021 or 2023 columns.")
NO_ROWS = "The file has a header but no assets."
TOO_MANY_ROWS = "The file has more than {limit:,} rows."

POSTCODE_AT_END = re.compile(r"[,\s]*([A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2})$", re.IGNORECASE)
LINE_BREAKS = re.compile(r"[\r\n]+")
SPACES = re.compile(r"[ \t\u00a0]+")
MAX_ROWS = 50_000


@dataclass
class Row:
    line: int
    values: dict  # the Asset's fields, normalised
    has_part_3: set = field(default_factory=set)  # the Part 3 fields the file has columns for
    # The map reference as read: a grid reference (easting, northing) or a longitude and latitude.
    easting: Decimal | None = None
    northing: Decimal | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @property
    def key(self) -> str:
        return self.values["asset_code"]


class FileProblem(ValueError):
    """The file as a whole cannot be read (its message says why)."""


class _Bad(ValueError):
    pass


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without its byte-order mark), else Windows-1252, which
    council spreadsheets still save (Cheltenham's register has its non-breaking spaces)."""
    limit = settings.ASSETS_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise FileProblem(FILE_TOO_LARGE.format(limit=limit))
    if not data.strip():
        raise FileProblem(FILE_EMPTY)
    if b"\x00" in data:
        raise FileProblem(NOT_TEXT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(BAD_ENCODING) from None


def text(value: str | None) -> str:
    """A cell as one line: line breaks become ", " between the parts, runs of spaces (and
    non-breaking spaces) one space, stray "#" at either end go."""
    value = value or ""
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:  # as our own export protected it
        value = value[1:]
    parts = [SPACES.sub(" ", part).strip().strip("#").strip() for part in LINE_BREAKS.split(value)]
    return ", ".join(part for part in parts if part)


def uprn(value: str) -> str:
    """'10012809443', '010012809443', '#010012809443' -> '010012809443' (12 digits, as text)."""
    digits = re.sub(r"[\s#\u00a0]", "", value or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) > 12 or not digits.strip("0"):
        raise _Bad(f"UPRN {value.strip()!r} is not a UPRN (up to 12 digits)")
    return digits.zfill(12)


def _bounded(name: str, value: str, limit: int, *, required: bool = False) -> str:
    if required and not value:
        raise _Bad(f"no {name}")
    if len(value) > limit:
        raise _Bad(f"{name} is longer than {limit:,} characters")
    return value


def _number(name: str, value: str, *, low=None, high=None, places: int = 2) -> Decimal | None:
    cleaned = value.replace("£", "").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise _Bad(f"{name} {value!r} is not a number") from None
    if not number.is_finite() or (low is not None and number < low) or (high is not None and number > high):
        raise _Bad(f"{name} {value!r} is not between {low:,} and {high:,}")
    return number.quantize(Decimal(1).scaleb(-places))


def _choice(name: str, value: str, choices, aliases: dict | None = None) -> str:
    if not value:
        return ""
    folded = value.casefold()
    for choice in choices:
        if folded in (str(choice.value).casefold(), str(choice.label).casefold()):
            return choice.value
    if aliases and folded in aliases:
        return aliases[folded]
    allowed = ", ".join(str(c.value) for c in choices if c.value)
    raise _Bad(f"{name} {value!r} is not one of {allowed}")


def _tenure(value: str) -> str:
    for choice in Tenure:
        if value.casefold() == choice.value.casefold():
            return choice.value
    raise _Bad(f"tenure {value!r} is not Freehold, Leasehold or Other" if value else "no tenure")


def _bound(validators):
    return validators[0].limit_value, validators[1].limit_value


def _map_reference(row: Row, x: str, y: str) -> None:
    if not x and not y:
        return
    if not x or not y:
        raise _Bad("the map reference needs both GeoX and GeoY")
    gx, gy = _number("GeoX", x, places=6), _number("GeoY", y, places=6)
    if -9 <= gx <= 3 and 49 <= gy <= 61:  # ISO 6709 longitude and latitude, in Great Britain
        row.longitude, row.latitude = gx, gy
        return
    (e_low, e_high), (n_low, n_high) = _bound(EASTING), _bound(NORTHING)
    if not (e_low <= gx <= e_high and n_low <= gy <= n_high):
        raise _Bad(f"GeoX {x!r}, GeoY {y!r} is not a British National Grid easting and northing")
    row.easting, row.northing = gx.quantize(Decimal("0.01")), gy.quantize(Decimal("0.01"))


def _postcode(value: str) -> str:
    """'GL50 1DY\\n', ' \\nGL50 4RN', 'b1\\n1bb' -> 'GL50 1DY', 'GL50 4RN', 'B1 1BB'."""
    value = re.sub(r"[\s#\u00a0]+", " ", value or "").strip()
    if not value:
        return ""
    try:
        return postcode_normalise(value)
    except WardLookupError:
        raise _Bad(f"postcode {value!r} is not a UK postcode") from None


SIZE_UNITS = {"m2": SizeUnit.SQUARE_METRES, "sqm": SizeUnit.SQUARE_METRES, "square metres": SizeUnit.SQUARE_METRES,
              "hectare": SizeUnit.HECTARES, "hectares": SizeUnit.HECTARES}


def _read_row(line: int, cells: dict[str, str], columns: set[str]) -> Row:
    get = {name: text(value) for name, value in cells.items()}
    values = {"asset_code": _bounded("asset id", get.get("asset_code", ""), 60, required=True)}
    row = Row(line=line, values=values)
    values["uprn"] = uprn(cells.get("uprn", ""))
    if "site_address" in columns:  # 2023: one address cell, its postcode (if any) at the end
        address = get.get("site_address", "")
        found = POSTCODE_AT_END.search(address)
        postcode = found.group(1) if found else ""
        address = address[:found.start()].rstrip(", ") if found else address
        values["name"] = _bounded("site address", address, NAME_MAX_LENGTH, required=True)
        values["street"], values["post_town"] = "", ""
        values["postcode"] = _postcode(postcode)
    else:
        values["name"] = _bounded("name", get.get("name", ""), NAME_MAX_LENGTH, required=True)
        values["street"] = _bounded("street", get.get("street", ""), STREET_MAX_LENGTH)
        values["post_town"] = _bounded("post town", get.get("post_town", ""), 100)
        values["postcode"] = _postcode(cells.get("postcode", ""))
    _map_reference(row, get.get("x", ""), get.get("y", ""))
    values["tenure"] = _tenure(get.get("tenure", ""))
    values["tenure_detail"] = _bounded("tenure detail", get.get("tenure_detail", ""), 100)
    values["holding_type"] = _bounded("holding type", get.get("holding_type", ""), 100)
    part_3 = {
        "size": lambda v: _number("size", v, low=Decimal(0), high=Decimal("9999999999.99")),
        "size_unit": lambda v: _choice("size unit", v, SizeUnit, SIZE_UNITS),
        "services_offered": lambda v: _bounded("services offered", v, FREE_TEXT_MAX_LENGTH),
        "reason_held": lambda v: _bounded("reason held", v, FREE_TEXT_MAX_LENGTH),
        "community_value": lambda v: _choice("community value", v, CommunityValue),
        "running_costs": lambda v: _number("running costs", v, low=Decimal(0), high=MONEY_MAX),
        "maintenance_backlog": lambda v: _number("required maintenance", v, low=Decimal(0), high=MONEY_MAX),
        "suitability": lambda v: _bounded("functional suitability", v, 20),
        "energy_rating": lambda v: _choice("energy rating", v.upper(), EnergyRating),
    }
    for name, read in part_3.items():
        if name in columns:
            values[name] = read(get.get(name, ""))
            row.has_part_3.add(name)
    return row


def read_register(data: bytes) -> tuple[list[Row], list[str], list[str]]:
    """The file's rows, the problems (each bad row named, with why) and notes (what was taken
    but should be checked, such as a repeated asset id). Raises FileProblem for a file that
    cannot be read at all."""
    content = decode(data)
    try:
        records = csv.reader(io.StringIO(content, newline=""))
        header = next(records, None)
        if not header:
            raise FileProblem(FILE_EMPTY)
        index: dict[str, int] = {}
        for i, name in enumerate(header):
            key = HEADER.get(re.sub(r"[\s_]", "", text(name)).casefold())
            if key and key not in index:  # the 2021 header names the Organisation pair twice
                index[key] = i
        missing = [label for label, key in (("AssetCode", "asset_code"), ("TenureType", "tenure"))
                   if key not in index]
        if "name" not in index and "site_address" not in index:
            missing.append("PropertyName (or Site Address)")
        if missing:
            raise FileProblem(MISSING_COLUMNS.format(columns=", ".join(missing)))
        columns = set(index)
        rows, problems, notes, seen = [], [], [], {}
        for line, record in enumerate(records, start=2):
            if line > MAX_ROWS + 1:
                raise FileProblem(TOO_MANY_ROWS.format(limit=MAX_ROWS))
            if not any(cell.strip() for cell in record):
                continue
            cells = {key: (record[i] if i < len(record) else "") for key, i in index.items()}
            code = text(cells.get("asset_code", "")) or "no asset id"
            try:
                row = _read_row(line, cells, columns)
            except _Bad as e:
                problems.append(f"line {line} (asset {code}): {e}")
                continue
            first = seen.get(row.key)
            if first is None:
                seen[row.key] = row
                rows.append(row)
            elif _same(first, row):
                notes.append(f"line {line} (asset {code}) repeats line {first.line}: taken once.")
            else:
                notes.append(f"line {line} (asset {code}): the asset id is also on line {first.line}, with "
                             f"other details; line {first.line} is taken. Check which is right.")
    except csv.Error as e:
        raise FileProblem(NOT_CSV.format(error=e)) from None
    if not rows and not problems:
        raise FileProblem(NO_ROWS)
    return rows, problems, notes


def _same(a: Row, b: Row) -> bool:
    return (a.values, a.easting, a.northing, a.latitude, a.longitude) == (
        b.values, b.easting, b.northing, b.latitude, b.longitude)


def _cell(value):
    # Numbers go out as numbers (the safe writer leaves them be: a negative longitude stays one).
    return "" if value is None else value


def export_row(asset, *, organisation: str, label: str) -> list[str]:
    """One asset as a row of EXPORT_COLUMNS."""
    if asset.easting is not None and asset.northing is not None:
        x, y = asset.easting, asset.northing
    elif asset.location_source == "grid" and asset.latitude is not None:
        x, y = asset.longitude, asset.latitude
    else:
        x = y = None
    return [
        organisation, label, organisation, label, asset.uprn, asset.asset_code, asset.name, asset.street,
        asset.post_town, asset.postcode, _cell(x), _cell(y), asset.tenure, asset.tenure_detail, asset.holding_type,
        _cell(asset.size), asset.size_unit, asset.services_offered, asset.reason_held, asset.community_value,
        _cell(asset.running_costs), _cell(asset.maintenance_backlog), asset.suitability, asset.energy_rating,
    ]
