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


# Choices of related records refuse a number no id can be, as a choice that does not exist.

HUGE = ["99999999999999999999", "-99999999999999999999", str(2**63)]


@pytest.mark.parametrize("huge", HUGE)
def test_admin_refuses_a_users_group_or_organisation_no_id_can_be(client, huge):
    from django.contrib.auth.models import Group

    client.force_login(UserFactory(admin=True))
    user = UserFactory(username="asha", first_name="Asha", officer=True)
    editors = Group.objects.create(name="Editors")
    form = {"username": "asha", "first_name": "Asha", "last_name": user.last_name, "email": user.email,
            "is_active": "on", "role": user.role, "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00",
            "groups": [editors.pk, huge], "organisation": huge}
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", form)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Select a valid choice. {huge} is not one of the available choices." in page
    assert "Select a valid choice. That choice is not one of the available choices." in page
    assert list(user.groups.all()) == [] and user.organisation_id is None


@pytest.mark.parametrize("huge", HUGE)
def test_admin_refuses_a_groups_permission_no_id_can_be(client, huge):
    from django.contrib.auth.models import Group

    client.force_login(UserFactory(admin=True))
    response = client.post("/admin/auth/group/add/", {"name": "Editors", "permissions": [huge]})
    assert response.status_code == 200
    assert f"Select a valid choice. {huge} is not one of the available choices." in response.content.decode()
    assert not Group.objects.filter(name="Editors").exists()
