"""The pages where hub officers run their hubs and partners book rooms: a hub's dashboard and
week, booking a space, requests awaiting approval, a booking and its history, occupiers, and
each user's own bookings.

Every page works without JavaScript: forms post and redirect. The pages that only show
something check the `rules` permission on it; the writes leave every rule to their service,
whose refusal (Refused) the core's middleware answers: anonymous users are sent to sign in,
signed-in users get 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from localism.accounts.models import User
from localism.core.dates import DATE_HINT, as_typed
from localism.core.paging import page_of
from localism.core.views import form_status, posted, refusal

from .. import selectors, services
from ..forms.manage import BookingForm, DecisionForm, OccupancyForm, PeriodForm, WeekForm
from ..forms.setup import IncomeYearForm
from ..models import Booking, Hub, Occupancy, Space
from ..templatetags.hub_tags import LOW_USE
from .setup import week_day

CHANGE_HUB = "hubs.change_hub"
ADD_BOOKING = "hubs.add_booking"
VIEW_BOOKING = "hubs.view_booking"
DECIDE_BOOKING = "hubs.change_booking"
CANCEL_BOOKING = "hubs.delete_booking"
CHANGE_OCCUPANCY = "hubs.change_occupancy"

BOOKED = "Booked: {what}."
REQUESTED = "Requested: {what}, awaiting approval by the hub."
SERIES_SKIPPED = " {n} of the dates could not be booked."
APPROVED = "Approved: {what}."
TURNED_DOWN = "Turned down: {what}."
CANCELLED = "Cancelled: {what}."
OCCUPANCY_RECORDED = "Occupancy recorded: {occupancy}."
OCCUPANCY_SAVED = "Occupancy saved: {occupancy}."
PAST_SHOWN = 50
BOOKINGS_PER_PAGE = 25  # a person's bookings to come, a page at a time
REQUESTS_PER_PAGE = 25  # the requests awaiting approval, each with its decision form
OCCUPANCIES_PER_PAGE = 25  # a hub's occupancies, each with its history


def _hub(slug: str) -> Hub:
    return get_object_or_404(Hub, slug=slug)


def _booking(pk: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("space__hub", "organisation", "requested_by", "decided_by"), pk=pk)


def _when(starts_at, ends_at) -> str:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return f"{start:%A %-d %B %Y}, {start:%H:%M} to {end:%H:%M}"


def describe(booking: Booking) -> str:
    """A booking as the messages name it: its space, day and time."""
    return f"{booking.space.name}, {_when(booking.starts_at, booking.ends_at)}"


def _week_url(hub: Hub, day: datetime.date) -> str:
    return f"{reverse('hubs:week', kwargs={'slug': hub.slug})}?date={day:%Y-%m-%d}"


def _after_booking(request, hub: Hub, day: datetime.date):
    """Hub managers go back to the hub's week; everyone else to their own bookings."""
    if request.user.has_perm(CHANGE_HUB, hub):
        return redirect(_week_url(hub, day))
    return redirect("hubs:my-bookings")


@login_required
@require_GET
def manage(request):
    return render(request, "hubs/manage/home.html", {
        "hubs": selectors.hubs_managed_by(request.user),
        "is_partner": request.user.role == User.Role.PARTNER,
    })


@require_GET
def dashboard(request, slug):
    hub = _hub(slug)
    if refused := refusal(request, CHANGE_HUB, hub):
        return refused
    today = timezone.localdate()
    form = PeriodForm(request.GET, default=selectors.last_full_weeks(today))
    start, end = form.period
    usage = selectors.utilisation(hub, start=start, end=end)
    year_form = IncomeYearForm(request.GET)
    income = selectors.hub_income(hub, year=year_form.year_or(today.year))
    return render(request, "hubs/manage/dashboard.html", {
        "year_form": year_form, "income": income,
        "income_bars": [(f"{m.month:%B %Y}", m.total) for m in income.months],
        "hub": hub,
        "form": form,
        "date_hint": DATE_HINT,
        "summary": selectors.hub_occupancy(hub, on=today),
        "awaiting": selectors.bookings_awaiting(hub).count(),
        "usage": usage,
        "low_use": LOW_USE,
        "space_bars": [(row["space"].name, row["rate"]) for row in usage.by_space],
        "week_bars": [(f"Week of {row['week']:%-d %b %Y}", row["rate"]) for row in usage.by_week],
    }, status=max(form_status(form), form_status(year_form)))


