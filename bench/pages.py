"""Benchmark of the pages and API endpoints on gunicorn, each against a floor view on the same server.

    python bench/pages.py --scale demo --rounds 5          # SQLite file in a temp folder
    python bench/pages.py --scale city --no-page-cache     # the page cache off
    DATABASE_URL=postgres://.../localism_bench_national python bench/pages.py --scale national

Scales (bench/README.md): "demo" (the 69 wards and the demonstration data, as `make setup`
makes it); "city" (the demo, then every ward with a published Ward Plan of 100 actions, 50,000
bookings over the year, 100,000 consultation responses and 5,000 assets); "national" (the city,
then 8,000 wards with published plans, 5,000,000 bookings and 10,000,000 responses, built with
INSERT ... SELECT generate_series: PostgreSQL only).

The data set lives in its own database: a SQLite file under <temp>/localism-bench-<scale>/, or
DATABASE_URL's database, which is EMPTIED first. A table, bench_built, says which scale a
database holds, so a second run at the same scale reuses it (--rebuild builds afresh).

Then gunicorn starts as production runs it (the Dockerfile's flags, 2 workers, debug off, a
throwaway secret key, plain HTTP, settings bench.settings: production's plus /bench/floor/, a
trivial response through the same middleware). Each target is asked --requests times by two
keep-alive clients at once, right before or after (alternating) the same number of requests to
the floor, for --rounds rounds. The ratio is the target's time over the floor's in that round:
how many floors a request to it costs. Latencies are of every request to it in every round.
"""

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCALES = ("demo", "city", "national")
# As `make setup` and `make demo` (bench/reports.py builds its demo data set the same way).
SETUP = ["load_ward_profiles", "load_libraries", "load_library_assets", "link_hubs_to_assets"]
DEMO = ["demo_wards", "demo_plans", "demo_hubs", "demo_engagement", "demo_assets", "demo_contracts",
        "demo_contributions"]
SECRET = "localism-bench-only-" + "not-a-secret-" * 4
FLOOR = "/bench/floor/"
API_FLOOR = "/bench/api-floor/"


def _environment(scale: str, page_cache: bool) -> dict:
    """The environment of this process and of gunicorn: production, a throwaway key, plain HTTP."""
    var = Path(tempfile.gettempdir()) / f"localism-bench-{scale}"
    var.mkdir(exist_ok=True)
    for folder in ("queue", "processed", "control"):  # the filesystem broker's: tasks queued go there, unrun
        (var / "celery-broker" / folder).mkdir(parents=True, exist_ok=True)
    environment = {
        "LOCALISM_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The API's rates are for people; the benchmark asks thousands of times a minute.
        "DJANGO_API_THROTTLE_ANON": "1000000/min",
        "DJANGO_API_THROTTLE_USER": "1000000/min",
        "PYTHONPATH": str(ROOT),
    }
    if not page_cache:
        environment["LOCALISM_PAGE_CACHE_SECONDS"] = "0"
    return environment


# --- The data --------------------------------------------------------------------------------

def _built(connection) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_built (scale varchar(200) PRIMARY KEY, seconds real)")
        cursor.execute("SELECT scale FROM bench_built")
        row = cursor.fetchone()
    return row[0] if row else None


