"""Drawing a boundary without a map server: GeoJSON (WGS84) to an SVG path."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class SvgShape:
    view_box: str
    path: str
    width: int
    height: int


def _rings(geometry: dict):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def boundary_svg(geometry: dict | None, *, width: int = 600, padding: int = 10) -> SvgShape | None:
    """Project with longitudes scaled by cos(latitude), which is true to shape at a city's size."""
    if not geometry:
        return None
    rings = list(_rings(geometry))
    lats = [lat for ring in rings for _, lat in ring]
    lons = [lon for ring in rings for lon, _ in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * k, max(lats) - min(lats)
    scale = (width - 2 * padding) / max(span_x, span_y, 1e-9)
    height = int(span_y * scale + 2 * padding)
    draw_width = int(span_x * scale + 2 * padding)

    def xy(lon, lat):
        return f"{padding + (lon - min(lons)) * k * scale:.1f},{padding + (max(lats) - lat) * scale:.1f}"

    path = " ".join("M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z" for ring in rings)
    return SvgShape(view_box=f"0 0 {draw_width} {height}", path=path, width=draw_width, height=height)


@dataclass(frozen=True)
class CitySvg:
    """Several boundaries drawn to one scale: one path per geometry, in the order given (None for
    a geometry that is missing)."""

    view_box: str
    width: int
    height: int
    paths: list[str | None]


def city_svg(geometries: list[dict | None], *, width: int = 600, padding: int = 10) -> CitySvg | None:
    """Draw many boundaries (a city's wards) in one frame: the bounds, the cos(latitude) scaling
    of longitudes and the scale are shared, so the shapes sit where they are on the ground."""
    rings_of = [list(_rings(g)) if g else [] for g in geometries]
    points = [point for rings in rings_of for ring in rings for point in ring]
    if not points:
        return None
    lons, lats = [lon for lon, _ in points], [lat for _, lat in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    k = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * k, north - south
    scale = (width - 2 * padding) / max(span_x, span_y, 1e-9)
    height = int(span_y * scale + 2 * padding)
    draw_width = int(span_x * scale + 2 * padding)

    def xy(lon, lat):
        return f"{padding + (lon - west) * k * scale:.1f},{padding + (north - lat) * scale:.1f}"

    paths = [
        " ".join("M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z" for ring in rings) if rings else None
        for rings in rings_of
    ]
    return CitySvg(view_box=f"0 0 {draw_width} {height}", width=draw_width, height=height, paths=paths)
