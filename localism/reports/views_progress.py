"""The public "How localism is going" pages: the framework's basics in every ward and the city
as a whole, today, from the same selectors as the monthly reports and the councillors'
workspaces. Anyone may read them."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wards.models import Ward
from wards.selectors.geography import ward_get

from . import coverage, measures
from .rules import can_view_progress


@require_GET
def city(request):
    if not can_view_progress.test(request.user):  # anyone, today; the rule lives in one place
        raise Http404
    found = coverage.coverage()
    checks = found.measures()
    success = measures.year_to_date()
    return render(request, "reports/progress/city.html", {
        "coverage": found, "checks": checks,
        "bars": [(check["label"], check["percent"]) for check in checks if check["of"]],
        **_measures(success, success.city, "Birmingham"),
    })


def _measures(found: measures.Measures, row: measures.MeasuresRow, place: str) -> dict:
    """What the measures' section draws for the city or a ward: the figures and their charts."""
    national = found.national_influence
    return {"found": found, "row": row, "place": place, "measures": measures.MEASURES,
            "lead_bars": [(label, n) for _kind, label, n in row.kinds],
            "influence_bars": [(place, row.influence.percent), (national.area, national.percent)]}


@require_GET
def ward(request, slug):
    if not can_view_progress.test(request.user):
        raise Http404
    try:
        place = ward_get(slug=slug)
    except Ward.DoesNotExist:
        raise Http404("No such ward.") from None
    found = coverage.coverage(wards=[place])
    if not found.wards:  # a ward of an earlier boundary generation
        raise Http404("No such ward.")
    success = measures.year_to_date(wards=[place])
    return render(request, "reports/progress/ward.html", {
        "ward": place, "coverage": found, "checked": found.wards[0],
        **_measures(success, success.wards[0], place.name),
        "checks": [{"code": code, "label": label, "definition": coverage.DEFINITIONS[code],
                    "value": getattr(found.wards[0], code)} for code, label in coverage.MEASURES],
    })
