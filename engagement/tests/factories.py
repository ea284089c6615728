"""Factories for the engagement tests. Times are relative to now (a consultation is open from a
day ago to a week ahead unless told otherwise), so that "open" means open whenever tests run.
Responses are built with explicit answers: no random data."""

import datetime

import factory
from django.utils import timezone

from localism.core.services import record_creation
from wards.models import Theme, Ward

from ..models import (
    AboutYou,
    Answer,
    Consultation,
    ConsultationStatus,
    Idea,
    Option,
    Question,
    QuestionKind,
    Response,
    Support,
)
from ..models.consultations import SCALE_OPTIONS

SBHE = "E05011170"


def sbhe() -> Ward:
    return Ward.objects.current().get(gss_code=SBHE)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation of Sparkbrook & Balsall Heath East unless `wards` says otherwise
    (`wards=[]` with city_wide=True for a city-wide one)."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Consultation {n}")
    summary = "What should the ward's priorities be next year?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    status = ConsultationStatus.OPEN

    @factory.post_generation
    def wards(self, create, extracted, **kwargs):
        if create:
            wards = extracted if extracted is not None else ([] if self.city_wide else [sbhe()])
            self.history.all().delete()
            record_creation(self, many={"wards": wards, "outcome_priorities": []})


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question with options: `options=["Yes", "No"]` (a scale question gets the five of the
    scale whatever is given; a free-text question none)."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = QuestionKind.SINGLE
    required = True

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create or self.kind == QuestionKind.TEXT:
            return
        labels = SCALE_OPTIONS if self.kind == QuestionKind.SCALE else (extracted or ["Yes", "No"])
        Option.objects.bulk_create(Option(question=self, position=i, label=label)
                                   for i, label in enumerate(labels, start=1))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    consultation = factory.SubFactory(ConsultationFactory)
    ward = factory.LazyFunction(sbhe)
    postcode = "B12 9DP"


def respond(consultation, *, ward=None, choices=(), texts=(), about=None, respondent=None, postcode="B12 9DP"):
    """A response with its answers: `choices` a list of (question, option label or [labels] or
    {label: rank}), `texts` a list of (question, text), `about` the About you fields."""
    response = ResponseFactory(consultation=consultation, ward=ward or sbhe(), respondent=respondent,
                               postcode=postcode)
    rows = []
    for question, chosen in choices:
        options = {o.label: o for o in question.options.all()}
        if isinstance(chosen, dict):
            rows += [Answer(response=response, question=question, option=options[label], rank=rank)
                     for label, rank in chosen.items()]
        else:
            for label in [chosen] if isinstance(chosen, str) else chosen:
                rows.append(Answer(response=response, question=question, option=options[label]))
    rows += [Answer(response=response, question=question, text=text) for question, text in texts]
    Answer.objects.bulk_create(rows)
    if about is not None:
        AboutYou.objects.create(response=response, **about)
    return response


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    ward = factory.LazyFunction(sbhe)
    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "A bench by the bus stop on Ladypool Road."
    theme = Theme.CLEAN_GREEN


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    browser_key = factory.Sequence(lambda n: f"browser-{n}")
