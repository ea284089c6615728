import pytest
from django.core.management import CommandError, call_command

from assets.models import Asset, LocationSource, Tenure
from assets.services import AssetImportError, asset_disposal_confirm, assets_import
from assets.services.register_format import BAD_ENCODING, FILE_TOO_LARGE, MISSING_COLUMNS, NOT_TEXT
from localism.core.errors import Refused

from .conftest import CHELTENHAM
from .factories import AssetFactory

HEADER_2021 = ("Organisation,OrganisationLabel,Organisation,OrganisationLabel,UPRN,AssetCode,PropertyName,"
               "StreetName,PostTown,PostCode,GeoX,GeoY,TenureType,TenureDetail,HoldingType\r\n")
HEADER_2023 = ("Organisation,Organisation Label,UPRN,AssetCode,Site Address,GeoX,GeoY,TenureType,Tenure Detail,"
               "Holding Type\r\n")
COUNCIL_HOUSE = ('Birmingham City Council,E08000025,Birmingham City Council,E08000025,#10033544614,BCC/00001,'
                 'Council House,Victoria Square,Birmingham,"B1\n1BB",406653.64,286948.41,Freehold,'
                 'Occupied by the local authority,Land and Building\r\n')
LIBRARY = ('Birmingham City Council,E08000025,Birmingham City Council,E08000025,,BCC/00002,Library of '
           'Birmingham,Centenary Square,Birmingham,B1 2ND,,,Freehold,Occupied by the local authority,'
           'Land and Building\r\n')


def register(*rows: str) -> bytes:
    return (HEADER_2021 + "".join(rows)).encode()


@pytest.mark.django_db
def test_the_cheltenham_register_imports_with_its_quirks_and_no_birmingham_ward():
    report = assets_import(user=None, data=CHELTENHAM.read_bytes(), commit=True)
    assert report.rows == 493  # 498 rows; five repeat an asset id, and are named in the notes
    assert report.created == 493 and len(report.outside_birmingham) == 493
    assert len(report.notes) == 5
    assert "line 179 (asset 09/00069/Land) repeats line 178: taken once." in report.notes
    assert any(n.startswith("line 342 (asset 09/00996/SITE): the asset id is also on line 72") for n in report.notes)
    assert not Asset.objects.filter(ward__isnull=False).exists()
    first = Asset.objects.get(asset_code="09/00025/Land and Building")
    assert (first.uprn, first.postcode, first.tenure) == ("100121228178", "GL50 1DY", Tenure.FREEHOLD)
    # The 11-digit UPRNs lost their leading 0 in a spreadsheet: it is back.
    assert Asset.objects.get(asset_code="09/00996/SITE").uprn == "010012809443"
    # Stray "#" and line breaks inside cells are gone; a non-breaking space after Freehold too.
    assert Asset.objects.get(asset_code="09/00040/Land and Building").street == "High Street"
    assert Asset.objects.get(asset_code="09/00069/Land").street == "Car Park, St James Street"
    assert Asset.objects.get(asset_code="14/00023/STRUC").tenure == Tenure.FREEHOLD
    assert Asset.objects.filter(location_source=LocationSource.GRID).count() == 492


@pytest.mark.django_db
def test_a_dry_run_writes_nothing():
    report = assets_import(user=None, data=CHELTENHAM.read_bytes(), commit=False)
    assert report.created == 493
    assert not Asset.objects.exists()


@pytest.mark.django_db
def test_one_bad_tenure_refuses_the_whole_file_and_names_the_row():
    data = CHELTENHAM.read_bytes()
    bad = data.replace(b"GL50 1DY\n\",395265,222126,Freehold,Leasehold", b"GL50 1DY\n\",395265,222126,Fee simple,"
                       b"Leasehold", 1)
    assert bad != data
    with pytest.raises(AssetImportError) as refused:
        assets_import(user=None, data=bad, commit=True)
    assert refused.value.problems == [
        "line 2 (asset 09/00025/Land and Building): tenure 'Fee simple' is not Freehold, Leasehold or Other"]
    assert not Asset.objects.exists()


@pytest.mark.django_db
def test_every_bad_row_is_named():
    data = register(COUNCIL_HOUSE.replace("Freehold", "Fee simple"), LIBRARY.replace("B1 2ND", "NOT A CODE"),
                    LIBRARY.replace("BCC/00002", "BCC/00003").replace(",,Freehold", ",286948,Freehold"))
    with pytest.raises(AssetImportError) as refused:
        assets_import(user=None, data=data, commit=False)
    assert refused.value.problems == [
        "line 2 (asset BCC/00001): tenure 'Fee simple' is not Freehold, Leasehold or Other",
        "line 3 (asset BCC/00002): postcode 'NOT A CODE' is not a UK postcode",
        "line 4 (asset BCC/00003): the map reference needs both GeoX and GeoY",
    ]


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing():
    first = assets_import(user=None, data=CHELTENHAM.read_bytes(), commit=True)
    history = Asset.history.count()
    again = assets_import(user=None, data=CHELTENHAM.read_bytes(), commit=True)
    assert (again.created, again.updated, again.unchanged, again.changed) == (0, 0, first.created, False)
    assert Asset.history.count() == history


