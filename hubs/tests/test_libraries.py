"""Loading Birmingham's libraries as hubs: the open libraries of the shipped file, their opening
hours (lunch closures taken out), idempotent, a dry run that writes nothing, and a broken file
that is reported row by row and loads nothing."""

import csv
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hubs.library_file import (
    LIBRARIES_CSV,
    RowProblem,
    parse_hours,
    parse_lunch,
    split_for_lunch,
)
from hubs.models import Hub, OpeningHours

pytestmark = pytest.mark.django_db


def t(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


def load(*args) -> str:
    out = StringIO()
    call_command("load_libraries", *args, stdout=out)
    return out.getvalue()


def library_rows() -> list[dict]:
    with LIBRARIES_CSV.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def hours_of(slug: str) -> list[tuple]:
    return [(h.weekday, h.opens, h.closes) for h in OpeningHours.objects.filter(hub__slug=slug)]


def write_copy(tmp_path, change) -> tuple:
    """A copy of the libraries file with `change(rows)` applied; the row number (as a spreadsheet
    counts them, header first) of each library by name."""
    rows = library_rows()
    change(rows)
    path = tmp_path / "libraries.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, {row["Library name"]: n for n, row in enumerate(rows, start=2) if not row["Year closed"]}


def set_value(name: str, column: str, value: str):
    def change(rows):
        row = next(r for r in rows if r["Library name"] == name and not r["Year closed"])
        row[column] = value
    return change


# Loading the shipped file

def test_every_open_library_becomes_a_real_library_hub():
    output = load("--commit")
    open_rows = [r for r in library_rows() if not r["Year closed"].strip()]
    assert len(open_rows) == 37  # 44 rows, 7 of them closed or moved
    hubs = Hub.objects.all()
    assert hubs.count() == len(open_rows)
    assert set(hubs.values_list("is_library", "is_demo").distinct()) == {(True, False)}
    assert "library hubs: created 37, updated 0, unchanged 0" in output
    assert "Closed libraries left out: 7." in output
    assert not Hub.objects.filter(name="Birmingham Central").exists()
    assert not Hub.objects.filter(address="Shustoke Road").exists()  # Shard End's old library, closed 2012


def test_a_library_hub_has_its_address_place_ward_email_and_notes():
    load("--commit")
    shard = Hub.objects.select_related("ward").get(slug="shard-end-library")
    assert (shard.name, shard.address, shard.postcode) == ("Shard End Library", "The Shard, All Saints Square",
                                                           "B34 7AQ")
    assert (shard.latitude, shard.longitude) == (52.494937, -1.777267)
    assert (shard.ward.gss_code, shard.ward.name) == ("E05011165", "Shard End")
    assert shard.email == "shard.end.library@birmingham.gov.uk"
    assert shard.description == "Closed for lunch 1-2pm."
    bloomsbury = Hub.objects.get(slug="bloomsbury-library")
    assert bloomsbury.address == "The POD Oliver Street, Nechells Parkway"  # trailing space gone
    assert bloomsbury.description == "Closed for lunch, Tues & Weds 1-1.30pm. Shares its building with The POD."


def test_sutton_coldfield_library_opens_monday_to_saturday_half_nine_to_half_four():
    load("--commit")
    assert hours_of("sutton-coldfield-library") == [(day, t("09:30"), t("16:30")) for day in range(6)]


def test_shard_end_library_closes_for_lunch_on_each_weekday():
    load("--commit")
    assert hours_of("shard-end-library") == [
        spell for day in range(5) for spell in [(day, t("09:00"), t("13:00")), (day, t("14:00"), t("17:00"))]]


def test_lunch_closures_named_for_some_days_split_only_those_days():
    load("--commit")
    # "Closed for lunch, Tues & Weds 1-1.30pm"
    assert hours_of("bloomsbury-library") == [
        (0, t("09:00"), t("16:00")),
        (1, t("09:00"), t("13:00")), (1, t("13:30"), t("17:00")),
        (2, t("09:00"), t("13:00")), (2, t("13:30"), t("17:00")),
        (3, t("09:00"), t("16:00")), (4, t("09:00"), t("16:00")),
    ]
    # "Closed for lunch on Thurs 1-2pm.": Friday's 10:00-14:00 stays whole
    assert hours_of("stirchley-library") == [
        (1, t("09:00"), t("17:00")), (3, t("10:00"), t("13:00")), (3, t("14:00"), t("18:00")),
        (4, t("10:00"), t("14:00")), (5, t("09:00"), t("17:00")),
    ]
    # Mornings that end by one o'clock are left as they are
    assert (2, t("09:00"), t("12:00")) in hours_of("sheldon-library")
    assert (5, t("09:00"), t("13:00")) in hours_of("sheldon-library")
    # No hours published: a hub with no opening hours
    assert hours_of("aston-library") == []


def test_a_second_run_changes_nothing():
    load("--commit")
    ids = dict(Hub.objects.values_list("slug", "pk"))
    hours = list(OpeningHours.objects.order_by("pk").values_list("pk", "hub_id", "weekday", "opens", "closes"))
    output = load("--commit")
    assert "library hubs: created 0, updated 0, unchanged 37, deleted 0" in output
    assert "Already up to date: nothing changed." in output
    assert dict(Hub.objects.values_list("slug", "pk")) == ids
    assert list(OpeningHours.objects.order_by("pk").values_list("pk", "hub_id", "weekday", "opens", "closes")) == hours


def test_a_run_puts_back_what_has_drifted_from_the_file():
    load("--commit")
    sutton = Hub.objects.get(slug="sutton-coldfield-library")
    sutton.email = "someone@example.org"
    sutton.save()
    sutton.opening_hours.filter(weekday=5).delete()
    output = load("--commit")
    assert "library hubs: created 0, updated 1, unchanged 36" in output
    assert "opening hours: created 1, updated 0, unchanged 289, deleted 0" in output
    sutton.refresh_from_db()
    assert sutton.email == "sutton.coldfield.library@birmingham.gov.uk"
    assert (5, t("09:30"), t("16:30")) in hours_of("sutton-coldfield-library")


def test_without_commit_it_reports_and_writes_nothing():
    output = load()
    assert "library hubs: created 37" in output
    assert "Dry run: nothing was written." in output
    assert Hub.objects.count() == 0
    assert OpeningHours.objects.count() == 0


# A broken file

def test_a_row_that_cannot_be_read_is_reported_and_nothing_is_loaded(tmp_path):
    path, row_of = write_copy(tmp_path, set_value("Sutton Coldfield Library", "Monday staffed hours", "half nine"))
    with pytest.raises(CommandError) as error:
        load("--commit", "--file", str(path))
    message = str(error.value)
    row = row_of["Sutton Coldfield Library"]
    assert f'Row {row} (Sutton Coldfield Library): Monday staffed hours: "half nine" is not a time range' in message
    assert "Nothing was loaded" in message
    assert Hub.objects.count() == 0
    assert OpeningHours.objects.count() == 0


def test_a_broken_file_leaves_the_hubs_already_loaded_as_they_were(tmp_path):
    load("--commit")

    def change(rows):
        set_value("Harborne Library", "Email address", "harborne@example.org")(rows)
        set_value("Walmley Library", "Friday staffed hours", "09:00-17:00; 16:00-18:00")(rows)
        set_value("Quinton Library", "Notes", "Closed for lunch")(rows)

    path, row_of = write_copy(tmp_path, change)
    with pytest.raises(CommandError) as error:
        load("--commit", "--file", str(path))
    message = str(error.value)
    assert f"Row {row_of['Walmley Library']} (Walmley Library): Friday staffed hours: the spells" in message
    assert f'Row {row_of["Quinton Library"]} (Quinton Library): the Notes say "Closed for lunch" but give no' in message
    assert "Harborne" not in message
    assert Hub.objects.get(slug="harborne-library").email == "harborne.library@birmingham.gov.uk"


def test_a_value_the_hub_refuses_is_reported_with_its_row_and_nothing_is_loaded(tmp_path):
    path, row_of = write_copy(tmp_path, set_value("Harborne Library", "Email address", "not an address"))
    with pytest.raises(CommandError) as error:
        load("--commit", "--file", str(path))
    assert f"Row {row_of['Harborne Library']} (Harborne Library): email: Enter a valid email address." in str(
        error.value)
    assert Hub.objects.count() == 0


def test_a_library_missing_from_the_wards_file_is_reported(tmp_path):
    path, row_of = write_copy(tmp_path, set_value("Walmley Library", "Postcode", "B76 9ZZ"))
    with pytest.raises(CommandError) as error:
        load("--file", str(path))
    assert f"Row {row_of['Walmley Library']} (Walmley Library): Walmley Library at B76 9ZZ is not in the wards file" \
        in str(error.value)


# Reading hours and lunch closures

@pytest.mark.parametrize("text, spells", [
    ("", []),
    ("  ", []),
    ("Closed", []),
    ("09:00-17:00", [("09:00", "17:00")]),
    ("9.30 - 16.30", [("09:30", "16:30")]),
    ("09:00-13:00, 14:00-17:00", [("09:00", "13:00"), ("14:00", "17:00")]),
    ("14:00-17:00; 09:00-13:00", [("09:00", "13:00"), ("14:00", "17:00")]),
    ("09:00-12:00;", [("09:00", "12:00")]),
    ("09:00 to 12:00, 13:00 – 19:00", [("09:00", "12:00"), ("13:00", "19:00")]),
])
def test_a_days_hours_may_hold_several_spells(text, spells):
    assert parse_hours(text) == [(t(o), t(c)) for o, c in spells]


@pytest.mark.parametrize("text", ["9-5", "09:00", "17:00-09:00", "09:00-25:00", "09:00-13:00, 12:00-17:00",
                                  "by appointment"])
def test_hours_that_cannot_be_read_are_refused(text):
    with pytest.raises(RowProblem):
        parse_hours(text)


@pytest.mark.parametrize("notes, days, lunch", [
    ("Closed for lunch 1-2pm", set(range(7)), ("13:00", "14:00")),
    ("Closed for lunch 1-2pm on Saturdays", {5}, ("13:00", "14:00")),
    ("Closed for lunch, Tues & Weds 1-1.30pm", {1, 2}, ("13:00", "13:30")),
    ("Closed for lunch on Thurs 1-2pm.", {3}, ("13:00", "14:00")),
    ("Closed for lunch Mon-Wed 12.30-1.30pm", {0, 1, 2}, ("12:30", "13:30")),
    ("Closes for lunch 12-1pm", set(range(7)), ("12:00", "13:00")),
])
def test_lunch_closures_are_read_from_the_notes(notes, days, lunch):
    assert parse_lunch(notes) == (days, (t(lunch[0]), t(lunch[1])))


def test_notes_that_say_nothing_about_lunch_close_nothing():
    assert parse_lunch("") is None
    assert parse_lunch("Lunch club on Fridays") is None


def test_a_lunch_closure_splits_only_the_spells_it_falls_in():
    lunch = (t("13:00"), t("14:00"))
    assert split_for_lunch([(t("09:00"), t("17:00"))], lunch) == [(t("09:00"), t("13:00")), (t("14:00"), t("17:00"))]
    assert split_for_lunch([(t("09:00"), t("13:00"))], lunch) == [(t("09:00"), t("13:00"))]
    assert split_for_lunch([(t("13:30"), t("18:00"))], lunch) == [(t("14:00"), t("18:00"))]
    assert split_for_lunch([(t("10:00"), t("14:00"))], lunch) == [(t("10:00"), t("13:00"))]
