"""Suppression: no published count is from 1 to 4, and none can be worked out by subtraction.

The property test builds 200 random response sets (fixed seeds: deterministic) and reads them
through the API (and, for some, the results page), then solves: for every published sum (a
question's respondents and its options, the city figure and the wards', a ward's respondents and
their About you categories), exactly one hidden member would be a disclosure."""

import random
import re

import pytest
from django.urls import reverse

from engagement.models import AboutYou, Answer, ConsultationStatus, QuestionKind, Response
from engagement.models.consultations import AGE_BANDS, DISABILITY, ETHNIC_GROUPS, TENURES
from engagement.selectors.results import SMALL_COUNT_MIN, Cell, Disclosure, consultation_results, published_sums
from wards.models import Ward

from .factories import ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db

SEEDS = range(200)
ABOUT = {"age_band": AGE_BANDS, "ethnic_group": ETHNIC_GROUPS, "tenure": TENURES, "disability": DISABILITY}


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    d = Disclosure()
    total, parts = d.cell(20), [d.cell(3), d.cell(6), d.cell(11)]
    d.add_sum(total, parts)
    d.solve()
    assert [p.shown for p in parts] == [None, None, 11] and total.shown == 20


def test_a_small_total_is_hidden_and_zeros_are_shown():
    d = Disclosure()
    total, parts = d.cell(3), [d.cell(0), d.cell(3)]
    d.add_sum(total, parts)
    d.solve()
    assert total.hidden and parts[1].hidden and parts[0].shown == 0


def test_hiding_spreads_across_linked_sums():
    """A ward's hidden cell protected in its row must be protected in its column too."""
    d = Disclosure()
    city = [d.cell(10), d.cell(10)]
    ward_a, ward_b = [d.cell(2), d.cell(8)], [d.cell(8), d.cell(2)]
    for i in range(2):
        d.add_sum(city[i], [ward_a[i], ward_b[i]])
    d.add_sum(d.cell(10), ward_a)
    d.add_sum(d.cell(10), ward_b)
    d.solve()
    for total, parts in d.sums:
        assert sum(c.hidden for c in [total, *parts]) != 1


def _consultation(wards):
    consultation = ConsultationFactory(wards=wards, status=ConsultationStatus.CLOSED)
    questions = [
        QuestionFactory(consultation=consultation, kind=QuestionKind.SINGLE, options=["Yes", "No", "Not sure"]),
        QuestionFactory(consultation=consultation, kind=QuestionKind.MULTIPLE, options=["Parks", "Roads", "Bins",
                                                                                        "Libraries"]),
        QuestionFactory(consultation=consultation, kind=QuestionKind.SCALE),
        QuestionFactory(consultation=consultation, kind=QuestionKind.RANKING, options=["A", "B", "C"]),
        QuestionFactory(consultation=consultation, kind=QuestionKind.TEXT, required=False),
    ]
    return consultation, [(q, list(q.options.all())) for q in questions]


def _fill(rng, consultation, questions, wards):
    Response.objects.filter(consultation=consultation).delete()
    n = rng.choice([0, 1, 3, 6, 12, 25, 40, 60])
    ward_choices = [*wards, None]
    responses = Response.objects.bulk_create(
        Response(consultation=consultation, ward=rng.choice(ward_choices),
                 review=rng.choice(["", "", "", "", "excluded", "kept"])) for _ in range(n))
    answers, abouts = [], []
    for r in responses:
        for q, options in questions:
            if rng.random() < 0.15:  # skipped
                continue
            if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
                answers.append(Answer(response=r, question=q, option=rng.choice(options)))
            elif q.kind == QuestionKind.MULTIPLE:
                answers += [Answer(response=r, question=q, option=o)
                            for o in rng.sample(options, rng.randint(1, len(options)))]
            elif q.kind == QuestionKind.RANKING:
                ranked = rng.sample(options, rng.randint(1, len(options)))
                answers += [Answer(response=r, question=q, option=o, rank=i) for i, o in enumerate(ranked, 1)]
            else:
                answers.append(Answer(response=r, question=q, text="Something about the park"))
        if rng.random() < 0.8:
            abouts.append(AboutYou(response=r, **{f: rng.choice([*[c for c, _ in ch], ""]) for f, ch in ABOUT.items()}))
    Answer.objects.bulk_create(answers)
    AboutYou.objects.bulk_create(abouts)


