"""Factories and people for the tests of assets of community value and community asset transfers."""

import datetime

import factory
from django.contrib.auth.models import Group

from assets.models import Asset, CommunityAssetTransfer, CommunityValueNomination, GroupKind, Tenure
from assets.services import community_dates as dates
from localism.accounts.models import Organisation
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from wards.models import Ward

LADYWOOD = "E05011151"


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    asset_code = factory.Sequence(lambda n: f"ACV-TEST-{n:04d}")
    name = factory.Sequence(lambda n: f"Community Hall {n}")
    street = "1 Test Street"
    post_town = "Birmingham"
    postcode = "B1 1BB"
    tenure = Tenure.FREEHOLD
    ward = factory.LazyFunction(lambda: Ward.objects.current().get(gss_code=LADYWOOD))


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination received on 1 September 2026, not yet decided."""

    class Meta:
        model = CommunityValueNomination

    asset = factory.SubFactory(AssetFactory)
    ward = factory.LazyAttribute(lambda n: n.asset.ward if n.asset else None)
    nominating_group = "Friends of the Hall"
    nominating_group_kind = GroupKind.VOLUNTARY_COMMUNITY_BODY
    reason = "Meetings, a lunch club and a youth club every week."
    nomination_date = datetime.date(2026, 9, 1)
    decision_due = factory.LazyAttribute(lambda n: dates.decision_due(n.nomination_date))


def listed(on=datetime.date(2026, 9, 20), **kwargs) -> CommunityValueNomination:
    values = {"status": CommunityValueNomination.Status.LISTED, "decision": CommunityValueNomination.Decision.LISTED,
              "decision_date": on, "decision_reason": "Furthers the community's social wellbeing.",
              "expiry_date": dates.listing_expires(on), "review_request_due": dates.review_request_due(on)}
    return NominationFactory(**values | kwargs)


def community_organisation(name="Ladywood Community Trust"):
    return OrganisationFactory(name=name, kind=Organisation.Kind.VOLUNTARY_COMMUNITY)


def transfer(**kwargs) -> CommunityAssetTransfer:
    organisation = kwargs.pop("organisation", None) or community_organisation()
    contact = kwargs.pop("contact", None) or UserFactory(organisation=organisation)
    values = {"asset": kwargs.pop("asset", None) or AssetFactory(), "organisation": organisation, "contact": contact,
              "proposed_use": "A community café and advice sessions.",
              "expression_of_interest_date": datetime.date(2026, 10, 1)}
    return CommunityAssetTransfer.objects.create(**values | kwargs)


def asset_officer(**kwargs):
    user = UserFactory(officer=True, **kwargs)
    user.groups.add(Group.objects.get(name="Asset officers"))
    return user


def people() -> dict:
    """One user of each role the permission matrix asks about (None: anonymous)."""
    from django.contrib.auth.models import AnonymousUser

    return {
        "asset officer": asset_officer(),
        "hub officer": UserFactory(officer=True),
        "councillor": UserFactory(councillor=True),
        "partner": UserFactory(partner=True, organisation=OrganisationFactory(
            name="Birmingham Community Healthcare NHS Trust", kind=Organisation.Kind.NHS_BODY)),
        "resident": UserFactory(),
        "anonymous": AnonymousUser(),
    }
