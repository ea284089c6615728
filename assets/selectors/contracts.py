"""Reads of the council's service contracts: the list (filtered by ward, status and whether the
renewal window is open), one contract with its specifications, reviews and the wards' input,
the contracts open to a councillor's wards' input, and the ward page's links. A fixed number of
queries however many rows."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch
from django.urls import reverse

from localism.core.links import Link
from wards.models import Ward

from ..models import Contract, WardInput


def _prefetched(queryset):
    # The wards served, without their boundaries: no list draws them, and they are most of a ward's bytes.
    return queryset.select_related("buyer").prefetch_related(
        Prefetch("wards", queryset=Ward.objects.without_geometry()), "suppliers")


def contract_list(*, ward=None, status: str | None = None, window_open: bool = False,
                  renewal_before: datetime.date | None = None, today: datetime.date):
    contracts = Contract.objects.all()
    if ward is not None:
        contracts = contracts.serving(ward)
    if status:
        contracts = contracts.filter(status=status)
    if window_open:
        contracts = contracts.window_open(today)
    if renewal_before:
        contracts = contracts.filter(decision_due__lt=renewal_before)
    return _prefetched(contracts.order_by("decision_due", "title", "pk"))


def contract_get(*, pk):
    inputs = WardInput.objects.select_related("ward", "submitted_by", "answered_by").prefetch_related(
        "priorities__plan")
    return _prefetched(Contract.objects.all()).prefetch_related(
        "specifications", "reviews", Prefetch("ward_inputs", queryset=inputs)).get(pk=pk)


def contracts_open_to_input(user, *, today: datetime.date):
    """The contracts whose renewal window is open that serve a ward where the user holds a
    current seat (every city-wide one, for any councillor)."""
    from wards.models import CouncillorSeat

    wards = CouncillorSeat.objects.current().filter(councillor=user).values("ward")
    if not wards.exists():
        return Contract.objects.none()
    from django.db.models import Q

    return _prefetched(Contract.objects.window_open(today).filter(Q(city_wide=True) | Q(wards__in=wards))
                       .distinct().order_by("decision_due", "title", "pk"))


def ward_contract_links(wards, *, today: datetime.date | None = None) -> dict[int, list[Link]]:
    """Per ward, the contracts serving it (city-wide ones too), renewing soonest first, each noting
    its renewal window's state. Two queries."""
    from django.db.models import Q
    from django.utils import timezone

    today = today or timezone.localdate()
    pks = [w.pk for w in wards]
    contracts = list(Contract.objects.filter(Q(city_wide=True) | Q(wards__in=pks)).distinct()
                     .prefetch_related(Prefetch("wards", queryset=Ward.objects.without_geometry()))
                     .order_by("decision_due", "title", "pk"))
    found = defaultdict(list)
    for contract in contracts:
        served = pks if contract.city_wide else [w.pk for w in contract.wards.all() if w.pk in pks]
        state = contract.window_state(today)
        note = {"open": f"Renewal window open: input until {contract.decision_due:%-d %B %Y}",
                "not yet open": f"Renewal window opens {contract.window_opens():%-d %B %Y}",
                "closed": f"Renewal decision due {contract.decision_due:%-d %B %Y}",
                "decided": f"Renewal decided: {contract.get_renewal_decision_display().lower()}"}[state]
        for pk in served:
            found[pk].append(Link(contract.title, reverse("contracts:detail", kwargs={"pk": contract.pk}), note=note))
    return found


def contract_counts_by_ward(ward_ids, *, today: datetime.date) -> dict[int, tuple[int, int]]:
    """Per ward: how many contracts serve it (city-wide ones too) and how many of those have
    their renewal window open on `today`. Two queries, whatever the number of wards."""
    from django.db.models import Count, Q

    open_ids = Contract.objects.window_open(today).values("pk")
    city = Contract.objects.filter(city_wide=True).aggregate(
        serving=Count("pk"), open=Count("pk", filter=Q(pk__in=open_ids)))
    through = Contract.wards.through.objects.filter(ward_id__in=list(ward_ids), contract__city_wide=False)
    named = {row["ward_id"]: (row["serving"], row["open"]) for row in through.values("ward_id").order_by().annotate(
        serving=Count("contract_id"), open=Count("contract_id", filter=Q(contract_id__in=open_ids)))}
    return {pk: (city["serving"] + named.get(pk, (0, 0))[0], city["open"] + named.get(pk, (0, 0))[1])
            for pk in ward_ids}
