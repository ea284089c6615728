"""The hub officers' and partners' pages, as they use them: booking, the week, approving
requests, repeating bookings, the dashboard's figures, and query counts held down."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hubs import services
from hubs.models import BookableBy, Booking, Closure, Occupancy
from hubs.selectors import last_full_weeks
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def an_admin():
    """Who records an occupancy in these tests: an admin."""
    return UserFactory(admin=True)


@pytest.fixture
def officer():
    return UserFactory(officer=True, first_name="Asha", last_name="Patel")


@pytest.fixture
def hub(officer):
    return HubFactory(name="Shard End Hub", managers=[officer])


@pytest.fixture
def room(hub):
    return SpaceFactory(hub=hub, name="Community room", capacity=20)


@pytest.fixture
def partner():
    return UserFactory(partner=True, organisation=OrganisationFactory(name="Shard End Advice"))


def booking_data(space, day, start="10:00", end="12:00", **extra) -> dict:
    return {"space": space.pk, "date": f"{day:%d/%m/%Y}", "start_time": start, "end_time": end,
            "purpose": "Advice surgery", "attendees": "8", "repeat": "0", "contact_name": "Sam Okafor",
            "contact_phone": "0121 303 1111", "contact_email": "sam@example.org", **extra}


def text(response) -> str:
    return response.content.decode()


def test_officer_books_a_space_and_sees_it_in_the_week(client, officer, hub, room):
    client.force_login(officer)
    day = next_weekday(0)
    url = reverse("hubs:book", args=[hub.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, booking_data(room, day, booked_for="Shard End job club"))
    assert response.status_code == 302
    assert response["Location"] == f"/hubs/{hub.slug}/week/?date={day:%Y-%m-%d}"
    booking = Booking.objects.get()
    assert (booking.status, booking.requested_by, booking.booked_for) == (
        Booking.Status.CONFIRMED, officer, "Shard End job club")
    page = text(client.get(response["Location"]))
    assert f"Booked: Community room, {day:%A %-d %B %Y}, 10:00 to 12:00." in page
    assert "10:00–12:00" in page and "Shard End job club" in page
    assert 'govuk-tag--green">Confirmed</strong>' in page


def test_booking_a_taken_slot_names_the_conflicting_time(client, officer, hub, room):
    client.force_login(officer)
    day = next_weekday(2)
    url = reverse("hubs:book", args=[hub.slug])
    client.post(url, booking_data(room, day, "10:00", "12:00"))
    response = client.post(url, booking_data(room, day, "11:30", "13:00"))
    assert response.status_code == 409
    assert "There is a problem" in text(response)
    assert f"Community room is already booked from 10:00 to 12:00 on {day:%-d %B %Y}." in text(response)
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("data, field, message", [
    ({"start_time": "08:00"}, "start_time", "is open 09:00 to 17:00 on Mondays"),
    ({"attendees": "21"}, "attendees", "holds 20 people: 21 is too many"),
    ({"end_time": "09:30"}, "end_time", services.ENDS_BEFORE_START),
    ({"start_time": "ten"}, "start_time", "Enter the time as a 24-hour time, like 18:30"),
    ({"date": "31/02/2027"}, "date", "Enter the date as day/month/year, like 31/3/2027"),
])
def test_refusals_show_against_their_field(client, officer, hub, room, data, field, message):
    client.force_login(officer)
    response = client.post(reverse("hubs:book", args=[hub.slug]), {**booking_data(room, next_weekday(0)), **data})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert f'href="#id_{field}"' in text(response)  # the error summary links to the field
    assert not Booking.objects.exists()


def test_partner_request_awaits_approval_and_the_officer_approves_it(client, officer, hub, room, partner):
    client.force_login(partner)
    day = next_weekday(1)
    response = client.post(reverse("hubs:book", args=[hub.slug]), booking_data(room, day), follow=True)
    assert response.redirect_chain == [(reverse("hubs:my-bookings"), 302)]
    assert (f"Requested: Community room, {day:%A %-d %B %Y}, 10:00 to 12:00, awaiting approval by the hub."
            in text(response))
    assert "Awaiting approval" in text(response)
    booking = Booking.objects.get()
    assert (booking.status, booking.organisation) == (Booking.Status.REQUESTED, partner.organisation)

    client.force_login(officer)
    requests_page = text(client.get(reverse("hubs:requests", args=[hub.slug])))
    assert "Shard End Advice" in requests_page and reverse("hubs:booking-approve", args=[booking.pk]) in requests_page
    dashboard = text(client.get(reverse("hubs:dashboard", args=[hub.slug])))
    assert "1 request awaiting approval" in dashboard
    response = client.post(reverse("hubs:booking-approve", args=[booking.pk]), {"note": "Room 2 is yours"})
    assert response["Location"] == reverse("hubs:requests", args=[hub.slug])
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by, booking.decision_note) == (
        Booking.Status.CONFIRMED, officer, "Room 2 is yours")

    client.force_login(partner)
    detail = text(client.get(reverse("hubs:booking", args=[booking.pk])))
    assert "<del>Awaiting approval</del> → <ins>Confirmed</ins>" in detail
    assert "Asha Patel" in detail  # who approved it, in the history


def test_turning_down_a_request_and_cancelling_a_booking(client, officer, hub, room, partner):
    requested = services.booking_create(space=room, requester=partner, starts_at=at(next_weekday(1), "10:00"),
                                        ends_at=at(next_weekday(1), "11:00"), purpose="Drop-in", attendees=4)
    client.force_login(officer)
    client.post(reverse("hubs:booking-reject", args=[requested.pk]), {"note": "The room is being painted"})
    requested.refresh_from_db()
    assert requested.status == Booking.Status.REJECTED
    # Deciding twice is refused with a message, not an error page.
    response = client.post(reverse("hubs:booking-approve", args=[requested.pk]), follow=True)
    assert services.NOT_WAITING in text(response)

    confirmed = services.booking_create(space=room, requester=officer, starts_at=at(next_weekday(3), "14:00"),
                                        ends_at=at(next_weekday(3), "15:00"), purpose="Clinic", attendees=4)
    url = reverse("hubs:booking-cancel", args=[confirmed.pk])
    assert "Are you sure you want to cancel this booking?" in text(client.get(url))
    response = client.post(url, {"note": "Clinic moved"})
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.decision_note) == (Booking.Status.CANCELLED, "Clinic moved")
    again = client.post(url, {})
    assert again.status_code == 400 and "This booking is already cancelled." in text(again)


def hidden_fields(page: str) -> dict:
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        fields[name] = value
    return fields


def test_weekly_booking_with_a_taken_date_books_the_others_when_asked(client, officer, hub, room):
    first = next_weekday(0)
    taken = first + datetime.timedelta(weeks=2)
    BookingFactory(space=room, starts_at=at(taken, "10:30"), ends_at=at(taken, "11:30"))
    client.force_login(officer)
    url = reverse("hubs:book", args=[hub.slug])
    until = first + datetime.timedelta(weeks=4)
    response = client.post(url, booking_data(room, first, repeat="1", until=f"{until:%d/%m/%Y}"))
    assert response.status_code == 409
    page = text(response)
    assert page.count('govuk-tag--green">Available</strong>') == 4
    assert f"{taken:%A %-d %B %Y}" in page and "already booked from 10:30 to 11:30" in page
    assert "Book the 4 available dates" in page and "Book none" in page
    assert Booking.objects.count() == 1  # nothing booked yet

    response = client.post(url, hidden_fields(page))
    assert response.status_code == 302
    holding = list(Booking.objects.holding().filter(space=room).order_by("starts_at"))
    assert len(holding) == 5
    assert len({b.series for b in holding if b.series}) == 1
    for a, b in zip(holding, holding[1:], strict=False):
        assert a.ends_at <= b.starts_at  # nothing double booked
    assert "4 dates" in text(client.get(response["Location"]))


def test_fortnightly_booking_without_conflicts_books_every_date(client, officer, hub, room):
    client.force_login(officer)
    first = next_weekday(3)
    until = first + datetime.timedelta(weeks=6)
    response = client.post(reverse("hubs:book", args=[hub.slug]),
                           booking_data(room, first, "14:00", "15:30", repeat="2", until=f"{until:%d/%m/%Y}"))
    assert response.status_code == 302
    days = [timezone.localdate(b.starts_at) for b in Booking.objects.order_by("starts_at")]
    assert days == [first + datetime.timedelta(weeks=n) for n in (0, 2, 4, 6)]


def test_partners_are_offered_only_the_spaces_open_to_them(client, hub, room, partner):
    SpaceFactory(hub=hub, name="Staff office", bookable_by=BookableBy.STAFF)
    SpaceFactory(hub=hub, name="Partner suite", bookable_by=BookableBy.PARTNERS)
    client.force_login(partner)
    form = client.get(reverse("hubs:book", args=[hub.slug])).context["form"]
    offered = [label.split(" (")[0] for value, label in form.fields["space"].choices if value]
    assert offered == ["Community room", "Partner suite"]
    assert "organisation" not in form.fields  # partners book for their own organisation


def test_dashboard_figures_for_a_known_hub(client, officer, hub):
    today = timezone.localdate()
    a = SpaceFactory(hub=hub, name="Clinic A", floor_area_m2=Decimal("40"), max_occupiers=2)  # shared by two
    b = SpaceFactory(hub=hub, name="Office B", floor_area_m2=Decimal("25"))
    SpaceFactory(hub=hub, name="Hall", floor_area_m2=Decimal("35"))  # vacant
    nhs = OrganisationFactory(name="Birmingham Community Healthcare", kind="nhs_body")
    lease_ends = today + datetime.timedelta(days=90)
    services.occupancy_save(user=officer, hub=hub, organisation=nhs, spaces=[a], agreement=Occupancy.Agreement.LEASE,
                            starts_on=today - datetime.timedelta(days=400), ends_on=lease_ends,
                            yearly_charge=Decimal("12000"))
    services.occupancy_save(user=officer, hub=hub, organisation=OrganisationFactory(name="Citizens Advice"),
                            spaces=[a, b], agreement=Occupancy.Agreement.LICENCE,
                            starts_on=today - datetime.timedelta(days=30),
                            break_date=today + datetime.timedelta(days=300), yearly_charge=Decimal("3500.50"))
    client.force_login(officer)
    page = text(client.get(reverse("hubs:dashboard", args=[hub.slug])))
    assert "100 m²" in page
    assert "65 m² (65%)" in page  # 40 + 25: the shared clinic counts once
    assert "35 m² (35%)" in page
    assert "£15,500.50" in page and "£12,000.00" in page
    assert f"Birmingham Community Healthcare's lease\n    ends on {lease_ends:%-d %B %Y}" in page
    assert page.count("govuk-warning-text__icon") == 1  # the break in 300 days is not yet near
    assert "Clinic A, Office B" in page


def test_utilisation_figures_by_hand(client, officer, hub):
    room = SpaceFactory(hub=hub, name="Room")
    hall = SpaceFactory(hub=hub, name="Hall")
    monday = datetime.date(2026, 11, 30)
    wednesday = monday + datetime.timedelta(days=2)
    Closure.objects.create(hub=hub, space=hall, starts_on=wednesday, ends_on=wednesday, reason="Repairs")
    for day, start, end, space in [(monday, "09:00", "13:00", room), (wednesday, "10:00", "16:00", room),
                                   (monday, "09:00", "17:00", hall),
                                   (monday + datetime.timedelta(days=7), "09:00", "11:00", room)]:
        BookingFactory(space=space, starts_at=at(day, start), ends_at=at(day, end))
    client.force_login(officer)
    response = client.get(reverse("hubs:dashboard", args=[hub.slug]), {"from": "30/11/2026", "to": "13/12/2026"})
    page = re.sub(r"\s+", " ", text(response))

    def row(header):
        return re.search(rf'<th scope="row" class="govuk-table__header">{header}</th>(.*?)</tr>', page).group(1)

    def figures(row_html):
        return [cell.strip() for cell in re.findall(r'govuk-table__cell--numeric">([^<]*)', row_html)]

    # Two weeks of Monday–Friday 8-hour days: the room 80 h; the hall 80 h less Wednesday's 8.
    assert figures(row("Hall")) == ["72", "8", "11.1%"]
    assert figures(row("Room")) == ["80", "12", "15%"]
    assert "Low use" in row("Room") and "Low use" in row("Hall")
    week_one = row(r'<a class="govuk-link" href="[^"]+">Monday 30 November 2026</a>')
    assert figures(week_one) == ["72", "18", "25%"] and "Low use" not in week_one
    assert "held <strong>20</strong> of the <strong>152</strong> hours" in page
    assert 'role="img" aria-label="Utilisation by space: Hall 11.1%; Room 15%. Below 25% is low use."' in page


def test_dashboard_period_defaults_to_the_last_four_full_weeks_and_explains_bad_dates(client, officer, hub):
    client.force_login(officer)
    start, end = last_full_weeks(datetime.date(2026, 11, 26))  # a Thursday
    assert (start, end) == (datetime.date(2026, 10, 26), datetime.date(2026, 11, 22))
    response = client.get(reverse("hubs:dashboard", args=[hub.slug]))
    assert (response.context["usage"].start, response.context["usage"].end) == last_full_weeks(timezone.localdate())
    response = client.get(reverse("hubs:dashboard", args=[hub.slug]), {"from": "soon", "to": "1/1/2026"})
    assert response.status_code == 400 and "Enter the date as day/month/year" in text(response)


def test_week_view_moves_between_weeks(client, officer, hub, room):
    client.force_login(officer)
    day = datetime.date(2026, 12, 9)  # a Wednesday
    response = client.get(reverse("hubs:week", args=[hub.slug]), {"date": day.isoformat()})
    assert response.context["days"][0] == datetime.date(2026, 12, 7)
    assert f"/hubs/{hub.slug}/week/?date=2026-11-30" in text(response)
    assert f"/hubs/{hub.slug}/week/?date=2026-12-14" in text(response)
    assert client.get(reverse("hubs:week", args=[hub.slug]), {"date": "not a date"}).status_code == 400


def test_officer_records_and_changes_an_occupancy_with_its_history(client, officer, hub, room):
    organisation = OrganisationFactory(name="Shard End Credit Union")
    client.force_login(officer)
    response = client.post(reverse("hubs:occupancy-new", args=[hub.slug]), {
        "organisation": organisation.pk, "spaces": [room.pk], "agreement": "licence", "starts_on": "1/4/2026",
        "ends_on": "31/3/2029", "break_date": "", "yearly_charge": "4800", "status": "active", "notes": ""})
    assert response["Location"] == reverse("hubs:occupiers", args=[hub.slug])
    occupancy = Occupancy.objects.get()
    assert list(occupancy.spaces.all()) == [room]
    url = reverse("hubs:occupancy-edit", args=[occupancy.pk])
    assert client.get(url).context["form"].initial["starts_on"] == "01/04/2026"
    bad = client.post(url, {"organisation": organisation.pk, "agreement": "licence", "starts_on": "1/4/2026",
                            "ends_on": "1/1/2026", "yearly_charge": "4800", "status": "active"})
    assert bad.status_code == 400
    client.post(url, {"organisation": organisation.pk, "spaces": [room.pk], "agreement": "licence",
                      "starts_on": "1/4/2026", "ends_on": "31/3/2029", "break_date": "1/4/2027",
                      "yearly_charge": "5200", "status": "active"})
    page = text(client.get(reverse("hubs:occupiers", args=[hub.slug])))
    assert "<del>4800.00</del> → <ins>5200.00</ins>" in page
    assert "Asha Patel" in page


def test_my_bookings_lists_upcoming_first_then_past(client, partner, room):
    past = BookingFactory(space=room, organisation=partner.organisation, purpose="Drop-in last month",
                          starts_at=at(timezone.localdate() - datetime.timedelta(days=30), "10:00"))
    soon = BookingFactory(space=room, organisation=partner.organisation, purpose="Drop-in next week")
    # Another group's booking, the next day: two bookings never share a room's time.
    BookingFactory(space=room, purpose="Another group", starts_at=soon.starts_at + datetime.timedelta(days=1),
                   ends_at=soon.ends_at + datetime.timedelta(days=1))
    client.force_login(partner)
    page = text(client.get(reverse("hubs:my-bookings")))
    assert page.index(soon.purpose) < page.index(past.purpose)
    assert "Another group" not in page
    assert reverse("hubs:booking-cancel", args=[soon.pk]) in page
    assert reverse("hubs:booking-cancel", args=[past.pk]) not in page


# Query counts: the pages read a hub's rows in bulk.

def _grow(hub, n: int, organisation, user):
    """n more spaces, each occupied, booked in the dashboard's period, and requested next week."""
    start, _ = last_full_weeks(timezone.localdate())
    for i in range(n):
        space = SpaceFactory(hub=hub)
        services.occupancy_save(user=an_admin(), hub=hub, organisation=OrganisationFactory(), spaces=[space],
                                agreement="lease", starts_on=start, yearly_charge=1000,
                                ends_on=timezone.localdate() + datetime.timedelta(days=30 + i))
        past_day = start + datetime.timedelta(days=i % 5)
        BookingFactory(space=space, starts_at=at(past_day, "10:00"), ends_at=at(past_day, "11:00"),
                       organisation=organisation, requested_by=user)
        day = next_weekday(0) + datetime.timedelta(days=i % 5)
        BookingFactory(space=space, starts_at=at(day, "10:00"), ends_at=at(day, "11:00"), organisation=organisation,
                       requested_by=user, status=Booking.Status.REQUESTED)


# Each count includes the session and the user; the hub pages then read the hub and its managers.
# The most queries each page may run (PostgreSQL runs one more than SQLite on three of them);
# whatever the number, it is the same with 13 times the rows.
@pytest.mark.parametrize("page, queries", [("dashboard", 15), ("week", 6), ("requests", 6), ("my-bookings", 6)])
def test_page_queries_do_not_grow_with_rows(client, officer, hub, partner, page, queries,
                                            django_assert_max_num_queries, django_assert_num_queries):
    user = partner if page == "my-bookings" else officer
    url = reverse(f"hubs:{page}", args=[] if page == "my-bookings" else [hub.slug])
    if page == "week":
        url += f"?date={next_weekday(0):%Y-%m-%d}"
    _grow(hub, 1, partner.organisation, partner)
    client.force_login(user)
    client.get(url)  # warm up
    with django_assert_max_num_queries(queries) as few:
        assert client.get(url).status_code == 200
    _grow(hub, 12, partner.organisation, partner)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    if page == "dashboard":
        assert len(response.context["summary"].occupancies) == 13
        assert len(response.context["usage"].by_space) == 13
    else:
        assert text(response).count(partner.organisation.name) >= 13
