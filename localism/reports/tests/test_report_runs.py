"""Report runs: one per kind and month however often asked; a build that raises is retried, then
marked failed (visible in admin, the admins told); two processes at once build it once."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hubs.tests.factories import HubFactory, SpaceFactory
from localism.accounts.tests.factories import UserFactory
from localism.celery import app as celery_app
from localism.reports import runs
from localism.reports.models import Notification, ReportRun
from localism.reports.tasks import run_report

OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture
def calls(monkeypatch):
    """A report kind of the test's own whose build counts its calls (and fails when told)."""
    made = {"calls": 0, "fail": 0, "sleep": 0.0}

    def build(start, end):
        made["calls"] += 1
        time.sleep(made["sleep"])
        if made["fail"]:
            made["fail"] -= 1
            raise RuntimeError("the figures could not be read")
        return runs.Built(figures={"month": f"{start:%Y-%m}", "calls": made["calls"]},
                          files=[("figures.csv", "text/csv", b"month\n" + f"{start:%Y-%m}".encode())])

    runs.kinds()
    monkeypatch.setitem(runs._kinds, "counted", runs.ReportKind("counted", "Counted", "A test report.", build))
    return made


@pytest.mark.django_db
def test_running_a_month_twice_gives_one_run(calls):
    first = runs.report_run(kind="counted", month=OCTOBER + datetime.timedelta(days=14))
    second = runs.report_run(kind="counted", month=OCTOBER)
    assert first.pk == second.pk and ReportRun.objects.count() == 1 and calls["calls"] == 1
    assert (first.period_start, first.period_end) == (OCTOBER, datetime.date(2026, 10, 31))
    assert first.status == ReportRun.Status.DONE and first.figures == {"month": "2026-10", "calls": 1}
    assert [f.name for f in first.files.all()] == ["figures.csv"]
    assert first.files.get().file.read() == b"month\n2026-10"
    again = runs.report_run(kind="counted", month=OCTOBER, again=True)  # staff's "run it again"
    assert again.pk == first.pk and again.figures["calls"] == 2 and again.files.count() == 1


@pytest.mark.django_db
def test_a_month_to_come_or_an_unknown_report_is_refused(calls):
    with pytest.raises(runs.Invalid):
        runs.report_run(kind="counted", month=timezone.localdate() + datetime.timedelta(days=62))
    with pytest.raises(runs.Invalid):
        runs.report_run(kind="no-such-report", month=OCTOBER)
    assert not ReportRun.objects.exists()


