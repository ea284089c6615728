"""The staff's reports page: every kind of report with its latest run, every run with its figures
and files, and "run it now" for any kind and month."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.errors import Invalid, field_messages
from localism.core.paging import page_of
from localism.core.views import deny

from . import runs, selectors
from .models import ReportRun, ReportRunFile
from .rules import can_run_reports

A_PAGE = 25
MONTH_INVALID = "Enter the month as a year and month, like 2026-10"


class RunForm(forms.Form):
    kind = forms.ChoiceField(label="Report", error_messages={"required": runs.KIND_UNKNOWN,
                                                             "invalid_choice": runs.KIND_UNKNOWN})
    month = forms.CharField(label="Month", max_length=7,
                            error_messages={"required": MONTH_INVALID, "max_length": MONTH_INVALID},
                            help_text="As a year and month, like 2026-10")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.code, kind.title) for kind in runs.kinds()]

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        try:
            return datetime.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise forms.ValidationError(MONTH_INVALID) from None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def report_runs(request):
    if not can_run_reports.test(request.user):
        return deny(request, runs.NOT_STAFF)
    status = 200
    if request.method == "POST":
        form = RunForm(request.POST)
        if form.is_valid():
            try:
                run = runs.report_request(user=request.user, **form.cleaned_data)
            except Invalid as error:
                for field, problems in field_messages(error).items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                messages.success(request, f"{runs.kind_of(run.kind).title} for {run.period_start:%B %Y} is queued: "
                                          "it will be here in a few minutes.")
                return redirect("report-runs:list")
        status = 400
    else:
        form = RunForm(initial={"month": f"{runs.last_month():%Y-%m}"})
    # Newest month first; the id parts two runs of one kind and month (a run again).
    all_runs = ReportRun.objects.prefetch_related("files").select_related("requested_by").order_by(
        "-period_start", "kind", "-pk")
    page = page_of(request, all_runs, A_PAGE)
    titles = {kind.code: kind.title for kind in runs.kinds()}
    for run in page.object_list:
        run.title = titles.get(run.kind, run.kind)
    return render(request, "reports/runs/list.html", {"form": form, "page": page, "kinds": runs.kinds()},
                  status=status)


@login_required
@require_GET
def report_file(request, pk, name):
    if not can_run_reports.test(request.user):
        return deny(request, runs.NOT_STAFF)
    made = get_object_or_404(ReportRunFile, run_id=pk, name=name)
    try:
        handle = made.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is no longer available.") from None
    return FileResponse(handle, as_attachment=not made.content_type.startswith("text/html"),
                        filename=made.name, content_type=made.content_type)


@login_required
@require_GET
def report_run(request, pk):
    if not can_run_reports.test(request.user):
        return deny(request, runs.NOT_STAFF)
    try:
        run = selectors.report_run_get(pk=pk)
    except ReportRun.DoesNotExist:
        raise Http404("No such report run.") from None
    kind = runs.known_kind(run.kind)
    return render(request, "reports/runs/detail.html", {
        "run": run, "kind": kind, "title": kind.title if kind else run.kind,
        "figures": selectors.run_figures(run, kind)})


@login_required
@require_GET
def figure_history(request, kind, figure):
    if not can_run_reports.test(request.user):
        return deny(request, runs.NOT_STAFF)
    spec = runs.known_kind(kind)
    if spec is None:
        raise Http404("No such report.")
    history = selectors.figure_history(kind=kind, figure=figure)
    label = spec.label(figure)
    bars = [(f"{run.period_start:%b %Y}", value) for run, value in history]
    unit = "percent" if figure.endswith("_percent") else "count"
    return render(request, "reports/runs/history.html", {
        "kind": spec, "figure": figure, "label": label, "history": history, "bars": bars, "unit": unit,
        "summary": (f"{len(bars)} months, from {bars[0][0]} to {bars[-1][0]}; the table below gives each month's figure"
                    if bars else "no finished run has this figure")})
