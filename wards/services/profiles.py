"""Loading the ward profiles: Census 2021 tables and the IMD 2019 summary, with the small areas
they come from, from the copies shipped in wards/data (or a folder of files in the same columns).

The files are checked against each other before anything is written: every table has every
ward once and every category once per ward, the categories add up to the ward's total, the
percentages follow from the counts, the wide profile agrees with the long tables, and the
deprivation summary agrees with the LSOA ranks it summarises. One problem refuses the whole
set (ProfileImportError names each row and why); loading the same files again changes nothing."""

import csv
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path

from django.db import transaction

from ..models import Ward
from ..models.profiles import (
    DECILES,
    ENGLAND_LSOAS_2011,
    CensusFigure,
    DeprivationSummary,
    LsoaFit,
    ProfileTable,
    ProfileUnit,
    SmallArea,
    WardProfile,
)
from .geography import DATA_DIR, ImportReport

CENSUS_RELEASE = "Census 2021"
IMD_RELEASE = "English Indices of Deprivation 2019"


@dataclass(frozen=True)
class TableSpec:
    table: str
    filename: str
    column: str  # the file's category column
    unit: str
    categories: tuple[tuple[str, str], ...]  # (value in the file, our short code), in order
    profile_total: str  # the wide profile's column holding this table's ward total
    profile_prefix: str  # the wide profile's percent columns: pct_<prefix>_<code>


TABLES = (
    TableSpec(ProfileTable.AGE, "birmingham-wards-census2021-age.csv", "age_band", ProfileUnit.USUAL_RESIDENTS,
              (("0-15", "0_15"), ("16-24", "16_24"), ("25-34", "25_34"), ("35-49", "35_49"),
               ("50-64", "50_64"), ("65+", "65_plus")),
              "usual_residents_age_table", "age"),
    TableSpec(ProfileTable.ETHNICITY, "birmingham-wards-census2021-ethnicity.csv", "ethnic_group",
              ProfileUnit.USUAL_RESIDENTS,
              (("Asian", "asian"), ("Black", "black"), ("Mixed", "mixed"), ("White", "white"), ("Other", "other")),
              "usual_residents", "eth"),
    TableSpec(ProfileTable.TENURE, "birmingham-wards-census2021-tenure.csv", "tenure", ProfileUnit.HOUSEHOLDS,
              tuple((c, c) for c in ("owned_outright", "owned_mortgage", "shared_ownership", "social_rented_council",
                                     "social_rented_other", "private_rented_landlord", "private_rented_other",
                                     "rent_free")),
              "households", "hh"),
    TableSpec(ProfileTable.DISABILITY, "birmingham-wards-census2021-disability.csv", "disability",
              ProfileUnit.USUAL_RESIDENTS, (("disabled", "disabled"), ("not_disabled", "not_disabled")),
              "usual_residents_disability_table", ""),
)
PROFILE_FILE = "birmingham-wards-census2021-profile.csv"
IMD_WARDS_FILE = "birmingham-wards-imd2019.csv"
IMD_LSOA_FILE = "birmingham-lsoa11-imd2019.csv"
LSOA21_LOOKUP_FILE = "birmingham-lsoa21-ward-lookup.csv"
FILES = tuple(spec.filename for spec in TABLES) + (PROFILE_FILE, IMD_WARDS_FILE, IMD_LSOA_FILE, LSOA21_LOOKUP_FILE)

# The percent in a file may differ from count / total by rounding alone.
PERCENT_TOLERANCE = Decimal("0.011")
SHARE_TOLERANCE = Decimal("0.11")  # the IMD shares have one decimal place
FIT_FLAGS = {flag.value for flag in LsoaFit}


def profile_percent_column(spec: TableSpec, code: str) -> str | None:
    """The wide profile's percent column for a category (None for not_disabled, which it omits)."""
    if spec.table == ProfileTable.DISABILITY:
        return "pct_disabled" if code == "disabled" else None
    return f"pct_{spec.profile_prefix}_{code}"


