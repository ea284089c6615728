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
