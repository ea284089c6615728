import csv
from pathlib import Path

import pytest

from wards import selectors
from wards.models import Ward

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "birmingham-postcode-ward-reference-sample.csv"


@pytest.mark.parametrize("raw", ["b11 1aa", "B111AA", "  B11   1AA ", "b111Aa"])
def test_postcode_in_any_spacing_or_case(raw):
    assert selectors.postcode_normalise(raw) == "B11 1AA"
    match = selectors.ward_for_postcode(postcode=raw)
    assert match.ward.name == "Sparkbrook & Balsall Heath East"
    assert match.postcode == "B11 1AA"


@pytest.mark.parametrize("raw, message", [
    ("", selectors.POSTCODE_MISSING),
    (None, selectors.POSTCODE_MISSING),
    ("B11", selectors.POSTCODE_MALFORMED),
    ("not a postcode", selectors.POSTCODE_MALFORMED),
    ("B11 1AAA", selectors.POSTCODE_MALFORMED),
    ("'; DROP TABLE wards_ward;--", selectors.POSTCODE_MALFORMED),
])
def test_malformed_postcode_is_a_400_with_a_message(raw, message):
    with pytest.raises(selectors.WardLookupError) as caught:
        selectors.ward_for_postcode(postcode=raw)
    assert caught.value.status == 400
    assert caught.value.message == message


def test_postcode_outside_birmingham_is_a_404():
    with pytest.raises(selectors.WardLookupError) as caught:
        selectors.ward_for_postcode(postcode="sw1a 1aa")
    assert caught.value.status == 404
    assert "SW1A 1AA is not a Birmingham postcode" in caught.value.message


def test_reference_postcodes_match_ons_wards():
    with REFERENCE.open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 27
    for row in rows:
        assert selectors.ward_for_postcode(postcode=row["postcode"]).ward.gss_code == row["ward_code"], row


def test_every_ward_centre_is_found_inside_its_own_ward():
    for ward in Ward.objects.current():
        found = selectors.ward_for_point(latitude=ward.centroid_latitude, longitude=ward.centroid_longitude)
        assert found.ward.pk == ward.pk, ward.name


def test_point_outside_birmingham_is_a_404():
    with pytest.raises(selectors.WardLookupError) as caught:
        selectors.ward_for_point(latitude=51.5014, longitude=-0.1419)  # Westminster
    assert caught.value.status == 404


@pytest.mark.parametrize("lat, lon", [("abc", "1"), ("91", "0"), ("52", "-181"), (None, None), ("nan", "nan")])
def test_bad_point_is_a_400(lat, lon):
    with pytest.raises(selectors.WardLookupError) as caught:
        selectors.ward_for_point(latitude=lat, longitude=lon)
    assert caught.value.status == 400
