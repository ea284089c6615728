import io
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from assets.models import Asset, CommunityValue, EnergyRating, SizeUnit
from assets.selectors import register_csv_write
from assets.services import assets_import
from assets.services.register_format import EXPORT_COLUMNS

from .conftest import CHELTENHAM
from .factories import AssetFactory

SKIP = {"id", "version", "missing_since", "disposed_at", "is_demo"}


def records():
    return {a.asset_code: {k: v for k, v in model_to_dict(a).items() if k not in SKIP}
            for a in Asset.objects.order_by("asset_code")}


def export() -> bytes:
    out = io.StringIO()
    register_csv_write(out)
    return out.getvalue().encode()


@pytest.mark.django_db
def test_export_then_import_gives_the_same_records():
    assets_import(user=None, data=CHELTENHAM.read_bytes(), commit=True)
    AssetFactory(name="=HYPERLINK(1)", asset_code="BCC/1", easting=Decimal("406653.64"),
                 northing=Decimal("286948.41"), postcode="B1 1BB", size=Decimal("5300.50"),
                 size_unit=SizeUnit.SQUARE_METRES, services_offered="Council meetings, weddings",
                 reason_held="Seat of the council", community_value=CommunityValue.LISTED,
                 running_costs=Decimal("1250000.00"), maintenance_backlog=Decimal("320000.00"),
                 suitability="A", energy_rating=EnergyRating.D)
    assets_import(user=None, data=export(), commit=True)  # places the new one in its ward
    before = records()
    file = export()
    Asset.objects.all().delete()
    report = assets_import(user=None, data=file, commit=True)
    assert report.created == 494
    assert records() == before
    assert records()["BCC/1"]["ward"] is not None
    again = assets_import(user=None, data=file, commit=True)
    assert (again.unchanged, again.changed) == (494, False)


@pytest.mark.django_db
def test_the_export_has_the_codes_columns_in_its_order():
    AssetFactory(uprn="010012809147")
    header, row = export().decode().splitlines()
    assert header.split(",") == EXPORT_COLUMNS
    assert header.startswith("Organisation,OrganisationLabel,Organisation,OrganisationLabel,UPRN,AssetCode,")
    assert row.startswith("Birmingham City Council,E08000025,Birmingham City Council,E08000025,010012809147,")
