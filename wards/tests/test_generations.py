"""A boundary review loads a new generation: unchanged wards stay the same rows."""

import copy
import csv
import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from hubs.tests.factories import HubFactory
from wards.models import BoundaryGeneration, Ward
from wards.services import WardFiles, WardImportError, wards_import
from wards.services.geography import WARDS_CSV, WARDS_GEOJSON, WARDS_SIMPLIFIED_GEOJSON
from wards.tests.factories_plans import WardPlanFactory

pytestmark = pytest.mark.django_db

ASTON, NEW_ASTON = "E05011121", "E05099901"
GENERATION_2026 = dict(name="2026 wards", valid_from=datetime.date(2026, 5, 7), legislation="A test order")
BEFORE, AFTER = datetime.date(2026, 5, 6), datetime.date(2026, 5, 7)


def _write_generation(tmp_path, *, redraw=(ASTON, NEW_ASTON), drop=(), extra_rows=()):
    """The 2018 files, with one ward redrawn under a new code and its boundary moved."""
    old, new = redraw
    with WARDS_CSV.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["ward_code"] not in drop]
    for r in rows:
        if r["ward_code"] == old:
            r["ward_code"] = new
    paths = {"wards_csv": tmp_path / "wards.csv"}
    with paths["wards_csv"].open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, *extra_rows])
    for key, source in (("boundaries", WARDS_GEOJSON), ("simplified", WARDS_SIMPLIFIED_GEOJSON)):
        data = json.loads(source.read_text(encoding="utf-8"))
        for feature in data["features"]:
            if feature["properties"]["ward_code"] == old:
                feature["properties"]["ward_code"] = new
                feature["geometry"] = _nudged(feature["geometry"])
        paths[key] = tmp_path / f"{key}.geojson"
        paths[key].write_text(json.dumps(data), encoding="utf-8")
    return WardFiles(**paths)


def _nudged(geometry):
    moved = copy.deepcopy(geometry)
    polygons = moved["coordinates"] if moved["type"] == "MultiPolygon" else [moved["coordinates"]]
    polygons[0][0][0][0] += 0.001
    polygons[0][0][-1][0] += 0.001  # a ring ends where it starts
    return moved


def test_a_review_keeps_unchanged_wards_as_the_same_rows(tmp_path):
    acocks_green = Ward.objects.get(gss_code="E05011118")
    hub = HubFactory()  # in Shard End
    plan = WardPlanFactory(wards=[acocks_green])
    before_pks = dict(Ward.objects.values_list("gss_code", "pk"))

    report = wards_import(generation=GENERATION_2026, files=_write_generation(tmp_path), postcodes=False)

    assert "wards: created 1, updated 0, unchanged 68, deleted 0, ended 1" in report.lines()
    assert dict(Ward.objects.exclude(gss_code=NEW_ASTON).values_list("gss_code", "pk")) == before_pks
    hub.refresh_from_db()
    assert hub.ward.gss_code == "E05011165" and hub.ward.pk == before_pks["E05011165"]
    assert list(plan.wards.all()) == [acocks_green]
    generation_2018 = BoundaryGeneration.objects.get(name="2018 wards")
    assert generation_2018.valid_to == BEFORE
    old_aston, new_aston = Ward.objects.get(gss_code=ASTON), Ward.objects.get(gss_code=NEW_ASTON)
    assert old_aston.generation_high == generation_2018
    assert (new_aston.generation_low.name, new_aston.generation_high, new_aston.slug) == ("2026 wards", None, "aston")
    acocks_green.refresh_from_db()
    assert (acocks_green.generation_low, acocks_green.generation_high) == (generation_2018, None)