class ProfileImportError(Exception):
    """The files were refused as a whole; `problems` names each bad row and why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Rows:
    """Reads one CSV, collecting problems as "<file> line N (<ward>): what is wrong"."""

    def __init__(self, directory: Path, filename: str, problems: list[str], required: tuple[str, ...]):
        self.filename, self.problems = filename, problems
        self.rows: list[tuple[int, dict]] = []
        path = directory / filename
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                reader = csv.DictReader(f)
                missing = [c for c in required if c not in (reader.fieldnames or [])]
                if missing:
                    problems.append(f"{filename}: no column {', '.join(missing)}.")
                    return
                self.rows = [(line, row) for line, row in enumerate(reader, start=2)]
        except FileNotFoundError:
            problems.append(f"{filename}: the file is missing from {directory}.")
        except (UnicodeDecodeError, csv.Error) as e:
            problems.append(f"{filename}: cannot be read as UTF-8 CSV ({e}).")

    def bad(self, line: int, row: dict, message: str) -> None:
        code = (row.get("lsoa11_code") or row.get("lsoa21_code") or row.get("ward_code") or "").strip()
        self.problems.append(f"{self.filename} line {line} ({code or 'no code'}): {message}")


def _int(value, *, low=0, high=10_000_000) -> int:
    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if not low <= number <= high:
        raise ValueError(f"{number} is not between {low:,} and {high:,}")
    return number


def _decimal(value) -> Decimal:
    text = str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a number")
    return number


def _ward_code(rows: _Rows, line: int, row: dict, wards: dict[str, Ward]) -> Ward | None:
    code = (row.get("ward_code") or "").strip()
    ward = wards.get(code)
    if ward is None:
        rows.bad(line, row, "no ward has this code; load the wards first." if code else "no ward code.")
    return ward


def _read_tables(directory, wards, problems) -> dict[str, dict[str, list[dict]]]:
    """The long tables: {table: {ward code: [figure values, in category order]}}."""
    tables = {}
    for spec in TABLES:
        rows = _Rows(directory, spec.filename, problems,
                     ("ward_code", spec.column, "ons_category", "count", "ward_total", "percent", "unit"))
        codes = dict(spec.categories)
        order = {code: i for i, (_, code) in enumerate(spec.categories)}
        by_ward: dict[str, dict[str, dict]] = defaultdict(dict)
        flawed = set()  # wards with a bad row here: their missing category is already named
        for line, row in rows.rows:
            ward = _ward_code(rows, line, row, wards)
            value = (row.get(spec.column) or "").strip()
            if value not in codes:
                rows.bad(line, row, f"{spec.column} {value!r} is not one of {', '.join(codes)}.")
                continue
            if ward is None:
                continue
            code = codes[value]
            if code in by_ward[ward.gss_code]:
                rows.bad(line, row, f"{value} appears twice for this ward.")
                flawed.add(ward.gss_code)
                continue
            try:
                count, total, percent = _int(row["count"]), _int(row["ward_total"], low=1), _decimal(row["percent"])
            except ValueError as e:
                rows.bad(line, row, f"count, ward_total and percent must be numbers ({e}).")
                flawed.add(ward.gss_code)
                continue
            label = (row.get("ons_category") or "").strip()
            unit = (row.get("unit") or "").strip()
            if not label or len(label) > 200:
                rows.bad(line, row, "the ONS category must be given, in at most 200 characters.")
            elif unit != spec.unit:
                rows.bad(line, row, f"the unit is {unit!r}; this table counts {spec.unit}.")
            elif count > total:
                rows.bad(line, row, f"the count {count} is more than the ward's total {total}.")
            elif abs(percent - Decimal(count * 100) / total) > PERCENT_TOLERANCE:
                rows.bad(line, row, f"the percent {percent} is not {count} of {total}.")
            else:
                by_ward[ward.gss_code][code] = dict(
                    table=spec.table, code=code, ons_category=label, position=order[code], count=count,
                    ward_total=total, percent=percent.quantize(Decimal("0.01")), unit=spec.unit,
                    release=CENSUS_RELEASE, _line=line, _row=row,
                )
                continue
            flawed.add(ward.gss_code)
        for code, ward in wards.items():
            figures = by_ward.get(code, {})
            if code in flawed:  # its bad row is named already
                continue
            missing = [value for value, c in spec.categories if c not in figures]
            if missing and rows.rows:
                problems.append(f"{spec.filename}: {code} {ward.name} has no row for {', '.join(missing)}.")
                continue
            totals = {f["ward_total"] for f in figures.values()}
            counted = sum(f["count"] for f in figures.values())
            if figures and (len(totals) > 1 or counted not in totals):
                first = min(figures.values(), key=lambda f: f["_line"])
                total = ", ".join(map(str, sorted(totals)))
                rows.bad(first["_line"], first["_row"],
                         f"the categories add up to {counted}, not to the ward total {total}.")
        tables[spec.table] = {code: sorted(figures.values(), key=lambda f: f["position"])
                              for code, figures in by_ward.items()}
    return tables


def _read_profiles(directory, wards, tables, problems) -> dict[str, dict]:
    """The wide profile, checked against the long tables."""
    pct_columns = [c for spec in TABLES for _, code in spec.categories if (c := profile_percent_column(spec, code))]
    rows = _Rows(directory, PROFILE_FILE, problems,
                 ("ward_code", "n_lsoa21", "usual_residents", "households", "ons_mid2024_population",
                  "lsoa_fit_ratio", "lsoa_fit_flag", *(spec.profile_total for spec in TABLES), *pct_columns))
    profiles = {}
    for line, row in rows.rows:
        ward = _ward_code(rows, line, row, wards)
        if ward is None:
            continue
        if ward.gss_code in profiles:
            rows.bad(line, row, "the ward appears twice.")
            continue
        try:
            values = dict(
                release=CENSUS_RELEASE,
                small_areas=_int(row["n_lsoa21"], low=1, high=1000),
                usual_residents=_int(row["usual_residents"], low=1),
                households=_int(row["households"], low=1),
                mid_2024_estimate=(_int(row["ons_mid2024_population"], low=1)
                                   if row["ons_mid2024_population"].strip() else None),
                fit_ratio=_decimal(row["lsoa_fit_ratio"]).quantize(Decimal("0.001")),
                fit=row["lsoa_fit_flag"].strip(),
            )
            totals = {spec.table: _int(row[spec.profile_total], low=1) for spec in TABLES}
            percents = {c: _decimal(row[c]) for c in pct_columns}
        except ValueError as e:
            rows.bad(line, row, f"the counts, ratio and percents must be numbers ({e}).")
            continue
        if values["fit"] not in FIT_FLAGS:
            rows.bad(line, row, f"lsoa_fit_flag {values['fit']!r} is not one of {', '.join(sorted(FIT_FLAGS))}.")
            continue
        if not Decimal(0) <= values["fit_ratio"] < 99:
            rows.bad(line, row, f"lsoa_fit_ratio {values['fit_ratio']} is not a ratio.")
            continue
        disagreements = []
        for spec in TABLES:
            figures = tables.get(spec.table, {}).get(ward.gss_code)
            if not figures:
                continue
            if figures[0]["ward_total"] != totals[spec.table]:
                disagreements.append(f"{spec.profile_total} {totals[spec.table]} is not the {spec.table} "
                                     f"table's total {figures[0]['ward_total']}")
            for figure in figures:
                column = profile_percent_column(spec, figure["code"])
                if column and abs(percents[column] - figure["percent"]) > PERCENT_TOLERANCE:
                    disagreements.append(
                        f"{column} {percents[column]} is not the {spec.table} table's {figure['percent']}")
        if disagreements:
            rows.bad(line, row, "; ".join(disagreements) + ".")
            continue
        profiles[ward.gss_code] = values
    if rows.rows:
        for code, ward in wards.items():
            if code not in profiles and not any(f"({code})" in p for p in problems):
                problems.append(f"{PROFILE_FILE}: no row for {code} {ward.name}.")
    return profiles


def _read_small_areas_2011(directory, wards, problems) -> tuple[dict[str, dict], set[str]]:
    """The LSOAs (2011) with their IMD ranks, and the wards that have a bad LSOA row (their
    summary cannot be checked, and is not complained about twice)."""
    domains = SmallArea.DOMAINS
    rows = _Rows(directory, IMD_LSOA_FILE, problems,
                 ("lsoa11_code", "lsoa11_name", "ward_code", "imd_rank", "imd_decile",
                  *(f"{d}_decile" for d in domains)))
    areas, flawed = {}, set()
    for line, row in rows.rows:
        ward = _ward_code(rows, line, row, wards)
        code = (row.get("lsoa11_code") or "").strip()
        problem = None
        if len(code) != 9:
            problem = "an LSOA code has nine characters, like E01008889."
        elif code in areas:
            problem = "the LSOA appears twice."
        else:
            try:
                values = dict(
                    code=code, census=SmallArea.Census.C2011, name=row["lsoa11_name"].strip()[:100],
                    imd_rank=_int(row["imd_rank"], low=1, high=ENGLAND_LSOAS_2011),
                    imd_decile=_int(row["imd_decile"], low=1, high=10),
                    **{f"{d}_decile": _int(row[f"{d}_decile"], low=1, high=10) for d in domains},
                )
            except ValueError as e:
                problem = f"ranks run from 1 to {ENGLAND_LSOAS_2011:,} and deciles from 1 to 10 ({e})."
        if problem:
            rows.bad(line, row, problem)
            flawed.add((row.get("ward_code") or "").strip())
        elif ward is not None:
            areas[code] = {**values, "ward": ward}
    return areas, flawed


def _read_small_areas_2021(directory, wards, profiles, problems) -> dict[str, dict]:
    rows = _Rows(directory, LSOA21_LOOKUP_FILE, problems, ("lsoa21_code", "lsoa21_name", "ward_code"))
    areas, flawed = {}, set()
    for line, row in rows.rows:
        ward = _ward_code(rows, line, row, wards)
        code = (row.get("lsoa21_code") or "").strip()
        problem = ("an LSOA code has nine characters, like E01008889." if len(code) != 9
                   else "the LSOA appears twice." if code in areas else None)
        if problem:
            rows.bad(line, row, problem)
            flawed.add((row.get("ward_code") or "").strip())
        elif ward is not None:
            areas[code] = dict(code=code, census=SmallArea.Census.C2021, name=row["lsoa21_name"].strip()[:100],
                               ward=ward)
    if rows.rows:
        counts = Counter(a["ward"].gss_code for a in areas.values())
        for code, profile in profiles.items():
            if counts[code] != profile["small_areas"] and code not in flawed:
                problems.append(f"{PROFILE_FILE}: {code} {wards[code].name} has n_lsoa21 {profile['small_areas']}, "
                                f"but the lookup gives it {counts[code]} LSOAs.")
    return areas


def _summary_of(ranks: list[int], deciles: list[int]) -> dict:
    """The unweighted summary of a ward's LSOAs, as the ward file should give it."""
    counts = Counter(deciles)
    n = len(ranks)
    return dict(
        small_areas=n,
        lsoas_by_decile=[counts[d] for d in DECILES],
        most_deprived_10pct=round(Decimal(counts[1] * 100) / n, 1),
        most_deprived_20pct=round(Decimal((counts[1] + counts[2]) * 100) / n, 1),
        mean_rank=round(statistics.mean(ranks)),
        median_rank=round(statistics.median(ranks)),
        min_rank=min(ranks),
        max_rank=max(ranks),
        modal_decile=max(DECILES, key=lambda d: (counts[d], -d)),  # the most deprived of equals
    )


