"""Bookings are kept RECORDS_YEARS after their date, as the privacy notice says, then deleted
with the records of their changes by a nightly job."""

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from hubs import services
from hubs.models import Booking
from hubs.tests.factories import BookingFactory, SpaceFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 2, 50, tzinfo=datetime.UTC)


def _booking(space, ends_at, purpose):
    return BookingFactory(space=space, starts_at=ends_at - datetime.timedelta(hours=2), ends_at=ends_at,
                          purpose=purpose)


def test_bookings_older_than_the_period_go_with_their_history(birmingham_wards, settings):
    settings.RECORDS_YEARS = 6
    space = SpaceFactory()
    old = _booking(space, datetime.datetime(2020, 12, 1, 12, tzinfo=datetime.UTC), "Old")
    kept = _booking(space, datetime.datetime(2020, 12, 3, 12, tzinfo=datetime.UTC), "Kept")
    gone_earlier = _booking(space, datetime.datetime(2019, 5, 1, 12, tzinfo=datetime.UTC), "Deleted earlier")
    gone_earlier_id = gone_earlier.pk
    gone_earlier.delete()  # leaves its records of changes behind

    assert services.bookings_delete_expired(now=NOW) == 1
    assert list(Booking.objects.values_list("purpose", flat=True)) == ["Kept"]
    assert not Booking.history.filter(id__in=[old.pk, gone_earlier_id]).exists()
    assert Booking.history.filter(id=kept.pk).exists()
    assert services.bookings_delete_expired(now=NOW) == 0


def test_the_nightly_deletion_is_scheduled():
    task = PeriodicTask.objects.get(name="delete-expired-bookings-nightly")
    assert task.task == "hubs.tasks.delete_expired_bookings"
    assert (task.crontab.hour, task.crontab.minute) == ("2", "50")
