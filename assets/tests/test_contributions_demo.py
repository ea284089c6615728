"""The demonstration developer contributions `make demo` loads: what the demo councillor finds,
and that a second run adds nothing."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test.utils import override_settings

from assets.models import ContributionTransaction, DeveloperAgreement, DeveloperContribution, SpendByRisk
from assets.services import neighbourhood_cil as ncil
from wards.models import Ward

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """Made once for the module's tests (module_db), which only read it or change it in their own
    transaction."""
    with override_settings(DEBUG=True):  # demo_accounts refuses to run on a production site
        call_command("demo_accounts", verbosity=0)
    for command in ("demo_wards", "demo_plans", "demo_assets", "demo_contributions"):
        call_command(command, verbosity=0)


def test_the_demo_has_money_at_risk_and_neighbourhood_cil_for_the_councillor(demo):
    assert DeveloperAgreement.objects.filter(is_demo=True).count() == 5
    assert not DeveloperAgreement.objects.filter(is_demo=False).exists()
    assert {a.ward.gss_code for a in DeveloperAgreement.objects.all()} == {
        "E05011170", "E05011122", "E05011165", "E05011178"}
    assert list(DeveloperContribution.objects.filter(spend_by_risk=SpendByRisk.WITHIN_6_MONTHS)
                .values_list("reference", flat=True)) == ["DEMO-S106-SBHE-1-OS"]
    sparkbrook = Ward.objects.get(gss_code="E05011170")
    # 15% of the £160,000 CIL received this year; the cap (£100 x households) does not bind.
    assert ncil.available(sparkbrook, ncil.current_period()) == Decimal("24000.00")
    assert ContributionTransaction.objects.filter(status="allocated", priority__isnull=False).count() == 1
    assert not Group.objects.get(name="Planning obligations officers").user_set.exists()


def test_a_second_run_adds_nothing(demo):
    before = (DeveloperAgreement.objects.count(), ContributionTransaction.objects.count())
    call_command("demo_contributions", verbosity=0)
    assert (DeveloperAgreement.objects.count(), ContributionTransaction.objects.count()) == before
