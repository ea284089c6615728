"""Placing an asset in its ward: from its map reference (a British National Grid easting and
northing, converted to WGS84 with pyproj and placed by the ward boundaries), else from its
postcode. An asset outside Birmingham's wards gets no ward: never the nearest or a guessed one."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pyproj import Transformer

from wards.models import Ward
from wards.selectors import WardLookupError, ward_for_point, ward_for_postcode

from ..models import LocationSource

SIX_PLACES = Decimal("0.000001")


@cache
def _bng_to_wgs84() -> Transformer:
    # always_xy: easting, northing in; longitude, latitude out.
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def grid_to_lat_lon(easting, northing) -> tuple[Decimal, Decimal]:
    """A British National Grid easting/northing (EPSG:27700) as WGS84 latitude and longitude,
    to six decimal places (about 10 cm)."""
    longitude, latitude = _bng_to_wgs84().transform(float(easting), float(northing))
    return Decimal(latitude).quantize(SIX_PLACES), Decimal(longitude).quantize(SIX_PLACES)


@dataclass(frozen=True)
class Placement:
    ward: Ward | None
    source: str  # a LocationSource
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def asset_place(*, easting=None, northing=None, latitude=None, longitude=None, postcode: str = "") -> Placement:
    """Where an asset is, and its ward (None outside Birmingham). A grid reference, or a latitude
    and longitude, is used first; without one, the postcode; without either, no location."""
    if easting is not None and northing is not None:
        latitude, longitude = grid_to_lat_lon(easting, northing)
    if latitude is not None and longitude is not None:
        try:
            ward = ward_for_point(latitude=latitude, longitude=longitude).ward
        except WardLookupError:
            ward = None
        return Placement(ward=ward, source=LocationSource.GRID, latitude=latitude, longitude=longitude)
    if postcode:
        try:
            ward = ward_for_postcode(postcode=postcode).ward
        except WardLookupError:
            ward = None
        return Placement(ward=ward, source=LocationSource.POSTCODE)
    return Placement(ward=None, source=LocationSource.NONE)
