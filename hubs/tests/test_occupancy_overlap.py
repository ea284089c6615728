"""An office is let to one occupier at a time: a second live occupancy of a space for any of the
same days is refused, by the service whatever calls it (page, admin, demo data) and, on
PostgreSQL, by the database even when requests arrive at once. A shared space takes as many
occupiers at once as it says. The dashboard's figures count each space once."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from hubs import selectors
from hubs.models import Occupancy, SpaceLetting
from hubs.services import occupancy as occupancy_services
from hubs.services.occupancy import occupancy_save
from hubs.tests.factories import HubFactory, SpaceFactory
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.errors import Invalid

D = datetime.date
TODAY = D(2026, 11, 30)
ATTEMPTS = 20
LADYPOOL_LEASE = ("Enterprise office 1 is let to Ladypool Homes from 1 May 2025 to 30 April 2030. "
                  "Choose other dates or another space.")


@pytest.fixture
def fixed_today(monkeypatch):
    localdate = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: (
        TODAY if value is None else localdate(value, timezone)))


@pytest.fixture
def officer():
    return UserFactory(officer=True)


@pytest.fixture
def farm_road(officer):
    return HubFactory(name="Farm Road", managers=[officer])


@pytest.fixture
def office(farm_road):
    return SpaceFactory(hub=farm_road, name="Enterprise office 1", kind="office", floor_area_m2=Decimal("17.5"))


@pytest.fixture
def lease(officer, farm_road, office):
    return let(officer, office, "Ladypool Homes", D(2025, 5, 1), D(2030, 4, 30), agreement="lease", charge=7200)


def let(user, space, organisation, starts_on, ends_on=None, *, agreement="licence", charge=0, status="active",
        occupancy=None, spaces=None):
    if isinstance(organisation, str):
        organisation = OrganisationFactory(name=organisation)
    return occupancy_save(user=user, hub=space.hub, organisation=organisation, spaces=spaces or [space],
                          agreement=agreement, starts_on=starts_on, ends_on=ends_on, yearly_charge=charge,
                          status=status, occupancy=occupancy)


def refusal(call) -> dict:
    with pytest.raises(Invalid) as error:
        call()
    return error.value.message_dict


pytestmark = pytest.mark.django_db


# --- The rule ------------------------------------------------------------------------------------

def test_a_second_licence_on_a_leased_office_is_refused_naming_the_lease(officer, office, lease):
    assert refusal(lambda: let(officer, office, "Stoney Lane Kitchen", D(2026, 1, 1), D(2026, 12, 31),
                               charge=2400)) == {"spaces": [LADYPOOL_LEASE]}
    assert list(Occupancy.objects.values_list("organisation__name", flat=True)) == ["Ladypool Homes"]
    assert SpaceLetting.objects.count() == 1


def test_an_agreement_may_start_the_day_after_another_ends_but_not_on_it(officer, office):
    let(officer, office, "First Tenant", D(2025, 4, 1), D(2026, 3, 31))
    let(officer, office, "Next Tenant", D(2026, 4, 1), D(2027, 3, 31))
    message = refusal(lambda: let(officer, office, "Too Early", D(2027, 3, 31)))["spaces"][0]
    assert message.startswith("Enterprise office 1 is let to Next Tenant from 1 April 2026 to 31 March 2027.")
    assert Occupancy.objects.count() == 2


def test_an_agreement_with_no_end_holds_the_space_from_its_start(officer, office):
    let(officer, office, "Council Use", D(2024, 1, 1))
    assert refusal(lambda: let(officer, office, "Later", D(2040, 1, 1), D(2040, 12, 31)))["spaces"][0].startswith(
        "Enterprise office 1 is let to Council Use from 1 January 2024, with no end date.")
    let(officer, office, "Before It", D(2023, 1, 1), D(2023, 12, 31))  # before it starts: free


def test_an_ended_occupancy_frees_the_space_and_a_proposed_one_holds_it(officer, office, lease):
    # A proposed occupancy holds the space: two offers of one office are not made at once.
    hopeful = refusal(lambda: let(officer, office, "Hopeful", D(2026, 1, 1), status="proposed"))
    assert hopeful == {"spaces": [LADYPOOL_LEASE]}
    # The record of a past occupier may overlap: it holds nothing.
    let(officer, office, "Former Occupier", D(2025, 1, 1), D(2025, 12, 31), status="ended")
    # Ending the lease frees the office; reopening it while another holds the office is refused.
    let(officer, office, lease.organisation, D(2025, 5, 1), D(2030, 4, 30), agreement="lease", status="ended",
        occupancy=lease)
    proposed = let(officer, office, "Hopeful", D(2026, 1, 1), status="proposed")
    assert refusal(lambda: let(officer, office, lease.organisation, D(2025, 5, 1), D(2030, 4, 30),
                               agreement="lease", occupancy=lease))["spaces"][0].startswith(
        "Enterprise office 1 is let to Hopeful from 1 January 2026, with no end date.")
    lease.refresh_from_db()
    assert lease.status == "ended" and proposed.status == "proposed"


def test_changing_an_occupancy_does_not_clash_with_itself_but_may_not_run_into_another(officer, office, lease):
    let(officer, office, lease.organisation, D(2025, 5, 1), D(2030, 4, 30), agreement="lease", charge=7500,
        occupancy=lease)
    later = let(officer, office, "Next Tenant", D(2030, 5, 1), D(2031, 4, 30))
    assert refusal(lambda: let(officer, office, later.organisation, D(2030, 4, 1), D(2031, 4, 30),
                               occupancy=later))["spaces"] == [LADYPOOL_LEASE]
    later.refresh_from_db()
    assert later.starts_on == D(2030, 5, 1)
    assert set(SpaceLetting.objects.values_list("occupancy_id", "starts_on")) == {
        (lease.pk, D(2025, 5, 1)), (later.pk, D(2030, 5, 1))}


def test_one_taken_space_among_several_is_named(officer, farm_road, office, lease):
    other = SpaceFactory(hub=farm_road, name="Enterprise office 2")
    assert refusal(lambda: let(officer, other, "Both Offices", D(2026, 1, 1), spaces=[other, office])) == {
        "spaces": [LADYPOOL_LEASE]}
    assert not other.lettings.exists()


def test_a_shared_space_takes_as_many_occupiers_at_once_as_it_says(officer, farm_road):
    desks = SpaceFactory(hub=farm_road, name="Hot desks", kind="desks", max_occupiers=2)
    let(officer, desks, "Council", D(2026, 1, 1), D(2026, 3, 31))
    let(officer, desks, "Police", D(2026, 1, 1), D(2026, 12, 31))
    assert refusal(lambda: let(officer, desks, "Third", D(2026, 3, 1), D(2026, 4, 30))) == {"spaces": [
        "Hot desks takes 2 occupiers at once, and is let to Council from 1 January 2026 to 31 March 2026; "
        "Police from 1 January 2026 to 31 December 2026. Choose other dates or another space."]}
    # From April only the police hold the desks: a second occupier fits beside them.
    let(officer, desks, "Third", D(2026, 4, 1), D(2026, 4, 30))
    assert Occupancy.objects.count() == 3


# --- Every way in goes through the rule ------------------------------------------------------------

def test_the_occupancy_page_refuses_a_double_letting_on_the_spaces(client, officer, farm_road, office, lease):
    client.force_login(officer)
    organisation = OrganisationFactory(name="Stoney Lane Kitchen")
    response = client.post(reverse("hubs:occupancy-new", args=[farm_road.slug]), {
        "organisation": organisation.pk, "spaces": [office.pk], "agreement": "licence", "starts_on": "1/1/2026",
        "ends_on": "31/12/2026", "break_date": "", "yearly_charge": "2400", "status": "active", "notes": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["spaces"] == [LADYPOOL_LEASE]
    assert Occupancy.objects.count() == 1


def test_admin_refuses_a_double_letting_on_the_spaces(client, farm_road, office, lease):
    client.force_login(UserFactory(admin=True))
    response = client.post("/admin/hubs/occupancy/add/", {
        "hub": farm_road.pk, "organisation": OrganisationFactory(name="Stoney Lane Kitchen").pk,
        "spaces": [office.pk], "agreement": "licence", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "yearly_charge": "2400", "status": "active"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["spaces"] == [LADYPOOL_LEASE]
    assert Occupancy.objects.count() == 1


def test_the_history_still_keeps_the_spaces(officer, office, lease):
    assert [list(h.spaces.values_list("space__name", flat=True)) for h in lease.history.all()] == [
        ["Enterprise office 1"]]


# --- At once ---------------------------------------------------------------------------------------

def test_twenty_attempts_one_after_another_let_the_office_once(officer, office):
    outcomes = []
    for n in range(ATTEMPTS):
        try:
            let(officer, office, f"Applicant {n}", D(2026, 1, 1) + datetime.timedelta(days=n), D(2027, 12, 31))
            outcomes.append("let")
        except Invalid:
            outcomes.append("refused")
    assert outcomes == ["let"] + ["refused"] * (ATTEMPTS - 1)
    assert Occupancy.objects.get().organisation.name == "Applicant 0"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite runs one write transaction at a time and ignores SELECT ... FOR UPDATE: "
                           "there the sequential test above is what the rule can be shown to keep.")
def test_twenty_attempts_at_once_let_the_office_once(birmingham_wards):
    officer = UserFactory(officer=True)
    office = SpaceFactory(hub=HubFactory(managers=[officer]), name="Enterprise office 1")
    organisations = [OrganisationFactory(name=f"Applicant {n}") for n in range(ATTEMPTS)]
    barrier, outcomes = threading.Barrier(ATTEMPTS), [None] * ATTEMPTS

    def attempt(n):
        try:
            barrier.wait()
            let(officer, office, organisations[n], D(2026, 1, 1) + datetime.timedelta(days=n), D(2027, 12, 31))
            outcomes[n] = "let"
        except Invalid as error:
            outcomes[n] = error.message_dict["spaces"][0]
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes.count("let") == 1, outcomes
    winner = Occupancy.objects.get()
    refused = [o for o in outcomes if o != "let"]
    assert all(o.startswith(f"Enterprise office 1 is let to {winner.organisation.name} from") for o in refused)
    assert SpaceLetting.objects.filter(space=office, live=True).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite has no exclusion constraints: there the service's write transaction keeps "
                           "the rule.")
def test_the_database_refuses_an_overlapping_letting_made_behind_the_services_back(officer, office, lease):
    fields = {"space": office, "exclusive": True, "live": True}
    with pytest.raises(IntegrityError, match="letting_no_overlap_in_a_space"), transaction.atomic():
        SpaceLetting.objects.create(occupancy=Occupancy.objects.create(
            hub=office.hub, organisation=OrganisationFactory(), agreement="licence", starts_on=D(2030, 4, 30)),
            starts_on=D(2030, 4, 30), ends_on=None, **fields)
    # Not live, or the day after: no overlap.
    other = Occupancy.objects.create(hub=office.hub, organisation=OrganisationFactory(), agreement="licence",
                                     starts_on=D(2030, 5, 1))
    SpaceLetting.objects.create(occupancy=other, starts_on=D(2030, 5, 1), ends_on=None, **fields)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no exclusion constraints.")
def test_the_databases_refusal_is_the_same_plain_message(officer, office, lease, monkeypatch):
    # As if another request let the office between the check and the save.
    real, calls = occupancy_services._clash, []

    def late(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(occupancy_services, "_clash", late)
    assert refusal(lambda: let(officer, office, "Stoney Lane Kitchen", D(2026, 1, 1))) == {
        "spaces": [LADYPOOL_LEASE]}
    assert len(calls) == 2 and Occupancy.objects.count() == 1


# --- The dashboard's figures -----------------------------------------------------------------------

def farm_road_occupiers(officer, farm_road, office):
    clinic = SpaceFactory(hub=farm_road, name="Clinic room A", floor_area_m2=Decimal("15.5"))
    office2 = SpaceFactory(hub=farm_road, name="Enterprise office 2", floor_area_m2=Decimal("17.5"))
    office3 = SpaceFactory(hub=farm_road, name="Enterprise office 3", floor_area_m2=Decimal("17.5"))
    let(officer, clinic, "NHS", D(2024, 11, 1), D(2027, 10, 31), charge=11500)
    let(officer, office, "Ladypool Homes", D(2025, 5, 1), D(2030, 4, 30), agreement="lease", charge=7200)
    let(officer, office2, "Stoney Lane Kitchen", D(2025, 12, 1), D(2027, 1, 14), charge=1800)
    let(officer, office3, "Sparkbrook Youth Project", D(2026, 5, 1), D(2027, 4, 29), charge=1500)


def test_the_dashboard_income_stays_when_a_second_licence_is_refused(client, officer, farm_road, office,
                                                                     fixed_today):
    farm_road_occupiers(officer, farm_road, office)
    with pytest.raises(Invalid):
        let(officer, office, "Another Charity", D(2026, 6, 1), D(2027, 5, 31), charge=2400)
    client.force_login(officer)
    response = client.get(reverse("hubs:dashboard", args=[farm_road.slug]))
    summary = response.context["summary"]
    assert (summary.yearly_income, summary.occupied_area) == (Decimal("22000"), Decimal("68.0"))
    assert "£22,000.00" in response.content.decode()


def test_a_double_letting_from_before_the_rule_counts_once_and_is_shown(client, officer, farm_road, office,
                                                                         fixed_today):
    farm_road_occupiers(officer, farm_road, office)
    # Recorded before the rule existed, straight into the table.
    second = Occupancy.objects.create(hub=farm_road, organisation=OrganisationFactory(name="Another Charity"),
                                      agreement="licence", starts_on=D(2026, 6, 1), ends_on=D(2027, 5, 31),
                                      yearly_charge=2400)
    second.spaces.set([office])
    summary = selectors.hub_occupancy(farm_road, on=TODAY)
    assert (summary.yearly_income, summary.occupied_area) == (Decimal("22000"), Decimal("68.0"))
    [item] = summary.over_let
    assert [o.organisation.name for o in item["counted"]] == ["Ladypool Homes"]
    client.force_login(officer)
    page = client.get(reverse("hubs:dashboard", args=[farm_road.slug])).content.decode()
    assert "Enterprise office 1 is let to 2 occupiers at once (Ladypool Homes, Another Charity) but takes 1." in page
    assert "£22,000.00" in page


def test_a_shared_space_counts_once_in_the_area_and_each_occupier_pays(officer, farm_road):
    desks = SpaceFactory(hub=farm_road, name="Hot desks", floor_area_m2=Decimal("40"), max_occupiers=2)
    let(officer, desks, "Council", D(2026, 1, 1), charge=1000)
    let(officer, desks, "Police", D(2026, 1, 1), charge=500)
    summary = selectors.hub_occupancy(farm_road, on=TODAY)
    assert (summary.occupied_area, summary.yearly_income, summary.over_let) == (Decimal("40"), Decimal("1500"), [])


def test_the_api_counts_a_double_letting_once_and_lists_it(api_client, officer, farm_road, office, fixed_today):
    farm_road_occupiers(officer, farm_road, office)
    second = Occupancy.objects.create(hub=farm_road, organisation=OrganisationFactory(name="Another Charity"),
                                      agreement="licence", starts_on=D(2026, 6, 1), yearly_charge=2400)
    second.spaces.set([office])
    api_client.force_authenticate(officer)
    body = api_client.get(f"/api/v1/hubs/{farm_road.pk}/occupancy/").json()
    assert (body["yearly_income"], body["occupied_area_m2"]) == ("22000.00", "68.0")
    lease = Occupancy.objects.get(organisation__name="Ladypool Homes")
    assert body["over_let"] == [{"space": {"id": office.pk, "name": "Enterprise office 1"}, "max_occupiers": 1,
                                 "occupancies": [lease.pk, second.pk], "counted": [lease.pk]}]
