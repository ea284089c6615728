"""Admin adds transactions and neighbourhood CIL allocations through their services: an
over-spend or an over-allocation shows the service's message and saves nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assets.models import ContributionTransaction, NeighbourhoodCilAccount, NeighbourhoodCilAllocation
from assets.tests.contributions_factories import ContributionFactory, TransactionFactory, cil_agreement, ward
from localism.accounts.tests.factories import UserFactory
from wards.tests.factories_plans import PriorityFactory

pytestmark = pytest.mark.django_db


def test_an_over_spend_in_admin_shows_the_services_message(client):
    client.force_login(UserFactory(admin=True, is_staff=True, is_superuser=True))
    contribution = ContributionFactory()
    TransactionFactory(contribution=contribution, amount=Decimal("1000"))
    answer = client.post(reverse("admin:assets_contributiontransaction_add"), {
        "contribution": contribution.pk, "status": "spent", "amount": "1500", "start_date": "2026-06-02",
        "notes": "", "reference": ""})
    assert answer.status_code == 200
    assert "This would spend more than" in answer.content.decode(), answer.context["adminform"].form.errors
    assert ContributionTransaction.objects.count() == 1
    answer = client.post(reverse("admin:assets_contributiontransaction_add"), {
        "contribution": contribution.pk, "status": "spent", "amount": "1000", "start_date": "2026-06-02",
        "notes": "", "reference": ""})
    assert answer.status_code == 302
    assert ContributionTransaction.objects.count() == 2


def test_an_over_allocation_in_admin_shows_the_services_message(client):
    client.force_login(UserFactory(admin=True, is_staff=True, is_superuser=True))
    TransactionFactory(contribution=cil_agreement(), amount=Decimal("10000"), start_date=datetime.date(2026, 5, 1))
    account = NeighbourhoodCilAccount.objects.create(ward=ward(), period="2026/27")
    answer = client.post(reverse("admin:assets_neighbourhoodcilallocation_add"), {
        "account": account.pk, "priority": PriorityFactory().pk, "amount": "1500.01", "description": "Benches",
        "allocated_on": "2026-06-02"})
    assert answer.status_code == 200
    assert "£1,500.00 is available" in answer.content.decode()
    assert not NeighbourhoodCilAllocation.objects.exists()


def test_admin_keeps_a_contribution_with_money_to_its_purpose(client):
    client.force_login(UserFactory(admin=True, is_staff=True, is_superuser=True))
    contribution = ContributionFactory(reference="C-ADMIN", amount=Decimal("10000.00"))
    TransactionFactory(contribution=contribution, amount=Decimal("1000"))
    url = reverse("admin:assets_developercontribution_change", args=[contribution.pk])
    form = {"agreement": contribution.agreement_id, "reference": "C-ADMIN", "purpose": "education",
            "amount": "10000.00", "units": "", "notes": "", "organisation": "local-authority:BIR",
            "entry_date": "2026-06-01", "start_date": "", "end_date": "", "spend_by_date": ""}
    answer = client.post(url, form)
    assert answer.status_code == 200
    assert "C-ADMIN already has money recorded against it: its purpose cannot change" in answer.content.decode()
    answer = client.post(url, {**form, "purpose": contribution.purpose, "notes": "Checked with planning"})
    assert answer.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.purpose, contribution.notes) == ("open-space-and-leisure", "Checked with planning")
