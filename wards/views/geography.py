"""Public ward pages: find your ward, the list of wards, a ward's page and its boundary."""

import json

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from localism.core import links
from localism.core.paging import page_of

from .. import selectors
from ..charts import bar_chart, decile_strip
from ..forms import FindWardForm, WardFilterForm
from ..geometry import boundary_svg, points_svg
from ..models import Ward
from ..selectors import profiles as profile_selectors


@require_GET
def find(request):
    form = FindWardForm(request.GET or None)
    if form.is_bound and form.is_valid():
        match = form.match
        text = f"{match.postcode} is in {match.ward.name} ward."
        if match.approximate:
            text += " This postcode's location is approximate, so check the ward's boundary."
        messages.success(request, text)
        return redirect(match.ward)
    status = 200
    if form.is_bound:
        codes = [e.code for e in form.errors.as_data().get("postcode", [])]
        status = 404 if "404" in codes else 400
    return render(request, "wards/find.html", {"form": form}, status=status)

WARDS_PER_PAGE = 100


@require_GET
def ward_list(request):
    filters = WardFilterForm(request.GET or None, constituencies=selectors.constituency_list())
    constituency = filters.cleaned_data.get("constituency") if filters.is_valid() else None
    wards = selectors.ward_list(constituency=constituency).order_by("name", "pk")
    # A city's wards fit one page; a larger area's are paged, with the totals of them all.
    page = page_of(request, wards, WARDS_PER_PAGE)
    return render(
        request,
        "wards/list.html",
        {"wards": page.object_list, "page": page, "count": page.paginator.count, "filters": filters,
         "constituency": constituency, "seats": wards.aggregate(seats=Sum("seats"))["seats"] or 0},
    )


@require_GET
def ward_detail(request, slug):
    try:
        ward = selectors.ward_get(slug=slug)
    except Ward.DoesNotExist:
        raise Http404("No ward has that address.") from None
    plans = selectors.ward_plans_in_time(ward)
    plan = plans["current"]
    rows = _action_rows(plan) if plan else []
    profile = profile_selectors.ward_profile(ward)
    assets = links.of("ward_assets", [ward]).get(ward.pk, [])  # the council's assets (assets app)
    return render(
        request,
        "wards/detail.html",
        {
            "ward": ward,
            "councillors": ward.current_seats,
            "champions": ward.champions.select_related("officer"),
            "neighbourhoods": ward.neighbourhoods.all(),
            "shape": boundary_svg(ward.boundary_simplified),
            "plan": plan,
            "upcoming_plans": plans["upcoming"],
            "consultation_plans": plans["consultation"],
            "past_plans": plans["past"],
            "counts": selectors.actions_status_counts(rows) if plan else None,
            "budgets": selectors.plan_budget_summary(plan) if plan else None,
            "forums": selectors.ward_forums(ward),
            "meetings": selectors.meetings_for_ward(ward),
            "can_edit_ward_plans": request.user.has_perm("wards.add_wardplan")
            and selectors.wards_where_seated(request.user).filter(pk=ward.pk).exists(),
            **_profile_context(ward, profile),
            "have_your_say": links.of("ward_engagement", [ward]).get(ward.pk, []),
            "assets": assets,
            "contributions": links.of("ward_contributions", [ward]).get(ward.pk, []),
            "asset_points": points_svg(ward.boundary_simplified, assets),
            "contracts": links.of("ward_contracts", [ward]).get(ward.pk, []),  # the service contracts (assets app)
        },
    )


def _action_rows(plan) -> list:
    """The actions of the ward's current plan (ActionRows, on each priority's `action_list`),
    each with its address (from one reversal) and whether it is overdue today: worked out once
    here, not by the template for each action."""
    page, today = links.address_of("plans:action"), timezone.localdate()
    rows = [row for priority in plan.priorities.all() for row in priority.action_list]
    for row in rows:
        row.page_url, row.overdue = page(row.pk), row.is_overdue_on(today)
    return rows


def _profile_context(ward, profile) -> dict:
    """What the "Who lives here" section draws: the profile, a chart per Census table, the
    deprivation strip and the words on the figures' limits."""
    return {
        "profile": profile,
        "charts": [{"table": t, "chart": bar_chart(t, ward_name=ward.name)} for t in profile.tables],
        "strip": decile_strip(profile.deprivation.lsoas_by_decile) if profile.deprivation else None,
        "census_caveat": profile_selectors.CENSUS_CAVEAT,
        "census_source": profile_selectors.CENSUS_SOURCE,
        "imd_source": profile_selectors.IMD_SOURCE,
    }


@require_GET
def ward_boundary(request, slug):
    try:
        ward = Ward.objects.current().get(slug=slug)
    except Ward.DoesNotExist:
        raise Http404("No ward has that address.") from None
    feature = selectors.ward_boundary_feature(ward)
    response = HttpResponse(json.dumps(feature), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{ward.slug}-boundary.geojson"'
    return response