@require_GET
def week(request, slug):
    hub = _hub(slug)
    if refused := refusal(request, CHANGE_HUB, hub):
        return refused
    form = WeekForm(request.GET)
    today = timezone.localdate()
    grid = selectors.week_view(hub, week_start=form.week_of(today))
    chosen = form.cleaned_data.get("date") if form.is_valid() else None
    return render(request, "hubs/manage/week.html", {
        "hub": hub, "form": form, "today": today, "date_hint": DATE_HINT, **grid,
        **week_day(hub, grid, chosen=chosen, today=today),
        "previous_url": grid["previous"] and _week_url(hub, grid["previous"]),
        "next_url": grid["next"] and _week_url(hub, grid["next"]),
    }, status=form_status(form))


def _offered_spaces(hub: Hub, user) -> list[Space]:
    # The service decides who may book what (may_book reads no table); the form offers those.
    return [space for space in hub.spaces.order_by("name") if services.may_book(user, space)]


def _booking_initial(request) -> dict:
    initial = {"space": request.GET.get("space")}
    try:
        initial["date"] = as_typed(datetime.date.fromisoformat(request.GET.get("date", "")))
    except ValueError:
        pass
    return initial


@require_http_methods(["GET", "POST"])
def book(request, slug):
    hub = _hub(slug)
    if refused := refusal(request, ADD_BOOKING, None):
        return refused
    user = request.user
    offered = _offered_spaces(hub, user)
    managing = user.has_perm(CHANGE_HUB, hub)
    form = BookingForm(posted(request), initial=_booking_initial(request), offered=offered,
                       spaces=hub.spaces.select_related("hub"), staff=managing,
                       for_someone=user.role != User.Role.PARTNER)
    context = {"hub": hub, "form": form, "has_spaces": bool(offered), "date_hint": DATE_HINT, "managing": managing}
    if request.POST.get("change") == "1":
        # "Book none" on the dates page: the form again, filled in, so the time can be changed.
        form.full_clean()
        form._errors = type(form.errors)()
        return _book_page(request, hub, offered, context)
    if form.is_bound and form.is_valid():
        fields = form.booking_fields()
        if "every_weeks" in fields:
            try:
                result = services.booking_series_create(
                    requester=user, book_available=request.POST.get("book_available") == "1", **fields)
            except services.SeriesConflict as conflict:
                return _series_conflict(request, context, conflict.result, conflict.message)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _series_message(result))
                return _after_booking(request, hub, timezone.localdate(result.booked[0].starts_at))
        elif booking := form.submit(services.booking_create, requester=user, **fields):
            template = REQUESTED if booking.status == Booking.Status.REQUESTED else BOOKED
            messages.success(request, template.format(what=describe(booking)))
            return _after_booking(request, hub, timezone.localdate(booking.starts_at))
    return _book_page(request, hub, offered, context)


def _book_page(request, hub, offered, context):
    # The chosen space's free and busy times, and after a time that cannot be booked the nearest
    # free ones (hubs.views.bookings).
    from .bookings import free_busy, suggestions_for

    form = context["form"]
    data = getattr(form, "cleaned_data", None) or {}
    context.update(free_busy(request, hub, offered, space_id=form.data.get("space") or request.GET.get("space"),
                             day=data.get("date")))
    context.update(suggestions_for(form))
    return render(request, "hubs/manage/book.html", context, status=form_status(form))


def _series_message(result: services.SeriesResult) -> str:
    booked = result.booked
    first, last = timezone.localtime(booked[0].starts_at), timezone.localtime(booked[-1].starts_at)
    end = timezone.localtime(booked[0].ends_at)
    what = (f"{booked[0].space.name}, {first:%H:%M} to {end:%H:%M} on {len(booked)} dates from "
            f"{first:%A %-d %B %Y} to {last:%A %-d %B %Y}")
    template = REQUESTED if booked[0].status == Booking.Status.REQUESTED else BOOKED
    message = template.format(what=what)
    if result.problems:
        message += SERIES_SKIPPED.format(n=len(result.problems))
    return message


def _series_conflict(request, context: dict, result: services.SeriesResult, message: str):
    """Every date of a repeating booking, whether it is free, and the choice to book the free
    ones (the same data posted again, with book_available) or none."""
    form = context["form"]
    hidden = [(name, value) for name in form.data for value in form.data.getlist(name)
              if name not in {"csrfmiddlewaretoken", "book_available"}]
    available = [o for o in result.occurrences if not o.problem]
    return render(request, "hubs/manage/book_series.html", {
        **context, "message": message, "occurrences": result.occurrences, "available": len(available),
        "hidden": hidden, "space": form.cleaned_data["space"],
    }, status=409)


@require_GET
def requests(request, slug):
    hub = _hub(slug)
    if refused := refusal(request, CHANGE_HUB, hub):
        return refused
    page = page_of(request, selectors.bookings_awaiting(hub), REQUESTS_PER_PAGE)
    return render(request, "hubs/manage/requests.html", {
        "hub": hub, "bookings": page, "page": page,
    })