def _read_deprivation(directory, wards, areas_2011, flawed, problems) -> dict[str, dict]:
    deciles = [f"lsoas_decile_{d}" for d in DECILES]
    numbers = ("n_lsoa11", *deciles, "mean_imd_rank", "median_imd_rank", "min_imd_rank", "max_imd_rank",
               "modal_imd_decile", "city_rank_by_mean_imd_rank")
    rows = _Rows(directory, IMD_WARDS_FILE, problems,
                 ("ward_code", *numbers, "pct_lsoas_most_deprived_10pct", "pct_lsoas_most_deprived_20pct"))
    by_ward = defaultdict(list)
    for area in areas_2011.values():
        by_ward[area["ward"].gss_code].append(area)
    summaries = {}
    for line, row in rows.rows:
        ward = _ward_code(rows, line, row, wards)
        if ward is None:
            continue
        if ward.gss_code in summaries:
            rows.bad(line, row, "the ward appears twice.")
            continue
        try:
            n = {c: _int(row[c], high=ENGLAND_LSOAS_2011) for c in numbers}
            shares = [_decimal(row["pct_lsoas_most_deprived_10pct"]), _decimal(row["pct_lsoas_most_deprived_20pct"])]
        except ValueError as e:
            rows.bad(line, row, f"the counts, ranks and shares must be numbers ({e}).")
            continue
        values = dict(
            release=IMD_RELEASE, small_areas=n["n_lsoa11"], lsoas_by_decile=[n[c] for c in deciles],
            most_deprived_10pct=shares[0], most_deprived_20pct=shares[1], mean_rank=n["mean_imd_rank"],
            median_rank=n["median_imd_rank"], min_rank=n["min_imd_rank"], max_rank=n["max_imd_rank"],
            modal_decile=n["modal_imd_decile"], city_rank=n["city_rank_by_mean_imd_rank"],
        )
        areas = by_ward.get(ward.gss_code)
        if ward.gss_code in flawed:
            continue
        if not areas:
            rows.bad(line, row, f"no LSOA of {IMD_LSOA_FILE} is in this ward.")
            continue
        expected = _summary_of([a["imd_rank"] for a in areas], [a["imd_decile"] for a in areas])
        wrong = []
        for key, want in expected.items():
            got = values[key]
            close = (abs(got - want) <= SHARE_TOLERANCE if key.startswith("most_deprived")
                     else abs(got - want) <= 1 if key in ("mean_rank", "median_rank") else got == want)
            if not close:
                wrong.append(f"{key} is {got}, its LSOAs give {want}")
        if wrong:
            rows.bad(line, row, "; ".join(wrong) + ".")
            continue
        summaries[ward.gss_code] = values
    if rows.rows:
        for code, ward in wards.items():
            if code not in summaries and code not in flawed and not any(f"({code})" in p for p in problems):
                problems.append(f"{IMD_WARDS_FILE}: no row for {code} {ward.name}.")
        ordered = sorted(summaries.values(), key=lambda s: s["city_rank"])
        if len(summaries) == len(wards) and (
            [s["city_rank"] for s in ordered] != list(range(1, len(ordered) + 1))
            or any(a["mean_rank"] > b["mean_rank"] for a, b in pairwise(ordered))
        ):
            problems.append(f"{IMD_WARDS_FILE}: city_rank_by_mean_imd_rank does not rank the wards 1 to "
                            f"{len(summaries)} by their mean LSOA rank.")
    return summaries


