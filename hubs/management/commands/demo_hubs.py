"""Create the four shared service hubs of the council's LoCAL programme as demonstration data:
New Aston House, Farm Road (the Sparkbrook Community and Health Centre), The Shard in Shard End
and the Sutton Coldfield Library hub, with their spaces, occupiers, services and a few weeks of
bookings either side of today.

The Shard and the Sutton Coldfield hub are the library hubs that load_libraries creates from the
real library data (Shard End Library is at The Shard): one building, one hub. The demonstration
adds its spaces, occupiers, services and bookings to them and leaves their real details alone.
New Aston House and Farm Road are created as hubs of their own, marked as demonstration data.
Invented organisations' names end with "(demo)"; the only people involved are the demo accounts.
Running it again creates nothing new (a later run adds the bookings of the days that have come
into its six-week window).
"""

import datetime
import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hubs import services
from hubs.demo.data import HUBS, ORGANISATIONS, SERIES_NAMESPACE, WINDOW_DAYS, rates_for
from hubs.models import Booking, Closure, Hub, Occupancy, Space
from hubs.services import setup
from localism.accounts import services as account_services
from localism.accounts.models import Organisation, User
from localism.core.errors import ServiceError
from wards.models import Postcode, Ward


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def counted(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _time(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


def at(day: datetime.date, hhmm: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm)))


