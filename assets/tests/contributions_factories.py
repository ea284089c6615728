"""Factories and people for the developer contributions' tests. Dates are fixed, never today."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from assets.models import (
    AgreementType,
    ContributionPurpose,
    ContributionTransaction,
    DeveloperAgreement,
    DeveloperContribution,
    FundingStatus,
)
from localism.accounts.tests.factories import UserFactory
from wards.models import Ward

SPARKBROOK_EAST = "E05011170"
DAY = datetime.date(2026, 6, 1)


def ward(gss_code: str = SPARKBROOK_EAST) -> Ward:
    return Ward.objects.current().without_geometry().get(gss_code=gss_code)


def planning_obligations_officer():
    user = UserFactory(officer=True)
    user.groups.add(Group.objects.get(name="Planning obligations officers"))
    return user


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeveloperAgreement

    reference = factory.Sequence(lambda n: f"S106-{n:04d}")
    name = factory.Sequence(lambda n: f"Land at Stratford Road, site {n}")
    agreement_type = AgreementType.SECTION_106
    planning_application = factory.Sequence(lambda n: f"2025/{n:05d}/PA")
    entry_date = DAY
    start_date = DAY
    ward = factory.LazyFunction(ward)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeveloperContribution

    reference = factory.Sequence(lambda n: f"C-{n:04d}")
    agreement = factory.SubFactory(AgreementFactory)
    purpose = ContributionPurpose.OPEN_SPACE
    amount = Decimal("10000.00")
    entry_date = DAY


class TransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionTransaction

    reference = factory.Sequence(lambda n: f"T-{n:04d}")
    contribution = factory.SubFactory(ContributionFactory)
    status = FundingStatus.RECEIVED
    amount = Decimal("10000.00")
    entry_date = DAY
    start_date = DAY


def cil_agreement(gss_code: str = SPARKBROOK_EAST, **kwargs):
    """A CIL liability in the ward, with its levy contribution."""
    agreement = AgreementFactory(agreement_type=AgreementType.CIL, ward=ward(gss_code), reference=_next_cil())
    return ContributionFactory(agreement=agreement, purpose=ContributionPurpose.CIL, **kwargs)


_cil = iter(range(1, 10_000))


def _next_cil() -> str:
    return f"CIL-{next(_cil):04d}"
