from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from wards.selectors.profiles import CENSUS_SOURCE, IMD_SOURCE

from . import runs, selectors
from .models import Report, ReportRunFile


@require_GET
def open_data(request):
    return render(
        request,
        "reports/open_data.html",
        {"latest": selectors.open_data_latest(), "history": selectors.open_data_history(),
         "census_source": CENSUS_SOURCE, "imd_source": IMD_SOURCE,
         "runs": _titled(selectors.published_runs(runs.public_kinds()))},
    )


@require_GET
def download(request, pk, filename):
    report = get_object_or_404(Report.objects.published(), pk=pk)
    if filename != report.filename:
        raise Http404("No such file.")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is no longer available.") from None
    return FileResponse(handle, as_attachment=True, filename=report.filename, content_type=report.content_type)


def _titled(found):
    found = list(found)
    for run in found:
        run.title = runs.kind_of(run.kind).title
    return found


@require_GET
def report_run_file(request, pk, name):
    """A file of a finished run of a public report: the monthly reports are open data."""
    try:
        made = selectors.published_run_file(pk=pk, name=name, public_kinds=runs.public_kinds())
    except ReportRunFile.DoesNotExist:
        raise Http404("No such file.") from None
    try:
        handle = made.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is no longer available.") from None
    return FileResponse(handle, as_attachment=not made.content_type.startswith("text/html"),
                        filename=made.name, content_type=made.content_type)
