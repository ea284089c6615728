import datetime

import factory
from django.utils import timezone

from wards.models import ForumMeeting, Ward, WardForum

SPARKBROOK_EAST = "E05011170"


class WardForumFactory(factory.django.DjangoModelFactory):
    """A forum of one ward, Sparkbrook & Balsall Heath East unless `wards=[...]` says otherwise."""

    class Meta:
        model = WardForum
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ward Forum {n}")

    @factory.post_generation
    def wards(self, create, extracted, **kwargs):
        if create:
            self.wards.set(extracted or [Ward.objects.current().get(gss_code=SPARKBROOK_EAST)])

    @factory.post_generation
    def member_organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.member_organisations.set(extracted)


class ForumMeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting a fortnight from now, at 6:30pm."""

    class Meta:
        model = ForumMeeting

    forum = factory.SubFactory(WardForumFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=14), datetime.time(18, 30))
        )
    )
    venue = "Balsall Heath Library, 1 Moseley Road"
    agenda = "Welcome\nWard Plan priorities"