def _mark(connection, scale: str, seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_built")
        cursor.execute("INSERT INTO bench_built (scale, seconds) VALUES (%s, %s)", [scale, seconds])


def _demo() -> None:
    import io

    from django.core.management import call_command

    from wards.services import wards_import_2018

    wards_import_2018(commit=True)
    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    for command in SETUP:
        call_command(command, commit=True, **quiet)
    call_command("demo_accounts", allow_production=True, **quiet)  # a throwaway database
    for command in DEMO:
        call_command(command, **quiet)
    call_command("link_hubs_to_assets", commit=True, **quiet)


def _responses(count: int, first_ward: int = 0) -> None:
    """`count` responses (no answers) shared between the consultations, by index."""
    import datetime

    from django.utils import timezone

    from engagement.models import Consultation, Response

    consultations = list(Consultation.objects.order_by("pk").values_list("pk", "opens_at"))
    wards = dict(Consultation.wards.through.objects.values_list("consultation_id", "ward_id"))
    rows = []
    for n in range(count):
        pk, opens = consultations[n % len(consultations)]
        rows.append(Response(consultation_id=pk, ward_id=wards.get(pk), postcode="B1 1AA",
                             submitted_at=(opens or timezone.now()) + (n % 600) * datetime.timedelta(minutes=1)))
        if len(rows) == 10_000:
            Response.objects.bulk_create(rows)
            rows = []
    Response.objects.bulk_create(rows)


def _assets(count: int) -> None:
    from assets.models import Asset
    from assets.models.register import Tenure
    from wards.models import Ward

    wards = list(Ward.objects.current().order_by("pk").values_list("pk", flat=True))
    tenures = [Tenure.FREEHOLD, Tenure.LEASEHOLD, Tenure.OTHER]
    Asset.objects.bulk_create([
        Asset(asset_code=f"BENCH-{n:06d}", name=f"Bench asset {n}", street="High Street", postcode="B1 1AA",
              tenure=tenures[n % 3], ward_id=wards[n % len(wards)]) for n in range(count)], batch_size=2_000)


def _city(on) -> None:
    from bench import scale

    scale.build(wards=69, on=on, bookings=50_000, actions=100, all_published=True)
    _responses(100_000)
    _assets(5_000)


def _national(on, connection, wards: int = 8_000, bookings: int = 5_000_000, responses: int = 10_000_000) -> None:
    """8,000 wards (the city's 69 and 7,931 generated), each with a published plan; bookings and
    responses in bulk by INSERT ... SELECT generate_series."""
    from bench import scale

    started = time.perf_counter()
    scale.build(wards=wards, on=on, bookings=0, first=69, actions=2, all_published=True)
    print(f"  {wards:,} wards with plans, hubs and spaces: {time.perf_counter() - started:.0f} s", flush=True)
    _national_rows(on, connection, bookings, responses)


def _national_rows(on, connection, bookings: int, responses: int) -> None:
    from engagement.models import Response
    from hubs.models import Booking

    started = time.perf_counter()
    booking, response = Booking._meta.db_table, Response._meta.db_table
    with connection.cursor() as cursor:
        # Two bookable spaces a hub; 5,000,000 bookings spread evenly, a space's j-th booking on
        # day j % 365 at slot j // 365 (two hours from 09:00): no two overlap in one space.
        cursor.execute("""
            WITH s AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS spaces
                       FROM hubs_space WHERE bookable_by <> 'nobody'
                       AND NOT EXISTS (SELECT 1 FROM hubs_booking b WHERE b.space_id = hubs_space.id))
            SELECT count(*) FROM s""")
        (spaces,) = cursor.fetchone()
        per_space = -(-bookings // spaces)
        if per_space > 4 * 365:
            raise SystemExit(f"{bookings:,} bookings do not fit in {spaces} spaces' year")
        cursor.execute(f"""
            INSERT INTO {booking} (space_id, starts_at, ends_at, booked_for, purpose, attendees, status,
                                   decision_note, contact_name, contact_phone, contact_email, charge, created_at)
            SELECT id, t, t + interval '2 hours', '', 'Community group', 10,
                   CASE WHEN j %% 10 = 9 THEN 'requested' WHEN j %% 20 = 0 THEN 'cancelled' ELSE 'confirmed' END,
                   '', '', '', '', 10 + (j %% 5) * 5, now()
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM hubs_space
                  WHERE bookable_by <> 'nobody'
                  AND NOT EXISTS (SELECT 1 FROM {booking} b WHERE b.space_id = hubs_space.id)) s
            CROSS JOIN LATERAL generate_series(0, %s - 1) AS j
            CROSS JOIN LATERAL (SELECT ((date %s + (j %% 365)) + time '09:00' + (j / 365) * interval '2 hours')
                                       AT TIME ZONE 'Europe/London' AS t) AS slot
            WHERE s.n * %s + j < %s""", [per_space, f"{on.year}-01-01", per_space, bookings])
        print(f"  {bookings:,} bookings: {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        cursor.execute(f"""
            WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM engagement_consultation),
                 w AS (SELECT array_agg(ward_id ORDER BY consultation_id) AS wards
                       FROM engagement_consultation_wards)
            INSERT INTO {response} (consultation_id, ward_id, postcode, postcode_approximate, browser_key,
                                    answers_digest, submitted_at, review)
            SELECT c.ids[1 + g %% cardinality(c.ids)], w.wards[1 + g %% cardinality(w.wards)], 'B1 1AA', false,
                   '', '', timestamptz %s + (g %% 525600) * interval '1 minute', ''
            FROM c, w, generate_series(0, %s - 1) AS g""", [f"{on.year - 1}-01-01 00:00+00", responses])
        print(f"  {responses:,} responses: {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        cursor.execute(f"ANALYZE {booking}; ANALYZE {response}; ANALYZE")
        print(f"  ANALYZE: {time.perf_counter() - started:.0f} s", flush=True)


def build(scale: str, rebuild: bool, national: dict | None = None) -> None:
    import datetime

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    marker = scale + "".join(f" {key}={value}" for key, value in (national or {}).items())
    if _built(connection) == marker and not rebuild:
        print(f"{connection.vendor}: the {scale} data set is built (bench_built says so); reusing it", flush=True)
        return
    if scale == "national" and connection.vendor != "postgresql":
        raise SystemExit("The national scale needs PostgreSQL: set DATABASE_URL.")
    print(f"{connection.vendor}: emptying {connection.settings_dict['NAME']} and building the {scale} data set",
          flush=True)
    call_command("flush", interactive=False, verbosity=0)
    on = datetime.date(2026, 10, 31)
    started = time.perf_counter()
    _demo()
    print(f"  demo: {time.perf_counter() - started:.0f} s", flush=True)
    if scale in ("city", "national"):
        mark = time.perf_counter()
        _city(on)
        print(f"  city: {time.perf_counter() - mark:.0f} s", flush=True)
    if scale == "national":
        _national(on, connection, **(national or {}))
    seconds = time.perf_counter() - started
    _mark(connection, marker, seconds)
    print(f"  built in {seconds:.0f} s", flush=True)


# --- What to ask -----------------------------------------------------------------------------

def targets() -> list[tuple[str, str, dict]]:
    """(label, path, headers): anonymous, then signed in and by token."""
    from django.conf import settings
    from django.test import Client

    from hubs.models import Hub
    from localism.accounts import services
    from localism.accounts.models import User
    from wards.models import PlanStatus, Postcode, WardPlan

    plan = (WardPlan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-priorities__actions__pk").first()
            or WardPlan.objects.order_by("pk").first())
    ward = plan.wards.order_by("pk").first()
    officer = User.objects.get(username="officer")
    managed = Hub.objects.filter(managers=officer).order_by("pk").first()
    hub = managed or Hub.objects.order_by("pk").first()
    postcode = Postcode.objects.order_by("pk").values_list("postcode", flat=True).first() or "B1 1AA"
    token = services.api_token_for(user=User.objects.get(username="partner")).key

    def session(username: str) -> dict:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}

    # A resident reads the public pages signed in; the demo has none, so the bench makes one.
    User.objects.get_or_create(username="resident", defaults={"role": User.Role.RESIDENT,
                                                             "first_name": "Rosa", "last_name": "Resident"})
    councillor, officer_session, resident = session("councillor"), session("officer"), session("resident")
    by_token = {"Authorization": f"Token {token}"}
    anonymous = [
        ("accessibility", "/accessibility/"), ("home", "/"), ("ward list", "/wards/"),
        (f"ward page ({ward.slug})", f"/wards/{ward.slug}/"), (f"plan page ({plan.pk})", f"/plans/{plan.pk}/"),
        ("hub list", "/hubs/"), (f"hub page ({hub.slug})", f"/hubs/{hub.slug}/"),
        ("API wards, 100", "/api/v1/wards/?page_size=100"), ("API ward plans", "/api/v1/ward-plans/"),
        ("API hubs", "/api/v1/hubs/"), ("API bookings", "/api/v1/bookings/"),
        ("API postcode look-up", f"/api/v1/wards/lookup/?postcode={postcode.replace(' ', '+')}"),
    ]
    # The fixed cost of being signed in (a session) or holding a token, before any page's work.
    floors = [
        ("floor, signed in (resident)", FLOOR, resident), ("floor, signed in (councillor)", FLOOR, councillor),
        ("API floor, anonymous", API_FLOOR, {}), ("API floor, partner token", API_FLOOR, by_token),
        ("API floor, signed in (councillor)", API_FLOOR, councillor),
    ]
    public_signed_in = [(f"{label}, signed in ({who})", path, cookie)
                        for label, path in anonymous if not label.startswith(("API ", "plan page"))
                        for who, cookie in (("resident", resident), ("councillor", councillor))]
    signed_in = floors + public_signed_in + [
        ("plan page, councillor", f"/plans/{plan.pk}/", councillor),
        ("hub dashboard, officer", f"/hubs/{(managed or hub).slug}/dashboard/", officer_session),
    ] + [(f"{label}, partner token", path, by_token) for label, path in anonymous if label.startswith("API ")
         and "look-up" not in label]
    return [(label, path, {}) for label, path in anonymous] + signed_in


# --- The server and the clients ---------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(environment: dict, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The Dockerfile's flags, but for the access log (a line per request would be measured too).
    server = subprocess.Popen(
        [str(gunicorn), "localism.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "120", "--graceful-timeout", "30", "--keep-alive", "5", "--max-requests", "1000",
         "--max-requests-jitter", "100", "--worker-tmp-dir", "/dev/shm", "--error-logfile", "-",
         "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **environment}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), FLOOR, {})
            if status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _get(connection: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = connection.getresponse()
    return response.status, response.read()


def batch(port: int, path: str, headers: dict, requests: int, concurrency: int = 2) -> tuple[float, list, set]:
    """`requests` GETs of path by `concurrency` keep-alive clients at once: (seconds, latencies, statuses)."""
    latencies, statuses, lock = [], set(), threading.Lock()

    def client(count: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        for _ in range(count):
            started = time.perf_counter()
            try:
                status, _ = _get(connection, path, headers)
            except (http.client.HTTPException, OSError):  # the worker restarted (max-requests)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, _ = _get(connection, path, headers)
            mine.append(time.perf_counter() - started)
            with lock:
                statuses.add(status)
        connection.close()
        with lock:
            latencies.extend(mine)

    shares = [requests // concurrency + (k < requests % concurrency) for k in range(concurrency)]
    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(port: int, asked: list, rounds: int, requests: int) -> None:
    for _label, path, headers in asked:  # warm-up: the workers' imports, the page cache
        batch(port, path, headers, 4)
    batch(port, FLOOR, {}, 20)
    ratios = {label: [] for label, _, _ in asked}
    latencies = {label: [] for label, _, _ in asked}
    statuses = {label: set() for label, _, _ in asked}
    floor_latencies, floor_rates = [], []
    for round_ in range(rounds):
        for label, path, headers in asked:
            pair = [(FLOOR, {}), (path, headers)]
            if round_ % 2:
                pair.reverse()
            timed = {}
            for which, (asked_path, asked_headers) in zip(("floor", "target")[:: -1 if round_ % 2 else 1], pair,
                                                          strict=True):
                timed[which] = batch(port, asked_path, asked_headers, requests)
            ratios[label].append(timed["target"][0] / timed["floor"][0])
            latencies[label].extend(timed["target"][1])
            statuses[label] |= timed["target"][2]
            floor_latencies.extend(timed["floor"][1])
            floor_rates.append(requests / timed["floor"][0])
        print(f"  round {round_ + 1} of {rounds} done", file=sys.stderr, flush=True)
    p50, p95 = (1000 * _percentile(floor_latencies, share) for share in (0.5, 0.95))
    print(f"\nfloor ({FLOOR}): {statistics.median(floor_rates):.0f} requests/s (median of its batches), "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms\n")
    print("| target | × floor: median (min–max) | p50 ms | p95 ms | status |")
    print("|---|---:|---:|---:|---|")
    for label, _, _ in asked:
        r, lat = ratios[label], latencies[label]
        print(f"| {label} | {statistics.median(r):.1f} ({min(r):.1f}–{max(r):.1f}) | "
              f"{1000 * _percentile(lat, 0.5):.1f} | {1000 * _percentile(lat, 0.95):.1f} | "
              f"{', '.join(map(str, sorted(statuses[label])))} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="demo")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40, help="requests to each target (and the floor) a round")
    parser.add_argument("--no-page-cache", action="store_true", help="LOCALISM_PAGE_CACHE_SECONDS=0")
    parser.add_argument("--rebuild", action="store_true", help="build the data set even if it is built")
    parser.add_argument("--build-only", action="store_true", help="build the data set and stop")
    # A smaller national data set, to try the build (the marker says so: it is not reused as national).
    parser.add_argument("--wards", type=int, default=0, help="national: wards instead of 8,000")
    parser.add_argument("--bookings", type=int, default=0, help="national: bookings instead of 5,000,000")
    parser.add_argument("--responses", type=int, default=0, help="national: responses instead of 10,000,000")
    parser.add_argument("--only", default="",
                        help="measure only the targets whose label holds one of these (commas between)")
    args = parser.parse_args()
    environment = _environment(args.scale, page_cache=not args.no_page_cache)
    os.environ.update(environment)
    import django

    django.setup()
    from django.db import connection

    build(args.scale, args.rebuild, {key: value for key in ("wards", "bookings", "responses")
                                     if (value := getattr(args, key))})
    if args.build_only:
        return
    wanted = [word.strip().lower() for word in args.only.split(",")]
    asked = [t for t in targets() if any(word in t[0].lower() for word in wanted)]
    connection.close()
    shutil.rmtree(Path(environment["LOCALISM_VAR_DIR"]) / "page-cache", ignore_errors=True)
    port = _free_port()
    server = start_gunicorn(environment, port)
    try:
        print(f"\n{connection.vendor}, {args.scale} scale, page cache "
              f"{'off' if args.no_page_cache else 'on'}, gunicorn 2 workers, 2 clients, "
              f"{args.rounds} rounds of {args.requests} requests a target and as many to the floor")
        measure(port, asked, args.rounds, args.requests)
    finally:
        stop_gunicorn(server)


if __name__ == "__main__":
    main()
