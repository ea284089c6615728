"""Loading councillors' seats from a CSV, and what residents and partners then see of them."""

import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from localism.accounts.tests.factories import UserFactory
from wards.models import CouncillorSeat, Ward
from wards.rules import can_manage_ward
from wards.tests.factories import CouncillorSeatFactory

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).parent / "councillors-example.csv"
COLUMNS = ["gss", "post_label", "person_name", "party_name", "ballot_paper_id", "election_date", "term_end",
           "email", "phone", "homepage_url", "surgery_details", "username"]
ACOCKS_GREEN, BALSALL_HEATH_WEST, SHARD_END = "E05011118", "E05011122", "E05011165"


def row(**values) -> dict:
    return {"gss": SHARD_END, "person_name": "Dana Instance", "party_name": "Independent",
            "election_date": "2022-05-05", "email": "dana.instance@example.org", **values}


def write(tmp_path, *rows, name="councillors.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_councillors", str(path), *args, stdout=out)
    return out.getvalue()


def refused(path, *args) -> str:
    with pytest.raises(CommandError) as error:
        load(path, *args)
    return str(error.value)


def ward(code) -> Ward:
    return Ward.objects.current().get(gss_code=code)


def test_the_example_file_loads_every_seat_with_its_contact_details():
    output = load(EXAMPLE, "--commit")
    assert "councillor seats: created 4, updated 0, unchanged 0" in output
    assert CouncillorSeat.objects.count() == 4
    seat = CouncillorSeat.objects.get(name="Alex Example")
    assert (seat.ward.gss_code, seat.party, seat.term_start, seat.term_end) == (
        ACOCKS_GREEN, "Example Party", datetime.date(2022, 5, 5), None)
    assert (seat.email, seat.phone, seat.web_page) == (
        "alex.example@example.org", "0121 000 0001", "https://www.example.org/councillors/alex-example")
    assert seat.surgery_details.startswith("First Saturday of the month")
    assert seat.ballot_paper_id == "local.birmingham.acocks-green.2022-05-05"
    assert seat.councillor is None  # no account has its e-mail: the seat gives nobody rights


def test_a_dry_run_reports_what_would_change_and_writes_nothing():
    output = load(EXAMPLE)
    assert "councillor seats: created 4" in output
    assert "Dry run: nothing was written" in output
    assert not CouncillorSeat.objects.exists()


def test_loading_the_same_file_again_changes_nothing():
    load(EXAMPLE, "--commit")
    before = list(CouncillorSeat.objects.values())
    output = load(EXAMPLE, "--commit")
    assert "created 0, updated 0, unchanged 4" in output
    assert "Already up to date" in output
    assert list(CouncillorSeat.objects.values()) == before


def test_a_changed_row_updates_its_seat(tmp_path):
    load(write(tmp_path, row()), "--commit")
    seat = CouncillorSeat.objects.get()
    output = load(write(tmp_path, row(email="cllr.dana.instance@example.org", surgery_details="Fridays, 5pm.",
                                      party_name="Example Party")), "--commit")
    assert "created 0, updated 1, unchanged 0" in output
    seat.refresh_from_db()
    assert (seat.email, seat.surgery_details, seat.party) == (
        "cllr.dana.instance@example.org", "Fridays, 5pm.", "Example Party")
    assert CouncillorSeat.objects.count() == 1


@pytest.mark.parametrize("bad, reason", [
    (row(gss="E05099999"), "no current ward has the code 'E05099999'"),
    (row(gss=""), "gss is empty"),
    (row(election_date="5/5/2022"), "election_date '5/5/2022' is not a date like 2022-05-05"),
    (row(term_end="2022-13-01"), "term_end '2022-13-01' is not a date like 2022-05-05"),
    (row(term_end="2021-05-04"), "term_end 2021-05-04 is before election_date 2022-05-05"),
    (row(person_name=" "), "person_name is empty"),
    (row(email="dana.instance(at)example.org"), "email 'dana.instance(at)example.org' is not an e-mail address"),
    (row(phone="call the office"), "phone 'call the office' is not a telephone number"),
    (row(homepage_url="javascript:alert(1)"), "homepage_url 'javascript:alert(1)' is not a web address"),
    (row(post_label="Shard End South"), "post_label 'Shard End South' is not the name of E05011165, Shard End"),
    (row(person_name="D" * 201), "person_name: Ensure this value has at most 200 characters (it has 201)"),
    (row(username="nobody-here"), "username 'nobody-here': there is no such account"),
])
def test_a_bad_row_is_named_with_its_reason_and_the_whole_file_is_refused(tmp_path, bad, reason):
    good = row(gss=ACOCKS_GREEN, person_name="Alex Example", email="alex.example@example.org")
    message = refused(write(tmp_path, good, bad), "--commit")
    assert "Nothing was loaded" in message
    assert f"Line 3 ({bad['gss'] or 'no code'}, {bad['person_name'].strip() or 'no name'}): {reason}" in message
    assert "Line 2" not in message
    assert not CouncillorSeat.objects.exists()


