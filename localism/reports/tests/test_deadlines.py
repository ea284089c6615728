"""Deadlines on a fixed set of agreements, contracts, listings and contributions, against bands
counted by hand (the day exactly 3, 6 and 12 months ahead is in the nearer band); the queries do
not grow with the items; the report's files list every item; the benchmark's SQL counts the same."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from assets.models import AgreementType, CommunityValueNomination, Contract, FundingStatus
from assets.services import community_dates as dates
from assets.tests.community_factories import listed
from assets.tests.contracts_factories import directorate
from assets.tests.contracts_factories import ward as contract_ward
from assets.tests.contributions_factories import AgreementFactory, ContributionFactory, TransactionFactory
from bench.sql import deadlines as sql
from hubs.models import Occupancy
from hubs.tests.factories import HubFactory
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.reports import deadlines, runs

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 10, 31)  # the month's last day; 3, 6 and 12 months on: 31 Jan, 30 Apr, 31 Oct 2027
D = datetime.date


def occupancy(hub, *, ends_on, status=Occupancy.Status.ACTIVE, agreement=Occupancy.Agreement.LEASE):
    return Occupancy.objects.create(hub=hub, organisation=OrganisationFactory(), agreement=agreement,
                                    starts_on=D(2024, 4, 1), ends_on=ends_on, status=status)


def contract(n, *, decision_due, decision="", city_wide=False):
    made = Contract.objects.create(
        ocid=f"ocds-deadline-{n:04d}", title=f"Contract {n}", buyer=directorate(), value=Decimal("1000.00"),
        period_start=D(2023, 1, 1), period_end=D(2028, 12, 31), decision_due=decision_due, city_wide=city_wide,
        renewal_decision=decision)
    if not city_wide:
        made.wards.set([contract_ward()])
    return made


def moratorium(*, notified, full_ends=None, status=CommunityValueNomination.Status.LISTED):
    return listed(notification_to_sell_date=notified, interim_moratorium_ends=dates.interim_moratorium_ends(notified),
                  full_moratorium_ends=full_ends, status=status)


def section_106(*, spend_by, received="10000.00", spent="0", kind=AgreementType.SECTION_106):
    contribution = ContributionFactory(agreement=AgreementFactory(agreement_type=kind), spend_by_date=spend_by)
    TransactionFactory(contribution=contribution, status=FundingStatus.RECEIVED, amount=Decimal(received))
    if Decimal(spent):
        TransactionFactory(contribution=contribution, status=FundingStatus.SPENT, amount=Decimal(spent))
    return contribution


def more(n):
    """n more of each kind, at another hub (for the query count)."""
    hub = HubFactory()
    hub.managers.add(UserFactory(officer=True))
    for i in range(n):
        occupancy(hub, ends_on=D(2026, 12, 1) + datetime.timedelta(days=i))
        contract(100 + i, decision_due=D(2026, 9, 1))
        moratorium(notified=D(2026, 10, 10))
        section_106(spend_by=D(2027, 3, 1))


def build():
    """The fixed set."""
    hub = HubFactory()
    hub.managers.add(UserFactory(officer=True, first_name="Hana", last_name="Officer"))
    occupancy(hub, ends_on=D(2027, 1, 31))  # exactly 3 months ahead: 3 months
    occupancy(hub, ends_on=D(2027, 2, 1), agreement=Occupancy.Agreement.LICENCE)  # a day later: 6 months
    occupancy(hub, ends_on=ON)  # ends on the day: 3 months
    occupancy(hub, ends_on=D(2027, 11, 1))  # beyond 12 months
    occupancy(hub, ends_on=D(2026, 12, 1), status=Occupancy.Status.ENDED)  # ended early: not counted
    occupancy(hub, ends_on=D(2026, 10, 30))  # ended yesterday: not counted, never overdue
    contract(1, decision_due=ON)  # 3 months
    contract(2, decision_due=D(2027, 4, 30))  # exactly 6 months ahead: 6 months
    contract(3, decision_due=D(2026, 9, 1))  # past and undecided: overdue
    contract(4, decision_due=D(2026, 9, 1), decision=Contract.Decision.RENEWED)  # decided: not counted
    contract(5, decision_due=D(2027, 10, 31), city_wide=True)  # exactly 12 months ahead: 12 months
    contract(6, decision_due=D(2027, 11, 1))  # beyond
    moratorium(notified=D(2026, 10, 1))  # interim moratorium ends 11 November 2026: 3 months
    moratorium(notified=D(2026, 10, 1), full_ends=D(2027, 3, 31))  # full: 6 months
    moratorium(notified=D(2026, 9, 1))  # ended 12 October: not counted
    moratorium(notified=D(2026, 10, 1), status=CommunityValueNomination.Status.REMOVED)  # no longer listed
    section_106(spend_by=D(2027, 5, 1), spent="2000.00")  # £8,000 unspent: 12 months
    section_106(spend_by=D(2026, 6, 1))  # past with money unspent: overdue
    section_106(spend_by=D(2026, 12, 1), spent="10000.00")  # all spent: not counted
    section_106(spend_by=D(2026, 12, 1), kind=AgreementType.CIL)  # not Section 106: not counted


HAND_COUNTED = {
    "occupancy_overdue": 0, "contract_overdue": 1, "moratorium_overdue": 0, "section_106_overdue": 1, "overdue": 2,
    "occupancy_3_months": 2, "contract_3_months": 1, "moratorium_3_months": 1, "section_106_3_months": 0,
    "3_months": 4,
    "occupancy_6_months": 1, "contract_6_months": 1, "moratorium_6_months": 1, "section_106_6_months": 0,
    "6_months": 3,
    "occupancy_12_months": 0, "contract_12_months": 1, "moratorium_12_months": 0, "section_106_12_months": 1,
    "12_months": 2,
}


def test_the_figures_equal_those_counted_by_hand():
    build()
    found = deadlines.deadlines(on=ON)
    assert found.edges == {"3_months": D(2027, 1, 31), "6_months": D(2027, 4, 30), "12_months": D(2027, 10, 31)}
    assert found.figures() == HAND_COUNTED


def test_each_item_has_its_date_ward_who_is_responsible_and_page():
    build()
    items = deadlines.deadlines(on=ON).items
    assert [item.date for item in items] == sorted(item.date for item in items)
    assert [(item.kind, item.band, item.date) for item in items[:2]] == [
        ("section_106", "overdue", D(2026, 6, 1)), ("contract", "overdue", D(2026, 9, 1))]
    s106 = next(item for item in items if item.kind == "section_106" and item.band == "12_months")
    assert "£8,000.00" in s106.what and s106.wards == ["Sparkbrook & Balsall Heath East"]
    assert s106.responsible == "Planning obligations officers" and s106.url.startswith("/contributions/wards/")
    lease = next(item for item in items if item.kind == "occupancy" and item.date == D(2027, 1, 31))
    assert lease.band == "3_months" and lease.what.startswith("Lease of ") and lease.wards == ["Shard End"]
    assert lease.responsible.endswith(": Hana Officer") and lease.url.endswith("/occupiers/")
    city = next(item for item in items if item.kind == "contract" and item.band == "12_months")
    assert city.wards == ["City-wide"] and city.responsible == "Commissioning officers, Neighbourhoods Directorate"
    interim = next(item for item in items if item.kind == "moratorium" and item.band == "3_months")
    assert interim.date == D(2026, 11, 11) and interim.what.startswith("Interim moratorium")
    assert interim.wards == ["Ladywood"] and interim.responsible == "Asset officers"


def test_the_band_edges():
    edges = deadlines.band_edges(ON)
    assert deadlines.band_of(D(2026, 10, 30), ON, edges) == "overdue"
    assert deadlines.band_of(ON, ON, edges) == "3_months"
    assert deadlines.band_of(D(2027, 1, 31), ON, edges) == "3_months"
    assert deadlines.band_of(D(2027, 2, 1), ON, edges) == "6_months"
    assert deadlines.band_of(D(2027, 4, 30), ON, edges) == "6_months"
    assert deadlines.band_of(D(2027, 5, 1), ON, edges) == "12_months"
    assert deadlines.band_of(D(2027, 10, 31), ON, edges) == "12_months"
    assert deadlines.band_of(D(2027, 11, 1), ON, edges) is None


# Occupancies and their hubs' officers; contracts, their wards and suppliers; listings; contributions and their money.
QUERIES = 8


@pytest.mark.parametrize("extra", [0, 5])
def test_the_queries_do_not_grow_with_the_items(django_assert_num_queries, extra):
    build()
    more(extra)
    with django_assert_num_queries(QUERIES):
        found = deadlines.deadlines(on=ON)
    assert len(found.items) == 11 + 4 * extra


def test_the_report_lists_every_item_in_its_files():
    build()
    run = runs.report_run(kind="deadlines", month=D(2026, 10, 1))
    assert run.figures == HAND_COUNTED
    files = {f.name: f.file.read().decode() for f in run.files.all()}
    rows = files["deadlines.csv"].strip().splitlines()
    assert rows[0] == "band,date,kind,what,wards,responsible,url" and len(rows) == 1 + 11
    assert any(row.startswith("overdue,2026-09-01,contract,Renewal decision on Contract 3,") for row in rows)
    assert "In the next 3 months" in files["report.html"] and "31 January 2027" in files["report.html"]


def test_the_benchmark_sql_counts_the_same():
    build()
    more(2)
    with connection.cursor() as cursor:
        assert sql.figures(cursor, D(2026, 10, 1), ON) == deadlines.deadlines(on=ON).figures()
