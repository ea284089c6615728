import csv
import io
from decimal import Decimal

import pytest

from assets.models import LocationSource
from assets.services import asset_place
from assets.services.placement import grid_to_lat_lon

from .conftest import CHELTENHAM

LADYWOOD = "E05011151"


def test_the_council_house_grid_reference_is_in_central_birmingham():
    latitude, longitude = grid_to_lat_lon(Decimal("406653.64"), Decimal("286948.41"))
    assert (round(latitude, 3), round(longitude, 3)) == (Decimal("52.480"), Decimal("-1.903"))


@pytest.mark.django_db
def test_the_council_house_is_in_ladywood():
    place = asset_place(easting=Decimal("406653.64"), northing=Decimal("286948.41"))
    assert place.ward.gss_code == LADYWOOD
    assert place.source == LocationSource.GRID


@pytest.mark.django_db
def test_without_a_map_reference_the_postcode_places_it():
    place = asset_place(postcode="b1 1bb")
    assert place.ward.gss_code == LADYWOOD
    assert place.source == LocationSource.POSTCODE


@pytest.mark.django_db
def test_a_postcode_outside_birmingham_gives_no_ward():
    place = asset_place(postcode="GL50 1DY")
    assert place.ward is None and place.source == LocationSource.POSTCODE


@pytest.mark.django_db
def test_every_cheltenham_asset_is_outside_birminghams_wards():
    rows = list(csv.reader(io.StringIO(CHELTENHAM.read_bytes().decode("cp1252"), newline="")))[1:]
    assert len(rows) == 498
    places = [asset_place(easting=Decimal(r[10]), northing=Decimal(r[11])) if r[10].strip()
              else asset_place(postcode=r[9].strip()) for r in rows]
    assert [p for p in places if p.ward is not None] == []
    assert sum(p.source == LocationSource.GRID for p in places) == 497
