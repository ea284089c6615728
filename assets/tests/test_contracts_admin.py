"""Admin for the service contracts: every list and form opens, and a contract added in admin goes
through the service (its dates' rules refuse an end before the start, and nothing is saved)."""

import pytest

from assets.models import Contract
from localism.accounts.tests.factories import UserFactory

from .contracts_factories import commissioning_officer, directorate, make_contract, ward

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["contract", "supplier", "servicespecification", "contractreview", "wardinput"])
def test_every_list_and_add_form_opens(client, model):
    make_contract(commissioning_officer())
    client.force_login(UserFactory(admin=True, is_staff=True, is_superuser=True))
    assert client.get(f"/admin/assets/{model}/").status_code == 200
    assert client.get(f"/admin/assets/{model}/add/").status_code == (403 if model == "wardinput" else 200)


def test_a_contract_added_in_admin_keeps_the_services_rules(client):
    client.force_login(UserFactory(admin=True, is_staff=True, is_superuser=True))
    page = client.post("/admin/assets/contract/add/", {
        "ocid": "ocds-admin-1", "title": "Grounds maintenance", "description": "", "buyer": directorate().pk,
        "value": "1000", "period_start": "2027-01-01", "period_end": "2026-01-01", "decision_due": "2025-06-01",
        "wards": [ward().pk], "status": "active"})
    assert page.status_code == 200
    assert page.context["adminform"].form.errors == {"__all__": ["The contract's end must be on or after its start"]}
    assert not Contract.objects.exists()
