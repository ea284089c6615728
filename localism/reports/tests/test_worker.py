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