class Command(BaseCommand):
    help = ("Create the four LoCAL shared service hubs as demonstration data, with spaces, occupiers, services "
            "and bookings (needs demo_accounts, load_wards and load_libraries). Safe to run again.")

    def handle(self, *args, **options):
        users = {u.username: u for u in User.objects.filter(username__in=["officer", "partner"])}
        if len(users) < 2 or users["partner"].organisation_id is None:
            raise CommandError("Run demo_accounts first: the 'officer' and 'partner' users are needed.")
        self.officer, self.partner = users["officer"], users["partner"]
        self.today = timezone.localdate()
        self.created = Counter()
        self.skipped = []
        try:
            with transaction.atomic():
                self.organisations = self._organisations()
                for spec in HUBS:
                    self._hub(spec)
        except (ValidationError, ServiceError) as error:
            raise CommandError(f"Could not create the demonstration hubs: {error}") from error

        for line in self.skipped:
            self.stdout.write(self.style.WARNING(f"  Skipped {line}"))
        c = self.created
        if not sum(c.values()):
            self.stdout.write("Nothing new: the demonstration hubs are already in place.")
            return
        self.stdout.write(
            f"Created {counted(c['organisations'], 'organisation')}, {counted(c['hubs'], 'hub')}, "
            f"{counted(c['spaces'], 'space')}, {counted(c['occupancies'], 'occupancy', 'occupancies')}, "
            f"{counted(c['services'], 'service')} with {counted(c['schedules'], 'schedule row')}, "
            f"{counted(c['closures'], 'closure')} and {counted(c['bookings'], 'booking')} "
            f"({c['requested']} awaiting approval)."
        )

    # Organisations and hubs

    def _organisations(self) -> dict[str, Organisation]:
        organisations, new = account_services.organisations_ensure(specs=ORGANISATIONS, is_demo=True)
        self.created["organisations"] += new
        return organisations

    def _hub(self, spec: dict) -> None:
        before = sum(self.created.values())
        hub = self._library_hub(spec) if spec["library"] else self._demo_hub(spec)
        setup.hub_managers_add(user=None, hub=hub, managers=[self.officer])
        spaces = self._spaces(hub, spec["spaces"])
        for item in spec["occupancies"]:
            self._occupancy(hub, spaces, item)
        for item in spec["services"]:
            self._service(hub, item)
        for item in spec["closures"]:
            self._closure(hub, spaces, item)
        hub = Hub.objects.prefetch_related("opening_hours").get(pk=hub.pk)
        for each in spaces.values():  # the rules read the hub's hours for every booking
            each.hub = hub
        for item in spec["bookings"]:
            self._bookings(hub, spaces[item["space"]], item)
        made = "created" if sum(self.created.values()) > before else "already in place"
        where = f" (added to the {hub.name} hub)" if spec["library"] else ""
        self.stdout.write(f"  {spec['name']}{where}: {made}")

    def _library_hub(self, spec: dict) -> Hub:
        hub = Hub.objects.filter(slug=spec["library"], is_library=True).first()
        if hub is None:
            raise CommandError("Load the libraries first: manage.py load_libraries --commit")
        return hub

    def _demo_hub(self, spec: dict) -> Hub:
        slug = slugify(spec["name"])
        hub = Hub.objects.filter(slug=slug).first()
        if hub is not None:
            return hub
        try:
            ward = Ward.objects.current().without_geometry().get(gss_code=spec["ward"])
        except Ward.DoesNotExist as error:
            raise CommandError("Load the wards first: manage.py load_wards --commit") from error
        place = Postcode.objects.filter(compact=spec["postcode"].replace(" ", "")).first()
        hub = setup.hub_create(
            user=None, name=spec["name"], slug=slug, ward=ward, address=spec["address"], postcode=spec["postcode"],
            latitude=place.latitude if place else None, longitude=place.longitude if place else None,
            description=spec["description"], accessibility=spec["accessibility"], is_demo=True,
            hours=[(d, _time(o), _time(c)) for d, o, c in spec["hours"]])
        self.created["hubs"] += 1
        return hub

    def _spaces(self, hub: Hub, specs: list[dict]) -> dict[str, Space]:
        spaces = {s.name: s for s in hub.spaces.all()}
        for item in specs:
            if item["name"] in spaces:
                continue
            new = setup.space_save(user=self.officer, hub=hub, rates=rates_for(item), **item)
            spaces[new.name] = new
            self.created["spaces"] += 1
        return spaces

    def _occupancy(self, hub: Hub, spaces: dict[str, Space], item: dict) -> None:
        organisation = self.organisations[item["org"]]
        if Occupancy.objects.filter(hub=hub, organisation=organisation, agreement=item["agreement"]).exists():
            return
        starts_on = add_months(self.today.replace(day=1), -item["began"])
        ends_on = None
        if item["ends_in"] is not None:
            ends_on = self.today + datetime.timedelta(days=item["ends_in"])
        elif item["term"]:
            ends_on = add_months(starts_on, item["term"]) - datetime.timedelta(days=1)
        break_date = None
        if item["break_after"]:
            break_date = add_months(starts_on, item["break_after"]) - datetime.timedelta(days=1)
        services.occupancy_save(
            user=self.officer, hub=hub, organisation=organisation, spaces=[spaces[n] for n in item["spaces"]],
            agreement=item["agreement"], starts_on=starts_on, ends_on=ends_on, break_date=break_date,
            yearly_charge=item["charge"], notes=item["notes"],
        )
        self.created["occupancies"] += 1

    def _service(self, hub: Hub, item: dict) -> None:
        if hub.services.filter(name=item["name"]).exists():
            return
        schedule = [(weekday, _time(opens), _time(closes))
                    for weekdays, opens, closes in item["schedule"] for weekday in weekdays]
        setup.hub_service_create(
            user=self.officer, hub=hub, organisation=self.organisations[item["org"]], name=item["name"],
            description=item["description"], category=item["category"], who_for=item["who_for"],
            how_to_access=item["how_to_access"], is_demo=True, schedule=schedule)
        self.created["services"] += 1
        self.created["schedules"] += len(schedule)

    def _closure(self, hub: Hub, spaces: dict[str, Space], item: dict) -> None:
        space = spaces[item["space"]] if item.get("space") else None
        if Closure.objects.filter(hub=hub, space=space, reason=item["reason"]).exists():
            return
        starts_on = self.today + datetime.timedelta(days=item["starts_in"])
        setup.closure_save(user=self.officer, hub=hub, space=space, starts_on=starts_on, reason=item["reason"],
                           ends_on=starts_on + datetime.timedelta(days=item["days"] - 1))
        self.created["closures"] += 1

    # Bookings

    def _days(self, item: dict):
        """The dates of a regular booking in the window, today left out."""
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        for offset in range(-WINDOW_DAYS, WINDOW_DAYS + 1):
            day = self.today + datetime.timedelta(days=offset)
            week = (day - monday).days // 7
            if offset == 0 or day.weekday() != item["weekday"]:
                continue
            if item["weeks"] is not None and week not in item["weeks"]:
                continue
            if item["every"] == 2 and day.isocalendar().week % 2:
                continue
            yield day, week

    def _bookings(self, hub: Hub, space: Space, item: dict) -> None:
        requester = self.partner if item["partner"] else self.officer
        organisation = self.partner.organisation if item["partner"] else self.organisations.get(item["org"])
        series = None
        if item["weeks"] is None:
            series = uuid.uuid5(SERIES_NAMESPACE, f"{hub.slug}/{space.name}/{item['weekday']}/{item['starts']}")
        for day, week in self._days(item):
            starts_at, ends_at = at(day, item["starts"]), at(day, item["ends"])
            if Booking.objects.filter(space=space, starts_at=starts_at).exists():
                continue  # made by an earlier run
            details = dict(space=space, requester=requester, starts_at=starts_at, ends_at=ends_at,
                           purpose=item["purpose"], attendees=item["attendees"], organisation=organisation,
                           booked_for=item["booked_for"], series=series)
            try:
                booking = self._booking(details, week=week, waits_from=item["waits_from"], past=day < self.today)
            except (ValidationError, ServiceError) as error:
                reason = getattr(error, "message", None) or "; ".join(error.messages)
                self.skipped.append(f"{item['purpose']} in {space}, {day:%-d %B}: {reason}")
                continue
            self.created["bookings"] += 1
            self.created["requested"] += booking.status == Booking.Status.REQUESTED

    def _booking(self, details: dict, *, week: int, waits_from: int | None, past: bool) -> Booking:
        """Booked through the booking service. A booking that has already happened is made as it
        was: on the service's clock of the week before, and approved (if it asked for approval)
        five days before it."""
        starts_at = details["starts_at"]
        booked_on = starts_at - datetime.timedelta(days=7) if past else None
        booking = services.booking_create(**details, now=booked_on)
        if booking.status == Booking.Status.REQUESTED and (past or waits_from is None or week < waits_from):
            booking = services.booking_approve(booking=booking, user=self.officer, note="Approved: the room is free.",
                                               now=starts_at - datetime.timedelta(days=5) if past else None)
        return booking
