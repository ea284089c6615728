"""A real Celery worker, on the configured broker (the filesystem by default, Redis when
REDIS_URL is set), runs the nightly open-data job."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from localism.celery import app
from localism.reports.models import Report
from localism.reports.tasks import publish_ward_open_data


@pytest.mark.worker
def test_worker_publishes_ward_open_data(birmingham_wards):
    queue = f"test-{uuid.uuid4().hex[:8]}"  # our own queue: a running dev worker can't take it
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=20):
        publish_ward_open_data.apply_async(queue=queue)
        deadline = time.monotonic() + 60
        while Report.objects.count() < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
    assert Report.objects.count() == 4  # the wards, their boundaries and two profile files
    assert {r.figures["wards"] for r in Report.objects.all()} == {69}


@pytest.mark.worker
def test_a_real_worker_sends_the_email(birmingham_wards, settings):
    """A partner's request, committed: the worker e-mails the hub's officer, once."""
    import datetime

    from django.core import mail

    from hubs import services as hub_services
    from hubs.tests.factories import HubFactory, SpaceFactory, at
    from localism.accounts.tests.factories import UserFactory
    from localism.reports.models import Notification

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer = UserFactory(officer=True, email="officer@example.org")
    partner = UserFactory(partner=True)
    room = SpaceFactory(hub=HubFactory(name="Shard End Hub", managers=[officer]), name="Community room")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue, default = queue, app.conf.task_default_queue
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=20):
            day = datetime.date(2027, 3, 1)
            hub_services.booking_create(space=room, requester=partner, starts_at=at(day, "10:00"),
                                        ends_at=at(day, "12:00"), purpose="Benefits advice", attendees=8,
                                        contact={"contact_name": "Jo", "contact_phone": "0121 496 0000",
                                                 "contact_email": "jo@example.org"})
            deadline = time.monotonic() + 60
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        app.conf.task_default_queue = default
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert Notification.objects.get(user=officer).emailed_at is not None