@pytest.mark.django_db
def test_birmingham_assets_get_their_wards_from_grid_or_postcode():
    assets_import(user=None, data=register(COUNCIL_HOUSE, LIBRARY), commit=True)
    house, library = Asset.objects.order_by("asset_code")
    assert (house.uprn, house.postcode, house.ward.gss_code, house.location_source) == (
        "010033544614", "B1 1BB", "E05011151", LocationSource.GRID)
    assert (library.uprn, library.ward.gss_code, library.location_source) == ("", "E05011151",
                                                                            LocationSource.POSTCODE)
    assert house.history.get().history_type == "+"


@pytest.mark.django_db
def test_the_2023_header_is_read_too():
    data = (HEADER_2023 + 'Birmingham City Council,E08000025,10033544614,BCC/00001,"Council House, Victoria '
            'Square, Birmingham B1 1BB",406653.64,286948.41,Freehold,Occupied by the local authority,Land and '
            'Building\r\n').encode()
    assets_import(user=None, data=data, commit=True)
    asset = Asset.objects.get()
    assert (asset.name, asset.postcode, asset.ward.gss_code) == (
        "Council House, Victoria Square, Birmingham", "B1 1BB", "E05011151")


@pytest.mark.django_db
def test_an_asset_missing_from_a_later_file_is_listed_for_disposal_not_deleted(officer):
    assets_import(user=None, data=register(COUNCIL_HOUSE, LIBRARY), commit=True)
    report = assets_import(user=officer, data=register(COUNCIL_HOUSE), commit=True)
    assert [a.asset_code for a in report.missing] == ["BCC/00002"]
    assert "missing from the file, listed for an asset officer to confirm disposal: 1 (BCC/00002)" in report.lines()
    library = Asset.objects.get(asset_code="BCC/00002")
    assert library.missing_since is not None and library.disposed_at is None
    assert list(Asset.objects.awaiting_disposal()) == [library]
    disposed = asset_disposal_confirm(user=officer, asset_id=library.pk, version=library.version)
    assert disposed.disposed_at is not None
    assert list(Asset.objects.held()) == [Asset.objects.get(asset_code="BCC/00001")]
    assert disposed.history.first().history_user == officer
    # Back in a file: held again.
    assets_import(user=officer, data=register(COUNCIL_HOUSE, LIBRARY), commit=True)
    assert Asset.objects.held().count() == 2


@pytest.mark.django_db
def test_demonstration_assets_are_not_listed_as_missing():
    AssetFactory(is_demo=True)
    report = assets_import(user=None, data=register(COUNCIL_HOUSE), commit=True)
    assert report.missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", NOT_TEXT),
    (b"\x81\x8d\x8f\x90\x9d", BAD_ENCODING),
    (b"name,colour\r\nbike,red\r\n", MISSING_COLUMNS.format(columns="AssetCode, TenureType, PropertyName (or "
                                                                     "Site Address)")),
    (b"", "The file is empty."),
    (HEADER_2021.encode(), "The file has a header but no assets."),
])
def test_a_file_that_is_not_a_register_gets_a_clear_message(data, message):
    with pytest.raises(AssetImportError) as refused:
        assets_import(user=None, data=data, commit=False)
    assert refused.value.problems == [message]


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(settings):
    settings.ASSETS_IMPORT_MAX_BYTES = 100
    with pytest.raises(AssetImportError) as refused:
        assets_import(user=None, data=register(COUNCIL_HOUSE, LIBRARY), commit=False)
    assert refused.value.problems == [FILE_TOO_LARGE.format(limit=100)]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["hub_officer", "councillor", "partner", "resident"])
def test_only_asset_officers_import(people, who):
    with pytest.raises(Refused):
        assets_import(user=people[who], data=register(COUNCIL_HOUSE), commit=False)


@pytest.mark.django_db
def test_the_command_is_a_dry_run_unless_committed(tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_bytes(register(COUNCIL_HOUSE))
    call_command("import_assets", str(path))
    assert "assets: created 1, updated 0, unchanged 0" in capsys.readouterr().out
    assert not Asset.objects.exists()
    call_command("import_assets", str(path), "--commit")
    assert Asset.objects.count() == 1
    call_command("import_assets", str(path), "--commit")
    assert "Already up to date" in capsys.readouterr().out
    path.write_bytes(register(COUNCIL_HOUSE.replace("Freehold", "Fee simple")))
    with pytest.raises(CommandError, match=r"line 2 \(asset BCC/00001\): tenure 'Fee simple'"):
        call_command("import_assets", str(path), "--commit")