def _sync(model, existing: dict, wanted: dict, key_fields: tuple, report: ImportReport, label: str) -> None:
    """Make the model's rows (`existing`, by key) what `wanted` (by key) says: create, update the
    changed, delete those no longer in the files."""
    create, update, changed_fields = [], [], set()
    for key, values in wanted.items():
        values = {k: v for k, v in values.items() if not k.startswith("_")}
        obj = existing.get(key)
        if obj is None:
            create.append(model(**values))
            continue
        diff = {k: v for k, v in values.items() if k not in key_fields and _value(obj, k) != _plain(v)}
        if diff:
            for k, v in diff.items():
                setattr(obj, k, v)
            changed_fields |= set(diff)
            update.append(obj)
        else:
            report.add(label, "unchanged")
    gone = [obj.pk for key, obj in existing.items() if key not in wanted]
    if gone:
        model.objects.filter(pk__in=gone).delete()
        report.add(label, "deleted", len(gone))
    if update:
        model.objects.bulk_update(update, sorted(changed_fields), batch_size=500)
        report.add(label, "updated", len(update))
    if create:
        model.objects.bulk_create(create, batch_size=500)
        report.add(label, "created", len(create))


def _plain(value):
    return value.pk if isinstance(value, Ward) else value


def _value(obj, field: str):
    return getattr(obj, f"{field}_id") if field == "ward" else getattr(obj, field)


