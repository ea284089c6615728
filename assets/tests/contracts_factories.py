"""What the service contracts' tests share: a commissioning officer (in the "Commissioning
officers" group), councillors of Sparkbrook & Balsall Heath East and of Shard End, one person of
each other role, and contracts built through the services with fixed dates."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission

from assets.models import Contract
from assets.services import contracts as services
from localism.accounts.models import Organisation
from localism.accounts.tests.factories import UserFactory
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

SBHE = "E05011170"  # Sparkbrook & Balsall Heath East
TODAY = datetime.date(2026, 6, 1)
# Decided 1 June 2027: with a 12-month window it opens on 1 June 2026 (TODAY).
DUE = datetime.date(2027, 6, 1)


def ward(code=SBHE) -> Ward:
    return Ward.objects.current().get(gss_code=code)


def other_ward() -> Ward:
    return Ward.objects.current().get(name="Shard End")


def commissioning_officer(username=None):
    group, _ = Group.objects.get_or_create(name="Commissioning officers")
    group.permissions.add(Permission.objects.get(content_type__app_label="assets", codename="manage_contracts"))
    user = UserFactory(officer=True, **({"username": username} if username else {}))
    user.groups.add(group)
    return user


def councillor_of(the_ward):
    user = UserFactory(councillor=True)
    CouncillorSeatFactory(ward=the_ward, councillor=user)
    return user


def directorate(name="Neighbourhoods Directorate") -> Organisation:
    return Organisation.objects.get_or_create(name=name, defaults={"slug": "neighbourhoods-directorate",
                                                                   "kind": Organisation.Kind.COUNCIL_DIRECTORATE})[0]


def make_contract(user, *, n=1, wards=None, city_wide=False, decision_due=DUE, **values) -> Contract:
    defaults = dict(ocid=f"ocds-test-{n:04d}", title=f"Street cleansing {n}", description="Sweeping and bins.",
                    buyer=directorate(), value=Decimal("1200000.00"), period_start=datetime.date(2023, 1, 1),
                    period_end=datetime.date(2027, 12, 31), max_extent_date=datetime.date(2029, 12, 31),
                    decision_due=decision_due, city_wide=city_wide, status=Contract.Status.ACTIVE)
    defaults.update(values)
    served = [] if city_wide else (wards if wards is not None else [ward()])
    return services.contract_create(user=user, wards=served, **defaults)


def priority_of(the_ward):
    return PriorityFactory(plan=WardPlanFactory(wards=[the_ward]), title=f"Cleaner streets in {the_ward.name}")


@pytest.fixture
def officer():
    return commissioning_officer()


@pytest.fixture
def roles():
    """One person of each role, by name (anonymous is None)."""
    return {
        "anonymous": None,
        "resident": UserFactory(),
        "partner": UserFactory(partner=True),
        "councillor_of_ward": councillor_of(ward()),
        "councillor_elsewhere": councillor_of(other_ward()),
        "officer": UserFactory(officer=True),
        "commissioning_officer": commissioning_officer(),
        "admin": UserFactory(admin=True),
    }
