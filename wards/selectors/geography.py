"""Reads of wards: lists, the postcode and point look-ups."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Sum
from shapely.geometry import Point, shape

from ..models import BoundaryGeneration, CouncillorSeat, Postcode, Ward

# UK postcode shape (outward code, then inward digit + two letters); case and spaces are free.
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")

POSTCODE_MISSING = "Enter a postcode, like B11 1AA."
POSTCODE_MALFORMED = "Enter a real postcode, like B11 1AA."
POSTCODE_NOT_BIRMINGHAM = (
    "{postcode} is not a Birmingham postcode we know. Check it, or try a postcode nearby."
)
POINT_INVALID = "Enter a latitude between -90 and 90 and a longitude between -180 and 180."
POINT_NOT_IN_BIRMINGHAM = "That point is not inside any Birmingham ward."


class WardLookupError(Exception):
    """A look-up that cannot give a ward. `status` says why: 400 bad input, 404 not found."""

    def __init__(self, message: str, *, status: int, field: str):
        super().__init__(message)
        self.message, self.status, self.field = message, status, field


@dataclass(frozen=True)
class WardMatch:
    ward: Ward
    postcode: str | None = None
    approximate: bool = False


def postcode_normalise(raw: str | None) -> str:
    """'b11 1aa', 'B111AA', ' B11  1AA ' -> 'B11 1AA'. Raises WardLookupError (400) if malformed."""
    compact = re.sub(r"\s+", "", (raw or "")).upper()
    if not compact:
        raise WardLookupError(POSTCODE_MISSING, status=400, field="postcode")
    match = POSTCODE_RE.match(compact)
    if not match:
        raise WardLookupError(POSTCODE_MALFORMED, status=400, field="postcode")
    return f"{match.group(1)} {match.group(2)}"


def ward_for_postcode(*, postcode: str | None) -> WardMatch:
    formatted = postcode_normalise(postcode)
    row = (
        Postcode.objects.select_related("ward")
        .defer("ward__boundary", "ward__boundary_simplified")
        .filter(compact=formatted.replace(" ", ""))
        .first()
    )
    if row is None:
        raise WardLookupError(POSTCODE_NOT_BIRMINGHAM.format(postcode=formatted), status=404, field="postcode")
    return WardMatch(ward=row.ward, postcode=row.postcode, approximate=row.approximate)


def ward_for_point(*, latitude, longitude) -> WardMatch:
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise WardLookupError(POINT_INVALID, status=400, field="lat") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise WardLookupError(POINT_INVALID, status=400, field="lat")
    point = Point(lon, lat)
    # The bounding boxes narrow 69 wards to the one or few that might hold the point.
    candidates = Ward.objects.current().filter(
        min_latitude__lte=lat, max_latitude__gte=lat, min_longitude__lte=lon, max_longitude__gte=lon
    )
    for ward in candidates.defer("boundary_simplified"):
        if ward.boundary and shape(ward.boundary).covers(point):
            return WardMatch(ward=ward)
    raise WardLookupError(POINT_NOT_IN_BIRMINGHAM, status=404, field="lat")


def ward_list(*, constituency: str | None = None, name: str | None = None):
    wards = Ward.objects.current().without_geometry().with_councillors()
    if constituency:
        wards = wards.filter(constituency__iexact=constituency)
    if name:
        wards = wards.filter(name__icontains=name)
    return wards


def constituency_list() -> list[str]:
    return list(
        Ward.objects.current().order_by("constituency").values_list("constituency", flat=True).distinct()
    )


def ward_get(*, slug: str) -> Ward:
    """A current ward by its address, with its councillors; without its full boundary (a ward's
    page draws the generalised one; the look-ups and the GeoJSON download read the full one)."""
    return (Ward.objects.current().with_councillors().select_related("generation_low").defer("boundary")
            .get(slug=slug))


def city_totals() -> dict:
    totals = Ward.objects.current().aggregate(seats=Sum("seats"))
    return {"wards": Ward.objects.current().count(), "seats": totals["seats"] or 0}


def current_generation() -> BoundaryGeneration | None:
    return BoundaryGeneration.objects.current().first()


def ward_boundary_feature(ward: Ward) -> dict:
    """The ward's full boundary as a GeoJSON Feature, as the page and the API both publish it."""
    return {
        "type": "Feature",
        "id": ward.gss_code,
        "properties": {"gss_code": ward.gss_code, "name": ward.name, "seats": ward.seats,
                       "constituency": ward.constituency},
        "geometry": ward.boundary,
    }


def councillor_ids(wards=None, *, on: datetime.date | None = None) -> list[int]:
    """The users holding a seat on the day (today by default) in any of `wards` (a list or a
    queryset of wards or their ids), or in any ward when `wards` is None: who is told of what
    happens in a ward. One query."""
    by_ward = councillor_ids_by_ward(wards, on=on)
    return list(dict.fromkeys(pk for ids in by_ward.values() for pk in ids))


def councillor_ids_by_ward(wards=None, *, on: datetime.date | None = None) -> dict[int, list[int]]:
    """For each ward (of `wards`, or every ward when None) with a seat held on the day, the
    users holding one, by ward pk. One query."""
    seats = CouncillorSeat.objects.current(on).filter(councillor__isnull=False)
    if wards is not None:
        seats = seats.filter(ward__in=wards)
    found: dict[int, list[int]] = {}
    for ward_id, user_id in seats.values_list("ward_id", "councillor_id").order_by("ward_id", "councillor_id"):
        if user_id not in found.setdefault(ward_id, []):
            found[ward_id].append(user_id)
    return found


def champion_ids_by_ward(wards) -> dict[int, list[int]]:
    """The ward champions (council officers following a ward) of each of `wards`, by ward pk.
    One query."""
    from ..models import WardChampion

    found: dict[int, list[int]] = {}
    for ward_id, user_id in (WardChampion.objects.filter(ward__in=wards)
                             .values_list("ward_id", "officer_id").order_by("ward_id", "officer_id")):
        found.setdefault(ward_id, []).append(user_id)
    return found
