import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from localism.reports.models import Report
from localism.reports.services import ward_open_data_publish

pytestmark = pytest.mark.django_db


def test_publishing_writes_dated_csv_and_geojson():
    csv_report, geojson_report, *_ = ward_open_data_publish()
    rows = list(csv.DictReader(io.StringIO(csv_report.file.read().decode())))
    assert len(rows) == 69
    assert sum(int(r["seats"]) for r in rows) == 101
    assert rows[0]["gss_code"] == "E05011118" and rows[0]["name"] == "Acocks Green"
    collection = json.loads(geojson_report.file.read())
    assert len(collection["features"]) == 69
    assert csv_report.figures == {"wards": 69, "seats": 101}
    assert csv_report.filename.startswith("birmingham-wards-") and csv_report.filename.endswith(".csv")


def test_open_data_page_lists_files_with_their_dates(client):
    assert "Nothing has been published yet" in client.get(reverse("reports:open-data")).content.decode()
    yesterday = timezone.now() - datetime.timedelta(days=1)
    first = ward_open_data_publish(now=yesterday)
    second = ward_open_data_publish()
    page = client.get(reverse("reports:open-data")).content.decode()
    assert "Birmingham wards, Wards (CSV)" in page
    assert second[0].published_at.strftime("%Y") in page
    latest = list(Report.objects.latest_of_each_kind())
    assert {r.pk for r in latest} == {r.pk for r in second}
    assert page.count(first[0].filename) >= 1  # history keeps the earlier file


def test_download_serves_the_file(client):
    report, *_ = ward_open_data_publish()
    response = client.get(reverse("reports:download", args=[report.pk, report.filename]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"gss_code,name,seats" in b"".join(response.streaming_content)


def test_download_with_the_wrong_name_is_a_404(client):
    report, *_ = ward_open_data_publish()
    assert client.get(f"/open-data/{report.pk}/passwd").status_code == 404
    assert client.get(f"/open-data/{report.pk}/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get(reverse("reports:download", args=[999999, "x.csv"])).status_code == 404


def test_open_data_page_query_count_does_not_grow(client, django_assert_num_queries):
    from localism.reports import runs

    ward_open_data_publish()
    runs.report_run(kind="data_retention", month=datetime.date(2026, 9, 1))
    # The newest files, everything published, the newest monthly reports and their files.
    with django_assert_num_queries(4):
        client.get(reverse("reports:open-data"))
    for _ in range(5):
        ward_open_data_publish()
    for month in (datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)):
        runs.report_run(kind="data_retention", month=month)
        runs.report_run(kind="localism_coverage", month=month)
    with django_assert_num_queries(4):
        client.get(reverse("reports:open-data"))


def test_nightly_publication_is_scheduled_in_the_database():
    from django_celery_beat.models import PeriodicTask

    from localism.celery import app

    task = PeriodicTask.objects.get(name="publish-ward-open-data-nightly")
    assert task.task == "localism.reports.tasks.publish_ward_open_data"
    app.loader.import_default_modules()  # what a worker and beat do as they start
    assert task.task in app.tasks
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("2", "15", "Europe/London")
    assert task.enabled


@pytest.mark.django_db(transaction=True)  # beat closes the database connection as it starts
def test_an_admins_change_to_the_schedule_survives_beat_starting():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import CrontabSchedule, PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from localism.celery import app

    # Earlier transactional tests flush the tables: put the migration's schedules back.
    importlib.import_module("localism.reports.migrations.0002_default_schedules").create_schedules(apps, None)
    task = PeriodicTask.objects.get(name="publish-ward-open-data-nightly")
    task.crontab = CrontabSchedule.objects.create(minute="30", hour="4", timezone="Europe/London")
    task.save()
    DatabaseScheduler(app=app)  # what `celery beat` does when it starts
    task.refresh_from_db()
    assert (task.crontab.hour, task.crontab.minute) == ("4", "30")



@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1)"])
def test_a_councillor_named_like_a_formula_is_written_as_text(name):
    from localism.accounts.tests.factories import UserFactory
    from wards.models import CouncillorSeat, Ward

    ward = Ward.objects.current().get(gss_code="E05011118")
    councillor = UserFactory(first_name=name, last_name="Smith", councillor=True)
    CouncillorSeat.objects.create(ward=ward, councillor=councillor, name=f"{name} Smith", term_start="2022-05-05")
    csv_report, *_ = ward_open_data_publish()
    rows = {r["gss_code"]: r for r in csv.DictReader(io.StringIO(csv_report.file.read().decode(), newline=""))}
    assert rows["E05011118"]["councillors"] == f"'{name} Smith"
    assert rows["E05011118"]["seats"] == str(ward.seats)  # numbers stay numbers


@pytest.mark.parametrize("value, written", [("=1+1", "'=1+1"), ("\tTab", "'\tTab"), ("\rCR", "'\rCR"),
                                            ("Acocks Green", "Acocks Green"), (-3, -3), ("", "")])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, written):
    from localism.core.spreadsheets import safe_cell

    assert safe_cell(value) == written


def test_publishing_twice_in_a_day_publishes_once():
    # A task runs again when its worker died mid-run: the day's files are not published twice.
    first = ward_open_data_publish()
    again = ward_open_data_publish()
    assert [r.pk for r in again] == [r.pk for r in first]
    # Every kind but the asset register, the two lists of assets of community value and the developer
    # contribution transactions, which are published once they hold a row.
    assert Report.objects.count() == len(Report.Kind) - 4 == 4


def test_a_missed_nightly_run_is_caught_up_and_a_recent_one_is_not():
    from localism.reports.tasks import publish_ward_open_data_if_missed

    assert publish_ward_open_data_if_missed() != []  # nothing ever published: publish now
    assert publish_ward_open_data_if_missed() == []  # published within the day: nothing to do
    Report.objects.update(published_at=timezone.now() - datetime.timedelta(hours=26))
    assert len(publish_ward_open_data_if_missed()) == 4
    assert Report.objects.count() == 8
