"""The service contracts' rules: the renewal window's boundaries (with an explicit today), the
city-wide contract serving every ward, the wards' input (a seat in a ward served, the window
open, priorities of that ward's plan) and its answer, required before the renewal is recorded,
and the nightly job's flags."""

import datetime

import pytest

from assets.models import Contract
from assets.selectors import contracts as selectors
from assets.services import contracts as services
from localism.core.errors import Invalid, Refused

from .contracts_factories import (
    DUE,
    TODAY,
    commissioning_officer,
    councillor_of,
    make_contract,
    other_ward,
    priority_of,
    ward,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _window(settings):
    settings.LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS = 12


@pytest.fixture
def officer():
    return commissioning_officer()


@pytest.fixture
def contract(officer):
    return make_contract(officer)


@pytest.mark.parametrize(("today", "state", "listed"), [
    (TODAY - DAY, "not yet open", False),
    (TODAY, "open", True),
    (TODAY + DAY, "open", True),
])
def test_the_window_opens_twelve_months_before_the_decision_date(contract, today, state, listed):
    assert contract.window_opens() == datetime.date(2026, 6, 1)
    assert contract.window_state(today) == state
    assert (contract in Contract.objects.window_open(today)) is listed


@pytest.mark.parametrize(("today", "state"), [(DUE, "open"), (DUE + DAY, "closed")])
def test_the_window_closes_after_the_decision_date(contract, today, state):
    assert contract.window_state(today) == state


def test_the_window_follows_the_setting(settings, contract):
    settings.LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS = 6
    assert contract.window_opens() == datetime.date(2026, 12, 1)
    assert contract.window_state(TODAY) == "not yet open"


def test_a_city_wide_contract_serves_every_ward(officer):
    city = make_contract(officer, n=2, city_wide=True, title="Home care")
    local = make_contract(officer, n=3, title="Youth services")
    for each in (ward(), other_ward()):
        assert city in selectors.contract_list(ward=each, today=TODAY)
    assert local in selectors.contract_list(ward=ward(), today=TODAY)
    assert local not in selectors.contract_list(ward=other_ward(), today=TODAY)
    links = selectors.ward_contract_links([ward(), other_ward()], today=TODAY)
    assert [link.text for link in links[other_ward().pk]] == ["Home care"]
    assert {link.text for link in links[ward().pk]} == {"Home care", "Youth services"}
    assert links[ward().pk][0].note == "Renewal window open: input until 1 June 2027"


def test_a_councillor_of_the_ward_gives_input_linked_to_a_priority(contract):
    councillor = councillor_of(ward())
    priority = priority_of(ward())
    made = services.ward_input_submit(user=councillor, contract=contract, ward=ward(), priorities=[priority],
                                      statement="Sweep the high street before the market opens.", today=TODAY)
    assert list(made.priorities.all()) == [priority]
    assert made.history.count() == 1
    assert list(selectors.contracts_open_to_input(councillor, today=TODAY)) == [contract]
    assert list(selectors.contracts_open_to_input(councillor, today=TODAY - DAY)) == []


def test_input_is_refused_before_the_window_opens(contract):
    councillor = councillor_of(ward())
    with pytest.raises(Invalid) as error:
        services.ward_input_submit(user=councillor, contract=contract, ward=ward(), priorities=[priority_of(ward())],
                                   statement="Sweep more often.", today=TODAY - DAY)
    assert error.value.messages == ["The renewal window for this contract is not open: it opens on 1 June 2026 "
                                    "and closes on 1 June 2027."]
    assert not contract.ward_inputs.exists()


def test_a_councillor_of_another_ward_is_refused(contract):
    councillor = councillor_of(other_ward())
    with pytest.raises(Refused):
        services.ward_input_submit(user=councillor, contract=contract, ward=ward(), priorities=[],
                                   statement="Sweep more often.", today=TODAY)


def test_priorities_must_be_of_the_wards_plan(contract):
    councillor = councillor_of(ward())
    with pytest.raises(Invalid) as error:
        services.ward_input_submit(user=councillor, contract=contract, ward=ward(),
                                   priorities=[priority_of(other_ward())], statement="Sweep more.", today=TODAY)
    assert error.value.message_dict == {"priorities": ["Choose priorities of a Ward Plan for "
                                                       "Sparkbrook & Balsall Heath East"]}


def test_the_renewal_waits_for_every_answer(officer, contract):
    councillor = councillor_of(ward())
    made = services.ward_input_submit(user=councillor, contract=contract, ward=ward(),
                                      priorities=[priority_of(ward())], statement="Sweep more.", today=TODAY)
    with pytest.raises(Invalid) as error:
        services.renewal_record(user=officer, contract=contract, decision="renewed",
                                decided_on=datetime.date(2027, 5, 1))
    assert error.value.messages == [services.UNANSWERED.format(wards="Sparkbrook & Balsall Heath East")]
    contract.refresh_from_db()
    assert contract.renewal_decision == ""
    with pytest.raises(Refused):
        services.ward_input_answer(user=councillor, ward_input=made, answer="Yes.")
    services.ward_input_answer(user=officer, ward_input=made, answer="The new specification sweeps it at 7am.")
    saved = services.renewal_record(user=officer, contract=contract, decision="renewed",
                                    decided_on=datetime.date(2027, 5, 1))
    assert (saved.renewal_decision, saved.renewal_decided_on) == ("renewed", datetime.date(2027, 5, 1))
    assert saved.window_state(TODAY) == "decided"
    with pytest.raises(Invalid):
        services.ward_input_submit(user=councillor, contract=contract, ward=ward(),
                                   priorities=[priority_of(ward())], statement="More.", today=TODAY)


def test_contract_dates_are_checked(officer):
    with pytest.raises(Invalid) as error:
        make_contract(officer, period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2026, 1, 1),
                      decision_due=datetime.date(2025, 1, 1), max_extent_date=None)
    assert error.value.message_dict == {"period_end": [services.END_BEFORE_START]}
    with pytest.raises(Invalid) as error:
        make_contract(officer, wards=[], decision_due=datetime.date(2028, 6, 1))
    assert set(error.value.message_dict) == {"decision_due", "wards"}
    assert not Contract.objects.exists()


def test_only_commissioning_officers_change_contracts():
    councillor = councillor_of(ward())
    with pytest.raises(Refused):
        make_contract(councillor)


def test_the_nightly_job_flags_windows_and_overdue_decisions_once(officer):
    opening = make_contract(officer, n=1)
    overdue = make_contract(officer, n=2, decision_due=datetime.date(2026, 5, 31))
    later = make_contract(officer, n=3, decision_due=datetime.date(2027, 6, 2))
    assert services.contracts_flag_renewals(today=TODAY) == {"opened": 1, "overdue": 1}
    assert services.contracts_flag_renewals(today=TODAY) == {"opened": 0, "overdue": 0}
    for each in (opening, overdue, later):
        each.refresh_from_db()
    assert (opening.window_opened_on, opening.status) == (TODAY, Contract.Status.IN_RENEWAL)
    assert overdue.decision_overdue_on == TODAY
    assert (later.window_opened_on, later.decision_overdue_on) == (None, None)
    assert Contract.objects.filter(window_opened_on__isnull=False).count() == 1
