"""Report runs: each kind of report (localism.reports.report_kinds) is built for a period — a
month — into its key figures and files, and kept as a ReportRun.

A kind has one run per period: asking again for a period already done answers the run that was
made (unless a member of staff asks for it to be made again). Two processes asking at the same
moment — two beat schedulers, a retry and a member of staff — build it once: the first to move
the run to "running" (one conditional UPDATE, atomic on every database) builds it, the others
answer the run as it stands. A run left "running" longer than a task may take (its worker died)
may be taken over. A build that raises marks the run failed, with the error, and is raised again
for the task to retry; when the last retry fails too, the admins are told."""

import calendar
import datetime
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from localism.core import events
from localism.core.errors import Invalid, Refused

from .models import ReportRun, ReportRunFile

Status = ReportRun.Status
# Longer than any report task's hard time limit: a run still "running" after this lost its worker.
STALE_AFTER = datetime.timedelta(minutes=15)
FAILED = "report_failed"
KIND_UNKNOWN = "Choose a report from the list"
PERIOD_INVALID = "Enter a month between {first:%B %Y} and {last:%B %Y}"
EARLIEST = datetime.date(2018, 1, 1)
NOT_STAFF = "Only council staff run reports."  # the localism framework's year


@dataclass
class Built:
    figures: dict
    files: list[tuple[str, str, bytes]] = field(default_factory=list)  # (name, content type, content)
    # What to do once the run is saved with its figures and files (tell people of it).
    after: Callable[[ReportRun], None] | None = None


@dataclass(frozen=True)
class ReportKind:
    code: str
    title: str
    description: str
    build: Callable[[datetime.date, datetime.date], Built]
    public: bool = True  # its runs' files are published as open data
    labels: dict = field(default_factory=dict)  # a key figure's name as people read it
    # The key figures alone, by the same selector, without the files: `build(...).figures`
    # without the CSV and the pages (what bench/reports.py times beside its hand-written SQL).
    figures: Callable[[datetime.date, datetime.date], dict] | None = None

    def label(self, figure: str) -> str:
        return self.labels.get(figure) or figure.replace("_", " ").capitalize()


_kinds: dict[str, ReportKind] = {}


def report_kind(code: str, title: str, description: str, *, public: bool = True, labels: dict | None = None,
                figures: Callable[[datetime.date, datetime.date], dict] | None = None):
    """Register a monthly report: `build(first_day, last_day) -> Built`. A public kind's runs are
    open data; `labels` names its key figures for the pages; `figures(first_day, last_day)`, when
    given, gives the build's key figures without making its files."""

    def register(build):
        _kinds[code] = ReportKind(code=code, title=title, description=description, build=build, public=public,
                                  labels=labels or {}, figures=figures)
        return build

    return register


def kinds() -> list[ReportKind]:
    from . import report_kinds  # noqa: F401  (registers them)

    return list(_kinds.values())


def kind_of(code: str) -> ReportKind:
    kinds()
    if code not in _kinds:
        raise Invalid({"kind": KIND_UNKNOWN})
    return _kinds[code]


def known_kind(code: str) -> ReportKind | None:
    """The kind of that code, or None for a kind no longer built (its old runs stay)."""
    kinds()
    return _kinds.get(code)


def public_kinds() -> list[str]:
    return [kind.code for kind in kinds() if kind.public]


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def last_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the month before `today`'s: what the schedule reports on."""
    first = (today or timezone.localdate()).replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def check_month(day: datetime.date, *, today: datetime.date | None = None) -> None:
    latest = (today or timezone.localdate()).replace(day=1)
    if not EARLIEST <= day <= month_of(latest)[1]:
        raise Invalid({"month": PERIOD_INVALID.format(first=EARLIEST, last=latest)})


def _the_run(kind: ReportKind, start: datetime.date, end: datetime.date) -> ReportRun:
    try:
        with transaction.atomic():
            run, _ = ReportRun.objects.get_or_create(kind=kind.code, period_start=start, period_end=end)
    except IntegrityError:  # made by another process at the same moment
        run = ReportRun.objects.get(kind=kind.code, period_start=start, period_end=end)
    return run


def report_run(*, kind: str, month: datetime.date, user=None, again: bool = False,
               tell_on_failure: bool = True, now=None) -> ReportRun:
    """Build `kind` for the month of `month` once (see the module's docstring). `again` makes a
    finished run afresh (staff's "run it again"); `tell_on_failure` tells the admins when this
    attempt fails (the task asks it on its last retry only)."""
    spec = kind_of(kind)
    check_month(month)
    start, end = month_of(month)
    now = now or timezone.now()
    run = _the_run(spec, start, end)
    if run.status == Status.DONE and not again:
        return run
    takeable = Q(status__in=[Status.QUEUED, Status.FAILED]) | Q(status=Status.RUNNING, started_at__lt=now - STALE_AFTER)
    if again:
        takeable |= Q(status=Status.DONE)
    taken = ReportRun.objects.filter(pk=run.pk).filter(takeable).update(
        status=Status.RUNNING, started_at=now, finished_at=None, attempts=F("attempts") + 1, error="",
        requested_by=user)
    if not taken:  # another process is building it, or has built it
        run.refresh_from_db()
        return run
    try:
        built = spec.build(start, end)
    except Exception as error:
        ReportRun.objects.filter(pk=run.pk).update(
            status=Status.FAILED, finished_at=timezone.now(),
            error="".join(traceback.format_exception_only(error)).strip()[:2000])
        if tell_on_failure:
            _tell_admins(run.pk)
        raise
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        for old in run.files.all():
            old.file.delete(save=False)
            old.delete()
        for name, content_type, content in built.files:
            made = ReportRunFile(run=run, name=name, content_type=content_type, size_bytes=len(content))
            made.file.save(f"{spec.code}-{start:%Y-%m}-{name}", ContentFile(content), save=False)
            made.save()
        run.figures, run.status, run.finished_at = built.figures, Status.DONE, timezone.now()
        run.save(update_fields=["figures", "status", "finished_at"])
    if built.after is not None:
        built.after(run)
    return run


def report_request(*, kind: str, month: datetime.date, user) -> ReportRun:
    """Staff's "run it now": the run of `kind` for the month, queued (made afresh if it was
    done), built by the worker after the commit."""
    from .rules import can_run_reports

    if not can_run_reports.test(user):
        raise Refused(NOT_STAFF)
    spec = kind_of(kind)
    check_month(month)
    start, end = month_of(month)
    run = _the_run(spec, start, end)
    ReportRun.objects.filter(pk=run.pk).exclude(status=Status.RUNNING).update(status=Status.QUEUED,
                                                                                requested_by=user)
    run.refresh_from_db()

    from .tasks import run_report

    transaction.on_commit(lambda: run_report.delay(kind, start.isoformat(), user.pk, True))
    return run


def _tell_admins(pk: int) -> None:
    run = ReportRun.objects.get(pk=pk)
    admins = get_user_model().objects.filter(Q(role="admin") | Q(is_superuser=True), is_active=True)
    events.publish(events.Event(
        kind=FAILED, key=f"report-failed:{run.pk}:{run.attempts}",
        recipients=tuple(admins.values_list("pk", flat=True)),
        subject=f"A report failed: {kind_of(run.kind).title}, {run.period_start:%B %Y}",
        body=f"Attempts: {run.attempts}\n{run.error}",
        url=reverse("admin:reports_reportrun_change", args=[run.pk])))
