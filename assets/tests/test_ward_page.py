"""The council's assets on the ward page (drawn by the wards app, which never imports assets:
they come through the "ward_assets" link provider): a list and dots on the boundary drawing,
with the same number of queries for 10 assets or 500."""

import re
from decimal import Decimal

import pytest

from assets.models import Asset, CommunityValue, Tenure
from assets.tests.factories import AssetFactory
from wards.geometry import boundary_svg, points_svg
from wards.models import Ward

pytestmark = pytest.mark.django_db

SHARD_END = "E05011165"


def _ward():
    return Ward.objects.current().get(gss_code=SHARD_END)


def _inside(ward) -> tuple[Decimal, Decimal]:
    """A point well inside the ward: the mean of its simplified boundary's first ring."""
    geometry = ward.boundary_simplified
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
    lon = sum(p[0] for p in ring) / len(ring)
    lat = sum(p[1] for p in ring) / len(ring)
    return Decimal(f"{lon:.6f}"), Decimal(f"{lat:.6f}")


def _assets(ward, count):
    lon, lat = _inside(ward)
    Asset.objects.bulk_create(
        Asset(asset_code=f"WARD/{ward.pk}/{n:05d}", name=f"Depot {n:05d}", tenure=Tenure.FREEHOLD, ward=ward,
              holding_type="Land and Building", latitude=lat, longitude=lon)
        for n in range(count)
    )


def test_the_ward_page_lists_its_assets_and_draws_them(client):
    ward = _ward()
    lon, lat = _inside(ward)
    listed = AssetFactory(name="Shard End Community Centre", ward=ward, tenure=Tenure.LEASEHOLD,
                          holding_type="Land and Building", community_value=CommunityValue.LISTED,
                          latitude=lat, longitude=lon)
    AssetFactory(name="Plot without a map reference", ward=ward, holding_type="Land")
    AssetFactory(name="Somewhere else", ward=Ward.objects.current().get(gss_code="E05011151"))
    html = client.get(ward.get_absolute_url()).content.decode()
    assert f"Council assets in {ward.name}" in html
    assert f'href="{listed.get_absolute_url()}">Shard End Community Centre</a>' in html
    assert "Leasehold · Land and Building" in html and "asset of community value" in html
    assert "Plot without a map reference" in html
    assert "Somewhere else" not in html
    # One dot: the asset without a point is listed but not drawn.
    dots = re.findall(r'<circle class="app-map__asset" cx="([\d.]+)" cy="([\d.]+)" r="6"><title>([^<]+)</title>', html)
    assert len(dots) == 1 and dots[0][2].startswith("Shard End Community Centre: Leasehold")


def test_a_disposed_of_asset_is_not_on_the_ward_page(client):
    from django.utils import timezone

    ward = _ward()
    AssetFactory(name="Sold depot", ward=ward, disposed_at=timezone.now())
    assert "Sold depot" not in client.get(ward.get_absolute_url()).content.decode()


def test_points_land_inside_the_drawing_where_the_boundary_is():
    ward = _ward()
    shape = boundary_svg(ward.boundary_simplified)
    lon, lat = _inside(ward)

    class Item:
        point = (float(lon), float(lat))

    class NoPoint:
        point = None

    [placed] = points_svg(ward.boundary_simplified, [Item(), NoPoint()])
    assert 0 < placed.x < shape.width and 0 < placed.y < shape.height
    # The corners of the bounds land at the padding, as the boundary's own path does.
    ring = ward.boundary_simplified["coordinates"][0]
    ring = ring[0] if ward.boundary_simplified["type"] == "MultiPolygon" else ring
    west, north = min(p[0] for p in ring), max(p[1] for p in ring)
    Item.point = (west, north)
    [corner] = points_svg(ward.boundary_simplified, [Item()])
    if ward.boundary_simplified["type"] == "Polygon":
        assert (corner.x, corner.y) == (10.0, 10.0)


def test_the_ward_page_takes_the_same_queries_with_10_or_500_assets(client, django_assert_num_queries,
                                                                  django_assert_max_num_queries):
    ward = _ward()
    _assets(ward, 10)
    client.get(ward.get_absolute_url())  # warm caches (sessions, content types)
    with django_assert_max_num_queries(40) as few:
        client.get(ward.get_absolute_url())
    Asset.objects.all().delete()
    _assets(ward, 500)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(ward.get_absolute_url())
    assert response.content.decode().count('class="app-map__asset"') == 500