def test_more_councillors_than_the_ward_has_seats_is_refused(tmp_path):
    rows = [row(person_name=name) for name in ("Dana Instance", "Eli Other")]  # Shard End has one seat
    message = refused(write(tmp_path, *rows), "--commit")
    assert "E05011165 Shard End has 1 seat, but 2 councillors would hold one on 5 May 2022: line 2, line 3" in message
    assert not CouncillorSeat.objects.exists()


def test_one_councillor_after_another_fits_a_single_seat(tmp_path):
    rows = [row(term_end="2024-01-31"), row(person_name="Eli Other", election_date="2024-03-07")]
    assert "created 2" in load(write(tmp_path, *rows), "--commit")


def test_a_duplicate_row_is_refused(tmp_path):
    message = refused(write(tmp_path, row(), row(person_name="dana  INSTANCE")), "--commit")
    assert "Line 3 (E05011165, dana  INSTANCE): the same ward, person_name and election_date as line 2." in message
    assert not CouncillorSeat.objects.exists()


def test_every_bad_row_is_listed_at_once(tmp_path):
    message = refused(write(tmp_path, row(gss="E0"), row(), row(person_name="Eli", email="eli@")))
    assert "Line 2 (E0, Dana Instance): no current ward has the code 'E0'." in message
    assert "Line 4 (E05011165, Eli): email 'eli@' is not an e-mail address." in message


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("ward,name\nE05011165,Dana Instance\n", encoding="utf-8")
    assert "The file has no gss, person_name, election_date column" in refused(path)


