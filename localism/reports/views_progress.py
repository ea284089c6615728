"""The public "How localism is going" pages: the framework's basics in every ward and the city
as a whole, today, from the same selectors as the monthly reports and the councillors'
workspaces. Anyone may read them."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wards.models import Ward
from wards.selectors.geography import ward_get

from . import coverage
from .rules import can_view_progress


@require_GET
def city(request):
    if not can_view_progress.test(request.user):  # anyone, today; the rule lives in one place
        raise Http404
    found = coverage.coverage()
    measures = found.measures()
    return render(request, "reports/progress/city.html", {
        "coverage": found, "measures": measures,
        "bars": [(measure["label"], measure["percent"]) for measure in measures if measure["of"]],
    })


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
    return render(request, "reports/progress/ward.html", {
        "ward": place, "coverage": found, "row": found.wards[0],
        "checks": [{"code": code, "label": label, "definition": coverage.DEFINITIONS[code],
                    "value": getattr(found.wards[0], code)} for code, label in coverage.MEASURES],
    })
