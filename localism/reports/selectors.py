from django.db.models import OuterRef, Subquery

from .models import Report, ReportRun, ReportRunFile


def open_data_latest():
    return Report.objects.latest_of_each_kind()


def open_data_history(*, limit: int = 50):
    return Report.objects.published()[:limit]


HISTORY_MONTHS = 24


def _numeric(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def report_run_get(*, pk: int) -> ReportRun:
    return ReportRun.objects.select_related("requested_by").prefetch_related("files").get(pk=pk)


def run_figures(run: ReportRun, kind) -> list[dict]:
    """A run's key figures as rows the page reads: the label, the value, and whether it has a
    history to chart (numbers do)."""
    return [{"name": name, "label": kind.label(name) if kind else name, "value": value, "numeric": _numeric(value)}
            for name, value in run.figures.items()]


def figure_history(*, kind: str, figure: str, months: int = HISTORY_MONTHS) -> list[tuple[ReportRun, float]]:
    """The figure in each finished run of the kind, oldest month first, over the last `months` runs."""
    done = ReportRun.objects.filter(kind=kind, status=ReportRun.Status.DONE).order_by("-period_start")[:months]
    return [(run, run.figures[figure]) for run in reversed(list(done)) if _numeric(run.figures.get(figure))]


def published_runs(public_kinds: list[str]):
    """The newest finished run of each public kind, with its files: the monthly reports in open data."""
    newest = ReportRun.objects.filter(kind=OuterRef("kind"), status=ReportRun.Status.DONE).order_by("-period_start")
    return (ReportRun.objects.filter(kind__in=public_kinds, pk=Subquery(newest.values("pk")[:1]))
            .prefetch_related("files").order_by("kind"))


def published_run_file(*, pk: int, name: str, public_kinds: list[str]) -> ReportRunFile:
    return ReportRunFile.objects.select_related("run").get(
        run_id=pk, name=name, run__kind__in=public_kinds, run__status=ReportRun.Status.DONE)
