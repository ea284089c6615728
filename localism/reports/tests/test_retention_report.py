"""Every retention job records what personal data it removed (counts only, a run that removed
nothing too); the monthly data retention report sums them by job against figures counted by hand,
names the jobs that did not run, runs a fixed number of queries, and agrees with the benchmark's
SQL."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.db import connection

from bench.sql import data_retention as sql
from engagement.models import Support
from engagement.services.retention import response_data_remove_expired
from engagement.tests.factories import ConsultationFactory, SupportFactory, respond
from hubs import services as hub_services
from hubs.tests.factories import BookingFactory, SpaceFactory
from localism.accounts import services as account_services
from localism.accounts.tests.factories import UserFactory
from localism.core import retention
from localism.reports import runs
from localism.reports.models import RetentionRecord
from localism.reports.retention import retention_month, retention_record
from wards import services as ward_services
from wards.models import WardPlan
from wards.tests.factories_plans import WardPlanFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 10, 15, 2, 45, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
JOBS = ["sign_in_records", "closed_accounts", "sessions", "change_records", "bookings", "booking_contacts",
        "response_data"]


def the_record(job: str) -> RetentionRecord:
    (record,) = RetentionRecord.objects.filter(job=job)
    return record


def _sign_in_records():
    for name, age in (("old", 40), ("older", 50), ("recent", 2)):
        attempt = AccessAttempt.objects.create(username=name, ip_address="203.0.113.7", user_agent="test",
                                               http_accept="*/*", path_info="/accounts/login/", get_data="",
                                               post_data="", failures_since_start=1)
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=NOW - age * DAY)
    log = AccessLog.objects.create(username="old", ip_address="203.0.113.7", user_agent="test", http_accept="*/*",
                                   path_info="/accounts/login/")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=NOW - 40 * DAY)
    return account_services.sign_in_records_delete_expired(now=NOW), "30 days after the sign-in or the failed attempt"


def _closed_accounts():
    for username, days in (("leaver", 200), ("recent", 10)):
        account_services.user_close(user=UserFactory(officer=True, username=username), now=NOW - days * DAY)
    removed = account_services.closed_accounts_delete_expired(now=NOW)
    return {"accounts": removed}, "180 days after the account is closed"


def _sessions():
    for key, ends in (("ended-at-sign-out", NOW - DAY), ("ended-last-week", NOW - 7 * DAY), ("current", NOW + DAY)):
        Session.objects.create(session_key=key, session_data="", expire_date=ends)
    return ({"sessions": account_services.expired_sessions_delete(now=NOW)},
            "When it ends: on signing out, or 14 days after signing in")


def _change_records():
    officer = UserFactory(officer=True)
    for period in ("2019/20", "2018/19", "2025/26"):
        plan = WardPlanFactory(period=period)
        WardPlan.history.filter(id=plan.pk).update(history_user=officer)
    return ({"names_against_changes": ward_services.change_records_unname_expired(now=NOW)},
            "6 years after the Ward Plan's year or the meeting ends")


def _bookings():
    space = SpaceFactory()
    for ends in (datetime.datetime(2020, 9, 1, 12, tzinfo=datetime.UTC),
                 datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC)):
        BookingFactory(space=space, starts_at=ends - datetime.timedelta(hours=2), ends_at=ends)
    return {"bookings": hub_services.bookings_delete_expired(now=NOW)}, "6 years after the date of the booking"


def _booking_contacts():
    space = SpaceFactory()
    for days in (100, 120, 10):
        ends = NOW - days * DAY
        BookingFactory(space=space, starts_at=ends - datetime.timedelta(hours=2), ends_at=ends,
                       contact_name="Pat Contact", contact_phone="0121 000 0000")
    return {"booking_contacts": hub_services.booking_contacts_remove_expired(now=NOW)}, "90 days after the booking"


def _response_data():
    closes = NOW - 400 * DAY
    respond(ConsultationFactory(opens_at=closes - 30 * DAY, closes_at=closes, status="closed"))
    support = SupportFactory(browser_key="a-browser")
    Support.objects.filter(pk=support.pk).update(created_at=NOW - 364 * DAY)  # within the period: kept
    return response_data_remove_expired(now=NOW), ("365 days after the consultation closes; an idea's support, "
                                                   "365 days after it was given")


RUNS = {"sign_in_records": (_sign_in_records, {"attempts": 2, "failures": 0, "sign_ins": 1}),
        "closed_accounts": (_closed_accounts, {"accounts": 1}),
        "sessions": (_sessions, {"sessions": 2}),
        "change_records": (_change_records, {"names_against_changes": 2}),
        "bookings": (_bookings, {"bookings": 1}),
        "booking_contacts": (_booking_contacts, {"booking_contacts": 2}),
        "response_data": (_response_data, {"responses": 1, "supports": 0})}


def test_every_retention_job_is_declared_with_the_privacy_notices_words():
    assert [job.code for job in retention.jobs()] == JOBS
    assert retention.job_of("booking_contacts").data.startswith("The contact for a booking: the name, phone number")


@pytest.mark.parametrize("job", JOBS)
def test_each_job_records_what_it_removed(settings, job):
    settings.SIGN_IN_RECORDS_DAYS, settings.CLOSED_ACCOUNT_DAYS, settings.RECORDS_YEARS = 30, 180, 6
    settings.BOOKING_CONTACT_DAYS, settings.RESPONSE_DATA_DAYS = 90, 365
    run, expected = RUNS[job]
    removed, rule = run()
    assert removed == expected  # counted by hand
    record = the_record(job)
    assert (record.removed, record.ran_at, record.rule) == (expected, NOW, rule)


def test_a_run_that_removed_nothing_is_recorded_with_zero_counts():
    assert hub_services.booking_contacts_remove_expired(now=NOW) == 0
    assert response_data_remove_expired(now=NOW) == {"responses": 0, "supports": 0}
    assert the_record("booking_contacts").removed == {"booking_contacts": 0}
    assert the_record("response_data").removed == {"responses": 0, "supports": 0}


def test_only_declared_kinds_are_counted():
    with pytest.raises(ValueError):
        retention.removed(job="bookings", counts={"names": 1}, now=NOW)
    assert not RetentionRecord.objects.exists()


def at(day: int, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 2, 50, tzinfo=datetime.UTC)


def records(extra_days=0):
    """October 2026: sign-in records ran twice, booking contacts once, the others three times but
    bookings, which did not run; runs in September and November are not October's."""
    record = retention_record
    record(job="sign_in_records", removed={"attempts": 3, "failures": 1, "sign_ins": 10}, rule="30 days", ran_at=at(1))
    record(job="sign_in_records", removed={"attempts": 2, "failures": 0, "sign_ins": 5}, rule="30 days", ran_at=at(31))
    record(job="booking_contacts", removed={"booking_contacts": 4}, rule="90 days", ran_at=at(12))
    for day in (2, 3, 4):
        record(job="closed_accounts", removed={"accounts": day - 2}, rule="180 days", ran_at=at(day))
        record(job="change_records", removed={"names_against_changes": 0}, rule="6 years", ran_at=at(day))
        record(job="response_data", removed={"responses": day, "supports": 1}, rule="365 days", ran_at=at(day))
    for day, ended in ((5, 4), (6, 1)):
        record(job="sessions", removed={"sessions": ended}, rule="14 days", ran_at=at(day))
    for day in range(5, 5 + extra_days):
        record(job="booking_contacts", removed={"booking_contacts": 1}, rule="90 days", ran_at=at(day))
    # 30 September 23:30 in London is 22:30 UTC: September's; 31 October 23:30 (GMT) is October's.
    record(job="bookings", removed={"bookings": 7}, rule="6 years",
           ran_at=datetime.datetime(2026, 9, 30, 22, 30, tzinfo=datetime.UTC))
    record(job="bookings", removed={"bookings": 9}, rule="6 years",
           ran_at=datetime.datetime(2026, 11, 1, 0, 0, tzinfo=datetime.UTC))
    record(job="booking_contacts", removed={"booking_contacts": 6}, rule="90 days",
           ran_at=datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC))


