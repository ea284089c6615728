"""Benchmarks of the hot reads: postcode and point look-ups, the ward list page and API.

    make bench                       # on a throwaway SQLite database under a temp folder
    DATABASE_URL=postgres://... make bench   # on PostgreSQL (uses/creates the tables there)

Prints the median and 95th percentile per call. Numbers are for comparing changes on one
machine, not targets.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("DATABASE_URL"):
    os.environ["LOCALISM_VAR_DIR"] = tempfile.mkdtemp(prefix="localism-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localism.settings")
# Production settings (debug off), with a throwaway key and plain HTTP for the in-process client.
os.environ.setdefault("DJANGO_SECRET_KEY", "localism-bench-only-" + "not-a-secret-" * 4)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from wards import selectors  # noqa: E402
from wards.models import Postcode, Ward  # noqa: E402
from wards.services import wards_import_2018  # noqa: E402


def timed(label, fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<38} {runs:>6} runs  median {statistics.median(samples):7.2f} ms  p95 {p95:7.2f} ms")


def main():
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    wards_import_2018(commit=True)
    print(f"{'load_wards (first or repeat run)':<38} {time.perf_counter() - start:16.2f} s")
    rng = random.Random(2018)
    postcodes = list(Postcode.objects.values_list("postcode", flat=True))
    centres = list(Ward.objects.current().values("centroid_latitude", "centroid_longitude"))
    client = Client()
    timed("ward_for_postcode", lambda: selectors.ward_for_postcode(postcode=rng.choice(postcodes)), 2000)
    def point_lookup():
        centre = rng.choice(centres)
        selectors.ward_for_point(latitude=centre["centroid_latitude"], longitude=centre["centroid_longitude"])

    timed("ward_for_point", point_lookup, 300)
    timed("GET /wards/ (69 wards)", lambda: client.get("/wards/"), 100)
    timed("GET /api/v1/wards/?page_size=100", lambda: client.get("/api/v1/wards/?page_size=100"), 100)
    timed("GET /api/v1/wards/lookup/?postcode=", lambda: client.get(
        "/api/v1/wards/lookup/", {"postcode": rng.choice(postcodes)}), 300)


if __name__ == "__main__":
    main()
