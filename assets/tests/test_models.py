import pytest
from django.contrib.auth.models import Group

from assets.models import Asset, Tenure


@pytest.mark.django_db
def test_the_asset_officers_group_holds_the_permission():
    group = Group.objects.get(name="Asset officers")
    assert list(group.permissions.values_list("codename", flat=True)) == ["manage_assets"]


@pytest.mark.django_db
def test_an_asset_keeps_its_uprn_leading_zero_and_its_history():
    asset = Asset.objects.create(asset_code="A1", name="Council House", uprn="010012809147", tenure=Tenure.FREEHOLD)
    asset.refresh_from_db()
    assert asset.uprn == "010012809147"
    assert asset.ward is None
    assert asset.history.count() == 1