OCTOBER = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
HAND_COUNTED = {
    "jobs": 7, "jobs_ran": 6, "jobs_not_run": 1,
    "sign_in_records_runs": 2, "sign_in_records_attempts": 5, "sign_in_records_failures": 1,
    "sign_in_records_sign_ins": 15,
    "closed_accounts_runs": 3, "closed_accounts_accounts": 3,
    "sessions_runs": 2, "sessions_sessions": 5,
    "change_records_runs": 3, "change_records_names_against_changes": 0,
    "bookings_runs": 0, "bookings_bookings": 0,
    "booking_contacts_runs": 2, "booking_contacts_booking_contacts": 10,
    "response_data_runs": 3, "response_data_responses": 9, "response_data_supports": 3,
}


def test_the_months_figures_equal_those_counted_by_hand():
    records()
    found = retention_month(start=OCTOBER[0], end=OCTOBER[1])
    assert found.figures() == HAND_COUNTED
    sign_ins = next(row for row in found.jobs if row.job.code == "sign_in_records")
    assert sign_ins.last_run == at(31) and sign_ins.rule == "30 days"


def test_the_report_names_a_job_that_did_not_run():
    records()
    run = runs.report_run(kind="data_retention", month=OCTOBER[0])
    assert run.figures == HAND_COUNTED
    files = {f.name: f.file.read().decode() for f in run.files.all()}
    assert "Jobs that did not run" in files["report.html"]
    not_run = files["report.html"].split("Jobs that did not run")[1].split("</ul>")[0]
    assert "<li>Bookings: " in not_run and "Booking contacts" not in not_run
    assert "bookings,Bookings," in files["retention.csv"] and ",0,,bookings,0" in files["retention.csv"]


@pytest.mark.parametrize("extra_days", [0, 20])
def test_the_queries_do_not_grow_with_the_runs(django_assert_num_queries, extra_days):
    records(extra_days)
    with django_assert_num_queries(1):
        found = retention_month(start=OCTOBER[0], end=OCTOBER[1])
    assert found.figures()["booking_contacts_runs"] == 2 + extra_days


def test_the_benchmark_sql_counts_the_same():
    records(extra_days=3)
    with connection.cursor() as cursor:
        assert sql.figures(cursor, *OCTOBER) == retention_month(start=OCTOBER[0], end=OCTOBER[1]).figures()


def test_the_admin_lists_the_records_and_changes_none(client):
    records()
    client.force_login(UserFactory(admin=True, is_superuser=True, is_staff=True))
    page = client.get("/admin/reports/retentionrecord/")
    assert page.status_code == 200 and "sign_in_records" in page.content.decode()
    assert client.get("/admin/reports/retentionrecord/add/").status_code == 403
    pk = RetentionRecord.objects.first().pk
    assert client.post(f"/admin/reports/retentionrecord/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert RetentionRecord.objects.filter(pk=pk).exists()
