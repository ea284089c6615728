import datetime

import factory

from localism.accounts.tests.factories import UserFactory
from wards.models import BoundaryGeneration, CouncillorSeat, Ward


class WardFactory(factory.django.DjangoModelFactory):
    """An extra ward in the current generation (the real 69 are already loaded)."""

    class Meta:
        model = Ward

    generation_low = factory.LazyFunction(lambda: BoundaryGeneration.objects.current().first())
    gss_code = factory.Sequence(lambda n: f"E0599{n:04d}")
    name = factory.Sequence(lambda n: f"Test Ward {n}")
    slug = factory.Sequence(lambda n: f"test-ward-{n}")
    seats = 1
    constituency = "Yardley"
    locality = "East"


class CouncillorSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncillorSeat

    ward = factory.LazyFunction(lambda: Ward.objects.current().get(gss_code="E05011170"))
    councillor = factory.SubFactory(UserFactory, councillor=True)
    name = factory.LazyAttribute(lambda seat: seat.councillor.display_name if seat.councillor else "Sam Example")
    party = "Independent"
    term_start = datetime.date(2022, 5, 5)
