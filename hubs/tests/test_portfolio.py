"""The portfolio page: every hub and asset with its figures, by ward and city-wide; totals that
are the sums of the hubs (worked out here independently, from each hub's own dashboard figures
and its spaces); a constant number of queries with 10 or 5,000 assets; who may see it; sorting."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assets.models import Asset, SizeUnit, Tenure
from assets.tests.conftest import asset_officer
from assets.tests.factories import AssetFactory
from hubs.models import Space
from hubs.selectors import hub_income, last_full_weeks, utilisation
from hubs.selectors.portfolio import portfolio
from hubs.services.occupancy import occupancy_save
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory, at
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from wards.models import Ward

pytestmark = pytest.mark.django_db
URL = reverse("hubs:portfolio")
SPARKBROOK, LADYWOOD = "E05011170", "E05011151"


def ward(code):
    return Ward.objects.current().get(gss_code=code)


@pytest.fixture
def estate():
    """Three hubs in two wards (two of them sharing one building), with spaces, occupiers, room
    bookings in the utilisation period and this year, a closure; and two assets with no hub."""
    today = timezone.localdate()
    start, end = last_full_weeks(today)
    admin = UserFactory(admin=True)
    centre = AssetFactory(name="Shard End Centre", running_costs=Decimal("10000.01"), size=900,
                          size_unit=SizeUnit.SQUARE_METRES)
    library = AssetFactory(name="Sparkbrook Library building", running_costs=Decimal("5000"))
    a = HubFactory(name="Shard End Hub", asset=centre)
    b = HubFactory(name="Shard End Library", asset=centre)
    c = HubFactory(name="Sparkbrook Hub", ward=ward(SPARKBROOK), asset=library,
                   hours=[(d, "09:00", "13:00") for d in range(6)])
    office = SpaceFactory(hub=a, name="Office", floor_area_m2=Decimal("55.5"), bookable_by="nobody")
    room = SpaceFactory(hub=a, name="Room", floor_area_m2=Decimal("30"))
    hall = SpaceFactory(hub=b, name="Hall", floor_area_m2=Decimal("120.3"))
    SpaceFactory(hub=c, name="Studio", floor_area_m2=Decimal("40"))
    desks = SpaceFactory(hub=c, name="Desks", floor_area_m2=Decimal("80"), max_occupiers=4)
    occupancy_save(user=admin, hub=a, organisation=OrganisationFactory(), spaces=[office], agreement="lease",
                   starts_on=today - datetime.timedelta(days=200), yearly_charge=Decimal("12000"))
    occupancy_save(user=admin, hub=c, organisation=OrganisationFactory(), spaces=[desks], agreement="licence",
                   starts_on=today - datetime.timedelta(days=30), ends_on=today + datetime.timedelta(days=90),
                   yearly_charge=Decimal("3650.50"))
    BookingFactory(space=room, starts_at=at(start, "10:00"), ends_at=at(start, "12:30"), charge=Decimal("37.50"))
    BookingFactory(space=hall, starts_at=at(end - datetime.timedelta(days=2), "09:00"),
                   ends_at=at(end - datetime.timedelta(days=2), "17:00"), charge=Decimal("120"))
    BookingFactory(space=hall, starts_at=at(start, "09:00"), ends_at=at(start, "10:00"), status="cancelled",
                   charge=Decimal("15"))
    hall.closures.create(hub=b, starts_on=start + datetime.timedelta(days=1),
                         ends_on=start + datetime.timedelta(days=3), reason="Repairs")
    AssetFactory(name="Ladywood depot", ward=ward(LADYWOOD), size=Decimal("250"), size_unit=SizeUnit.SQUARE_METRES,
                 running_costs=Decimal("2500.25"))
    AssetFactory(name="Playing field", size=Decimal("3.2"), size_unit=SizeUnit.HECTARES)
    return {"hubs": [a, b, c], "start": start, "end": end, "year": today.year, "today": today}


def test_the_totals_are_the_sums_of_the_hubs(estate):
    hubs, year, start, end = estate["hubs"], estate["year"], estate["start"], estate["end"]
    figures = portfolio(year=year, start=start, end=end)
    rows = {r.name: r for r in figures.rows}
    # Worked out here, hub by hub, from each hub's own dashboard figures and its spaces.
    area = {h.name: sum((s.floor_area_m2 for s in Space.objects.filter(hub=h)), Decimal(0)) for h in hubs}
    income = {h.name: hub_income(h, year=year).total for h in hubs}
    use = {h.name: utilisation(h, start=start, end=end) for h in hubs}
    for h in hubs:
        row = rows[h.name]
        assert (row.floor_area, row.income) == (area[h.name], income[h.name])
        assert row.bookable_hours == pytest.approx(use[h.name].bookable)
        assert row.booked_hours == pytest.approx(use[h.name].booked)
    assert rows["Shard End Hub"].occupied == Decimal("55.5")
    assert rows["Sparkbrook Hub"].occupied == Decimal("80")
    assert rows["Sparkbrook Hub"].vacant == Decimal("40")
    # The shared building's running cost, shared to the penny.
    assert rows["Shard End Hub"].running_cost + rows["Shard End Library"].running_cost == Decimal("10000.01")

    total = figures.hubs_total
    assert total.hubs == 3
    assert total.floor_area == sum(area.values()) == Decimal("325.8")
    assert total.occupied == Decimal("135.5")
    assert total.vacant == Decimal("190.3")
    assert total.income == sum(income.values())
    assert total.income > 0
    assert total.running_cost == Decimal("15000.01")
    booked, bookable = sum(u.booked for u in use.values()), sum(u.bookable for u in use.values())
    assert total.utilisation == round(booked / bookable * 100, 1)
    # City-wide: the hubs and the two assets with no hub (the field measured in hectares adds no floor area).
    assert figures.city.floor_area == total.floor_area + Decimal("250")
    assert figures.city.running_cost == total.running_cost + Decimal("2500.25")
    assert (figures.city.hubs, figures.city.assets) == (3, 4)
    # By ward: each ward's figures are the sums of its rows, and the wards add up to the city.
    assert sum((w.floor_area for w in figures.wards), Decimal(0)) == figures.city.floor_area
    assert sum((w.income for w in figures.wards), Decimal(0)) == figures.city.income
    shard_end = next(w for w in figures.wards if w.name == "Shard End")
    assert shard_end.floor_area == area["Shard End Hub"] + area["Shard End Library"]


def test_the_page_shows_the_totals_an_asset_officer_reads(client, estate):
    client.force_login(asset_officer())
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Shard End Hub" in text and "Ladywood depot" in text
    assert "325.8" in text and "£15,000.01" in text  # the hubs' floor area and running cost


@pytest.mark.parametrize("who, status", [
    ("asset_officer", 200), ("admin", 200), ("hub_officer", 403), ("councillor", 403), ("partner", 403),
    ("resident", 403), ("anonymous", 302),
])
def test_only_asset_officers_and_admins_see_the_portfolio(client, who, status):
    hub_officer = UserFactory(officer=True)
    HubFactory(managers=[hub_officer])
    people = {"asset_officer": asset_officer(), "admin": UserFactory(admin=True), "hub_officer": hub_officer,
              "councillor": UserFactory(councillor=True), "partner": UserFactory(partner=True),
              "resident": UserFactory(), "anonymous": None}
    if people[who]:
        client.force_login(people[who])
    page = client.get(URL)
    assert page.status_code == status
    if who == "anonymous":
        assert reverse("login") in page["Location"]


def _assets(first, last):
    ladywood = ward(LADYWOOD)  # once, not a query for each of the 5,000
    Asset.objects.bulk_create([Asset(asset_code=f"BULK/{i:05d}", name=f"Plot {i}", tenure=Tenure.FREEHOLD,
                                     running_costs=Decimal(i), ward=ladywood) for i in range(first, last)],
                              batch_size=500)


def test_the_page_runs_a_constant_number_of_queries_with_10_or_5000_assets(client, django_assert_num_queries):
    client.force_login(UserFactory(admin=True))
    hubs = HubFactory.create_batch(3)
    for hub in hubs:
        SpaceFactory(hub=hub)
        BookingFactory(space=hub.spaces.get())
    _assets(0, 10)
    client.get(URL)  # warm the caches (session, user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    _assets(10, 5_000)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(URL + "?sort=running_cost&order=desc")
    assert page.status_code == 200
    assert page.context["figures"].city.assets == 5_000
    assert page.context["page"][0].name == "Plot 4999"


def test_sorting_is_by_links_that_say_how_the_column_is_sorted(client, estate):
    client.force_login(UserFactory(admin=True))
    page = client.get(URL + "?sort=floor_area&order=desc")
    names = [r.name for r in page.context["page"]]
    assert names[:3] == ["Ladywood depot", "Shard End Library", "Sparkbrook Hub"]  # 250, 120.3, 120 m²
    text = page.content.decode()
    assert 'aria-sort="descending"' in text
    assert "sort=floor_area&amp;order=asc" in text or "sort=floor_area&order=asc" in text
    ascending = client.get(URL + "?sort=name")
    assert [r.name for r in ascending.context["page"]][0] == "Ladywood depot"
    assert client.get(URL + "?sort=bogus").status_code == 200
