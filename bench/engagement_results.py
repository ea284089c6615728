"""Benchmark of a consultation's results: the results selector (aggregates, suppression and the
quiet-voices figures) beside one hand-written SQL aggregate of the same per-option counts.

    python bench/engagement_results.py [responses]     # 100,000 by default; SQLite in a temp folder
    DATABASE_URL=postgres://... python bench/engagement_results.py

Builds a closed consultation of four wards with a single-choice, a multiple-choice, a scale and a
ranking question, and the responses' answers and About you rows with bulk_create.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402,F401  (sets up Django as the other benchmarks do)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from engagement.models import AboutYou, Answer, Consultation, Option, Question, Response  # noqa: E402
from engagement.models.consultations import AGE_BANDS, SCALE_OPTIONS  # noqa: E402
from engagement.selectors.results import consultation_results  # noqa: E402
from wards.models import Ward  # noqa: E402
from wards.services import ward_profiles_import, wards_import_2018  # noqa: E402

BATCH = 5_000


def build(n: int) -> Consultation:
    rng = random.Random(2021)
    wards = list(Ward.objects.current().order_by("name")[:4])
    now = timezone.now()
    consultation = Consultation.objects.create(title="Benchmark", summary="Benchmark", status="closed",
                                               opens_at=now - timezone.timedelta(days=30),
                                               closes_at=now - timezone.timedelta(days=1))
    consultation.wards.set(wards)
    specs = [("single", ["Yes", "No", "Not sure"]), ("multiple", ["Parks", "Roads", "Bins", "Libraries"]),
             ("scale", list(SCALE_OPTIONS)), ("ranking", ["A", "B", "C"])]
    questions = []
    for position, (kind, labels) in enumerate(specs, start=1):
        q = Question.objects.create(consultation=consultation, position=position, text=f"Q{position}", kind=kind)
        opts = Option.objects.bulk_create(Option(question=q, position=i, label=label)
                                          for i, label in enumerate(labels, start=1))
        questions.append((q, opts))
    bands = [c for c, _ in AGE_BANDS]
    for start in range(0, n, BATCH):
        responses = Response.objects.bulk_create(
            Response(consultation=consultation, ward=rng.choice(wards), submitted_at=now)
            for _ in range(min(BATCH, n - start)))
        answers, about = [], []
        for r in responses:
            for q, opts in questions:
                if q.kind == "multiple":
                    answers += [Answer(response=r, question=q, option=o) for o in rng.sample(opts, 2)]
                elif q.kind == "ranking":
                    answers += [Answer(response=r, question=q, option=o, rank=i)
                                for i, o in enumerate(rng.sample(opts, 3), start=1)]
                else:
                    answers.append(Answer(response=r, question=q, option=rng.choice(opts)))
            about.append(AboutYou(response=r, age_band=rng.choice(bands)))
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        AboutYou.objects.bulk_create(about, batch_size=BATCH)
    return consultation


HAND_SQL = """
SELECT a.option_id, r.ward_id, COUNT(*), SUM(CASE WHEN a.rank = 1 THEN 1 ELSE 0 END), SUM(a.rank)
FROM engagement_answer a
JOIN engagement_response r ON r.id = a.response_id
JOIN engagement_question q ON q.id = a.question_id
WHERE q.consultation_id = %s AND a.option_id IS NOT NULL AND r.review <> 'excluded'
GROUP BY a.option_id, r.ward_id
"""


def timed(label, fn, runs=5):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    print(f"{label:<44} {runs:>3} runs  median {samples[len(samples) // 2] * 1000:9.1f} ms")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    wards_import_2018(commit=True)
    ward_profiles_import(commit=True)
    start = time.perf_counter()
    consultation = build(n)
    print(f"{f'build {n:,} responses':<44} {time.perf_counter() - start:16.2f} s")

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, [consultation.pk])
            return cursor.fetchall()

    timed("hand-written SQL: counts per option and ward", hand)
    timed("consultation_results(representation=False)", lambda: consultation_results(consultation,
                                                                                     representation=False))
    timed("consultation_results (with quiet voices)", lambda: consultation_results(consultation))


if __name__ == "__main__":
    main()
