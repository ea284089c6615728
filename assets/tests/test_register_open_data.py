import pytest

from assets.services import assets_import
from localism.reports.models import Report
from localism.reports.services import ward_open_data_publish

from .test_register_import import COUNCIL_HOUSE, LIBRARY, register


@pytest.mark.django_db
def test_the_nightly_open_data_publishes_the_register_in_the_codes_columns_once_a_day():
    assert Report.Kind.ASSETS_CSV not in [r.kind for r in ward_open_data_publish()]  # no assets yet
    assets_import(user=None, data=register(COUNCIL_HOUSE, LIBRARY), commit=True)
    published = {r.kind: r for r in ward_open_data_publish()}
    report = published[Report.Kind.ASSETS_CSV]
    assert report.figures == {"assets": 2, "outside_birmingham": 0}
    content = report.file.read()
    assert content.startswith(b"Organisation,OrganisationLabel,Organisation,OrganisationLabel,UPRN,AssetCode,")
    assert assets_import(user=None, data=content, commit=False).unchanged == 2
    again = {r.kind: r for r in ward_open_data_publish()}
    assert again[Report.Kind.ASSETS_CSV].pk == report.pk
