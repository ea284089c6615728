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


@dataclass(frozen=True)
class _Frame:
    """The projection `boundary_svg` draws with: the bounds, the cos(latitude) factor, the scale."""

    west: float
    north: float
    k: float
    scale: float
    padding: int

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.padding + (lon - self.west) * self.k * self.scale,
                self.padding + (self.north - lat) * self.scale)


def _frame(rings: list, width: int, padding: int) -> tuple[_Frame, int, int]:
    lats = [lat for ring in rings for _, lat in ring]
    lons = [lon for ring in rings for lon, _ in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * k, max(lats) - min(lats)
    scale = (width - 2 * padding) / max(span_x, span_y, 1e-9)
    frame = _Frame(west=min(lons), north=max(lats), k=k, scale=scale, padding=padding)
    return frame, int(span_x * scale + 2 * padding), int(span_y * scale + 2 * padding)


def boundary_svg(geometry: dict | None, *, width: int = 600, padding: int = 10) -> SvgShape | None:
    """Project with longitudes scaled by cos(latitude), which is true to shape at a city's size."""
    if not geometry:
        return None
    rings = list(_rings(geometry))
    frame, draw_width, height = _frame(rings, width, padding)

    def xy(lon, lat):
        x, y = frame.xy(lon, lat)
        return f"{x:.1f},{y:.1f}"

    path = " ".join("M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z" for ring in rings)
    return SvgShape(view_box=f"0 0 {draw_width} {height}", path=path, width=draw_width, height=height)


@dataclass(frozen=True)
class SvgPoint:
    x: float
    y: float
    item: object  # what the point stands for (a Link), for the template's title and link


def points_svg(geometry: dict | None, items: list, *, width: int = 600, padding: int = 10) -> list[SvgPoint]:
    """Place items with a `point` (longitude, latitude) on the drawing `boundary_svg` makes of the
    same geometry (same width and padding): the same bounds and projection, so a point lands
    where it is inside the boundary. Items without a point are left out."""
    if not geometry:
        return []
    frame, _, _ = _frame(list(_rings(geometry)), width, padding)
    placed = []
    for item in items:
        if item.point is None:
            continue
        x, y = frame.xy(*item.point)
        placed.append(SvgPoint(x=round(x, 1), y=round(y, 1), item=item))
    return placed


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