@pytest.mark.django_db
def test_a_failing_report_is_retried_then_marked_failed_and_the_admins_told(
        calls, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    admin = UserFactory(admin=True)
    calls["fail"] = 10
    with django_capture_on_commit_callbacks(execute=True):
        result = run_report.apply(kwargs={"kind": "counted", "month": "2026-10-01"})
    assert result.failed() and isinstance(result.result, RuntimeError)
    run = ReportRun.objects.get()
    assert calls["calls"] == 4  # the first try and three retries
    assert run.status == ReportRun.Status.FAILED and run.attempts == 4
    assert run.error == "RuntimeError: the figures could not be read"
    [told] = Notification.objects.filter(user=admin)
    assert told.subject == "A report failed: Counted, October 2026"  # once, after the last try
    assert told.url == reverse("admin:reports_reportrun_change", args=[run.pk])


@pytest.mark.django_db
def test_a_retry_that_succeeds_tells_nobody(calls, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    UserFactory(admin=True)
    calls["fail"] = 1
    with django_capture_on_commit_callbacks(execute=True):
        result = run_report.apply(kwargs={"kind": "counted", "month": "2026-10-01"})
    assert result.successful()
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.DONE and run.attempts == 2 and run.error == ""
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_failed_run_is_shown_in_admin(admin_client, calls):
    calls["fail"] = 1
    with pytest.raises(RuntimeError):
        runs.report_run(kind="counted", month=OCTOBER, tell_on_failure=False)
    run = ReportRun.objects.get()
    listing = admin_client.get(reverse("admin:reports_reportrun_changelist") + "?status=failed")
    assert listing.status_code == 200 and "Failed" in listing.content.decode()
    page = admin_client.get(reverse("admin:reports_reportrun_change", args=[run.pk])).content.decode()
    assert "RuntimeError: the figures could not be read" in page


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_taken_over_but_a_live_one_is_not(calls):
    start = timezone.now()
    ReportRun.objects.create(kind="counted", period_start=OCTOBER, period_end=datetime.date(2026, 10, 31),
                             status=ReportRun.Status.RUNNING, started_at=start, attempts=1)
    live = runs.report_run(kind="counted", month=OCTOBER, now=start + datetime.timedelta(minutes=5))
    assert live.status == ReportRun.Status.RUNNING and calls["calls"] == 0  # someone is building it
    later = runs.report_run(kind="counted", month=OCTOBER, now=start + runs.STALE_AFTER + datetime.timedelta(1))
    assert later.status == ReportRun.Status.DONE and later.attempts == 2 and calls["calls"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite runs one write at a time; the conditional update above keeps the rule there.")
def test_two_schedulers_at_once_build_a_report_once(calls):
    calls["sleep"] = 0.5  # long enough for both to be asking at once
    answers, barrier = [], threading.Barrier(2)

    def ask():
        barrier.wait()
        try:
            answers.append(runs.report_run(kind="counted", month=OCTOBER).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert calls["calls"] == 1 and ReportRun.objects.count() == 1
    assert sorted(answers) == ["done", "running"]  # the other found it being built


@pytest.mark.django_db
def test_the_hub_portfolio_report_for_a_month(monkeypatch):
    officer = UserFactory(officer=True)
    hub = HubFactory(name="Shard End Hub", managers=[officer])
    SpaceFactory(hub=hub, name="Community room", floor_area_m2=Decimal("40"))
    SpaceFactory(hub=hub, name="Meeting room", floor_area_m2=Decimal("20"))
    run = runs.report_run(kind="hub_portfolio", month=OCTOBER)
    assert run.status == ReportRun.Status.DONE
    assert run.figures["hubs"] == 1 and run.figures["floor_area_m2"] == 60.0 and run.figures["vacant_m2"] == 60.0
    files = {f.name: f.file.read().decode() for f in run.files.all()}
    assert files["hubs.csv"].splitlines()[1].startswith("Shard End Hub,Shard End,E05011165,60.00,0.00,60.00")
    assert "<h1>Hub portfolio, October 2026</h1>" in files["report.html"]


@pytest.mark.django_db
@pytest.mark.parametrize("role, status", [("anonymous", 302), ("resident", 403), ("partner", 403),
                                          ("councillor", 403), ("officer", 200), ("admin", 200)])
def test_only_staff_see_and_run_reports(client, role, status):
    if role != "anonymous":
        client.force_login(UserFactory(**({role: True} if role != "resident" else {})))
    assert client.get(reverse("report-runs:list")).status_code == status
    answer = client.post(reverse("report-runs:list"), {"kind": "hub_portfolio", "month": "2026-10"})
    assert answer.status_code == (302 if status == 200 else status)
    assert ReportRun.objects.exists() == (status == 200)


@pytest.mark.django_db
def test_staff_run_a_report_now_and_read_its_files(client, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    client.force_login(UserFactory(officer=True))
    HubFactory(name="Shard End Hub")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("report-runs:list"), {"kind": "hub_portfolio", "month": "2026-10"})
    assert answer.status_code == 302
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.DONE and run.requested_by is not None
    page = client.get(reverse("report-runs:list")).content.decode()
    assert "Hub portfolio" in page and "October 2026" in page and "hubs: 1" in page
    csv = client.get(reverse("report-runs:file", args=[run.pk, "hubs.csv"]))
    assert csv.status_code == 200 and b"Shard End Hub" in b"".join(csv.streaming_content)


@pytest.mark.django_db
def test_a_bad_month_or_report_is_named_and_runs_nothing(client):
    client.force_login(UserFactory(officer=True))
    for data, message in [({"kind": "hub_portfolio", "month": "October"}, "Enter the month as a year and month"),
                          ({"kind": "hub_portfolio", "month": "2099-01"}, "Enter a month between"),
                          ({"kind": "made-up", "month": "2026-10"}, "Choose a report from the list")]:
        answer = client.post(reverse("report-runs:list"), data)
        assert answer.status_code == 400 and message in answer.content.decode()
    assert not ReportRun.objects.exists()
