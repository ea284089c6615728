"""Sign-in records (django-axes) are kept only as long as the privacy notice says: a nightly job,
scheduled in the database, deletes older ones, and never lifts a lockout still in force."""

import datetime
import importlib

import pytest
from axes.models import AccessAttempt, AccessLog
from django.utils import timezone

from localism.accounts import services, tasks

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 3, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def _attempt(username, at):
    attempt = AccessAttempt.objects.create(username=username, ip_address="203.0.113.7", user_agent="test",
                                           http_accept="*/*", path_info="/accounts/login/", get_data="",
                                           post_data="", failures_since_start=1)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=at)  # attempt_time is auto_now_add


def _sign_in(username, at):
    log = AccessLog.objects.create(username=username, ip_address="203.0.113.7", user_agent="test",
                                   http_accept="*/*", path_info="/accounts/login/")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=at)


def test_records_older_than_the_period_are_deleted_and_newer_ones_kept(settings):
    settings.SIGN_IN_RECORDS_DAYS = 30
    _attempt("old", NOW - 31 * DAY)
    _attempt("recent", NOW - 29 * DAY)
    _sign_in("old", NOW - 30 * DAY - datetime.timedelta(seconds=1))
    _sign_in("recent", NOW - 2 * DAY)

    assert services.sign_in_records_delete_expired(now=NOW) == {"attempts": 1, "failures": 0, "sign_ins": 1}
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]
    # A second run (a task may run twice after its worker dies) finds nothing more.
    assert services.sign_in_records_delete_expired(now=NOW) == {"attempts": 0, "failures": 0, "sign_ins": 0}


def test_a_lockout_in_force_is_never_deleted_even_with_a_shorter_period(settings):
    settings.SIGN_IN_RECORDS_DAYS = 0
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    _attempt("locked", NOW - datetime.timedelta(minutes=10))
    _attempt("expired", NOW - datetime.timedelta(minutes=16))
    services.sign_in_records_delete_expired(now=NOW)
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["locked"]


def test_the_task_deletes_by_the_real_clock(settings):
    settings.SIGN_IN_RECORDS_DAYS = 30
    _attempt("old", timezone.now() - 40 * DAY)
    assert tasks.delete_expired_sign_in_records()["attempts"] == 1
    assert not AccessAttempt.objects.exists()


def test_the_nightly_deletion_is_scheduled_once_in_the_database():
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from localism.celery import app

    task = PeriodicTask.objects.get(name="delete-expired-sign-in-records-nightly")
    assert task.task == "localism.accounts.tasks.delete_expired_sign_in_records"
    app.loader.import_default_modules()  # what a worker and beat do as they start
    assert task.task in app.tasks
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("2", "40", "Europe/London")
    assert task.enabled
    # Running the migration again (or after an admin's change) creates no second entry.
    importlib.import_module("localism.accounts.migrations.0002_sign_in_records_schedule").create_schedule(apps, None)
    assert PeriodicTask.objects.filter(task=task.task).count() == 1


def _session(key, ends):
    from django.contrib.sessions.models import Session

    return Session.objects.create(session_key=key, session_data="", expire_date=ends)


def test_ended_sessions_are_deleted_and_current_ones_kept():
    from django.contrib.sessions.models import Session

    _session("ended", NOW - datetime.timedelta(seconds=1))
    _session("current", NOW + datetime.timedelta(seconds=1))
    assert services.expired_sessions_delete(now=NOW) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]
    assert services.expired_sessions_delete(now=NOW) == 0  # a second run finds nothing more


def test_a_person_signed_in_stays_signed_in_after_the_nightly_job_and_is_signed_out_by_signing_out(client):
    from localism.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(officer=True))
    assert client.get("/notifications/").status_code == 200
    assert tasks.delete_expired_sessions() == 0  # by the real clock: the session has not ended
    assert client.get("/notifications/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/notifications/").status_code == 302  # the session is gone, from the cache too


def test_the_nightly_session_deletion_is_scheduled_once_in_the_database():
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="delete-expired-sessions-nightly")
    assert task.task == "localism.accounts.tasks.delete_expired_sessions"
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("2", "35", "Europe/London")
    importlib.import_module("localism.accounts.migrations.0004_expired_sessions_schedule").create_schedule(apps, None)
    assert PeriodicTask.objects.filter(name="delete-expired-sessions-nightly").count() == 1
