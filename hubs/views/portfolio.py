"""The portfolio page, for asset officers and admins: every hub and every asset of the register
with its floor area, occupied and vacant space, income, running cost and utilisation, by ward and
city-wide; and the page where a hub's officers or an asset officer choose the building a hub is
in. Sorting is by plain links (no JavaScript needed), each column header saying how it sorts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.views import deny, form_status, posted, refusal

from .. import selectors
from ..forms.portfolio import HubBuildingForm
from ..forms.setup import IncomeYearForm
from ..models import Hub
from ..selectors.portfolio import portfolio as portfolio_figures
from ..services.assets import hub_asset_set

SEE_PORTFOLIO = "hubs.portfolio_hub"
HOUSE_HUB = "hubs.house_hub"
ROWS_A_PAGE = 100
BUILDING_SAVED = "{hub} is in {asset}."
BUILDING_CLEARED = "{hub} is in no building of the register."
# The columns one may sort by: the key in the address, the heading, how a row is sorted by it.
COLUMNS = [
    ("name", "Hub or asset", False, lambda r: (r.name.lower(),)),
    ("ward", "Ward", False, lambda r: (r.ward_name or "~", r.name.lower())),
    ("floor_area", "Floor area (m²)", True, lambda r: (r.floor_area,)),
    ("occupied", "Occupied (m²)", True, lambda r: (r.occupied is not None, r.occupied or 0)),
    ("vacant", "Vacant (m²)", True, lambda r: (r.vacant is not None, r.vacant or 0)),
    ("income", "Income", True, lambda r: (r.income is not None, r.income or 0)),
    ("running_cost", "Running cost", True, lambda r: (r.running_cost is not None, r.running_cost or 0)),
    ("utilisation", "Utilisation", True, lambda r: (r.utilisation is not None, r.utilisation or 0)),
]
SORTS = {key: how for key, _, _, how in COLUMNS}


def _headers(sort: str, order: str, year: int) -> list[dict]:
    headers = []
    for key, label, numeric, _ in COLUMNS:
        current = key == sort
        link_order = "desc" if current and order == "asc" else "asc"
        headers.append({
            "key": key, "label": label, "numeric": numeric, "current": current,
            "aria_sort": ("ascending" if order == "asc" else "descending") if current else "",
            "url": f"?year={year}&sort={key}&order={link_order}#portfolio",
            "how": ("A to Z" if link_order == "asc" else "Z to A") if not numeric
            else ("lowest first" if link_order == "asc" else "highest first"),
        })
    return headers


@require_GET
def portfolio(request):
    if not request.user.has_perm(SEE_PORTFOLIO):
        return deny(request)
    today = timezone.localdate()
    year_form = IncomeYearForm(request.GET)
    year = year_form.year_or(today.year)
    start, end = selectors.last_full_weeks(today)
    figures = portfolio_figures(year=year, start=start, end=end, on=today)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    order = "desc" if request.GET.get("order") == "desc" else "asc"
    rows = sorted(figures.rows, key=SORTS[sort], reverse=order == "desc")
    page = Paginator(rows, ROWS_A_PAGE).get_page(request.GET.get("page"))
    query = f"year={year}&sort={sort}&order={order}"
    return render(request, "hubs/portfolio.html", {
        "figures": figures, "page": page, "headers": _headers(sort, order, year), "year_form": year_form,
        "previous_url": f"?{query}&page={page.previous_page_number()}#portfolio" if page.has_previous() else "",
        "next_url": f"?{query}&page={page.next_page_number()}#portfolio" if page.has_next() else "",
    }, status=form_status(year_form))


@require_http_methods(["GET", "POST"])
def hub_building(request, slug):
    hub = get_object_or_404(Hub.objects.select_related("asset"), slug=slug)
    if refused := refusal(request, HOUSE_HUB, hub):
        return refused
    form = HubBuildingForm(posted(request), hub=hub)
    if form.is_bound and form.is_valid():
        asset = form.cleaned_data["asset"]
        if form.submit(hub_asset_set, user=request.user, hub=hub, asset=asset):
            text = BUILDING_SAVED.format(hub=hub.name, asset=asset) if asset else BUILDING_CLEARED.format(hub=hub.name)
            messages.success(request, text)
            return redirect("hubs:building", slug=hub.slug)
    return render(request, "hubs/manage/building.html", {
        "hub": hub, "form": form, "may_set_up": request.user.has_perm("hubs.change_hub", hub),
        "suggestions": form.suggestions(),
    }, status=form_status(form))
