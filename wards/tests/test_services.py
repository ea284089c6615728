import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from wards.models import BoundaryGeneration, Postcode, Ward
from wards.services import wards_import_2018

pytestmark = pytest.mark.django_db


def test_birmingham_has_69_wards_electing_101_councillors():
    wards = Ward.objects.current()
    assert wards.count() == 69
    assert wards.aggregate(seats=Sum("seats"))["seats"] == 101
    by_size = dict(wards.values_list("seats").annotate(n=Count("pk")))
    assert by_size == {1: 37, 2: 32}


def test_every_ward_has_a_boundary_and_its_postcodes():
    assert not Ward.objects.current().filter(boundary__isnull=True).exists()
    assert Postcode.objects.count() == 34742
    # Every ward receives postcodes; the fewest any ward has is 172.
    fewest = Ward.objects.annotate(n=Count("postcodes")).order_by("n").first()
    assert fewest.n == 172


def test_postcodes_with_stand_in_coordinates_are_marked_approximate():
    assert Postcode.objects.filter(approximate=True).count() == 7746


def test_loading_again_changes_nothing():
    before = list(Ward.objects.order_by("pk").values())
    report = wards_import_2018(commit=True)
    assert not report.changed
    assert list(Ward.objects.order_by("pk").values()) == before
    assert BoundaryGeneration.objects.count() == 1


def test_command_reports_up_to_date_on_second_run(capsys):
    call_command("load_wards", "--commit")
    out = capsys.readouterr().out
    assert "wards: created 0, updated 0, unchanged 69, deleted 0" in out
    assert "Already up to date: nothing changed." in out


def test_command_without_commit_writes_nothing(capsys):
    Ward.objects.filter(gss_code="E05011118").update(name="Renamed")
    call_command("load_wards")
    out = capsys.readouterr().out
    assert "wards: created 0, updated 1, unchanged 68" in out
    assert "Dry run" in out
    assert Ward.objects.get(gss_code="E05011118").name == "Renamed"


def test_command_repairs_a_changed_ward():
    Ward.objects.filter(gss_code="E05011118").update(name="Renamed", seats=1)
    call_command("load_wards", "--commit", "--skip-postcodes")
    ward = Ward.objects.get(gss_code="E05011118")
    assert (ward.name, ward.seats) == ("Acocks Green", 2)
