import pytest
from django.urls import reverse

from assets.models import Asset
from assets.views.register import NOTHING_TO_CONFIRM

from .factories import AssetFactory
from .test_register_import import COUNCIL_HOUSE, LIBRARY, register

ALLOWED = {"asset_officer", "admin"}
REFUSED = ["hub_officer", "councillor", "partner", "resident"]


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def asset(db):
    return AssetFactory(postcode="B1 1BB")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["asset_officer", "admin", *REFUSED, "anonymous"])
def test_everyone_reads_the_register_and_an_asset(client, people, asset, who):
    client = client_for(client, people[who])
    assert client.get(reverse("assets:list")).status_code == 200
    page = client.get(reverse("assets:asset", args=[asset.pk]))
    assert page.status_code == 200
    assert (b"History of changes" in page.content) == (who in ALLOWED)
    assert client.get(reverse("assets:export")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["asset_officer", "admin", *REFUSED, "anonymous"])
def test_only_asset_officers_and_admins_keep_the_register(client, people, asset, who):
    client = client_for(client, people[who])
    pages = [reverse("assets:new"), reverse("assets:edit", args=[asset.pk]), reverse("assets:import"),
             reverse("assets:disposals")]
    for url in pages:
        status = client.get(url).status_code
        if who in ALLOWED:
            assert status == 200, url
        elif who == "anonymous":
            assert status == 302, url
        else:
            assert status == 403, url
    post = client.post(reverse("assets:disposal-confirm", args=[asset.pk]), {"version": 1})
    assert post.status_code == (302 if who in ALLOWED or who == "anonymous" else 403)
    if who == "anonymous":
        assert "/accounts/" in post["Location"]


@pytest.mark.django_db
def test_the_list_filters_by_ward_and_lists_those_outside_birmingham(client):
    AssetFactory(name="Council House", postcode="B1 1BB", ward_id=None)
    from assets.services import asset_place
    inside = AssetFactory(name="Library", ward=asset_place(postcode="B1 1BB").ward)
    AssetFactory(name="Cheltenham shop", tenure="Leasehold")
    page = client.get(reverse("assets:list"), {"ward": inside.ward.gss_code})
    assert [a.name for a in page.context["assets"]] == ["Library"]
    page = client.get(reverse("assets:list"), {"ward": "outside"})
    assert [a.name for a in page.context["assets"]] == ["Cheltenham shop", "Council House"]
    assert "Assets outside Birmingham's wards: 2 assets" in page.content.decode()
    page = client.get(reverse("assets:list"), {"tenure": "Leasehold"})
    assert [a.name for a in page.context["assets"]] == ["Cheltenham shop"]
    assert client.get(reverse("assets:list"), {"ward": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_an_officer_adds_an_asset_placed_in_its_ward_and_a_stale_edit_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(reverse("assets:new"), {
        "asset_code": "BCC/1", "uprn": "10033544614", "name": "Council House", "street": "Victoria Square",
        "post_town": "Birmingham", "postcode": "b1 1bb", "easting": "406653.64", "northing": "286948.41",
        "tenure": "Freehold", "running_costs": "£1,250,000"})
    asset = Asset.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("assets:asset", args=[asset.pk])
    assert (asset.uprn, asset.postcode, asset.ward.gss_code) == ("010033544614", "B1 1BB", "E05011151")
    edit = {"asset_code": "BCC/1", "name": "The Council House", "tenure": "Freehold", "version": 1}
    assert client.post(reverse("assets:edit", args=[asset.pk]), edit).status_code == 302
    asset.refresh_from_db()
    assert (asset.name, asset.version, asset.ward) == ("The Council House", 2, None)  # no location now
    stale = client.post(reverse("assets:edit", args=[asset.pk]), {**edit, "name": "Old"})
    assert stale.status_code == 409
    asset.refresh_from_db()
    assert asset.name == "The Council House"
    page = client.get(reverse("assets:asset", args=[asset.pk]))
    assert b"Name of the building or land: Council House" in page.content


@pytest.mark.django_db
def test_bad_form_input_is_a_400_not_a_500(client, officer):
    client.force_login(officer)
    response = client.post(reverse("assets:new"), {"asset_code": "", "name": "x", "tenure": "Fee simple",
                                                   "uprn": "abc", "easting": "1", "running_costs": "lots"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content


@pytest.mark.django_db
def test_an_officer_uploads_sees_the_problems_then_the_report_and_confirms(client, officer, media_root):
    client.force_login(officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("register.csv", register(COUNCIL_HOUSE.replace("Freehold", "Fee simple"), LIBRARY))
    page = client.post(reverse("assets:import"), {"file": bad})
    assert page.status_code == 400
    assert "line 2 (asset BCC/00001): tenure &#x27;Fee simple&#x27; is not Freehold, Leasehold or Other" in (
        page.content.decode())
    first = client.post(reverse("assets:import"), {"file": SimpleUploadedFile("r.csv", register(LIBRARY))})
    staged = first.context["confirm"].initial["token"]
    good = SimpleUploadedFile("register.csv", register(COUNCIL_HOUSE, LIBRARY))
    page = client.post(reverse("assets:import"), {"file": good})
    assert not (media_root / "asset-imports" / f"{staged}.csv").exists()  # replaced by the newer file
    assert page.status_code == 200 and b"assets: created 2, updated 0, unchanged 0" in page.content
    assert not Asset.objects.exists()
    token = page.context["confirm"].initial["token"]
    done = client.post(reverse("assets:import"), {"token": token})
    assert done.status_code == 302
    assert Asset.objects.count() == 2
    assert Asset.history.filter(history_user=officer).count() == 2
    again = client.post(reverse("assets:import"), {"token": token})  # the staged file is gone
    assert again.status_code == 302
    assert NOTHING_TO_CONFIRM in [str(m) for m in again.wsgi_request._messages]


@pytest.mark.django_db
@pytest.mark.parametrize("name, content, message", [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", b"The file must be a CSV file"),
    ("register.csv", b"\x89PNG\r\n\x1a\n\x00\x00", b"holds binary data"),
    ("register.csv", b"\x81\x8d\x8f\x90\x9d", b"not text in UTF-8 or Windows-1252"),
])
def test_a_file_that_is_not_a_register_gets_a_clear_message(client, officer, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    page = client.post(reverse("assets:import"), {"file": SimpleUploadedFile(name, content)})
    assert page.status_code == 400 and message in page.content


@pytest.mark.django_db
def test_an_officer_confirms_a_disposal(client, officer):
    from assets.services import assets_import

    assets_import(user=None, data=register(COUNCIL_HOUSE, LIBRARY), commit=True)
    assets_import(user=None, data=register(COUNCIL_HOUSE), commit=True)
    client.force_login(officer)
    page = client.get(reverse("assets:disposals"))
    library = Asset.objects.get(asset_code="BCC/00002")
    assert [a.pk for a in page.context["assets"]] == [library.pk]
    client.post(reverse("assets:disposal-confirm", args=[library.pk]), {"version": library.version})
    library.refresh_from_db()
    assert library.disposed_at is not None
    assert [a.asset_code for a in client.get(reverse("assets:list")).context["assets"]] == ["BCC/00001"]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 5000])
def test_the_list_page_runs_the_same_queries_for_10_or_5000_assets(client, django_assert_num_queries, rows):
    Asset.objects.bulk_create([Asset(asset_code=f"A{i}", name=f"Asset {i}", tenure="Freehold",
                                     holding_type="Land") for i in range(rows)])
    with django_assert_num_queries(4):
        assert client.get(reverse("assets:list")).status_code == 200
