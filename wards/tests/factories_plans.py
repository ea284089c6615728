import datetime

import factory

from localism.accounts.tests.factories import OrganisationFactory
from localism.core.services import record_creation
from wards.models import Action, Priority, Ward, WardBudget, WardPlan
from wards.models.plans import Source, Theme


def _with_many(obj, name: str, values) -> None:
    """Set a many-to-many field kept in the history as the services do: the "created" entry
    holds the values (one entry, not two)."""
    obj.history.all().delete()
    record_creation(obj, many={name: values})


class WardPlanFactory(factory.django.DjangoModelFactory):
    """A plan for Sparkbrook & Balsall Heath East unless `wards` says otherwise."""

    class Meta:
        model = WardPlan
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ward Plan {n}")
    period = "2026/27"

    @factory.post_generation
    def wards(self, create, extracted, **kwargs):
        if create:
            _with_many(self, "wards", extracted or [Ward.objects.current().get(gss_code="E05011170")])


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(WardPlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    theme = Theme.CLEAN_GREEN
    source = Source.FORUM


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    priority = factory.SubFactory(PriorityFactory)
    position = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Action {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    due_date = datetime.date(2027, 3, 31)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            _with_many(self, "partners", extracted)


class WardBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WardBudget

    ward = factory.LazyFunction(lambda: Ward.objects.current().get(gss_code="E05011170"))
    period = "2026/27"
    allocation = 50000
