"""Each report kind that has a hand-written SQL counterpart in bench/sql (the benchmark's
yardstick) gives the same key figures as the report's run, on a fixed data set with something of
every kind: forums and meetings, plans with actions, consultations, ideas, hubs with spaces,
opening hours, closures and bookings, occupancies, contracts and developer contributions. The
kinds are found from bench/sql, so a kind's counterpart is checked as soon as it lands."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from assets.models import Contract, ContributionTransaction, DeveloperAgreement, DeveloperContribution, SizeUnit
from assets.tests.factories import AssetFactory
from bench import sql
from engagement.models import ConsultationStatus
from engagement.tests.factories import ConsultationFactory, IdeaFactory
from hubs.models import BookableBy, Booking, Closure, Occupancy, SpaceLetting
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory
from localism.accounts.tests.factories import OrganisationFactory
from localism.reports import runs
from wards.models import ForumMeeting, PlanStatus, Ward
from wards.models.plans import ActionStatus
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardPlanFactory

MONTH = datetime.date(2026, 10, 1)
END = datetime.date(2026, 10, 31)
COUNTERPARTS = sql.modules()


def at(day: datetime.date, hhmm: str = "18:30") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm)))


def days_before(n: int, hhmm: str = "18:30") -> datetime.datetime:
    return at(END - datetime.timedelta(days=n), hhmm)


def ward(name: str) -> Ward:
    return Ward.objects.current().get(name=name)


def _engagement():
    sparkbrook, shard_end, aston, acocks = (ward(n) for n in (
        "Sparkbrook & Balsall Heath East", "Shard End", "Aston", "Acocks Green"))
    forum = WardForumFactory(wards=[sparkbrook, acocks])  # a forum of two wards
    ForumMeetingFactory(forum=forum, starts_at=days_before(40), status=ForumMeeting.Status.HELD)
    ForumMeetingFactory(forum=forum, starts_at=at(END + datetime.timedelta(days=10)))  # planned
    ForumMeetingFactory(forum=WardForumFactory(wards=[shard_end]), starts_at=days_before(250),
                        status=ForumMeeting.Status.HELD)
    ForumMeetingFactory(forum=WardForumFactory(wards=[aston]), starts_at=days_before(400),
                        status=ForumMeeting.Status.HELD)  # over a year ago
    ForumMeetingFactory(forum=WardForumFactory(wards=[aston]), starts_at=days_before(10),
                        status=ForumMeeting.Status.CANCELLED)
    lead, partner = OrganisationFactory(), OrganisationFactory()
    for wards, period, status in [([sparkbrook], "2026/27", PlanStatus.PUBLISHED),
                                  ([shard_end, aston], "2026/27", PlanStatus.PUBLISHED),
                                  ([acocks], "2026/27", PlanStatus.DRAFT),
                                  ([acocks], "2025/26", PlanStatus.PUBLISHED)]:
        priority = PriorityFactory(plan=WardPlanFactory(wards=wards, period=period, status=status))
        ActionFactory(priority=priority, lead_organisation=lead, status=ActionStatus.DONE,
                      due_date=datetime.date(2026, 9, 30))
        ActionFactory(priority=priority, lead_organisation=lead, partners=[partner],
                      due_date=datetime.date(2026, 10, 15))  # overdue at the month's end
    ConsultationFactory(wards=[sparkbrook], opens_at=days_before(100), closes_at=days_before(70),
                        status=ConsultationStatus.CLOSED)
    ConsultationFactory(wards=[shard_end], opens_at=days_before(400), closes_at=days_before(380),
                        status=ConsultationStatus.CLOSED)  # over a year ago
    ConsultationFactory(wards=[aston], opens_at=days_before(20), closes_at=days_before(-20),
                        status=ConsultationStatus.DRAFT)
    ConsultationFactory(wards=[], city_wide=True, opens_at=days_before(5), closes_at=days_before(-30),
                        status=ConsultationStatus.DRAFT)  # a city-wide draft counts for nobody
    proposed = days_before(90)
    IdeaFactory(ward=sparkbrook, created_at=proposed, responded_at=proposed + datetime.timedelta(days=29))
    IdeaFactory(ward=shard_end, created_at=proposed, responded_at=proposed + datetime.timedelta(days=31))
    IdeaFactory(ward=shard_end, created_at=days_before(5))  # had no month yet
    IdeaFactory(ward=aston, created_at=proposed)  # never answered
    IdeaFactory(ward=acocks, created_at=proposed, hidden_at=proposed + datetime.timedelta(days=1))
    IdeaFactory(ward=acocks, created_at=days_before(500))  # too long ago


def _hubs():
    organisation = OrganisationFactory()
    asset = AssetFactory(running_costs=Decimal("12000.00"))
    AssetFactory(size=Decimal("250"), size_unit=SizeUnit.SQUARE_METRES)  # an asset with no hub
    hub = HubFactory(name="Shard End Hub", asset=asset)
    late = HubFactory(name="Aston Hub", ward=ward("Aston"), hours=[(0, "09:00", "12:30"), (0, "13:30", "20:00"),
                                                                  (5, "10:00", "14:00")])
    hall = SpaceFactory(hub=hub, name="Hall", floor_area_m2=Decimal("80.5"))
    office = SpaceFactory(hub=hub, name="Office", floor_area_m2=Decimal("24.2"), bookable_by=BookableBy.NOBODY)
    room = SpaceFactory(hub=late, name="Room", floor_area_m2=Decimal("31.3"))
    store = SpaceFactory(hub=late, name="Store", floor_area_m2=Decimal("9.9"))
    Closure.objects.create(hub=hub, starts_on=datetime.date(2026, 10, 12), ends_on=datetime.date(2026, 10, 13),
                           reason="Boiler")
    Closure.objects.create(hub=late, space=room, starts_on=datetime.date(2026, 10, 26),
                           ends_on=datetime.date(2026, 11, 2), reason="Painting")
    for day, hhmm, hours, space, status, charge in [
            (datetime.date(2026, 10, 5), "10:00", 2, hall, Booking.Status.CONFIRMED, "40.00"),
            (datetime.date(2026, 10, 5), "13:00", 3, hall, Booking.Status.REQUESTED, "60.00"),
            (datetime.date(2026, 10, 6), "09:00", 1, hall, Booking.Status.CANCELLED, "20.00"),
            (datetime.date(2026, 10, 31), "22:00", 4, room, Booking.Status.CONFIRMED, "33.33"),  # runs into November
            (datetime.date(2026, 9, 30), "22:30", 3, room, Booking.Status.CONFIRMED, "12.50"),  # from September
            (datetime.date(2026, 3, 2), "10:00", 2, store, Booking.Status.CONFIRMED, "17.25"),
            (datetime.date(2025, 12, 29), "10:00", 2, store, Booking.Status.CONFIRMED, "99.00"),  # last year
            (datetime.date(2026, 10, 19), "10:00", 2, office, Booking.Status.CONFIRMED, "0.00")]:  # not bookable
        BookingFactory(space=space, starts_at=at(day, hhmm), ends_at=at(day, hhmm) + datetime.timedelta(hours=hours),
                       status=status, charge=Decimal(charge))
    for place, spaces, starts, ends, charge, status in [
            (hub, [office], datetime.date(2025, 6, 1), datetime.date(2027, 2, 15), "7300.00", Occupancy.Status.ACTIVE),
            (late, [store], datetime.date(2026, 2, 10), datetime.date(2026, 8, 20), "1234.56", Occupancy.Status.ENDED),
            (late, [room], datetime.date(2026, 11, 1), None, "5000.00", Occupancy.Status.PROPOSED),
            (hub, [hall], datetime.date(2026, 4, 1), datetime.date(2026, 12, 31), "2600.00",
             Occupancy.Status.ACTIVE)]:
        occupancy = Occupancy.objects.create(hub=place, organisation=organisation, agreement="licence",
                                             starts_on=starts, ends_on=ends, yearly_charge=Decimal(charge),
                                             status=status)
        for space in spaces:
            SpaceLetting.objects.create(occupancy=occupancy, space=space, starts_on=starts, ends_on=ends,
                                        exclusive=True, live=status != Occupancy.Status.ENDED)


def _assets():
    buyer = OrganisationFactory()
    for n, (ends, due, status) in enumerate([(datetime.date(2027, 1, 31), datetime.date(2026, 11, 30), "active"),
                                             (datetime.date(2027, 9, 30), datetime.date(2027, 3, 31), "in_renewal"),
                                             (datetime.date(2026, 6, 30), datetime.date(2026, 3, 31), "ended")]):
        contract = Contract.objects.create(ocid=f"ocds-test-{n}", title=f"Contract {n}", buyer=buyer,
                                           value=Decimal("120000.00"), period_start=datetime.date(2024, 4, 1),
                                           period_end=ends, decision_due=due, status=status)
        contract.wards.set([ward("Shard End")] if n else [])
        if not n:
            Contract.objects.filter(pk=contract.pk).update(city_wide=True)
    agreement = DeveloperAgreement.objects.create(
        reference="S106-TEST-1", name="Land at Shard End", agreement_type="section-106",
        entry_date=datetime.date(2025, 11, 3), ward=ward("Shard End"))
    for n, (purpose, amount, spend_by) in enumerate([
            ("open-space-and-leisure", "50000.00", datetime.date(2027, 2, 28)),
            ("transport-and-travel", "20000.00", datetime.date(2028, 6, 30))]):
        contribution = DeveloperContribution.objects.create(
            reference=f"S106-TEST-1-{n}", agreement=agreement, purpose=purpose, amount=Decimal(amount),
            spend_by_date=spend_by, entry_date=datetime.date(2025, 11, 3))
        for status, share, day in [("received", 1, datetime.date(2026, 5, 1)), ("spent", 4, datetime.date(2026, 9, 1))]:
            ContributionTransaction.objects.create(
                reference=f"S106-TEST-1-{n}-{status}", contribution=contribution, status=status,
                amount=Decimal(amount) / share, start_date=day, entry_date=day)


@pytest.fixture
def fixed_data(db):
    _engagement()
    _hubs()
    _assets()


def test_every_counterpart_is_of_a_registered_kind():
    codes = {kind.code for kind in runs.kinds()}
    assert {"hub_portfolio", "localism_coverage"} <= set(COUNTERPARTS) <= codes


@pytest.mark.parametrize("code", sorted(COUNTERPARTS))
def test_the_hand_written_sql_gives_the_runs_figures(code, fixed_data):
    run = runs.report_run(kind=code, month=MONTH)
    with connection.cursor() as cursor:
        found = COUNTERPARTS[code].figures(cursor, MONTH, END)
    assert found == run.figures
    assert any(value for value in run.figures.values() if not isinstance(value, bool))  # not a set of zeros
    # The figures alone, as the benchmark times them beside the SQL, are the run's figures.
    assert runs.kind_of(code).figures(MONTH, END) == run.figures


@pytest.mark.parametrize("code", sorted(COUNTERPARTS))
def test_with_nothing_to_count_the_sql_still_agrees(code, db):
    run = runs.report_run(kind=code, month=MONTH)
    with connection.cursor() as cursor:
        assert COUNTERPARTS[code].figures(cursor, MONTH, END) == run.figures
