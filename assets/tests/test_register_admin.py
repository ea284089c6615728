import pytest
from django.urls import reverse

from assets.models import Asset
from localism.accounts.tests.factories import UserFactory

from .factories import AssetFactory


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_the_admin_list_runs_the_same_queries_however_many_assets(admin_client, django_assert_max_num_queries,
                                                                  rows):
    AssetFactory.create_batch(rows, ward_id=None)
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("admin:assets_asset_changelist")).status_code == 200


@pytest.mark.django_db
def test_the_admin_adds_and_changes_an_asset_through_the_service(admin_client):
    data = {"asset_code": "BCC/1", "name": "Council House", "tenure": "Freehold", "postcode": "B1 1BB",
            "uprn": "", "street": "", "post_town": "", "tenure_detail": "", "holding_type": "", "size_unit": "",
            "services_offered": "", "reason_held": "", "community_value": "", "suitability": "",
            "energy_rating": ""}
    response = admin_client.post(reverse("admin:assets_asset_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    asset = Asset.objects.get()
    assert asset.ward.gss_code == "E05011151"
    page = admin_client.get(reverse("admin:assets_asset_history", args=[asset.pk]))
    assert page.status_code == 200
    stale = admin_client.post(reverse("admin:assets_asset_change", args=[asset.pk]),
                              {**data, "name": "Old", "loaded_version": 0})
    assert stale.status_code == 200
    asset.refresh_from_db()
    assert asset.name == "Council House"