def _figures(node, path=""):
    """Every {"count", "suppressed"} figure in the API's answer."""
    if isinstance(node, dict):
        if set(node) == {"count", "suppressed"}:
            yield path, node
            return
        for key, value in node.items():
            yield from _figures(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _figures(value, f"{path}[{i}]")


def _api_sums(data):
    """The sums a reader can check in the API's answer, rebuilt from it (not from the selector)."""
    groups = [data["overall"], *data["wards"]]
    sums = [(data["overall"]["responses"], [g["responses"] for g in data["wards"]])]
    for qi, question in enumerate(data["overall"]["questions"]):
        sums.append((question["respondents"], [g["questions"][qi]["respondents"] for g in data["wards"]]))
        for oi, option in enumerate(question["options"]):
            for key in ("chosen", "first_places"):
                if option[key] is not None:
                    sums.append((option[key], [g["questions"][qi]["options"][oi][key] for g in data["wards"]]))
    for group in groups:
        for question in group["questions"]:
            if question["kind"] in ("single", "scale"):
                sums.append((question["respondents"], [o["chosen"] for o in question["options"]]))
            elif question["kind"] == "ranking":
                sums.append((question["respondents"], [o["first_places"] for o in question["options"]]))
    by_ward = {g["ward"]["gss_code"]: g for g in data["wards"] if g["ward"]}
    for rep in data["representation"]:
        for dim in rep["dimensions"]:
            sums.append((dim["answered"], [c["respondents"] for c in dim["categories"]]))
            sums.append((by_ward[rep["ward"]["gss_code"]]["responses"], [dim["answered"], dim["not_compared"]]))
    return sums


def _check_api(data, seed):
    for path, figure in _figures(data):
        assert figure["suppressed"] == (figure["count"] is None), (seed, path)
        assert figure["count"] is None or not 0 < figure["count"] < SMALL_COUNT_MIN, (seed, path, figure)
    for total, parts in _api_sums(data):
        members = [total, *parts]
        if all(not m["suppressed"] for m in members):
            assert total["count"] == sum(p["count"] for p in parts), seed  # a true sum
        assert sum(m["suppressed"] for m in members) != 1, (seed, total, parts)
    for group in [data["overall"], *data["wards"]]:
        for question in group["questions"]:
            for option in question["options"]:
                if option["percent"] is not None:
                    shown = option["first_places"] or option["chosen"]
                    assert not shown["suppressed"] and not question["respondents"]["suppressed"], seed
    for rep in data["representation"]:
        for dim in rep["dimensions"]:
            for category in dim["categories"]:
                if category["respondents"]["suppressed"] or dim["answered"]["suppressed"]:
                    assert category["percent"] is None and category["index"] is None, seed


PAGE_COUNT = re.compile(r'<span class="app-count[^"]*">([^<]*)</span>')


def test_no_published_figure_is_small_or_derivable_over_random_response_sets(api_client, client):
    wards = list(Ward.objects.current().order_by("name")[:3])
    consultation, questions = _consultation(wards)
    url = f"/api/v1/consultations/{consultation.pk}/results/"
    hidden_somewhere = 0
    for seed in SEEDS:
        rng = random.Random(seed)
        _fill(rng, consultation, questions, wards)
        results = consultation_results(consultation)
        for total, parts in published_sums(results):
            assert sum(c.hidden for c in [total, *parts]) != 1, seed
            assert total.value == sum(p.value for p in parts), seed
        data = api_client.get(url).json()
        _check_api(data, seed)
        hidden_somewhere += any(f["suppressed"] for _, f in _figures(data))
        if seed % 20 == 0:
            for key in ["all", *[w.gss_code for w in wards]]:
                page = client.get(reverse("engagement:results", kwargs={"pk": consultation.pk}), {"ward": key})
                assert page.status_code == 200
                for text in PAGE_COUNT.findall(page.content.decode()):
                    assert not (text.replace(",", "").isdigit() and 0 < int(text.replace(",", "")) < 5), (seed, key)
    assert hidden_somewhere > 50  # the sets did put suppression to work


def test_a_cell_reads_the_same_whether_small_or_protecting_another():
    small, protecting = Cell(3, hidden=True, primary=True), Cell(9, hidden=True)
    assert small.text() == protecting.text()
