"""The developer contributions' pages: the city's table by ward, a ward's contributions, the
annual infrastructure funding statement (a table and CSV) and the datapackage's CSVs, which
anyone may read; the planning obligations officers' pages (record a transaction, allocate
Section 106 money, the contributions whose spend-by date is near); and a councillor's page to
allocate the ward's neighbourhood CIL to a priority of its plan."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.errors import Invalid
from localism.core.paging import page_of
from localism.core.views import form_page, posted, refusal
from wards.models import Priority, Ward
from wards.models.plans import PlanStatus

from .. import rules_contributions as contribution_rules
from ..forms.contributions import NeighbourhoodCilForm, S106AllocationForm, TransactionForm
from ..models import SpendByRisk
from ..selectors import contributions as selectors
from ..services import contributions as services
from ..services import contributions_format as formats
from ..services import neighbourhood_cil as ncil

RECORD = "assets.record_contributions"
RECORDED = "The transaction has been recorded."
ALLOCATED = "£{amount:,.2f} of neighbourhood CIL has been allocated to {priority}."
S106_ALLOCATED = "£{amount:,.2f} of {reference} has been allocated to {priority}."
AT_RISK_PER_PAGE = 50
# A ward's contributions page holds two lists, each paged by its own query parameter.
AGREEMENTS_PER_PAGE = 20
ALLOCATIONS_PER_PAGE = 25
DATASETS = {"developer-agreement", "developer-agreement-contribution", "developer-agreement-transaction"}


def _period(raw: str | None) -> str:
    """A financial year from the address (2026-27), else the current one."""
    return ncil.period_or_current(raw)


def _ward(slug: str) -> Ward:
    return get_object_or_404(Ward.objects.current().without_geometry(), slug=slug)


@require_GET
def index(request):
    period = _period(request.GET.get("period"))
    sort = request.GET.get("sort", "ward")
    descending = request.GET.get("order") == "desc"
    rows = selectors.city_table(period=period, sort=sort, descending=descending)
    return render(request, "assets/contributions/index.html", {
        "rows": rows, "period": period, "period_slug": period.replace("/", "-"), "sort": sort, "descending": descending,
        "may_record": request.user.has_perm(RECORD),
        "columns": [("ward", "Ward"), ("contracts", "Contracts serving"), ("windows_open", "Open to input"),
                    ("s106_received", "S106 received"), ("s106_allocated", "S106 allocated"),
                    ("s106_spent", "S106 spent"), ("cil_received", "CIL received"),
                    ("ncil_received", "Neighbourhood CIL received"), ("ncil_allocated", "Neighbourhood CIL allocated"),
                    ("ncil_available", "Neighbourhood CIL available")],
    })


@require_GET
def ward_contributions(request, slug):
    ward = _ward(slug)
    period = _period(request.GET.get("period"))
    return render(request, "assets/contributions/ward.html", {
        "ward": ward, "period": period, "money": selectors.ward_money(ward, period=period),
        "portion": ncil.portion(ward, period),
        "agreements": page_of(request, selectors.ward_agreements(ward), AGREEMENTS_PER_PAGE, anchor="agreements"),
        "allocations": page_of(request, selectors.ward_neighbourhood_allocations(ward), ALLOCATIONS_PER_PAGE,
                               param="allocations", anchor="allocations"),
        "may_allocate": contribution_rules.can_allocate_neighbourhood_cil.test(request.user, ward),
    })


@require_GET
def funding_statement(request, period):
    try:
        period = ncil.check_period(period.replace("-", "/"))
    except Invalid:
        raise Http404("No financial year has that address.") from None
    statement = selectors.funding_statement(period)
    if request.GET.get("format") == "csv":
        return _csv(formats.funding_statement_csv(statement), f"infrastructure-funding-statement-"
                                                              f"{period.replace('/', '-')}.csv")
    return render(request, "assets/contributions/statement.html", {"statement": statement, "period": period})


def _csv(text: str, filename: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@require_GET
def export(request, dataset):
    if dataset not in DATASETS:
        raise Http404("No dataset has that name.")
    return _csv(formats.export_all()[dataset], f"{dataset}.csv")


@require_GET
def at_risk(request):
    if refused := refusal(request, RECORD, None):
        return refused
    band = request.GET.get("band") if request.GET.get("band") in SpendByRisk.values else None
    page = page_of(request, selectors.at_risk(band), AT_RISK_PER_PAGE)
    return render(request, "assets/contributions/at_risk.html", {
        "page": page, "contributions": page.object_list, "band": band,
        "bands": [b for b in SpendByRisk if b.value]})


@require_http_methods(["GET", "POST"])
def record_transaction(request):
    if refused := refusal(request, RECORD, None):
        return refused
    form = TransactionForm(posted(request), contributions=selectors.contributions_for_recording())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        made = form.submit(services.transaction_record, user=request.user, contribution=data["contribution"],
                           status=data["status"], amount=data["amount"], start_date=data["start_date"],
                           notes=data["notes"])
        if made is not None:
            messages.success(request, RECORDED)
            return redirect("contributions:index")
    return form_page(request, "assets/contributions/record.html", {"form": form})


def _open_priorities():
    return (Priority.objects.exclude(plan__status=PlanStatus.ARCHIVED).select_related("plan")
            .order_by("plan__title", "position"))


@require_http_methods(["GET", "POST"])
def allocate_s106(request):
    if refused := refusal(request, RECORD, None):
        return refused
    form = S106AllocationForm(posted(request), contributions=selectors.s106_contributions(),
                              priorities=_open_priorities())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        made = form.submit(services.s106_allocate, user=request.user, contribution=data["contribution"],
                           amount=data["amount"], on=data["start_date"], priority=data["priority"])
        if made is not None:
            messages.success(request, S106_ALLOCATED.format(amount=made.amount, reference=made.contribution.reference,
                                                            priority=made.priority.title))
            return redirect("contributions:index")
    return form_page(request, "assets/contributions/allocate_s106.html", {"form": form})


@require_http_methods(["GET", "POST"])
def allocate_neighbourhood_cil(request, slug):
    ward = _ward(slug)
    if refused := refusal(request, "assets.allocate_neighbourhood_cil", ward):
        return refused
    period = _period(request.GET.get("period"))
    form = NeighbourhoodCilForm(posted(request), priorities=_open_priorities().filter(plan__wards=ward))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        made = form.submit(ncil.neighbourhood_cil_allocate, user=request.user, ward=ward, period=period,
                           priority=data["priority"], amount=data["amount"], description=data["description"])
        if made is not None:
            messages.success(request, ALLOCATED.format(amount=made.amount, priority=made.priority.title))
            return redirect("contributions:ward", slug=ward.slug)
    return form_page(request, "assets/contributions/allocate_ncil.html", {
        "form": form, "ward": ward, "period": period, "available": ncil.available(ward, period)})
