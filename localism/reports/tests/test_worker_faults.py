"""A worker process that dies mid-task does not lose the task, and a worker asked to stop stops
in bounded time. A real Celery worker (prefork, as in production) on the configured broker: the
filesystem by default, Redis when REDIS_URL is set."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from localism.celery import app

FAULTS = "localism.reports.tests.faults"


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _lines(path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.mark.worker
def test_a_task_whose_worker_process_is_killed_runs_again_and_the_worker_stops_on_time(tmp_path):
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "attempts.log"
    output = (tmp_path / "worker.log").open("w")  # a file, not a pipe nobody reads (which fills and blocks)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "localism", "worker", "--pool=prefork", "--concurrency=1",
         f"--queues={queue}", f"--include={FAULTS}", "--without-heartbeat", "--without-mingle",
         "--without-gossip", "--loglevel=INFO"],
        env={**os.environ, "CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT": "5"},
        stdout=output, stderr=subprocess.STDOUT,
    )
    try:
        app.send_task(f"{FAULTS}.record_attempt", args=[str(log)], queue=queue)
        first = _wait_for(lambda: _lines(log), 60, "the first attempt")[0]
        os.kill(int(first.split()[1]), signal.SIGKILL)  # the pool process dies mid-run

        done = _wait_for(lambda: [line for line in _lines(log) if line.startswith("done")], 60,
                         "the task to run again")
        starts = [line for line in _lines(log) if line.startswith("start")]
        assert len(starts) == 2 and starts[0] != starts[1]  # again, in a new process
        assert done == [f"done {starts[1].split()[1]}"]

        # Stopped as scripts/serve.sh and the deployment stop it (TERM: finish what runs; QUIT after
        # a while: the soft shutdown, bounded by CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT, puts the
        # running task back), a worker with a long task stops in seconds, not minutes.
        app.send_task(f"{FAULTS}.record_attempt", args=[str(tmp_path / "second.log")], queue=queue)
        _wait_for(lambda: (tmp_path / "second.log").exists(), 60, "a running task")
        started = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.send_signal(signal.SIGQUIT)
            worker.wait(timeout=30)
        assert time.monotonic() - started < 40
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        output.close()
        print((tmp_path / "worker.log").read_text()[-3000:])
