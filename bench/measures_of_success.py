"""Benchmark of the measures of success report: its selector (localism.reports.measures) beside the
hand-written SQL of the same city-wide figures (bench/sql/measures_of_success.py). Goal: within 2x.

    python bench/measures_of_success.py [actions per ward]     # 40 by default; SQLite in a temp folder
    DATABASE_URL=postgres://... python bench/measures_of_success.py

Builds, for each of the 69 wards, a published Ward Plan for 2026/27 with its actions (some done in
October 2026, some with partners), a budget with spend lines, and a closed consultation with a
Community Life Survey question and its responses, with bulk_create.
"""

import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402,F401  (sets up Django as the other benchmarks do)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from sql.measures_of_success import figures  # noqa: E402

from engagement.models import Answer, Consultation, Option, Question, Response  # noqa: E402
from engagement.models.consultations import SCALE_OPTIONS  # noqa: E402
from localism.accounts.models import Organisation  # noqa: E402
from localism.reports.measures import measures  # noqa: E402
from wards.models import Action, Priority, SpendLine, Ward, WardBudget, WardPlan  # noqa: E402
from wards.services import ward_profiles_import, wards_import_2018  # noqa: E402

START, END = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)


def build(per_ward: int) -> None:
    rng = random.Random(2018)
    kinds = [k for k, _ in Organisation.Kind.choices]
    orgs = Organisation.objects.bulk_create(Organisation(name=f"Bench {i}", slug=f"bench-{i}", kind=kinds[i % 8])
                                            for i in range(24))
    moment = timezone.make_aware(datetime.datetime(2026, 10, 15, 12))
    for ward in Ward.objects.current().order_by("name"):
        plan = WardPlan.objects.create(title=f"Bench {ward.name}", period="2026/27", status="published",
                                       published_at=moment - datetime.timedelta(days=180))
        plan.wards.set([ward])
        priority = Priority.objects.create(plan=plan, position=1, title="Bench", theme="clean_green")
        actions = Action.objects.bulk_create(
            Action(priority=priority, position=i, description="Bench", lead_organisation=rng.choice(orgs),
                   due_date=datetime.date(2026, rng.randint(4, 12), 1), status=rng.choice(["done", "on_track"]))
            for i in range(1, per_ward + 1))
        Action.partners.through.objects.bulk_create(
            Action.partners.through(action=a, organisation=rng.choice(orgs)) for a in actions if rng.random() < .5)
        Action.history.model.objects.bulk_create(
            Action.history.model(id=a.pk, priority_id=priority.pk, position=a.position, description="Bench",
                                 status=a.status, version=1, history_date=moment, history_type="+")
            for a in actions)
        budget = WardBudget.objects.create(ward=ward, period="2026/27", allocation=50_000)
        SpendLine.objects.bulk_create(SpendLine(budget=budget, priority=priority if i % 3 else None,
                                                description="Bench", amount=Decimal("125.00"),
                                                spent_on=datetime.date(2026, 10, 1 + i)) for i in range(10))
        consultation = Consultation.objects.create(title="Bench", summary="Bench", status="closed",
                                                   opens_at=moment - datetime.timedelta(days=20), closes_at=moment)
        consultation.wards.set([ward])
        question = Question.objects.create(consultation=consultation, position=1, text="Influence", kind="scale",
                                           measure="cls_influence")
        options = Option.objects.bulk_create(Option(question=question, position=i, label=label)
                                             for i, label in enumerate(SCALE_OPTIONS, start=1))
        responses = Response.objects.bulk_create(Response(consultation=consultation, ward=ward, submitted_at=moment)
                                                 for _ in range(per_ward * 5))
        Answer.objects.bulk_create(Answer(response=r, question=question, option=rng.choice(options))
                                   for r in responses)


def timed(label, fn, runs=7):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    median = samples[len(samples) // 2]
    print(f"{label:<44} {runs:>3} runs  median {median * 1000:9.1f} ms")
    return median


def main():
    per_ward = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    call_command("migrate", verbosity=0)
    wards_import_2018(commit=True)
    ward_profiles_import(commit=True)
    start = time.perf_counter()
    build(per_ward)
    print(f"{f'build 69 wards x {per_ward} actions':<44} {time.perf_counter() - start:16.2f} s")

    def hand():
        with connection.cursor() as cursor:
            return figures(cursor, START, END)

    by_hand = timed("hand-written SQL: city-wide key figures", hand)
    selector = timed("measures() (city and every ward)", lambda: measures(start=START, end=END))
    print(f"{'selector / hand-written SQL':<44} {selector / by_hand:16.2f} x")
    print("same figures:", hand() == measures(start=START, end=END).figures())


if __name__ == "__main__":
    main()
