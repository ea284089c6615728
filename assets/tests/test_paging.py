"""The assets' lists a person reads are paged: the proposed uses, the nominations awaiting a
decision, the community asset transfers, the assets missing from the last import and the
contributions near their spend-by date each show one page, the rest on the next, a bad page
number gives a page, and the queries do not grow with the rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wards.tests.factories_plans import PriorityFactory

from ..models import (
    Asset,
    AssetUseProposal,
    CommunityAssetTransfer,
    CommunityValueNomination,
    DeveloperContribution,
    NeighbourhoodCilAccount,
    NeighbourhoodCilAllocation,
    SpendByRisk,
    Tenure,
)
from ..models.contributions import ContributionPurpose
from ..views.community_steps import PER_PAGE as COMMUNITY_PER_PAGE
from ..views.contributions import AGREEMENTS_PER_PAGE, ALLOCATIONS_PER_PAGE, AT_RISK_PER_PAGE
from ..views.proposals import PROPOSALS_PER_PAGE
from ..views.register import ASSETS_PER_PAGE
from .community_factories import asset_officer, community_organisation
from .contributions_factories import AgreementFactory, planning_obligations_officer, ward

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 9, 1)
MOMENT = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)


def assets(n: int, start: int = 0, **values) -> list[Asset]:
    return Asset.objects.bulk_create(
        Asset(asset_code=f"PAGE/{i:05d}", name=f"Building {i:05d}", street="Victoria Square", post_town="Birmingham",
              tenure=Tenure.FREEHOLD, holding_type="Land and Building", **values) for i in range(start, start + n))


def proposals(n, start=0):
    AssetUseProposal.objects.bulk_create(
        AssetUseProposal(asset=asset, proposed_use="A community café.", created_at=MOMENT + datetime.timedelta(hours=i))
        for i, asset in enumerate(assets(n, start), start=start))


def nominations(n, start=0):
    CommunityValueNomination.objects.bulk_create(
        CommunityValueNomination(asset=asset, nominating_group="Friends of the Hall", reason="A lunch club.",
                                 nomination_date=DAY, decision_due=DAY + datetime.timedelta(days=i))
        for i, asset in enumerate(assets(n, start), start=start))


def transfers(n, start=0):
    organisation = community_organisation(f"Trust {start}")
    CommunityAssetTransfer.objects.bulk_create(
        CommunityAssetTransfer(asset=asset, organisation=organisation, proposed_use="A community café.",
                               expression_of_interest_date=DAY - datetime.timedelta(days=i))
        for i, asset in enumerate(assets(n, start), start=start))


def missing(n, start=0):
    assets(n, start, missing_since=MOMENT)


def at_risk(n, start=0):
    agreement = AgreementFactory()
    DeveloperContribution.objects.bulk_create(
        DeveloperContribution(reference=f"C-{i:05d}", agreement=agreement, purpose=ContributionPurpose.OPEN_SPACE,
                              amount=Decimal("1000.00"), entry_date=DAY, spend_by_date=DAY + datetime.timedelta(days=i),
                              spend_by_risk=SpendByRisk.WITHIN_6_MONTHS) for i in range(start, start + n))


LISTS = {
    "proposals": ("assets:proposals", proposals, PROPOSALS_PER_PAGE, "proposals", asset_officer),
    "awaiting": ("assets:community-value-awaiting", nominations, COMMUNITY_PER_PAGE, "nominations", asset_officer),
    "transfers": ("assets:transfers", transfers, COMMUNITY_PER_PAGE, "transfers", asset_officer),
    "disposals": ("assets:disposals", missing, ASSETS_PER_PAGE, "assets", asset_officer),
    "at risk": ("contributions:at-risk", at_risk, AT_RISK_PER_PAGE, "contributions", planning_obligations_officer),
}


def rows_on(client, url, key) -> list:
    page = client.get(url)
    assert page.status_code == 200
    return [row.pk for row in page.context[key]]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_shows_a_page_then_the_rest(client, name):
    url_name, make, per_page, key, who = LISTS[name]
    client.force_login(who())
    make(per_page + 3)
    url = reverse(url_name)
    first = rows_on(client, url, key)
    assert len(first) == per_page
    rest = rows_on(client, url + "?page=2", key)
    assert len(rest) == 3 and set(rest).isdisjoint(first)
    assert rows_on(client, url, key) == first  # the same order every time
    body = client.get(url).content.decode()
    assert "Page 1 of 2" in body and 'href="?page=2"' in body


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("page", ["x", "0", "99", "9" * 30])
def test_a_bad_page_number_gives_a_page(client, name, page):
    url_name, make, per_page, key, who = LISTS[name]
    client.force_login(who())
    make(per_page + 3)
    assert len(rows_on(client, reverse(url_name) + f"?page={page}", key)) in (3, per_page)


@pytest.mark.parametrize("name", LISTS)
def test_the_queries_do_not_grow_with_the_rows(client, name):
    url_name, make, per_page, key, who = LISTS[name]
    client.force_login(who())
    make(per_page)
    one_page = queries(client, reverse(url_name))
    make(2 * per_page, start=per_page)
    assert queries(client, reverse(url_name)) == one_page


def test_the_proposals_filter_stays_in_the_pages_links(client):
    client.force_login(asset_officer())
    proposals(PROPOSALS_PER_PAGE + 1)
    body = client.get(reverse("assets:proposals") + "?status=proposed").content.decode()
    assert 'href="?status=proposed&amp;page=2"' in body


def test_a_confirmed_disposal_goes_back_to_its_page(client):
    client.force_login(asset_officer())
    missing(ASSETS_PER_PAGE + 2)
    asset = Asset.objects.order_by("asset_code").last()
    answer = client.post(reverse("assets:disposal-confirm", args=[asset.pk]), {"version": asset.version, "page": "2"})
    assert answer.url == reverse("assets:disposals") + "?page=2"
    assert client.get(answer.url).status_code == 200


# --- A ward's contributions: two lists on one page, each paged by its own parameter -----------

WARD_PAGE = "sparkbrook-and-balsall-heath-east"


def allocations(n: int, start: int = 0):
    account, _ = NeighbourhoodCilAccount.objects.get_or_create(ward=ward(), period="2026-27")
    priority = PriorityFactory()
    NeighbourhoodCilAllocation.objects.bulk_create(
        NeighbourhoodCilAllocation(account=account, priority=priority, description=f"Allocation {i:03}",
                                   amount=Decimal("10.00"), allocated_on=DAY - datetime.timedelta(days=i))
        for i in range(start, start + n))


def agreements(n: int, start: int = 0):
    for i in range(start, start + n):
        AgreementFactory(reference=f"S106-{i:04d}", name=f"Agreement {i:03}")


def test_a_wards_contributions_page_pages_its_two_lists_apart(client):
    allocations(ALLOCATIONS_PER_PAGE + 2)
    agreements(AGREEMENTS_PER_PAGE + 1)
    url = reverse("contributions:ward", args=[WARD_PAGE])
    first = client.get(url)
    body = first.content.decode()
    assert len(first.context["allocations"].object_list) == ALLOCATIONS_PER_PAGE
    assert len(first.context["agreements"].object_list) == AGREEMENTS_PER_PAGE
    assert "Allocation 000" in body and f"Allocation {ALLOCATIONS_PER_PAGE:03}" not in body
    assert "Agreement 000" in body and f"Agreement {AGREEMENTS_PER_PAGE:03}" not in body
    # Each list's next page is its own parameter, and returns to its own part of the page.
    assert 'href="?allocations=2#allocations"' in body and 'href="?page=2#agreements"' in body
    # Turning the allocations' page keeps the agreements' page, and the other way round.
    both = client.get(url + "?page=2&allocations=2")
    body = both.content.decode()
    assert [a.description for a in both.context["allocations"].object_list] == [
        f"Allocation {i:03}" for i in (ALLOCATIONS_PER_PAGE, ALLOCATIONS_PER_PAGE + 1)]
    assert [a.name for a in both.context["agreements"].object_list] == [f"Agreement {AGREEMENTS_PER_PAGE:03}"]
    assert 'href="?page=2&amp;allocations=1#allocations"' in body
    assert 'href="?page=1&amp;allocations=2#agreements"' in body


@pytest.mark.parametrize("bad", ["x", "0", "99", "9" * 30])
def test_a_bad_page_of_a_wards_contributions_gives_a_page(client, bad):
    allocations(ALLOCATIONS_PER_PAGE + 2)
    page = client.get(reverse("contributions:ward", args=[WARD_PAGE]) + f"?allocations={bad}&page={bad}")
    assert page.status_code == 200 and len(page.context["allocations"].object_list) in (2, ALLOCATIONS_PER_PAGE)


def test_a_wards_contributions_page_asks_as_much_for_three_pages_as_for_one(client):
    allocations(ALLOCATIONS_PER_PAGE)
    agreements(AGREEMENTS_PER_PAGE)
    url = reverse("contributions:ward", args=[WARD_PAGE])
    one_page = queries(client, url)
    allocations(2 * ALLOCATIONS_PER_PAGE, start=ALLOCATIONS_PER_PAGE)
    agreements(2 * AGREEMENTS_PER_PAGE, start=AGREEMENTS_PER_PAGE)
    assert queries(client, url) == one_page
