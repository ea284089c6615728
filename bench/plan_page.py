"""Benchmark of a Ward Plan's page with 1,000 actions, as a resident reads it and as a councillor
who may edit it does, built each time (the page cache off).

    python bench/plan_page.py [--actions 1000] [--priorities 10] [--rounds 15]   # SQLite, temp folder
    DATABASE_URL=postgres://... python bench/plan_page.py                        # EMPTIES that database

Builds the 69 wards, the demo councillor's seats (demo_accounts, demo_wards) and one published
plan of the councillor's first ward with `priorities` priorities of `actions / priorities`
actions each (half with a partner), in bulk; then times the page in process (Django's test
client: the whole middleware stack, no network) --rounds times for each reader, after a warm-up,
and prints the median and the spread and the page's size (its queries are counted by the
wards tests).
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["LOCALISM_PAGE_CACHE_SECONDS"] = "0"  # every page built
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
import run  # noqa: E402,F401  (sets up Django as the other benchmarks do)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from localism.accounts.models import Organisation, User  # noqa: E402
from wards.models import CouncillorSeat, PlanStatus, Priority, WardPlan  # noqa: E402
from wards.models.plans import Action, ActionStatus, Source, Theme, financial_year  # noqa: E402
from wards.services import wards_import_2018  # noqa: E402

ON = datetime.date(2026, 10, 31)


def build(actions: int, priorities: int) -> WardPlan:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    wards_import_2018(commit=True)
    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("demo_accounts", allow_production=True, **quiet)  # a throwaway database
    call_command("demo_wards", **quiet)
    ward = CouncillorSeat.objects.filter(councillor__username="councillor").order_by("pk").first().ward
    council, _ = Organisation.objects.get_or_create(
        slug="bench-council", defaults={"name": "Bench council directorate", "kind": "council_directorate"})
    partner, _ = Organisation.objects.get_or_create(
        slug="bench-partner", defaults={"name": "Bench partner", "kind": "voluntary_community"})
    plan = WardPlan.objects.create(title=f"{ward.name} Ward Plan", period=financial_year(ON),
                                   status=PlanStatus.PUBLISHED)
    plan.wards.add(ward)
    made = Priority.objects.bulk_create([
        Priority(plan=plan, position=p, title=f"Priority {p}", theme=Theme.CLEAN_GREEN, source=Source.FORUM)
        for p in range(1, priorities + 1)])
    each = actions // priorities
    rows = Action.objects.bulk_create([
        Action(priority=priority, position=k, description=f"Action {k} of {priority.title}: " + "words " * 20,
               lead_organisation=council, due_date=ON + datetime.timedelta(days=(7 * k) % 300),
               status=[ActionStatus.NOT_STARTED, ActionStatus.DONE][k % 2])
        for priority in made for k in range(1, each + 1)])
    Action.partners.through.objects.bulk_create(
        [Action.partners.through(action=a, organisation=partner) for a in rows[::2]])
    return plan


def measure(label: str, client: Client, path: str, rounds: int) -> None:
    response = client.get(path)  # the warm-up
    assert response.status_code == 200, response.status_code
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"| {label} | {statistics.median(samples):.1f} ms ({min(samples):.1f}–{max(samples):.1f}) | "
          f"{len(response.content) / 1e6:.2f} MB |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--priorities", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    plan = build(args.actions, args.priorities)
    path = f"/plans/{plan.pk}/"
    print(f"{connection.vendor}: a published plan of {args.priorities} priorities and "
          f"{Action.objects.filter(priority__plan=plan).count():,} actions, {args.rounds} rounds\n")
    print("| reader | median (spread) | page |")
    print("|---|---:|---:|")
    measure("resident (not signed in)", Client(), path, args.rounds)
    editor = Client()
    editor.force_login(User.objects.get(username="councillor"))
    measure("councillor who may edit it", editor, path, args.rounds)


if __name__ == "__main__":
    main()
