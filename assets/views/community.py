"""Assets of community value pages: the two lists the council must publish (the assets of
community value, and the unsuccessful nominations), filtered by ward and status, and a page per
listing with its dates. Public; no nominator's personal details are shown."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from localism.core.paging import page_of

from ..forms.community import ListFilterForm
from ..models import CommunityValueNomination
from ..selectors import community as selectors
from .community_steps import nomination_steps_offered

PAGE_SIZE = 50
Status = CommunityValueNomination.Status


def _list(request, *, template: str, statuses, default_status: str | None):
    form = ListFilterForm(request.GET or None, statuses=statuses)
    ward, status = None, default_status
    if form.is_valid():
        ward = form.cleaned_data["ward"]
        status = form.cleaned_data["status"] or (default_status if "status" not in request.GET else None)
    rows = selectors.nominations_published(ward=ward, status=status, statuses=statuses)
    page = page_of(request, rows, PAGE_SIZE)
    return render(request, template, {"form": form, "page": page, "nominations": list(page.object_list),
                                      "ward": ward, "status": status, "today": timezone.localdate()},
                  status=400 if form.errors else 200)


@require_GET
def community_value_list(request):
    """The list of assets of community value: those listed now, unless a status is chosen."""
    return _list(request, template="assets/community/list.html", statuses=selectors.LISTING_STATUSES,
                 default_status=Status.LISTED)


@require_GET
def unsuccessful_list(request):
    """The list of unsuccessful nominations."""
    return _list(request, template="assets/community/unsuccessful.html", statuses=[Status.NOT_LISTED],
                 default_status=Status.NOT_LISTED)


@require_GET
def community_value_detail(request, pk):
    nomination = selectors.nomination_visible(pk=pk, user=request.user)
    if nomination is None:
        raise Http404("No asset of community value has that address.")
    return render(request, "assets/community/detail.html", {
        "nomination": nomination, "today": timezone.localdate(),
        "may_manage": request.user.has_perm("assets.manage_community_value", nomination),
        "steps": nomination_steps_offered(request.user, nomination)})
