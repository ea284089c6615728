"""A task for the worker fault test (loaded into its worker with --include): it writes down each
attempt, and the first attempt waits long enough to be killed."""

import os
import time

from celery import shared_task


@shared_task
def record_attempt(path: str) -> None:
    with open(path, "a") as log:
        log.write(f"start {os.getpid()}\n")
    with open(path) as log:
        first = sum(line.startswith("start") for line in log) == 1
    if first:
        time.sleep(120)  # killed before it wakes
    with open(path, "a") as log:
        log.write(f"done {os.getpid()}\n")
