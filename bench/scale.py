"""Data at scale for the benchmarks and the query-count tests: N wards, each with what the city's
reports read — a Ward Forum and its meetings, a Ward Plan of a priority and actions, a
consultation, residents' ideas, a hub with opening hours, spaces, closures, an occupier and
bookings over the year — and contracts and developer contributions, in bulk (bulk_create in
batches, no history rows, no validation: the shapes are fixed and valid).

Every value follows from the ward's index (no random numbers), so two builds are the same:

    from bench import scale
    scale.build(wards=8000, bookings=16000, on=datetime.date(2026, 10, 31))

The city's 69 real wards are used first when they are loaded; wards beyond them are generated in
the current boundary generation. `first` builds the data of the wards from that index on only,
so a data set can be grown (69 wards, then 8,000) without building the first ones twice.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assets.models import Contract, ContributionTransaction, DeveloperAgreement, DeveloperContribution
from engagement.models import Consultation, ConsultationStatus, Idea
from hubs.models import BookableBy, Booking, Closure, Hub, Occupancy, OpeningHours, Space, SpaceLetting
from localism.accounts.models import Organisation
from wards.models import BoundaryGeneration, ForumMeeting, PlanStatus, Priority, Ward, WardForum, WardPlan
from wards.models.plans import Action, ActionStatus, Source, Theme, financial_year

BATCH = 2_000
SLOTS = ("09:00", "11:00", "13:00", "15:00")  # two hours each: a space takes 4 bookings a day
DAY = datetime.timedelta(days=1)


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm)))


def _wards(n: int) -> list[Ward]:
    """The first n current wards (by pk), generating those missing."""
    have = list(Ward.objects.current().without_geometry().order_by("pk")[:n])
    if len(have) < n:
        generation = BoundaryGeneration.objects.current().first() or BoundaryGeneration.objects.create(
            name="Generated wards", valid_from=datetime.date(2018, 5, 3))
        start = Ward.objects.filter(slug__startswith="scale-ward-").count()
        _bulk(Ward, [Ward(generation_low=generation, gss_code=f"X{start + k:08d}", name=f"Scale Ward {start + k}",
                          slug=f"scale-ward-{start + k}", seats=2, constituency="Generated", locality="Generated")
                     for k in range(n - len(have))])
        have = list(Ward.objects.current().without_geometry().order_by("pk")[:n])
    return have


def _organisations() -> tuple[Organisation, Organisation]:
    council, _ = Organisation.objects.get_or_create(
        slug="scale-council", defaults={"name": "Scale council directorate", "kind": "council_directorate"})
    partner, _ = Organisation.objects.get_or_create(
        slug="scale-partner", defaults={"name": "Scale partner", "kind": "voluntary_community"})
    return council, partner


def _engagement(wards: list[tuple[int, Ward]], on: datetime.date, council, partner, actions: int = 2,
                all_published: bool = False) -> None:
    until = _at(on, "18:30")
    forums = _bulk(WardForum, [WardForum(name=f"{ward.name} Ward Forum") for i, ward in wards if i % 5])
    by_ward = dict(zip([ward for i, ward in wards if i % 5], forums, strict=True))
    _bulk(WardForum.wards.through, [WardForum.wards.through(wardforum=f, ward=w) for w, f in by_ward.items()])
    meetings = []
    for i, ward in wards:
        if forum := by_ward.get(ward):
            meetings.append(ForumMeeting(forum=forum, starts_at=until - (i % 400) * DAY, venue="Library",
                                         status=ForumMeeting.Status.HELD if i % 7 else ForumMeeting.Status.CANCELLED))
            meetings.append(ForumMeeting(forum=forum, starts_at=until + (14 + i % 30) * DAY, venue="Library"))
    _bulk(ForumMeeting, meetings)
    period = financial_year(on)
    plans = _bulk(WardPlan, [WardPlan(title=f"{ward.name} Ward Plan", period=period,
                                      status=PlanStatus.PUBLISHED if i % 3 or all_published else PlanStatus.DRAFT)
                             for i, ward in wards])
    _bulk(WardPlan.wards.through, [WardPlan.wards.through(wardplan=p, ward=w) for (_, w), p in zip(wards, plans,
                                                                                                 strict=True)])
    priorities = _bulk(Priority, [Priority(plan=p, position=1, title="Cleaner streets", theme=Theme.CLEAN_GREEN,
                                           source=Source.FORUM) for p in plans])
    actions = _bulk(Action, [
        Action(priority=priority, position=k, description=f"Action {k}", lead_organisation=council,
               due_date=on + ((i % 90) - 45 + 30 * k) * DAY,
               status=[ActionStatus.NOT_STARTED, ActionStatus.DONE][(i + k) % 2])
        for (i, _), priority in zip(wards, priorities, strict=True) for k in range(1, actions + 1)])
    _bulk(Action.partners.through, [Action.partners.through(action=a, organisation=partner) for a in actions[::2]])
    consulted = [(i, ward) for i, ward in wards if i % 4 == 0]
    consultations = _bulk(Consultation, [
        Consultation(title=f"Priorities for {ward.name}", summary="What should change?",
                     opens_at=until - (i % 500) * DAY, closes_at=until - (i % 500) * DAY + 28 * DAY,
                     status=ConsultationStatus.CLOSED if i % 500 >= 28 else ConsultationStatus.OPEN)
        for i, ward in consulted])
    _bulk(Consultation.wards.through, [Consultation.wards.through(consultation=c, ward=w)
                                       for (_, w), c in zip(consulted, consultations, strict=True)])
    ideas = []
    for i, ward in wards:
        for k in (0, 1):
            made = until - (40 + (i * 7 + k * 90) % 330) * DAY
            answered = made + (i % 45) * DAY if (i + k) % 3 else None
            ideas.append(Idea(ward=ward, title=f"Idea {k}", description="A bench by the bus stop.",
                              theme=Theme.CLEAN_GREEN, created_at=made, responded_at=answered))
    _bulk(Idea, ideas)


def _hubs(wards: list[tuple[int, Ward]], on: datetime.date, bookings: int, council) -> None:
    hubs = _bulk(Hub, [Hub(name=f"{ward.name} Hub", slug=f"scale-hub-{ward.pk}", ward=ward, address="High Street",
                           postcode="B1 1AA") for i, ward in wards])
    indexed = list(zip([i for i, _ in wards], hubs, strict=True))
    _bulk(OpeningHours, [OpeningHours(hub=hub, weekday=d, opens=datetime.time(9), closes=datetime.time(17))
                         for _, hub in indexed for d in (0, 2, 4)]
          + [OpeningHours(hub=hub, weekday=5, opens=datetime.time(10), closes=datetime.time(14))
             for i, hub in indexed if i % 2])
    spaces = _bulk(Space, [Space(hub=hub, name=name, kind=kind, capacity=12, floor_area_m2=Decimal(area),
                                 bookable_by=bookable)
                           for _, hub in indexed for name, kind, area, bookable in [
                               ("Hall", Space.Kind.HALL, "80.0", BookableBy.COMMUNITY),
                               ("Meeting room", Space.Kind.ROOM, "25.5", BookableBy.COMMUNITY),
                               ("Office", Space.Kind.OFFICE, "40.0", BookableBy.NOBODY)]])
    by_hub = [spaces[3 * n:3 * n + 3] for n in range(len(hubs))]
    month = on.replace(day=1)
    _bulk(Closure, [Closure(hub=hub, space=None if i % 10 == 0 else by_hub[n][1], starts_on=month + 9 * DAY,
                            ends_on=month + 10 * DAY, reason="Repairs")
                    for n, (i, hub) in enumerate(indexed) if i % 10 in (0, 5)])
    let = [(i, hub, by_hub[n][2]) for n, (i, hub) in enumerate(indexed) if i % 2 == 0]
    occupancies = _bulk(Occupancy, [
        Occupancy(hub=hub, organisation=council, agreement=Occupancy.Agreement.LICENCE,
                  starts_on=datetime.date(on.year - 1, 4, 1), ends_on=on + (30 + i % 150) * DAY if i % 6 == 0 else None,
                  yearly_charge=Decimal(1200 + (i % 7) * 600), status=Occupancy.Status.ACTIVE)
        for i, hub, _ in let])
    _bulk(Occupancy.spaces.through, [Occupancy.spaces.through(occupancy=o, space=s)
                                     for o, (_, _, s) in zip(occupancies, let, strict=True)])
    _bulk(SpaceLetting, [SpaceLetting(occupancy=o, space=s, starts_on=o.starts_on, ends_on=o.ends_on, exclusive=True,
                                      live=True) for o, (_, _, s) in zip(occupancies, let, strict=True)])
    bookable = [space for trio in by_hub for space in trio[:2]]
    per_space, extra = divmod(bookings, len(bookable)) if bookable else (0, 0)
    if per_space + 1 > 365 * len(SLOTS):
        raise ValueError(f"{bookings} bookings do not fit in {len(bookable)} spaces' year")
    january = datetime.date(on.year, 1, 1)
    rows = []
    for n, space in enumerate(bookable):
        for j in range(per_space + (n < extra)):
            starts = _at(january + ((j + n) % 365) * DAY, SLOTS[j // 365])
            status = (Booking.Status.REQUESTED if j % 10 == 9 else Booking.Status.CANCELLED if j % 20 == 0
                      else Booking.Status.CONFIRMED)
            rows.append(Booking(space=space, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
                                purpose="Community group", attendees=10, status=status,
                                charge=Decimal(10 + (j % 5) * 5)))
            if len(rows) >= BATCH * 5:
                _bulk(Booking, rows)
                rows = []
    _bulk(Booking, rows)


def _assets(wards: list[tuple[int, Ward]], on: datetime.date, council) -> None:
    contracted = [(i, ward) for i, ward in wards if i % 2 == 0]
    contracts = _bulk(Contract, [
        Contract(ocid=f"ocds-scale-{ward.pk}", title=f"Grounds maintenance, {ward.name}", buyer=council,
                 value=Decimal(50_000 + i % 10 * 10_000), period_start=datetime.date(on.year - 2, 4, 1),
                 period_end=on + (i % 400) * DAY, decision_due=on + (i % 400 - 90) * DAY)
        for i, ward in contracted])
    _bulk(Contract.wards.through, [Contract.wards.through(contract=c, ward=w)
                                   for c, (_, w) in zip(contracts, contracted, strict=True)])
    developed = [(i, ward) for i, ward in wards if i % 3 == 0]
    agreements = _bulk(DeveloperAgreement, [
        DeveloperAgreement(reference=f"SCALE-{ward.pk}", name=f"Land in {ward.name}", agreement_type="section-106",
                           ward=ward, entry_date=datetime.date(on.year - 1, 6, 1)) for i, ward in developed])
    contributions = _bulk(DeveloperContribution, [
        DeveloperContribution(reference=f"SCALE-{a.ward_id}-1", agreement=a, purpose="open-space-and-leisure",
                              amount=Decimal(20_000 + i % 5 * 5_000), spend_by_date=on + (i % 700) * DAY,
                              entry_date=a.entry_date) for (i, _), a in zip(developed, agreements, strict=True)])
    _bulk(ContributionTransaction, [
        ContributionTransaction(reference=f"{c.reference}-{status}", contribution=c, status=status,
                                amount=(c.amount / share).quantize(Decimal("0.01")), start_date=day, entry_date=day)
        for c in contributions for status, share, day in [
            ("received", 1, datetime.date(on.year - 1, 9, 1)), ("spent", 3, on - 60 * DAY)]])


def build(*, wards: int, on: datetime.date, bookings: int | None = None, first: int = 0, actions: int = 2,
          all_published: bool = False) -> dict:
    """The data of the first `wards` current wards (generated when missing) from index `first`
    on; `bookings` over the year of `on` (4 a hub by default), shared between their hubs' bookable
    spaces; `actions` in each Ward Plan, and with `all_published` every plan published
    (otherwise a third are drafts). Returns how many wards and bookings it built."""
    chosen = list(enumerate(_wards(wards)))[first:]
    bookings = 2 * 2 * len(chosen) if bookings is None else bookings
    council, partner = _organisations()
    with transaction.atomic():
        _engagement(chosen, on, council, partner, actions, all_published)
        _hubs(chosen, on, bookings, council)
        _assets(chosen, on, council)
    return {"wards": len(chosen), "bookings": bookings}