@transaction.atomic
def ward_profiles_import(*, directory: Path = DATA_DIR, commit: bool = True) -> ImportReport:
    """Load the Census 2021 tables, the IMD 2019 summary and their small areas for the current
    wards from `directory` (the shipped copies by default). All the files are taken or none:
    ProfileImportError lists every problem. Without commit, nothing is written and the report
    says what would change. Running it again on the same files changes nothing."""
    wards = {w.gss_code: w for w in Ward.objects.current().without_geometry()}
    problems: list[str] = []
    if not wards:
        raise ProfileImportError(["No wards are loaded: run load_wards --commit first."])
    tables = _read_tables(directory, wards, problems)
    profiles = _read_profiles(directory, wards, tables, problems)
    areas_2011, flawed_2011 = _read_small_areas_2011(directory, wards, problems)
    areas_2021 = _read_small_areas_2021(directory, wards, profiles, problems)
    summaries = _read_deprivation(directory, wards, areas_2011, flawed_2011, problems)
    if problems:
        raise ProfileImportError(problems)

    report = ImportReport()
    ward_ids = [w.pk for w in wards.values()]
    _sync(WardProfile, {p.ward_id: p for p in WardProfile.objects.filter(ward__in=ward_ids)},
          {wards[c].pk: {**v, "ward": wards[c]} for c, v in profiles.items()}, ("ward",), report, "ward profiles")
    _sync(CensusFigure,
          {(f.ward_id, f.table, f.code): f for f in CensusFigure.objects.filter(ward__in=ward_ids)},
          {(wards[c].pk, f["table"], f["code"]): {**f, "ward": wards[c]}
           for table in tables.values() for c, figures in table.items() for f in figures},
          ("ward", "table", "code"), report, "census figures")
    _sync(DeprivationSummary, {s.ward_id: s for s in DeprivationSummary.objects.filter(ward__in=ward_ids)},
          {wards[c].pk: {**v, "ward": wards[c]} for c, v in summaries.items()}, ("ward",), report,
          "deprivation summaries")
    _sync(SmallArea, {(a.code, a.census): a for a in SmallArea.objects.all()},
          {(a["code"], a["census"]): a for a in [*areas_2011.values(), *areas_2021.values()]},
          ("code", "census"), report, "small areas")
    if not commit:
        transaction.set_rollback(True)
    return report