def test_candidates_who_were_not_elected_are_skipped(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text(
        "gss,person_name,party_name,election_date,elected\n"
        "E05011165,Dana Instance,Independent,2022-05-05,t\n"
        "E05011165,Eli Other,Example Party,2022-05-05,f\n", encoding="utf-8")
    output = load(path, "--commit")
    assert "1 row of candidates not elected skipped" in output
    assert list(CouncillorSeat.objects.values_list("name", flat=True)) == ["Dana Instance"]


# Seats give edit rights: the links the file makes or moves.

def test_a_seat_links_to_the_councillor_account_with_its_email(tmp_path):
    councillor = UserFactory(councillor=True, email="Dana.Instance@example.org")
    assert not can_manage_ward.test(councillor, ward(SHARD_END))
    output = load(write(tmp_path, row()))
    assert f"linked to the account {councillor.username}, who may now edit Shard End's plans" in output
    assert not can_manage_ward.test(councillor, ward(SHARD_END))  # dry run
    load(write(tmp_path, row()), "--commit")
    assert CouncillorSeat.objects.get().councillor == councillor
    assert can_manage_ward.test(councillor, ward(SHARD_END))
    assert not can_manage_ward.test(councillor, ward(ACOCKS_GREEN))


@pytest.mark.parametrize("role", ["resident", "officer", "partner", "admin"])
def test_an_account_that_is_not_a_councillors_never_gets_a_seat(tmp_path, role):
    user = UserFactory(**{role: True} if role != "resident" else {}, email="dana.instance@example.org")
    load(write(tmp_path, row()), "--commit")
    assert CouncillorSeat.objects.get().councillor is None
    if role != "admin":
        assert not can_manage_ward.test(user, ward(SHARD_END))
    message = refused(write(tmp_path, row(username=user.username)), "--commit")
    assert f"username '{user.username}' is not a councillor's account" in message


def test_a_username_column_links_an_account_whatever_its_email(tmp_path):
    councillor = UserFactory(councillor=True, email="private@example.net")
    load(write(tmp_path, row(username=councillor.username)), "--commit")
    assert CouncillorSeat.objects.get().councillor == councillor


def test_two_councillor_accounts_with_the_rows_email_are_refused(tmp_path):
    UserFactory(councillor=True, email="dana.instance@example.org")
    UserFactory(councillor=True, email="DANA.INSTANCE@example.org")
    message = refused(write(tmp_path, row()), "--commit")
    assert "2 councillor accounts have the e-mail dana.instance@example.org: name one in the username column" in message


def test_a_seat_keeps_its_account_when_the_file_finds_none(tmp_path):
    councillor = UserFactory(councillor=True, email="dana.instance@example.org")
    load(write(tmp_path, row()), "--commit")
    councillor.email = "dana@example.net"  # the account's address changes; the published one stays
    councillor.save()
    output = load(write(tmp_path, row()), "--commit")
    assert "unchanged 1" in output and "no longer linked" not in output
    assert can_manage_ward.test(councillor, ward(SHARD_END))


def test_a_moved_link_is_reported_for_both_accounts(tmp_path):
    first = UserFactory(councillor=True, email="dana.instance@example.org")
    load(write(tmp_path, row()), "--commit")
    second = UserFactory(councillor=True)
    output = load(write(tmp_path, row(username=second.username)), "--commit")
    assert f"no longer linked to the account {first.username}" in output
    assert f"linked to the account {second.username}" in output
    assert not can_manage_ward.test(first, ward(SHARD_END))
    assert can_manage_ward.test(second, ward(SHARD_END))


def test_a_seat_missing_from_a_later_file_is_listed_and_kept(tmp_path):
    councillor = UserFactory(councillor=True, email="dana.instance@example.org")
    load(write(tmp_path, row()), "--commit")
    later = write(tmp_path, row(gss=ACOCKS_GREEN, person_name="Alex Example", email="alex@example.org"))
    output = load(later, "--commit")
    assert ("Dana Instance (Shard End, from 5 May 2022): a current seat that is not in the file; "
            "left as it is") in output
    assert CouncillorSeat.objects.get(name="Dana Instance").term_end is None
    assert can_manage_ward.test(councillor, ward(SHARD_END))


def test_end_missing_ends_the_seats_not_in_the_file(tmp_path):
    councillor = UserFactory(councillor=True, email="dana.instance@example.org")
    load(write(tmp_path, row()), "--commit")
    successor = row(person_name="Eli Other", email="eli@example.org", election_date="2024-03-07")
    output = load(write(tmp_path, successor), "--commit", "--end-missing", "2024-03-06")
    assert "ended 1" in output
    assert "Dana Instance (Shard End, from 5 May 2022): not in the file; its term ends on 6 March 2024." in output
    assert CouncillorSeat.objects.get(name="Dana Instance").term_end == datetime.date(2024, 3, 6)
    assert not can_manage_ward.test(councillor, ward(SHARD_END))


def test_a_later_file_that_would_overfill_a_ward_with_seats_it_keeps_is_refused(tmp_path):
    load(write(tmp_path, row()), "--commit")
    message = refused(write(tmp_path, row(person_name="Eli Other", election_date="2024-03-07")), "--commit")
    assert "Shard End has 1 seat, but 2 councillors would hold one on 7 March 2024" in message
    assert "Dana Instance (recorded already, not in the file)" in message


def test_demonstration_seats_are_left_alone(tmp_path):
    demo = CouncillorSeatFactory(ward=ward(SHARD_END), is_demo=True)
    output = load(write(tmp_path, row(gss=ACOCKS_GREEN)), "--commit")
    assert "not in the file" not in output
    demo.refresh_from_db()
    assert demo.term_end is None


def test_only_a_councillors_account_can_hold_a_seat():
    officer = UserFactory(officer=True)
    seat = CouncillorSeat(ward=ward(SHARD_END), councillor=officer, name="Dana Instance",
                          term_start=datetime.date(2022, 5, 5))
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert "Only a councillor's account can hold a seat" in str(error.value)


# What residents and partners see.

def test_the_ward_page_shows_how_to_contact_each_councillor(client):
    load(EXAMPLE, "--commit")
    page = client.get(reverse("wards:detail", args=["acocks-green"])).content.decode()
    assert page.count('class="govuk-summary-card"') == 2
    assert '<h3 class="govuk-summary-card__title"' in page and ">Alex Example</h3>" in page
    assert '<a class="govuk-link" href="mailto:alex.example@example.org">alex.example@example.org</a>' in page
    assert '<a class="govuk-link" href="tel:01210000001">0121 000 0001</a>' in page
    assert escape("First Saturday of the month, 10am to noon, Acocks Green Library.") in page
    assert "Since 5 May 2022" in page and "Another Example Party" in page
    assert "No councillors are recorded" not in page


def test_the_ward_page_says_so_when_no_councillors_are_recorded(client):
    load(EXAMPLE, "--commit")
    page = client.get(reverse("wards:detail", args=["aston"])).content.decode()
    assert "No councillors are recorded for this ward." in page
    assert "govuk-summary-card" not in page


def test_the_ward_list_names_the_councillors(client):
    load(EXAMPLE, "--commit")
    page = client.get(reverse("wards:list")).content.decode()
    assert "Alex Example, Bobbie Sample" in page


def test_the_api_publishes_the_public_contact_details_and_nothing_of_the_account(api_client, tmp_path):
    councillor = UserFactory(councillor=True, username="dana-account", email="dana.home@example.net")
    load(write(tmp_path, row(username=councillor.username, phone="0121 000 0004",
                             surgery_details="Tuesdays, 6pm.")), "--commit")
    response = api_client.get(f"/api/v1/wards/{SHARD_END}/")
    assert response.status_code == 200
    assert response.json()["councillors"] == [{
        "name": "Dana Instance", "party": "Independent", "term_start": "2022-05-05", "term_end": None,
        "email": "dana.instance@example.org", "phone": "0121 000 0004", "web_page": "",
        "surgery_details": "Tuesdays, 6pm.",
    }]
    body = response.content.decode()
    assert "dana-account" not in body and "dana.home@example.net" not in body
