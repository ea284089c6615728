"""A closed account is deleted, with its personal data, the period the privacy notice states
after it was closed (a nightly job, scheduled in the database); what the person changed stays."""

import datetime
import importlib

import pytest
from axes.models import AccessLog
from django.apps import apps
from django_celery_beat.models import PeriodicTask
from rest_framework.authtoken.models import Token

from localism.accounts import services
from localism.accounts.models import User
from localism.accounts.tests.factories import UserFactory, token_for
from wards.models import WardChampion, WardPlan
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import WardPlanFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 2, 45, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def test_closing_an_account_stops_sign_in_and_the_api_at_once(client):
    partner = UserFactory(partner=True, username="leaver")
    token = token_for(partner)
    services.user_close(user=partner, now=NOW)
    partner.refresh_from_db()
    assert (partner.is_active, partner.closed_at) == (False, NOW)
    assert not Token.objects.filter(key=token).exists()
    assert client.get("/api/v1/bookings/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    # Closing it again keeps the first date, so the deletion is not put off.
    services.user_close(user=partner, now=NOW + DAY)
    partner.refresh_from_db()
    assert partner.closed_at == NOW


def test_accounts_closed_longer_than_the_period_are_deleted_and_their_records_stay(birmingham_wards, settings):
    settings.CLOSED_ACCOUNT_DAYS = 180
    leaver = UserFactory(councillor=True, username="leaver", first_name="Lee", last_name="Leaver")
    recent = UserFactory(officer=True, username="recent")
    UserFactory(officer=True, username="active")
    seat = CouncillorSeatFactory(councillor=leaver, name="Lee Leaver")
    WardChampion.objects.create(ward=seat.ward, officer=leaver)
    plan = WardPlanFactory(created_by=leaver)
    WardPlan.history.filter(id=plan.pk).update(history_user=leaver)
    AccessLog.objects.create(username="leaver", ip_address="203.0.113.7", user_agent="test",
                             http_accept="*/*", path_info="/accounts/login/")
    services.user_close(user=leaver, now=NOW - 181 * DAY)
    services.user_close(user=recent, now=NOW - 179 * DAY)

    assert services.closed_accounts_delete_expired(now=NOW) == 1
    assert set(User.objects.values_list("username", flat=True)) == {"recent", "active"}
    # The seat stays as the council published it, linked to no account; the championship goes.
    seat.refresh_from_db()
    assert (seat.name, seat.councillor) == ("Lee Leaver", None)
    assert not WardChampion.objects.exists()
    assert not AccessLog.objects.filter(username="leaver").exists()
    # The plan and its record of changes stay, no longer naming the person.
    plan.refresh_from_db()
    assert plan.created_by is None
    assert WardPlan.history.filter(id=plan.pk, history_user__isnull=True).exists()
    # A second run (a task may run twice) finds nothing more.
    assert services.closed_accounts_delete_expired(now=NOW) == 0


def test_reopening_before_the_deletion_keeps_the_account():
    user = UserFactory(officer=True)
    services.user_close(user=user, now=NOW - 200 * DAY)
    services.user_reopen(user=user)
    assert services.closed_accounts_delete_expired(now=NOW) == 0
    user.refresh_from_db()
    assert (user.is_active, user.closed_at) == (True, None)


def test_an_admin_closing_an_account_in_django_admin_goes_through_the_service(client):
    client.force_login(UserFactory(admin=True))
    officer = UserFactory(officer=True, username="officer-leaving")
    token_for(officer)
    page = client.get(f"/admin/accounts/user/{officer.pk}/change/")
    assert "Closing the account" in page.content.decode()
    response = client.post("/admin/accounts/user/", {
        "action": "close_accounts", "_selected_action": [officer.pk]}, follow=True)
    assert "The selected accounts are closed" in response.content.decode()
    officer.refresh_from_db()
    assert not officer.is_active and officer.closed_at is not None
    assert not Token.objects.filter(user=officer).exists()


def test_the_nightly_deletion_is_scheduled_once_in_the_database():
    from localism.celery import app

    task = PeriodicTask.objects.get(name="delete-closed-accounts-nightly")
    assert task.task == "localism.accounts.tasks.delete_closed_accounts"
    app.loader.import_default_modules()
    assert task.task in app.tasks
    assert (task.crontab.hour, task.crontab.minute) == ("2", "45")
    importlib.import_module("localism.accounts.migrations.0003_account_closing").create_schedule(apps, None)
    assert PeriodicTask.objects.filter(task=task.task).count() == 1


def test_the_privacy_notice_states_the_periods_the_jobs_keep(client, settings):
    settings.CLOSED_ACCOUNT_DAYS, settings.RECORDS_YEARS = 90, 7
    page = client.get("/privacy/").content.decode()
    assert "90 days later it is deleted automatically" in page
    assert "7 years after the date of the booking" in page
