"""The city ranking of the wards on a measure of their profiles (Census 2021, IMD 2019)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..forms.profiles import ORDER_UNKNOWN, RankingForm
from ..selectors import profile_ranking
from ..selectors.profiles import DEFAULT_MEASURE

TEMPLATE = "wards/profiles/ranking.html"


@require_GET
def ward_ranking(request):
    form = RankingForm(request.GET or {"measure": DEFAULT_MEASURE})
    context = {
        "form": form, "page": None, "classes_note": profile_ranking.CLASSES_NOTE,
        "poor_fit_note": profile_ranking.POOR_FIT_NOTE, "no_data_fill": profile_ranking.NO_DATA_FILL,
        "no_data_hatch": profile_ranking.NO_DATA_HATCH,
    }
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    data = form.cleaned_data
    context["page"] = profile_ranking.ranking_page(data["measure"], sort=data["sort"], order=data["order"])
    context["fallback_message"] = ORDER_UNKNOWN if form.fell_back else ""
    return render(request, TEMPLATE, context)
