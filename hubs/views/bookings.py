"""The pages where a booking is managed after it is made: changing its time, space, numbers or
contact, and a repeating booking as a whole, with the choice to cancel one date, the rest or
all of it; and the free and busy times of a space shown beside the booking form.

As elsewhere, the services decide who may do what: their refusal is answered by the core's
middleware (sign in, or 403), their other errors show on the form.
"""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from localism.accounts.models import User
from localism.core.dates import DATE_HINT
from localism.core.views import form_status, posted, refusal

from .. import rules as hub_rules
from .. import selectors, services
from ..forms.manage import BookingChangeForm, FreeBusyForm, SeriesCancelForm
from ..models import Booking, Hub
from .manage import CANCEL_BOOKING, CHANGE_HUB, VIEW_BOOKING, _after_booking, _offered_spaces, describe

CHANGED = "Changed: {what}."
CHANGED_AWAITING = "Changed: {what}. The change awaits approval by the hub."
SERIES_CANCELLED = "Cancelled {n} date{s} of the repeating booking of {space}."
SUGGESTED = 3
SUGGESTION_REPLACES = {"csrfmiddlewaretoken", "date", "start_time", "end_time", "book_available", "change"}


def _booking(pk: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("space__hub", "organisation", "requested_by", "decided_by"), pk=pk)


def may_change(user, booking: Booking) -> bool:
    """Whether to offer the change link: the booking service's rule, read without a write."""
    if booking.status not in Booking.HOLDING and not hub_rules.can_decide_booking.test(user, booking):
        return False
    return hub_rules.can_decide_booking.test(user, booking) or (
        hub_rules.made_booking.test(user, booking) and booking.starts_at > timezone.now())


@require_http_methods(["GET", "POST"])
def booking_change(request, pk):
    booking = _booking(pk)
    if refused := refusal(request, VIEW_BOOKING, booking):
        return refused
    user, hub = request.user, booking.space.hub
    managing = user.has_perm(CHANGE_HUB, hub)
    offered = _offered_spaces(hub, user)
    if booking.space not in offered:
        offered = sorted([*offered, booking.space], key=lambda s: s.name)
    form = BookingChangeForm(posted(request), initial=BookingChangeForm.initial_for(booking), offered=offered,
                             spaces=hub.spaces.select_related("hub"), staff=managing,
                             for_someone=user.role != User.Role.PARTNER)
    if form.is_bound and form.is_valid():
        fields = form.booking_fields()
        if not managing:
            fields["organisation"] = booking.organisation
        if changed := form.submit(services.booking_update, booking=booking, user=user, **fields):
            template = CHANGED_AWAITING if (changed.status == Booking.Status.REQUESTED
                                            and booking.status == Booking.Status.CONFIRMED) else CHANGED
            messages.success(request, template.format(what=describe(changed)))
            return redirect("hubs:booking", pk=changed.pk)
    elif not form.is_bound and not may_change(user, booking):
        return refusal(request, "hubs.change_booking", booking) or redirect("hubs:booking", pk=booking.pk)
    context = {"booking": booking, "hub": hub, "form": form, "date_hint": DATE_HINT, "managing": managing}
    context.update(suggestions_for(form))
    return render(request, "hubs/manage/booking_change.html", context, status=form_status(form))


def suggestions_for(form) -> dict:
    """After a time that cannot be booked, the nearest free times of the same length."""
    data = getattr(form, "cleaned_data", None) or {}
    wrong_time = any(name in form.errors for name in ("start_time", "date", "__all__"))
    if not (form.is_bound and wrong_time and data.get("space") and data.get("starts_at") and data.get("ends_at")):
        return {}
    slots = services.free_slots(space=data["space"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                                attendees=min(data.get("attendees") or 1, data["space"].capacity), count=SUGGESTED)
    # Each free time is offered as a button that posts the same form again at that time.
    kept = [(name, value) for name in form.data for value in form.data.getlist(name)
            if name not in SUGGESTION_REPLACES]
    return {"suggested_space": data["space"], "suggestions": [
        {"starts_at": start, "ends_at": end, "fields": [*kept, ("date", f"{timezone.localtime(start):%d/%m/%Y}"),
                                                        ("start_time", f"{timezone.localtime(start):%H:%M}"),
                                                        ("end_time", f"{timezone.localtime(end):%H:%M}")]}
        for start, end in slots]}


def free_busy(request, hub: Hub, offered, *, space_id=None, day: datetime.date | None = None) -> dict:
    """The free/busy week of one of the spaces this user may book, chosen by GET (`space`,
    `week`) or by the booking form's space and date: others' bookings only as "busy"."""
    form = FreeBusyForm(request.GET or None, offered=offered)
    chosen, week = None, None
    if form.is_bound and form.is_valid():
        chosen, week = form.cleaned_data.get("space"), form.cleaned_data.get("week")
    if chosen is None and space_id:
        chosen = next((s for s in offered if str(s.pk) == str(space_id)), None)
    if chosen is None and len(offered) == 1:
        chosen = offered[0]
    context = {"freebusy_form": form, "freebusy_space": chosen}
    if chosen is not None:
        context["freebusy"] = selectors.space_week(chosen, week_start=week or day or timezone.localdate(),
                                                   user=request.user)
    return context


@require_http_methods(["GET", "POST"])
def booking_series(request, pk):
    booking = _booking(pk)
    if refused := refusal(request, VIEW_BOOKING, booking):
        return refused
    may_cancel = request.user.has_perm(CANCEL_BOOKING, booking)
    if request.method == "POST" and not may_cancel:
        return refusal(request, CANCEL_BOOKING, booking)
    form = SeriesCancelForm(posted(request), initial={"scope": "one"})
    if form.is_bound and form.is_valid() and (cancelled := form.submit(
            services.booking_series_cancel, booking=booking, user=request.user, scope=form.cleaned_data["scope"],
            note=form.cleaned_data["note"])):
        messages.success(request, SERIES_CANCELLED.format(n=len(cancelled), s="" if len(cancelled) == 1 else "s",
                                                          space=booking.space.name))
        return _after_booking(request, booking.space.hub, timezone.localdate(booking.starts_at))
    return render(request, "hubs/manage/booking_series.html", {
        "booking": booking, "hub": booking.space.hub, "form": form, "dates": selectors.series_of(booking),
        "may_cancel": may_cancel and booking.status in Booking.HOLDING, "holding": Booking.HOLDING,
        "managing": request.user.has_perm(CHANGE_HUB, booking.space.hub),
    }, status=form_status(form))