def _decide(request, pk, decide, template: str):
    # The service says who may decide (a refusal is answered 403) and what can be decided.
    booking = _booking(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        form.submit(decide, booking=booking, user=request.user, note=form.cleaned_data["note"])
    if form.errors:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    else:
        messages.success(request, template.format(what=describe(booking)))
    return redirect("hubs:requests", slug=booking.space.hub.slug)


@require_POST
def booking_approve(request, pk):
    return _decide(request, pk, services.booking_approve, APPROVED)


@require_POST
def booking_reject(request, pk):
    return _decide(request, pk, services.booking_reject, TURNED_DOWN)


@require_http_methods(["GET", "POST"])
def booking_cancel(request, pk):
    booking = _booking(pk)
    if refused := refusal(request, CANCEL_BOOKING, booking):
        return refused
    form = DecisionForm(posted(request))
    form.fields["note"].label = "Reason (optional)"
    if form.is_bound and form.is_valid() and form.submit(
            services.booking_cancel, booking=booking, user=request.user, note=form.cleaned_data["note"]):
        messages.success(request, CANCELLED.format(what=describe(booking)))
        return _after_booking(request, booking.space.hub, timezone.localdate(booking.starts_at))
    return render(request, "hubs/manage/booking_cancel.html", {
        "booking": booking, "hub": booking.space.hub, "form": form,
        "managing": request.user.has_perm(CHANGE_HUB, booking.space.hub),
    }, status=form_status(form))


@require_GET
def booking_detail(request, pk):
    from .bookings import may_change

    booking = _booking(pk)
    if refused := refusal(request, VIEW_BOOKING, booking):
        return refused
    may_decide = request.user.has_perm(DECIDE_BOOKING, booking)
    return render(request, "hubs/manage/booking.html", {
        "booking": booking,
        "hub": booking.space.hub,
        "history": selectors.booking_history(booking),
        "may_decide": may_decide and booking.status == Booking.Status.REQUESTED,
        "may_cancel": booking.status in Booking.HOLDING and request.user.has_perm(CANCEL_BOOKING, booking),
        "managing": request.user.has_perm(CHANGE_HUB, booking.space.hub),
        "decision_form": DecisionForm(),
        "may_change": may_change(request.user, booking),
        "series_dates": selectors.series_of(booking) if booking.series else [],
    })


@login_required
@require_GET
def my_bookings(request):
    now = timezone.now()
    bookings = selectors.bookings_of(request.user)
    # Every booking here is the user's or their organisation's, so they may cancel any that
    # still holds its slot: no permission check per row.
    coming = page_of(request, bookings.filter(ends_at__gt=now).order_by("starts_at", "pk"), BOOKINGS_PER_PAGE)
    return render(request, "hubs/manage/my_bookings.html", {
        "sections": [("Coming up", coming, True, coming),
                     (f"Past (the latest {PAST_SHOWN})", bookings.filter(ends_at__lte=now)[:PAST_SHOWN], False, None)],
        "holding": Booking.HOLDING,
    })


@require_GET
def occupiers(request, slug):
    hub = _hub(slug)
    if refused := refusal(request, CHANGE_HUB, hub):
        return refused
    page = page_of(request, selectors.hub_occupancies(hub), OCCUPANCIES_PER_PAGE)
    return render(request, "hubs/manage/occupiers.html", {
        "hub": hub, "occupancies": selectors.with_changes(page.object_list), "page": page,
    })


def _occupancy_form_page(request, hub: Hub, occupancy: Occupancy | None):
    initial = OccupancyForm.initial_for(occupancy) if occupancy else None
    form = OccupancyForm(posted(request), hub=hub, initial=initial)
    if form.is_bound and form.is_valid() and (saved := form.submit(
            services.occupancy_save, user=request.user, hub=hub, occupancy=occupancy, **form.cleaned_data)):
        template = OCCUPANCY_SAVED if occupancy else OCCUPANCY_RECORDED
        messages.success(request, template.format(
            occupancy=f"{saved.organisation.name}, {saved.get_agreement_display().lower()}"))
        return redirect("hubs:occupiers", slug=hub.slug)
    return render(request, "hubs/manage/occupancy_form.html", {
        "hub": hub, "form": form, "occupancy": occupancy, "date_hint": DATE_HINT,
    }, status=form_status(form))


@require_http_methods(["GET", "POST"])
def occupancy_new(request, slug):
    hub = _hub(slug)
    if refused := refusal(request, CHANGE_HUB, hub):
        return refused
    return _occupancy_form_page(request, hub, None)


@require_http_methods(["GET", "POST"])
def occupancy_edit(request, pk):
    occupancy = get_object_or_404(Occupancy.objects.select_related("hub", "organisation"), pk=pk)
    if refused := refusal(request, CHANGE_OCCUPANCY, occupancy):
        return refused
    return _occupancy_form_page(request, occupancy.hub, occupancy)
