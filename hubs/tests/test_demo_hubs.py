"""The demonstration hubs: the four LoCAL hubs with spaces, occupiers, services and bookings that
keep the booking rules, made once however often the command runs."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone

from hubs.models import BookableBy, Booking, Closure, Hub, HubService, Occupancy, ServiceSchedule, Space
from hubs.selectors import hub_occupancy
from localism.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db

MODELS = [Organisation, Hub, Space, Occupancy, HubService, ServiceSchedule, Closure, Booking]
DEMO_HUBS = {
    "new-aston-house": "E05011156",  # Newtown
    "farm-road-sparkbrook-community-and-health-centre": "E05011170",  # Sparkbrook & Balsall Heath East
    "shard-end-library": "E05011165",  # The Shard, Shard End
    "sutton-coldfield-library": "E05011178",  # Sutton Trinity
}


def run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def demo(module_db):
    """Made once for the module's tests (module_db), which only read it or change it in their own
    transaction. What the command refuses without its prerequisites is in
    test_demo_hubs_prerequisites.py, on an empty database."""
    with override_settings(DEBUG=True):  # demo_accounts refuses to run on a production site
        run("demo_accounts")
    run("load_libraries", "--commit")
    return run("demo_hubs")


def hubs():
    return Hub.objects.filter(slug__in=DEMO_HUBS).select_related("ward")


def test_creates_the_four_hubs_in_their_wards(demo):
    assert {h.slug: h.ward.gss_code for h in hubs()} == DEMO_HUBS
    new_aston, farm_road = Hub.objects.get(slug="new-aston-house"), Hub.objects.get(slug__startswith="farm-road")
    assert (new_aston.is_demo, farm_road.is_demo) == (True, True)
    assert farm_road.name == "Farm Road — Sparkbrook Community and Health Centre"
    assert new_aston.latitude and farm_road.longitude  # placed by their postcodes
    assert new_aston.opening_hours.count() == 5 and farm_road.opening_hours.count() == 6
    # The Shard and Sutton are the real library hubs, given demonstration spaces and services
    shard, sutton = Hub.objects.get(slug="shard-end-library"), Hub.objects.get(slug="sutton-coldfield-library")
    assert (shard.is_library, shard.is_demo, sutton.is_library, sutton.is_demo) == (True, False, True, False)
    assert Hub.objects.filter(postcode="B34 7AQ").count() == 1  # one hub for the building
    assert Hub.objects.count() == 37 + 2
    assert "Created " in demo and "Skipped" not in demo
    assert "The Shard, Shard End (added to the Shard End Library hub): created" in demo


def test_each_hub_is_run_by_the_demo_officer_and_has_spaces_of_each_use(demo):
    officer = User.objects.get(username="officer")
    for hub in hubs():
        assert list(hub.managers.all()) == [officer]
        spaces = list(hub.spaces.all())
        assert len(spaces) >= 7
        assert {s.bookable_by for s in spaces} >= {BookableBy.NOBODY, BookableBy.PARTNERS}
        assert all(s.capacity >= 1 and s.floor_area_m2 > 0 for s in spaces)
    kinds = set(Space.objects.filter(hub__in=hubs()).values_list("kind", flat=True))
    assert kinds >= {Space.Kind.ROOM, Space.Kind.CLINIC, Space.Kind.HALL, Space.Kind.DESKS, Space.Kind.OFFICE}


def test_occupiers_hold_each_kind_of_agreement(demo):
    today = timezone.localdate()
    occupancies = Occupancy.objects.filter(hub__in=hubs()).select_related("organisation")
    by_kind = {(o.organisation.kind, o.agreement) for o in occupancies}
    K, A = Organisation.Kind, Occupancy.Agreement
    assert {(K.NHS_BODY, A.LICENCE), (K.HOUSING_ASSOCIATION, A.LEASE), (K.POLICE, A.MOU),
            (K.COUNCIL_DIRECTORATE, A.COUNCIL_USE), (K.VOLUNTARY_COMMUNITY, A.LICENCE)} <= by_kind
    leases = [o for o in occupancies if o.agreement == A.LEASE]
    assert leases and all(o.starts_on <= o.break_date <= o.ends_on for o in leases)
    ending_soon = [o for o in occupancies if o.ends_on and today <= o.ends_on <= today + datetime.timedelta(days=183)]
    assert len(ending_soon) >= 3
    assert all(o.spaces.exists() and {s.hub_id for s in o.spaces.all()} == {o.hub_id} for o in occupancies)
    assert all(o.history.exists() for o in occupancies)  # made through the service, with history


def test_services_say_what_they_are_for_whom_how_and_when(demo):
    services = HubService.objects.filter(hub__in=hubs()).prefetch_related("schedules")
    assert services.count() >= 20
    assert len({s.category for s in services}) >= 8
    for service in services:
        assert service.is_demo and service.who_for and service.how_to_access and service.description
        assert service.schedules.exists()
        for row in service.schedules.all():
            assert row.opens < row.closes


def test_bookings_run_three_weeks_either_side_of_today_and_keep_the_rules(demo):
    today = timezone.localdate()
    bookings = list(Booking.objects.filter(space__hub__in=hubs())
                    .select_related("space__hub", "organisation", "requested_by"))
    days = {timezone.localtime(b.starts_at).date() for b in bookings}
    assert min(days) >= today - datetime.timedelta(days=21) and max(days) <= today + datetime.timedelta(days=21)
    assert any(d < today for d in days) and any(d > today for d in days)
    assert {h.pk for h in hubs()} == {b.space.hub_id for b in bookings}
    hours = {}
    for hub in hubs().prefetch_related("opening_hours"):
        hours[hub.pk] = [(h.weekday, h.opens, h.closes) for h in hub.opening_hours.all()]
    for b in bookings:
        start, end = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
        assert start.date() == end.date()
        spells = [(o, c) for d, o, c in hours[b.space.hub_id] if d == start.weekday()]
        assert any(o <= start.time() and end.time() <= c for o, c in spells), b
        assert b.space.bookable_by != BookableBy.NOBODY
        assert 1 <= b.attendees <= b.space.capacity
        assert b.status in Booking.HOLDING
    holding = [b for b in bookings if b.status in Booking.HOLDING]
    for b in holding:
        clashes = [o for o in holding if o.pk != b.pk and o.space_id == b.space_id
                   and o.starts_at < b.ends_at and b.starts_at < o.ends_at]
        assert not clashes, (b, clashes)


def test_the_partners_organisation_asks_for_rooms_and_some_requests_wait(demo):
    partner = User.objects.get(username="partner")
    today = timezone.localdate()
    theirs = Booking.objects.filter(organisation=partner.organisation, requested_by=partner)
    assert theirs.filter(status=Booking.Status.CONFIRMED).count() >= 8
    waiting = theirs.filter(status=Booking.Status.REQUESTED)
    assert waiting.exists()
    assert all(timezone.localtime(b.starts_at).date() > today for b in waiting)
    approved = theirs.filter(status=Booking.Status.CONFIRMED, space__approval_needed=True)
    assert approved.exists() and not approved.filter(decided_by__isnull=True).exists()
    assert not theirs.filter(space__bookable_by=BookableBy.STAFF).exists()


def test_organisations_of_the_demonstration_end_with_demo(demo):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert names and all(name.endswith("(demo)") for name in names)
    used = set(Booking.objects.exclude(organisation=None).values_list("organisation__name", flat=True))
    used |= set(Occupancy.objects.values_list("organisation__name", flat=True))
    assert used <= names


def test_a_second_run_creates_nothing(demo):
    before = counts()
    output = run("demo_hubs")
    assert counts() == before
    assert "Nothing new: the demonstration hubs are already in place." in output


def test_no_space_is_let_to_more_occupiers_than_it_takes_and_farm_road_earns_22000(demo):
    for hub in hubs():
        summary = hub_occupancy(hub)
        assert summary.over_let == [], hub
    farm_road = Hub.objects.get(name__startswith="Farm Road")
    assert hub_occupancy(farm_road).yearly_income == 22000
    shared = Space.objects.get(hub__postcode="B34 7AQ", name="Neighbourhood office")
    assert (shared.max_occupiers, shared.occupancies.count()) == (2, 2)


def test_bookable_demo_spaces_have_rates_and_the_bookings_of_partners_earn_income(demo):
    from hubs.models import SpaceRate

    bookable = Space.objects.filter(hub__in=hubs()).exclude(bookable_by=BookableBy.NOBODY)
    rated = set(SpaceRate.objects.filter(space__in=bookable).values_list("space_id", flat=True))
    assert rated and rated <= set(bookable.values_list("pk", flat=True))
    assert not SpaceRate.objects.filter(space__hub__in=hubs(), space__bookable_by=BookableBy.NOBODY).exists()
    charged = Booking.objects.filter(space__hub__in=hubs(), charge__gt=0)
    assert charged.exists()
    assert not charged.filter(organisation__kind="council_directorate").exists()
