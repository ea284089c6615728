"""Two `celery beat` processes started at once, both sending the same report every second to two
real workers' threads: the report is built once (PostgreSQL and Redis, as in production)."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from localism.reports.models import ReportRun

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not (os.environ.get("DATABASE_URL", "").startswith("postgres") and settings.REDIS_URL),
                       reason="two schedulers and a worker share the PostgreSQL database and the Redis broker"),
]
CELERY = [sys.executable, "-m", "celery", "-A", "localism"]


def _environment(var_dir) -> dict:
    url = urlsplit(os.environ["DATABASE_URL"])
    return {**os.environ, "LOCALISM_VAR_DIR": str(var_dir),
            "DATABASE_URL": urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))}


def test_two_beat_processes_started_at_once_build_a_report_once(birmingham_wards, tmp_path):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    queue = f"test-beats-{uuid.uuid4().hex[:8]}"
    PeriodicTask.objects.update(enabled=False)  # only ours is due in this test
    PeriodicTask.objects.create(
        name=queue, task="localism.reports.tasks.run_report", args='["localism_coverage", "2026-10-01"]',
        queue=queue, interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS))
    env = _environment(tmp_path)
    logs = {name: (tmp_path / f"{name}.log").open("w") for name in ("worker", "beat-1", "beat-2")}
    worker = subprocess.Popen([*CELERY, "worker", "-Q", queue, "--pool", "threads", "--concurrency", "2",
                               "--without-mingle", "--without-gossip", "-l", "info"],
                              env=env, stdout=logs["worker"], stderr=subprocess.STDOUT)
    beats = [subprocess.Popen([*CELERY, "beat", "-S", "django_celery_beat.schedulers:DatabaseScheduler",
                               "--max-interval", "1", "-l", "info", "--pidfile", str(tmp_path / f"{name}.pid"),
                               "-s", str(tmp_path / f"{name}.schedule")],
                              env=env, stdout=logs[name], stderr=subprocess.STDOUT)
             for name in ("beat-1", "beat-2")]
    try:
        deadline = time.monotonic() + 90
        sent = {}
        while time.monotonic() < deadline:
            sent = {name: (tmp_path / f"{name}.log").read_text().count("Sending due task")
                    for name in ("beat-1", "beat-2")}
            done = ReportRun.objects.filter(kind="localism_coverage", status=ReportRun.Status.DONE).exists()
            if done and all(count >= 2 for count in sent.values()):
                break
            time.sleep(0.5)
        for beat in beats:
            beat.terminate()
            beat.wait(20)
        time.sleep(3)  # the worker takes what the schedulers sent last
    finally:
        for process in [*beats, worker]:
            if process.poll() is None:
                process.terminate()
                process.wait(30)
        for handle in logs.values():
            handle.close()
    worker_log = (tmp_path / "worker.log").read_text()
    assert all(count >= 2 for count in sent.values()), (sent, worker_log[-3000:])
    run = ReportRun.objects.get()
    assert (run.kind, run.period_start, run.status) == ("localism_coverage", datetime.date(2026, 10, 1), "done")
    assert run.attempts == 1  # each scheduler sent it twice or more; it was built once
    assert run.figures["wards"] == 69
    assert worker_log.count("succeeded") >= 4
