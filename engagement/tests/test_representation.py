"""Quiet voices: who answered beside who lives there, the representation index and the results
reweighted to the ward's age profile, checked against figures worked out by hand below."""

from decimal import Decimal

import pytest

from engagement.models import ConsultationStatus, QuestionKind
from engagement.selectors.results import consultation_results
from hubs.tests.factories import HubFactory
from wards.models.profiles import CensusFigure, ProfileTable

from .factories import ConsultationFactory, QuestionFactory, respond, sbhe

pytestmark = pytest.mark.django_db

# The ward's Census age counts, set for the test: residents 16+ are 10,000, so the shares are
# 16-24 0.2, 25-34 0.2, 35-49 0.3, 50-64 0.2, 65+ 0.1 (the 3,000 under 16 are not compared).
CENSUS_AGE = {"0_15": 3000, "16_24": 2000, "25_34": 2000, "35_49": 3000, "50_64": 2000, "65_plus": 1000}


@pytest.fixture
def fixed_set():
    ward = sbhe()
    for code, count in CENSUS_AGE.items():
        CensusFigure.objects.filter(ward=ward, table=ProfileTable.AGE, code=code).update(count=count, ward_total=13000)
    consultation = ConsultationFactory(status=ConsultationStatus.CLOSED)
    question = QuestionFactory(consultation=consultation, kind=QuestionKind.SINGLE, options=["Yes", "No"])
    # 42 responses: by age band and answer.
    plan = [("16_24", "Yes", 5), ("25_34", "No", 10), ("35_49", "Yes", 5), ("35_49", "No", 5),
            ("50_64", "No", 10), ("prefer_not", "Yes", 5), ("0_15", None, 2)]
    for band, choice, n in plan:
        for _ in range(n):
            respond(consultation, choices=[(question, choice)] if choice else [], about={"age_band": band})
    return consultation, question


def test_the_representation_index_leaves_prefer_not_to_say_out_of_the_denominator(fixed_set):
    consultation, _ = fixed_set
    rep = consultation_results(consultation).representation_of(sbhe().gss_code)
    age = rep.dimension("age_band")
    # Denominator: 5 + 10 + 10 + 10 + 0 = 35 (not 42: 5 "Prefer not to say" and 2 aged 15 or under left out).
    assert age.answered.shown == 35 and age.not_compared.shown == 7
    rows = {r.code: r for r in age.rows}
    # index = (count / 35) / census share
    assert rows["16_24"].index == Decimal("0.71")  # (5/35)/0.2 = 0.714
    assert rows["25_34"].index == Decimal("1.43")  # (10/35)/0.2 = 1.429
    assert rows["35_49"].index == Decimal("0.95")  # (10/35)/0.3 = 0.952
    assert rows["50_64"].index == Decimal("1.43")
    assert rows["65_plus"].index == Decimal("0.00")
    assert rows["16_24"].percent == Decimal("14.3") and rows["16_24"].census_percent == Decimal("20.0")
    assert rep.under_represented == [
        "People aged 65 or over are 10% of Sparkbrook & Balsall Heath East's residents and 0% of those "
        "who answered."]
    assert rep.unweighted_bands == ["65 or over"]


def test_results_reweighted_to_the_ward_age_profile_match_the_hand_computation(fixed_set):
    consultation, question = fixed_set
    results = consultation_results(consultation)
    rep = results.representation_of(sbhe().gss_code)
    (weighted,) = rep.weighted
    # Weights (census share / respondents' share): 16-24 0.2/(5/35) = 1.4; 25-34 0.2/(10/35) = 0.7;
    # 35-49 0.3/(10/35) = 1.05; 50-64 0.7. Sum of weights: 5*1.4 + 10*0.7 + 10*1.05 + 10*0.7 = 31.5.
    # Yes: 5*1.4 + 5*1.05 = 12.25 -> 38.9%; No: 10*0.7 + 5*1.05 + 10*0.7 = 19.25 -> 61.1%.
    # Sum of squares: 5*1.96 + 10*0.49 + 10*1.1025 + 10*0.49 = 30.625; Kish 31.5^2 / 30.625 = 32.4.
    assert [(o.label, o.weighted_percent) for o in weighted.options] == [("Yes", Decimal("38.9")),
                                                                          ("No", Decimal("61.1"))]
    assert weighted.effective_size == Decimal("32.4")
    # Raw, everyone who answered the question (40): Yes 15 -> 38% (37.5 rounded half up), No 25 -> 63%.
    assert [(o.label, o.raw_percent) for o in weighted.options] == [("Yes", Decimal("38")), ("No", Decimal("63"))]


def test_a_small_group_shows_no_share_and_is_named_only_on_public_figures(fixed_set):
    consultation, question = fixed_set
    for _ in range(3):
        respond(consultation, choices=[(question, "Yes")], about={"age_band": "65_plus"})
    rep = consultation_results(consultation).representation_of(sbhe().gss_code)
    row = {r.code: r for r in rep.dimension("age_band").rows}["65_plus"]
    assert row.count.hidden and row.percent is None and row.index is None
    # 4 of 38 / 0.1 = 1.05: even the largest hidden number would not be under-represented.
    assert not any("65 or over" in s for s in rep.under_represented)


def test_hubs_and_libraries_of_the_ward_are_offered_for_listening_sessions(fixed_set):
    consultation, _ = fixed_set
    library = HubFactory(name="Balsall Heath Library", ward=sbhe(), is_library=True)
    rep = consultation_results(consultation).representation_of(sbhe().gss_code)
    assert library in rep.places and rep.places[0].is_library


def test_the_results_page_shows_the_quiet_voices_of_a_ward(fixed_set, client):
    consultation, _ = fixed_set
    page = client.get(f"/consultations/{consultation.pk}/results/", {"ward": sbhe().gss_code})
    text = page.content.decode()
    assert page.status_code == 200
    assert "People aged 65 or over are 10% of Sparkbrook &amp; Balsall Heath East" in text
    assert "38.9%" in text and "32.4" in text
