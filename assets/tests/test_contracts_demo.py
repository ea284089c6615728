"""The demonstration contracts `make demo` loads: four contracts in the demo wards (one city-wide),
each with a specification and a review, exactly one renewal window open for the demo councillor's
wards; a second run adds nothing. Today is fixed, as the demo's dates are relative to it."""

import datetime

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone

from assets.models import Contract, ContractReview, ServiceSpecification
from assets.selectors import contracts as selectors
from localism.accounts.models import User

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(scope="module")
def demo(module_db):
    """Made once for the module's tests (module_db), which only read it or change it in their own
    transaction. Today stays fixed for all of them, as a second run must see the same day."""
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS=12):
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
        with override_settings(DEBUG=True):  # demo_accounts refuses to run on a production site
            call_command("demo_accounts", verbosity=0)
        call_command("demo_wards", verbosity=0)
        call_command("demo_contracts", verbosity=0)
        yield


def _counts():
    return tuple(model.objects.count() for model in (Contract, ServiceSpecification, ContractReview))


def test_the_demo_has_one_window_open_for_the_councillors_wards(demo):
    contracts = Contract.objects.all()
    assert contracts.count() == 4 and all(c.is_demo for c in contracts)
    assert [c.title for c in contracts.filter(city_wide=True)] == ["Home care, city-wide"]
    assert all(c.specifications.count() == 1 and c.reviews.count() == 1 for c in contracts)
    councillor = User.objects.get(username="councillor")
    assert [c.title for c in selectors.contracts_open_to_input(councillor, today=TODAY)] == [
        "Youth services in Sparkbrook and Balsall Heath"]
    assert [c.title for c in Contract.objects.window_open(TODAY)] == ["Youth services in Sparkbrook and Balsall Heath"]


def test_running_the_demo_again_adds_nothing(demo):
    before = _counts()
    call_command("demo_contracts", verbosity=0)
    assert _counts() == before == (4, 4, 4)
