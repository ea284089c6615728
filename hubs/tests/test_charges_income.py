"""What bookings cost and what a hub earns: a space's hourly rate for the kind of booker, fixed
when the booking is made, and the hub's income by month from rooms and occupiers, checked
against figures worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hubs import services
from hubs.models import BookerKind, Booking, Occupancy
from hubs.selectors import hub_income
from hubs.services.charges import booker_kind, booking_charge
from hubs.services.setup import space_rates_set
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory, at
from localism.accounts.models import Organisation
from localism.accounts.tests.factories import OrganisationFactory, UserFactory, token_for

pytestmark = pytest.mark.django_db

NEW_YEAR = timezone.make_aware(datetime.datetime(2027, 1, 1))  # the clock the bookings are made by
Kind = Organisation.Kind


@pytest.fixture
def council():
    return OrganisationFactory(name="Birmingham City Council", kind=Kind.COUNCIL_DIRECTORATE)


@pytest.fixture
def officer(council):
    return UserFactory(officer=True, organisation=council)


@pytest.fixture
def hub(officer):
    return HubFactory(name="Shard End Hub", managers=[officer])


@pytest.fixture
def room(hub, officer):
    room = SpaceFactory(hub=hub, name="Community room", capacity=20)
    space_rates_set(user=officer, space=room, rates={
        BookerKind.PARTNER: Decimal("8"), BookerKind.COMMUNITY: Decimal("10"), BookerKind.PRIVATE: Decimal("25"),
        BookerKind.COUNCIL: None})
    return room


def book(room, officer, day, start, end, organisation=None):
    return services.booking_create(space=room, requester=officer, starts_at=at(day, start), ends_at=at(day, end),
                                   purpose="Meeting", attendees=5, organisation=organisation, now=NEW_YEAR)


@pytest.mark.parametrize("kind, expected", [
    (Kind.COUNCIL_DIRECTORATE, BookerKind.COUNCIL), (Kind.NHS_BODY, BookerKind.PARTNER),
    (Kind.POLICE, BookerKind.PARTNER), (Kind.HOUSING_ASSOCIATION, BookerKind.PARTNER),
    (Kind.PARISH_TOWN_COUNCIL, BookerKind.PARTNER), (Kind.VOLUNTARY_COMMUNITY, BookerKind.COMMUNITY),
    (Kind.SOCIAL_ENTERPRISE, BookerKind.COMMUNITY), (Kind.PRIVATE_BUSINESS, BookerKind.PRIVATE),
])
def test_the_kind_of_booker_follows_from_the_organisation(kind, expected):
    assert booker_kind(Organisation(kind=kind)) == expected


def test_a_booker_with_no_organisation_pays_the_community_rate(room):
    resident = UserFactory()
    assert booker_kind(None) == BookerKind.COMMUNITY
    charge = booking_charge(space=room, requester=resident, starts_at=at(datetime.date(2027, 3, 1), "10:00"),
                            ends_at=at(datetime.date(2027, 3, 1), "11:30"))
    assert charge == Decimal("15.00")


def test_a_booking_is_charged_at_the_rate_for_its_booker_and_keeps_it(room, officer):
    business = OrganisationFactory(kind=Kind.PRIVATE_BUSINESS)
    booking = book(room, officer, datetime.date(2027, 3, 1), "10:00", "12:00", organisation=business)
    assert booking.charge == Decimal("50.00")
    own = book(room, officer, datetime.date(2027, 3, 2), "10:00", "12:00")
    assert own.charge == Decimal("0.00")  # the council's own use is free
    space_rates_set(user=officer, space=room, rates={BookerKind.PRIVATE: Decimal("40")})
    booking.refresh_from_db()
    assert booking.charge == Decimal("50.00")  # fixed when it was made
    later = book(room, officer, datetime.date(2027, 3, 8), "10:00", "12:00", organisation=business)
    assert later.charge == Decimal("80.00")


def test_every_date_of_a_repeating_booking_is_charged(room, officer):
    charity = OrganisationFactory(kind=Kind.VOLUNTARY_COMMUNITY)
    day = datetime.date(2027, 3, 1)
    result = services.booking_series_create(
        space=room, requester=officer, starts_at=at(day, "10:00"), ends_at=at(day, "11:00"), purpose="Club",
        attendees=5, every_weeks=1, until=datetime.date(2027, 3, 15), organisation=charity, now=NEW_YEAR)
    assert [b.charge for b in result.booked] == [Decimal("10.00")] * 3


def test_monthly_income_matches_the_figures_worked_out_by_hand(room, officer, hub):
    business = OrganisationFactory(kind=Kind.PRIVATE_BUSINESS)
    charity = OrganisationFactory(kind=Kind.VOLUNTARY_COMMUNITY)
    nhs = OrganisationFactory(kind=Kind.NHS_BODY)
    book(room, officer, datetime.date(2027, 3, 1), "10:00", "12:00", organisation=business)  # 2 h × £25 = £50
    book(room, officer, datetime.date(2027, 3, 3), "10:00", "11:30", organisation=charity)  # 1.5 h × £10 = £15
    book(room, officer, datetime.date(2027, 4, 5), "09:00", "10:00", organisation=nhs)  # 1 h × £8 = £8
    # Neither a cancelled booking nor one still awaiting approval is income.
    BookingFactory(space=room, starts_at=at(datetime.date(2027, 3, 10), "10:00"),
                   ends_at=at(datetime.date(2027, 3, 10), "11:00"), status=Booking.Status.CANCELLED,
                   charge=Decimal("99"))
    BookingFactory(space=room, starts_at=at(datetime.date(2027, 3, 11), "10:00"),
                   ends_at=at(datetime.date(2027, 3, 11), "11:00"), status=Booking.Status.REQUESTED,
                   charge=Decimal("99"))
    Occupancy.objects.create(hub=hub, organisation=nhs, agreement="lease", starts_on=datetime.date(2026, 6, 1),
                             yearly_charge=Decimal("12000"))  # £1,000 a month
    # 16 March to 15 April: £3,650 a year is £304.1666… a month; 16/31 of March, 15/30 of April.
    Occupancy.objects.create(hub=hub, organisation=charity, agreement="licence",
                             starts_on=datetime.date(2027, 3, 16), ends_on=datetime.date(2027, 4, 15),
                             yearly_charge=Decimal("3650"), status=Occupancy.Status.ENDED)
    Occupancy.objects.create(hub=hub, organisation=business, agreement="lease", starts_on=datetime.date(2027, 1, 1),
                             yearly_charge=Decimal("99999"), status=Occupancy.Status.PROPOSED)
    income = hub_income(hub, year=2027)
    by_month = {m.month.month: (m.rooms, m.occupancy, m.total) for m in income.months}
    assert by_month[1] == (Decimal("0.00"), Decimal("1000.00"), Decimal("1000.00"))
    assert by_month[3] == (Decimal("65.00"), Decimal("1156.99"), Decimal("1221.99"))
    assert by_month[4] == (Decimal("8.00"), Decimal("1152.08"), Decimal("1160.08"))
    assert by_month[12] == (Decimal("0.00"), Decimal("1000.00"), Decimal("1000.00"))
    assert income.rooms == Decimal("73.00")
    assert income.occupancy == Decimal("12309.07")


def test_the_income_api_is_for_the_hubs_officers(api_client, room, officer, hub):
    business = OrganisationFactory(kind=Kind.PRIVATE_BUSINESS)
    booking = book(room, officer, datetime.date(2027, 3, 1), "10:00", "12:00", organisation=business)
    url = f"/api/v1/hubs/{hub.pk}/income/"
    assert api_client.get(url, {"year": 2027}).status_code == 401
    stranger = UserFactory(officer=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(stranger)}")
    assert api_client.get(url, {"year": 2027}).status_code == 403
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(officer)}")
    body = api_client.get(url, {"year": 2027}).json()
    assert body["months"][2] == {"month": "2027-03-01", "rooms": "50.00", "occupancy": "0.00", "total": "50.00"}
    assert body["rooms"] == "50.00"
    for year in ("1900", "next", "99999999999999999999"):
        response = api_client.get(url, {"year": year})
        assert response.status_code == 400 and "year" in response.json()
    assert api_client.get("/api/v1/hubs/999999999/income/").status_code == 404
    assert api_client.get(f"/api/v1/bookings/{booking.pk}/").json()["charge"] == "50.00"


def test_the_dashboard_shows_income_by_month(client, room, officer, hub):
    business = OrganisationFactory(kind=Kind.PRIVATE_BUSINESS)
    book(room, officer, datetime.date(2027, 3, 1), "10:00", "12:00", organisation=business)
    client.force_login(officer)
    response = client.get(reverse("hubs:dashboard", args=[hub.slug]), {"year": "2027"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Income by month" in page and "March 2027" in page and "£50.00" in page
    response = client.get(reverse("hubs:dashboard", args=[hub.slug]), {"year": "1800"})
    assert response.status_code == 400 and "Choose a year from" in response.content.decode()
