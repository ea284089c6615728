"""A hub's officers set it up in the browser: spaces and their rates, services and their times,
opening hours in several spells a day, closures and the bookings they cover; and the list of
their hubs shows the requests waiting at each."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from hubs.models import BookableBy, Booking, Closure, HubService, OpeningHours, Space, SpaceRate
from hubs.services import setup
from hubs.tests import officer_fixtures
from hubs.tests.factories import BookingFactory, HubFactory, HubServiceFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.errors import Conflict, Refused

pytestmark = pytest.mark.django_db

# The usual cast (hubs/tests/officer_fixtures.py).
hub = officer_fixtures.hub
officer = officer_fixtures.officer
room = officer_fixtures.room


def text(response) -> str:
    return html.unescape(response.content.decode())


def space_data(**extra) -> dict:
    return {"name": "Training room", "kind": "room", "capacity": "16", "floor_area_m2": "35.5",
            "bookable_by": BookableBy.COMMUNITY, "approval_needed": "on", "accessible": "on", "max_occupiers": "1",
            "notes": "",
            "rate_council": "", "rate_partner": "10", "rate_community": "7.50", "rate_private": "£25", **extra}


# Who may see each page

def pages(hub, room):
    service = HubServiceFactory(hub=hub)
    closure = Closure.objects.create(hub=hub, space=None, starts_on=next_weekday(0), ends_on=next_weekday(0),
                                     reason="Bank holiday")
    return [reverse("hubs:setup", args=[hub.slug]), reverse("hubs:space-new", args=[hub.slug]),
            reverse("hubs:space-edit", args=[room.pk]), reverse("hubs:space-remove", args=[room.pk]),
            reverse("hubs:service-new", args=[hub.slug]), reverse("hubs:service-edit", args=[service.pk]),
            reverse("hubs:service-remove", args=[service.pk]), reverse("hubs:opening-hours", args=[hub.slug]),
            reverse("hubs:closure-new", args=[hub.slug]), reverse("hubs:closure", args=[closure.pk]),
            reverse("hubs:closure-edit", args=[closure.pk]), reverse("hubs:closure-remove", args=[closure.pk])]


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("other_officer", 403), ("partner", 403),
                                         ("officer", 200), ("admin", 200)])
def test_only_the_hubs_officers_and_admins_open_the_setup_pages(client, officer, hub, room, who, status):
    users = {"officer": officer, "other_officer": UserFactory(officer=True),
             "partner": UserFactory(partner=True, organisation=OrganisationFactory()),
             "admin": UserFactory(admin=True)}
    HubFactory(managers=[users["other_officer"]])
    if who != "anonymous":
        client.force_login(users[who])
    for url in pages(hub, room):
        response = client.get(url)
        assert response.status_code == status, url
        if who == "anonymous":
            assert response["Location"].startswith("/accounts/login/") or "login" in response["Location"]


def test_another_hubs_officer_cannot_post_a_change(client, hub, room):
    stranger = UserFactory(officer=True)
    HubFactory(managers=[stranger])
    client.force_login(stranger)
    assert client.post(reverse("hubs:space-edit", args=[room.pk]), space_data()).status_code == 403
    assert client.post(reverse("hubs:space-remove", args=[room.pk])).status_code == 403
    assert Space.objects.get(pk=room.pk).name == "Community room"


# Spaces

def test_officer_adds_a_space_with_rates_and_sees_it_on_the_setup_page(client, officer, hub):
    client.force_login(officer)
    response = client.post(reverse("hubs:space-new", args=[hub.slug]), space_data(), follow=True)
    assert "Space added: Training room." in text(response)
    space = Space.objects.get(hub=hub, name="Training room")
    assert (space.capacity, space.floor_area_m2, space.bookable_by) == (16, Decimal("35.5"), BookableBy.COMMUNITY)
    assert dict(space.rates.values_list("booker_kind", "hourly_rate")) == {
        "partner": Decimal("10.00"), "community": Decimal("7.50"), "private": Decimal("25.00")}
    assert "Community group: £7.50" in text(response)


@pytest.mark.parametrize("field, value, message", [
    ("capacity", "0", "A space must hold at least 1 person"),
    ("capacity", "lots", "Enter how many people the space holds as a whole number, like 20"),
    ("capacity", "99999999999999999999", "A space holds 10,000 people at most"),
    ("floor_area_m2", "0", "The floor area must be at least 0.1 m²"),
    ("rate_private", "-5", "The amount cannot be less than £0"),
    ("name", "", "Enter the space's name"),
    ("max_occupiers", "0", "Enter a whole number of occupiers from 1 to 50"),
    ("max_occupiers", "51", "Enter a whole number of occupiers from 1 to 50"),
])
def test_bad_space_values_are_refused_in_plain_words(client, officer, hub, field, value, message):
    client.force_login(officer)
    response = client.post(reverse("hubs:space-new", args=[hub.slug]), space_data(**{field: value}))
    assert response.status_code == 400
    assert message in text(response)
    assert not Space.objects.filter(name="Training room").exists()


def test_two_spaces_of_a_hub_cannot_share_a_name(client, officer, hub, room):
    client.force_login(officer)
    response = client.post(reverse("hubs:space-new", args=[hub.slug]), space_data(name="Community room"))
    assert response.status_code == 400
    assert Space.objects.filter(hub=hub).count() == 1


def test_a_space_with_bookings_is_kept_and_an_unused_one_removed(client, officer, hub, room):
    BookingFactory(space=room)
    client.force_login(officer)
    response = client.post(reverse("hubs:space-remove", args=[room.pk]))
    assert response.status_code == 409
    assert "Community room has bookings" in text(response)
    spare = SpaceFactory(hub=hub, name="Spare room")
    response = client.post(reverse("hubs:space-remove", args=[spare.pk]), follow=True)
    assert "Space removed: Spare room." in text(response)
    assert list(Space.objects.filter(hub=hub)) == [room]


def test_changing_a_space_replaces_its_rates(client, officer, hub, room):
    SpaceRate.objects.create(space=room, booker_kind="private", hourly_rate=Decimal("30"))
    client.force_login(officer)
    form = client.get(reverse("hubs:space-edit", args=[room.pk]))
    assert 'value="30.00"' in text(form)
    client.post(reverse("hubs:space-edit", args=[room.pk]),
                space_data(name="Community room", capacity="25", rate_partner="", rate_community="",
                           rate_private="40"))
    room.refresh_from_db()
    assert room.capacity == 25
    assert dict(room.rates.values_list("booker_kind", "hourly_rate")) == {"private": Decimal("40.00")}


# Opening hours

def hours_data(**spells) -> dict:
    return {name: value for name, value in spells.items()}


def test_officer_sets_split_spells_for_a_day(client, officer, hub):
    client.force_login(officer)
    response = client.post(reverse("hubs:opening-hours", args=[hub.slug]), hours_data(
        d0_1_opens="09:00", d0_1_closes="13:00", d0_2_opens="14:00", d0_2_closes="17:00",
        d5_1_opens="10:00", d5_1_closes="12:30"), follow=True)
    assert "Opening hours saved." in text(response)
    spells = hub.opening_hours.order_by("weekday", "opens")
    assert [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in spells] == [
        (0, "09:00", "13:00"), (0, "14:00", "17:00"), (5, "10:00", "12:30")]
    assert "09:00 to 13:00 and 14:00 to 17:00" in text(response)


@pytest.mark.parametrize("data, message", [
    ({"d0_1_opens": "09:00", "d0_1_closes": "13:00", "d0_2_opens": "12:00", "d0_2_closes": "17:00"},
     "On Monday the spells 09:00 to 13:00 and 12:00 to 17:00 overlap"),
    ({"d2_1_opens": "17:00", "d2_1_closes": "09:00"}, "On Wednesday a spell must close after it opens"),
    ({"d1_1_opens": "09:00"}, "Enter both the time it opens and the time it closes, or neither"),
    ({"d1_1_opens": "nine", "d1_1_closes": "17:00"}, "24-hour time"),
])
def test_spells_that_do_not_hang_together_are_refused(client, officer, hub, data, message):
    before = list(OpeningHours.objects.filter(hub=hub).values_list("weekday", "opens", "closes"))
    client.force_login(officer)
    response = client.post(reverse("hubs:opening-hours", args=[hub.slug]), data)
    assert response.status_code == 400
    assert message in text(response)
    assert list(OpeningHours.objects.filter(hub=hub).values_list("weekday", "opens", "closes")) == before


def test_split_spells_govern_new_bookings(officer, hub, room):
    from hubs import services

    setup.opening_hours_set(user=officer, hub=hub, spells=[
        (0, datetime.time(9), datetime.time(13)), (0, datetime.time(14), datetime.time(17))])
    monday = next_weekday(0)
    with pytest.raises(Exception, match="open 09:00 to 13:00 and 14:00 to 17:00"):
        services.booking_create(space=room, requester=officer, starts_at=at(monday, "12:00"),
                                ends_at=at(monday, "15:00"), purpose="Meeting", attendees=3)


# Services

def test_officer_adds_a_service_with_its_times(client, officer, hub):
    organisation = OrganisationFactory(name="Shard End Advice")
    client.force_login(officer)
    response = client.post(reverse("hubs:service-new", args=[hub.slug]), {
        "name": "Benefits advice", "organisation": organisation.pk, "category": "advice",
        "description": "Help with benefits.", "is_active": "on",
        "d1_1_opens": "10:00", "d1_1_closes": "12:00", "d3_1_opens": "14:00", "d3_1_closes": "16:00"}, follow=True)
    assert "Service added: Benefits advice." in text(response)
    service = HubService.objects.get(hub=hub, name="Benefits advice")
    assert [(s.weekday, s.opens) for s in service.schedules.order_by("weekday")] == [
        (1, datetime.time(10)), (3, datetime.time(14))]
    assert "Tuesday 10:00 to 12:00; Thursday 14:00 to 16:00" in text(response)


def test_a_service_is_removed(client, officer, hub):
    service = HubServiceFactory(hub=hub, name="Job club")
    client.force_login(officer)
    response = client.post(reverse("hubs:service-remove", args=[service.pk]), follow=True)
    assert "Service removed: Job club." in text(response)
    assert not HubService.objects.filter(pk=service.pk).exists()


# Closures

def closure_data(day, last=None, **extra) -> dict:
    return {"space": "", "starts_on": f"{day:%d/%m/%Y}", "ends_on": f"{(last or day):%d/%m/%Y}",
            "reason": "Refurbishment", **extra}


def test_a_new_closure_lists_the_bookings_it_covers(client, officer, hub, room):
    other = SpaceFactory(hub=hub, name="Clinic room")
    monday = next_weekday(0, weeks_ahead=2)
    covered = BookingFactory(space=room, starts_at=at(monday, "10:00"), ends_at=at(monday, "11:00"),
                             status=Booking.Status.CONFIRMED)
    waiting = BookingFactory(space=room, starts_at=at(monday + datetime.timedelta(days=1), "10:00"),
                             ends_at=at(monday + datetime.timedelta(days=1), "11:00"), status=Booking.Status.REQUESTED)
    BookingFactory(space=room, starts_at=at(monday, "14:00"), ends_at=at(monday, "15:00"),
                   status=Booking.Status.CANCELLED)
    elsewhere = BookingFactory(space=other, starts_at=at(monday, "10:00"), ends_at=at(monday, "11:00"),
                               status=Booking.Status.CONFIRMED)
    BookingFactory(space=room, starts_at=at(monday + datetime.timedelta(days=7), "10:00"),
                   ends_at=at(monday + datetime.timedelta(days=7), "11:00"), status=Booking.Status.CONFIRMED)
    client.force_login(officer)
    response = client.post(reverse("hubs:closure-new", args=[hub.slug]),
                           closure_data(monday, monday + datetime.timedelta(days=1), space=room.pk), follow=True)
    page = text(response)
    assert "2 bookings still hold a slot on these days: move or cancel each." in page
    for booking in (covered, waiting):
        assert reverse("hubs:booking", args=[booking.pk]) in page
        assert reverse("hubs:booking-cancel", args=[booking.pk]) in page
    assert reverse("hubs:booking", args=[elsewhere.pk]) not in page  # another space stays open
    # Closing the whole hub covers the other space too.
    closure = Closure.objects.get()
    client.post(reverse("hubs:closure-edit", args=[closure.pk]), closure_data(monday))
    assert [b.pk for b in setup.bookings_in_closure(Closure.objects.get())] == [covered.pk, elsewhere.pk]


def test_a_closure_that_ends_before_it_starts_is_refused(client, officer, hub):
    client.force_login(officer)
    day = next_weekday(2)
    response = client.post(reverse("hubs:closure-new", args=[hub.slug]),
                           closure_data(day, day - datetime.timedelta(days=1)))
    assert response.status_code == 400
    assert setup.CLOSURE_ENDS_BEFORE_START in text(response)
    assert not Closure.objects.exists()


def test_a_closure_of_another_hubs_space_is_refused(client, officer, hub):
    foreign = SpaceFactory(hub=HubFactory())
    client.force_login(officer)
    response = client.post(reverse("hubs:closure-new", args=[hub.slug]), closure_data(next_weekday(2),
                                                                                     space=foreign.pk))
    assert response.status_code == 400
    assert not Closure.objects.exists()


def test_the_services_check_the_permission_themselves(hub, room):
    stranger = UserFactory(officer=True)
    with pytest.raises(Refused):
        setup.space_save(user=stranger, hub=hub, space=room, name="Mine", kind="room", capacity=2,
                         floor_area_m2=Decimal(10))
    with pytest.raises(Refused):
        setup.opening_hours_set(user=stranger, hub=hub, spells=[])
    with pytest.raises(Refused):
        setup.closure_save(user=stranger, hub=hub, space=None, starts_on=next_weekday(0), ends_on=next_weekday(0),
                           reason="No")
    with pytest.raises(Conflict):
        BookingFactory(space=room)
        setup.space_delete(user=hub.managers.get(), space=room)


# The list of an officer's hubs

def test_the_manage_list_shows_requests_waiting_and_links_to_setup(client, officer, hub, room):
    for day in (1, 2):
        BookingFactory(space=room, starts_at=at(next_weekday(day), "10:00"), ends_at=at(next_weekday(day), "11:00"),
                       status=Booking.Status.REQUESTED)
    BookingFactory(space=room, starts_at=at(next_weekday(3), "10:00"), ends_at=at(next_weekday(3), "11:00"),
                   status=Booking.Status.CONFIRMED)
    quiet = HubFactory(name="Quiet Hub", managers=[officer])
    client.force_login(officer)
    page = text(client.get(reverse("hubs:manage")))
    assert "2 requests awaiting approval" in page
    assert reverse("hubs:requests", args=[hub.slug]) in page
    assert reverse("hubs:setup", args=[hub.slug]) in page
    assert reverse("hubs:requests", args=[quiet.slug]) in page and "No requests awaiting approval" in page


def test_the_manage_pages_queries_do_not_grow(client, officer, hub, room, django_assert_num_queries,
                                              django_assert_max_num_queries):
    client.force_login(officer)
    urls = [reverse("hubs:manage"), reverse("hubs:setup", args=[hub.slug])]

    def counts():
        found = []
        for url in urls:
            with django_assert_max_num_queries(30) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    def add(n):
        space = SpaceFactory(hub=hub, name=f"Room {n}")
        SpaceRate.objects.create(space=space, booker_kind="private", hourly_rate=Decimal(20))
        HubServiceFactory(hub=hub)
        BookingFactory(space=space, status=Booking.Status.REQUESTED)
        Closure.objects.create(hub=hub, space=space, starts_on=next_weekday(0), ends_on=next_weekday(0), reason="x")
        HubFactory(managers=[officer])

    add(0)
    before = counts()
    for n in range(1, 5):
        add(n)
    assert counts() == before



def test_admin_saves_spaces_and_services_through_the_setup_services(admin_client, hub, monkeypatch):
    calls = []
    for name in ("space_save", "hub_service_save"):
        original = getattr(setup, name)
        monkeypatch.setattr(setup, name, lambda *, _f=original, _n=name, **kw: calls.append(_n) or _f(**kw))
    response = admin_client.post("/admin/hubs/space/add/", {
        "hub": hub.pk, "name": "Studio", "kind": "studio", "capacity": "0", "floor_area_m2": "30",
        "bookable_by": "staff", "notes": ""})
    assert response.status_code == 200 and not Space.objects.filter(name="Studio").exists()
    admin_client.post("/admin/hubs/space/add/", {
        "hub": hub.pk, "name": "Studio", "kind": "studio", "capacity": "10", "floor_area_m2": "30",
        "bookable_by": "staff", "notes": ""})
    organisation = OrganisationFactory()
    admin_client.post("/admin/hubs/hubservice/add/", {
        "hub": hub.pk, "name": "Job club", "organisation": organisation.pk, "description": "Jobs.",
        "category": "employment", "is_active": "on"})
    assert Space.objects.filter(name="Studio").exists() and HubService.objects.filter(name="Job club").exists()
    assert calls == ["space_save", "hub_service_save"]


def test_officer_marks_a_space_shared_by_several_occupiers(client, officer, hub):
    """Hot desks let to three organisations at once: the officer says so on the space's page, and
    lettings then admit three occupiers at a time (the occupancy rule reads it)."""
    client.force_login(officer)
    client.post(reverse("hubs:space-new", args=[hub.slug]), space_data(name="Hot desks", max_occupiers="3"))
    assert Space.objects.get(hub=hub, name="Hot desks").max_occupiers == 3
