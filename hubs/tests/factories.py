import datetime

import factory

from hubs.models import BookableBy, Booking, Hub, HubService, OpeningHours, Space
from localism.accounts.tests.factories import OrganisationFactory
from wards.models import Ward


class HubFactory(factory.django.DjangoModelFactory):
    """A hub in Shard End, open Monday to Friday 09:00–17:00 unless `hours` says otherwise."""

    class Meta:
        model = Hub
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Hub {n}")
    slug = factory.Sequence(lambda n: f"test-hub-{n}")
    ward = factory.LazyFunction(lambda: Ward.objects.current().get(gss_code="E05011165"))
    address = "All Saints Square"
    postcode = "B34 7AQ"
    latitude = 52.4936
    longitude = -1.7618

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        spells = extracted if extracted is not None else [(d, "09:00", "17:00") for d in range(5)]
        OpeningHours.objects.bulk_create(
            OpeningHours(hub=self, weekday=d, opens=datetime.time.fromisoformat(o),
                         closes=datetime.time.fromisoformat(c)) for d, o, c in spells)

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        if extracted:
            self.managers.set(extracted)


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 12
    floor_area_m2 = 30
    bookable_by = BookableBy.COMMUNITY
    approval_needed = True


class HubServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubService

    hub = factory.SubFactory(HubFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Help and advice."
    category = HubService.Category.ADVICE


def next_weekday(weekday: int, *, weeks_ahead: int = 1) -> datetime.date:
    """A date some weeks ahead falling on `weekday` (0 = Monday), so tests never book the past."""
    today = datetime.date.today()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def at(day: datetime.date, hhmm: str) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm)))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    space = factory.SubFactory(SpaceFactory)
    starts_at = factory.LazyFunction(lambda: at(next_weekday(0), "10:00"))
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + datetime.timedelta(hours=2))
    purpose = "Meeting"
    attendees = 5
    status = Booking.Status.CONFIRMED
