from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from wards.selectors.profiles import CENSUS_SOURCE, IMD_SOURCE

from . import selectors
from .models import Report


@require_GET
def open_data(request):
    return render(
        request,
        "reports/open_data.html",
        {"latest": selectors.open_data_latest(), "history": selectors.open_data_history(),
         "census_source": CENSUS_SOURCE, "imd_source": IMD_SOURCE},
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
