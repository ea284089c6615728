import pytest

from localism.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LISTS = [
    "/admin/accounts/user/", "/admin/accounts/organisation/", "/admin/wards/ward/",
    "/admin/wards/councillorseat/", "/admin/wards/postcode/", "/admin/wards/boundarygeneration/",
    "/admin/reports/report/", "/admin/django_celery_beat/periodictask/", "/admin/authtoken/tokenproxy/",
]


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_council_admin_can_use_the_admin_lists(client, url):
    client.force_login(UserFactory(admin=True))
    assert client.get(url).status_code == 200


def test_admin_search_and_filters(client):
    client.force_login(UserFactory(admin=True))
    page = client.get("/admin/wards/ward/", {"q": "Shard"}).content.decode()
    assert "Shard End" in page and "Acocks Green" not in page
    page = client.get("/admin/wards/ward/", {"constituency": "Sutton Coldfield"}).content.decode()
    assert "Sutton Trinity" in page and "Shard End" not in page
    OrganisationFactory(name="Midland Heart", kind="housing_association")
    page = client.get("/admin/accounts/organisation/", {"kind__exact": "housing_association"}).content.decode()
    assert "Midland Heart" in page
    assert client.get("/admin/wards/ward/", {"q": "E05011165"}).status_code == 200


def test_ward_admin_edit_page_opens(client):
    from wards.models import Ward

    client.force_login(UserFactory(admin=True))
    ward = Ward.objects.get(gss_code="E05011165")
    assert client.get(f"/admin/wards/ward/{ward.pk}/change/").status_code == 200


@pytest.mark.parametrize("role", ["councillor", "officer", "partner", None])
def test_other_roles_are_kept_out_of_admin(client, role):
    user = UserFactory(**({role: True} if role else {}))
    client.force_login(user)
    response = client.get("/admin/wards/ward/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.post("/admin/wards/ward/add/", {"name": "X"}).status_code == 302


def test_anonymous_is_sent_to_admin_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