def test_the_wards_in_force_change_on_the_day_only_by_the_redrawn_ward(tmp_path):
    wards_import(generation=GENERATION_2026, files=_write_generation(tmp_path), postcodes=False)

    before = set(Ward.objects.current(on=BEFORE).values_list("gss_code", flat=True))
    after = set(Ward.objects.current(on=AFTER).values_list("gss_code", flat=True))
    assert len(before) == len(after) == 69
    assert before - after == {ASTON}
    assert after - before == {NEW_ASTON}
    assert Ward.objects.current(on=datetime.date(2018, 5, 2)).count() == 0


def test_loading_the_generation_again_changes_nothing(tmp_path):
    files = _write_generation(tmp_path)
    wards_import(generation=GENERATION_2026, files=files, postcodes=False)
    before = list(Ward.objects.order_by("pk").values())

    report = wards_import(generation=GENERATION_2026, files=files, postcodes=False)

    assert not report.changed
    assert list(Ward.objects.order_by("pk").values()) == before


def test_a_dry_run_writes_nothing(tmp_path):
    report = wards_import(generation=GENERATION_2026, files=_write_generation(tmp_path), commit=False)
    assert report.changed
    assert not BoundaryGeneration.objects.filter(name="2026 wards").exists()
    assert not Ward.objects.filter(gss_code=NEW_ASTON).exists()
    assert Ward.objects.get(gss_code=ASTON).generation_high is None


def test_a_file_with_a_wrong_row_is_refused_whole(tmp_path):
    # Acocks Green keeps its code but its boundary moved: ONS would have given it a new code.
    files = _write_generation(tmp_path, redraw=("E05011118", "E05011118"))
    with pytest.raises(WardImportError) as refused:
        wards_import(generation=GENERATION_2026, files=files, postcodes=False)
    assert refused.value.problems == [
        "E05011118 Acocks Green: its boundary differs from the one it has in 2018 wards; "
        "a redrawn ward needs its new GSS code."
    ]
    assert not BoundaryGeneration.objects.filter(name="2026 wards").exists()
    assert BoundaryGeneration.objects.get().valid_to is None


def test_a_new_generation_must_come_after_the_latest(tmp_path):
    earlier = {**GENERATION_2026, "valid_from": datetime.date(2018, 5, 3)}
    with pytest.raises(WardImportError) as refused:
        wards_import(generation=earlier, files=_write_generation(tmp_path), postcodes=False)
    assert refused.value.problems == [
        "A new generation must come into force after the latest one, 2018 wards (2018-05-03)."
    ]


def test_loading_the_2018_wards_after_a_review_changes_nothing(tmp_path):
    wards_import(generation=GENERATION_2026, files=_write_generation(tmp_path), postcodes=False)
    before = list(Ward.objects.order_by("pk").values())
    call_command("load_wards", "--commit", "--skip-postcodes")
    assert list(Ward.objects.order_by("pk").values()) == before


def test_the_command_loads_a_later_generation(tmp_path, capsys):
    files = _write_generation(tmp_path)
    args = ["--generation", "2026 wards", "--valid-from", "2026-05-07", "--wards-csv", str(files.wards_csv),
            "--boundaries", str(files.boundaries)]
    call_command("load_wards", *args)
    assert "Dry run" in capsys.readouterr().out
    assert not Ward.objects.filter(gss_code=NEW_ASTON).exists()

    call_command("load_wards", *args, "--commit")
    assert "wards: created 1, updated 0, unchanged 68, deleted 0, ended 1" in capsys.readouterr().out
    assert Ward.objects.current(on=AFTER).filter(gss_code=NEW_ASTON).exists()


def test_the_command_names_the_wrong_rows(tmp_path):
    files = _write_generation(tmp_path, extra_rows=[{"ward_code": "E05099902", "ward_name": "Nowhere"}])
    with pytest.raises(CommandError, match=r"Line 71 \(E05099902\): no boundary for this code"):
        call_command("load_wards", "--generation", "2026 wards", "--valid-from", "2026-05-07",
                     "--wards-csv", str(files.wards_csv), "--boundaries", str(files.boundaries), "--commit")
    assert not Ward.objects.filter(gss_code=NEW_ASTON).exists()
