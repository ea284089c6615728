"""Benchmark of the city-wide reports: each report kind's build beside the hand-written SQL of the
same key figures (bench/sql/<kind>.py), for last month.

    make bench-reports                                  # SQLite in a temp folder
    DATABASE_URL=postgres://... make bench-reports      # PostgreSQL: EMPTIES that database first
                                                        # (make it once: createdb localism_bench)
    python bench/reports.py --wards 8000 --rounds 5     # and an 8,000-ward data set after the city

Data sets, each added to the one before: "demo" (the 69 wards and the demonstration data, as
`make demo` makes it), "city" (bench/scale.py's data for the 69 wards, 50,000 bookings over the
year), and with --wards N, "N wards" (generated wards up to N, 4 bookings a hub).

For each kind and data set: one warm-up, then --rounds rounds, each timing once, in turn (the
order reverses every other round), on the same connection:
- the whole build (`kind.build`: the figures and the files, its CSV and HTML pages, as the
  scheduled task runs it),
- the figures alone (`kind.figures`: the same selector, without the files: the part comparable
  to the SQL, which gives figures only),
- the hand-written SQL (bench/sql/<kind>.py).
Prints the median and the spread (fastest to slowest) of each, and each ratio of the medians to
the SQL's (the goal: within 2x). The figures of the three are compared too: a difference is
printed, since a fast wrong answer is no yardstick. Numbers compare changes on one machine;
docs/performance.md keeps this machine's.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402,F401  (sets up Django as the other benchmarks do)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import scale, sql  # noqa: E402
from localism.reports import runs  # noqa: E402
from wards.services import wards_import_2018  # noqa: E402

SETUP = ["load_ward_profiles", "load_libraries", "load_library_assets", "link_hubs_to_assets"]  # as `make setup`
DEMO = ["demo_accounts", "demo_wards", "demo_plans", "demo_hubs", "demo_engagement", "demo_assets",
        "demo_contracts", "demo_contributions"]


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _spread(samples: list[float]) -> str:
    return f"{statistics.median(samples):9.1f} ms ({min(samples):.1f}–{max(samples):.1f})"


def measure(label: str, rounds: int, start, end) -> None:
    counterparts = sql.modules()
    for kind in runs.kinds():
        if kind.code not in counterparts:
            continue
        figures = counterparts[kind.code].figures

        def by_sql(figures=figures):
            with connection.cursor() as cursor:
                return figures(cursor, start, end)

        built, alone, found = kind.build(start, end).figures, kind.figures(start, end), by_sql()  # the warm-up
        if built != found:
            print(f"  {kind.code}: the figures differ: report {built}, SQL {found}")
        if alone != built:
            print(f"  {kind.code}: the figures alone differ from the build's: {alone}, {built}")
        report_ms, figures_ms, sql_ms = [], [], []
        for n in range(rounds):
            trio = [(report_ms, lambda kind=kind: kind.build(start, end)),
                    (figures_ms, lambda kind=kind: kind.figures(start, end)), (sql_ms, by_sql)]
            for samples, fn in trio if n % 2 == 0 else reversed(trio):
                samples.append(_timed(fn))
        sql_median = statistics.median(sql_ms)
        ratio = statistics.median(report_ms) / sql_median
        figures_ratio = statistics.median(figures_ms) / sql_median
        print(f"| {label:<12} | {kind.code:<19} | {_spread(report_ms):>28} | {ratio:6.1f}× "
              f"| {_spread(figures_ms):>28} | {figures_ratio:6.1f}× | {_spread(sql_ms):>28} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--bookings", type=int, default=50_000, help="the city data set's bookings")
    parser.add_argument("--wards", type=int, default=0, help="also measure with this many wards (e.g. 8000)")
    parser.add_argument("--skip-demo", action="store_true", help="start from the 69 wards without the demo data")
    args = parser.parse_args()
    start, end = runs.month_of(runs.last_month())
    print(f"{connection.vendor}, reports for {start:%B %Y}, {args.rounds} rounds\n")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    wards_import_2018(commit=True)
    if not args.skip_demo:
        quiet = {"stdout": io.StringIO(), "verbosity": 0}
        for command in SETUP:
            call_command(command, commit=True, **quiet)
        call_command("demo_accounts", allow_production=True, **quiet)  # a throwaway database
        for command in DEMO[1:]:
            call_command(command, **quiet)
        call_command("link_hubs_to_assets", commit=True, **quiet)
    print(f"demo data: {time.perf_counter() - started:.1f} s")
    print("\n| data set     | report              |    whole build: median (spread) |  ratio "
          "| figures alone: median (spread) |  ratio |            SQL: median (spread) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    measure("demo", args.rounds, start, end)
    started = time.perf_counter()
    scale.build(wards=69, on=end, bookings=args.bookings)
    print(f"(city data: {time.perf_counter() - started:.1f} s)")
    measure("city", args.rounds, start, end)
    if args.wards > 69:
        started = time.perf_counter()
        scale.build(wards=args.wards, on=end, bookings=4 * (args.wards - 69), first=69)
        print(f"({args.wards} wards: {time.perf_counter() - started:.1f} s)")
        measure(f"{args.wards} wards", args.rounds, start, end)


if __name__ == "__main__":
    main()
