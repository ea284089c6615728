"""Benchmark of a hub's utilisation for a year beside a hand-written SQL aggregate of its booked
hours, with the city's bookings in the table.

    python bench/utilisation.py [--bookings 50000] [--rounds 9]     # SQLite in a temp folder
    DATABASE_URL=postgres://... python bench/utilisation.py         # PostgreSQL: EMPTIES it first

Builds the 69 wards and bench/scale.py's city data (a hub of three spaces a ward, the bookings
over the year shared between them), then for the hub with the most bookings times
`hubs.selectors.utilisation.utilisation` for the calendar year (what the hub's dashboard and the
API's occupancy read) against one hand-written statement: each space's confirmed bookings in the
year, clipped to it, summed by space and week. The selector does more than the statement (the
bookable hours from opening hours and closures, the rates), so the ratio is an upper bound of
what the booked-hours sum costs beyond the database's own work. The booked hours of the two are
compared: a difference is printed, since a fast wrong answer is no yardstick.

One warm-up, then --rounds rounds, each timing both once, in turn (which goes first alternates).
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402,F401  (sets up Django as the other benchmarks do)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench import scale  # noqa: E402
from bench.sql import _dialect as sql  # noqa: E402
from hubs.models import Booking, Hub  # noqa: E402
from hubs.selectors.utilisation import utilisation, window  # noqa: E402
from wards.services import wards_import_2018  # noqa: E402

YEAR = 2026


def booked_by_sql(hub_id: int, start: datetime.date, end: datetime.date) -> float:
    """The hub's booked hours in the period by hand: one statement."""
    since, until = window(start, end)
    held = sql.hours_between(sql.least("b.ends_at", "%s"), sql.greatest("b.starts_at", "%s"))
    week = ("strftime('%%Y-%%W', b.starts_at)" if connection.vendor == "sqlite"
            else "date_trunc('week', b.starts_at)")
    statement = f"""
        SELECT b.space_id, {week} AS week, SUM({held})
        FROM hubs_booking b
        WHERE b.space_id IN (SELECT id FROM hubs_space WHERE hub_id = %s) AND b.status = 'confirmed'
          AND b.starts_at < %s AND b.ends_at > %s
        GROUP BY b.space_id, week"""
    with connection.cursor() as cursor:
        cursor.execute(statement, [until, since, hub_id, until, since])
        return sum(float(row[2]) for row in cursor.fetchall())


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _spread(samples: list[float]) -> str:
    return f"{statistics.median(samples):.1f} ms ({min(samples):.1f}–{max(samples):.1f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookings", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    wards_import_2018(commit=True)
    scale.build(wards=69, on=datetime.date(YEAR, 10, 31), bookings=args.bookings)
    print(f"{connection.vendor}: 69 wards and {Booking.objects.count():,} bookings built in "
          f"{time.perf_counter() - started:.0f} s")
    hub = (Hub.objects.annotate(n=Count("spaces__bookings")).order_by("-n", "pk").first())
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    mine = Booking.objects.filter(space__hub=hub, status=Booking.Status.CONFIRMED).count()
    figure, by_hand = utilisation(hub, start=start, end=end).booked, booked_by_sql(hub.pk, start, end)
    if abs(figure - by_hand) > 1e-3:  # the SQL's hours are floating point, the selector's whole ms
        print(f"the booked hours differ: selector {figure}, SQL {by_hand}")
    selector_ms, sql_ms = [], []
    for n in range(args.rounds):
        pair = [(selector_ms, lambda: utilisation(hub, start=start, end=end)),
                (sql_ms, lambda: booked_by_sql(hub.pk, start, end))]
        for samples, fn in pair if n % 2 == 0 else reversed(pair):
            samples.append(_timed(fn))
    ratio = statistics.median(selector_ms) / statistics.median(sql_ms)
    print(f"\nhub {hub.name}: {mine:,} confirmed bookings, {figure:,.1f} booked hours in {YEAR}\n")
    print("| utilisation for a year: median (spread) | SQL: median (spread) | ratio |")
    print("|---:|---:|---:|")
    print(f"| {_spread(selector_ms)} | {_spread(sql_ms)} | {ratio:.1f}× |")


if __name__ == "__main__":
    main()
