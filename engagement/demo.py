"""Demonstration engagement: an open consultation on the Sparkbrook and Balsall Heath draft plan,
a closed one in Shard End with its outcome published, a few hundred plausible responses whose
"About you" under-represents young people and private renters, and residents' ideas in three
wards, each at a different stage. Everything goes through the services, acting as the demo
admin; everything is marked demonstration; the responses come from a seeded generator, so two
runs on two machines give the same figures. Running it again creates nothing new."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from localism.accounts.models import Organisation, User
from wards import services as ward_services
from wards.models import PlanStatus, Postcode, Priority, Theme, Ward, WardPlan

from .models import Consultation, Idea, QuestionKind, QuestionMeasure
from .services import consultations as consultation_services
from .services import ideas as idea_services
from .services import outcomes as outcome_services
from .services.responses import Submission, response_submit

SBHE, BHW, SHARD_END, SUTTON_TRINITY = "E05011170", "E05011122", "E05011165", "E05011178"
SEED = 2027

# Who answers (not who lives there): young people and private renters answer far less than
# their share of the wards' residents and households, as councils find.
AGE_WEIGHTS = {"0_15": 1, "16_24": 4, "25_34": 13, "35_49": 29, "50_64": 27, "65_plus": 20, "prefer_not": 6}
ETHNIC_WEIGHTS = {"asian": 50, "black": 8, "mixed": 4, "white": 27, "other": 5, "prefer_not": 6}
TENURE_WEIGHTS = {"owned_outright": 30, "owned_mortgage": 22, "shared_ownership": 1, "social_rented_council": 15,
                  "social_rented_other": 17, "private_rented_landlord": 3, "private_rented_other": 1,
                  "rent_free": 2, "prefer_not": 6}
DISABILITY_WEIGHTS = {"disabled": 22, "not_disabled": 72, "prefer_not": 6}
SHARD_END_ETHNIC_WEIGHTS = {"asian": 8, "black": 7, "mixed": 5, "white": 72, "other": 2, "prefer_not": 6}

FREE_TEXT = [
    "The alleys behind Ladypool Road need clearing every week, not every month.",
    "More for teenagers to do in the evenings, near where they live.",
    "Safer crossings on the way to the primary schools.",
    "Health checks at the mosque and the community centre would reach people who never see a GP.",
    "Keep the library open on Saturdays.",
    "Street lights on the park paths.",
]


@dataclass
class Report:
    consultations: int = 0
    responses: int = 0
    ideas: int = 0

    def lines(self) -> list[str]:
        return [f"consultations: created {self.consultations}", f"responses: created {self.responses}",
                f"ideas: created {self.ideas}"]


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _postcodes(ward: Ward, n: int) -> list[str]:
    """Real postcodes of the ward with their own locations (not stand-ins), spread through it."""
    codes = list(Postcode.objects.filter(ward=ward, approximate=False).order_by("compact")
                 .values_list("postcode", flat=True))
    step = max(1, len(codes) // n)
    return codes[::step][:n]


def _about(rng: random.Random, ethnic=ETHNIC_WEIGHTS) -> dict:
    if rng.random() < 0.15:  # about one in seven skip "About you"
        return {}
    return {"age_band": _pick(rng, AGE_WEIGHTS), "ethnic_group": _pick(rng, ethnic),
            "tenure": _pick(rng, TENURE_WEIGHTS), "disability": _pick(rng, DISABILITY_WEIGHTS)}


def _answers(rng: random.Random, consultation: Consultation, weights: dict) -> dict:
    """Answers drawn with `weights` by question kind (SINGLE, SCALE: one weight per option, in order)."""
    answers = {}
    for question in consultation.questions.prefetch_related("options"):
        options = list(question.options.all())
        if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
            answers[question.pk] = str(rng.choices(options, weights=weights[question.kind][:len(options)])[0].pk)
        elif question.kind == QuestionKind.MULTIPLE:
            # The first two options are the ones most people choose.
            chosen = rng.sample(options, rng.randint(1, min(3, len(options))))
            if rng.random() < 0.5 and options[0] not in chosen:
                chosen[0] = options[0]
            if rng.random() < 0.4 and options[1] not in chosen:
                chosen[-1] = options[1]
            answers[question.pk] = list(dict.fromkeys(str(o.pk) for o in chosen))
        elif question.kind == QuestionKind.RANKING:
            order = options[:]
            rng.shuffle(order)
            answers[question.pk] = {str(o.pk): str(rank) for rank, o in enumerate(order, start=1)}
        elif rng.random() < 0.2:
            answers[question.pk] = rng.choice(FREE_TEXT)
    return answers


def _respond(consultation: Consultation, *, rng: random.Random, postcodes: list[str], n: int,
             since: datetime.datetime, until: datetime.datetime, weights: dict, ethnic=ETHNIC_WEIGHTS) -> int:
    span = (until - since).total_seconds()
    anonymous = AnonymousUser()
    for i in range(n):
        moment = since + datetime.timedelta(seconds=span * (i + rng.random()) / n)
        response_submit(consultation=consultation, user=anonymous, now=moment, submission=Submission(
            postcode=postcodes[i % len(postcodes)], answers=_answers(rng, consultation, weights),
            about=_about(rng, ethnic)))
    return n


def _consultation(admin, *, title, **fields) -> Consultation | None:
    if Consultation.objects.filter(title=title, is_demo=True).exists():
        return None
    return consultation_services.consultation_create(user=admin, title=title, is_demo=True, **fields)


def _open_plan_consultation(admin, now, rng, report) -> None:
    sbhe, bhw = Ward.objects.current().get(gss_code=SBHE), Ward.objects.current().get(gss_code=BHW)
    plan = (WardPlan.objects.filter(wards=sbhe, is_demo=True, status__in=[PlanStatus.DRAFT, PlanStatus.CONSULTATION])
            .order_by("-period").first())
    consultation = _consultation(
        admin, title="Sparkbrook and Balsall Heath: the draft Ward Plan for 2027/28",
        summary=("Your councillors have drafted next year's Ward Plan for Sparkbrook & Balsall Heath East and "
                 "Balsall Heath West with the Ward Forum. Tell us whether its priorities are the right ones, "
                 "which matters most to you, and what is missing. It takes about five minutes."),
        wards=[sbhe, bhw], plan=plan, opens_at=now - datetime.timedelta(days=12),
        closes_at=now + datetime.timedelta(days=30))
    if consultation is None:
        return
    if plan is not None:
        if plan.status == PlanStatus.DRAFT:
            ward_services.ward_plan_set_status(plan=plan, user=admin, version=plan.version,
                                               status=PlanStatus.CONSULTATION)
        consultation_services.question_add(
            consultation=consultation, user=admin, kind=QuestionKind.RANKING, options_from_plan=True,
            text="Put the draft plan's priorities in order: 1 for the one that matters most to you.")
    consultation_services.question_add(
        consultation=consultation, user=admin, kind=QuestionKind.SCALE,
        text="The draft plan's priorities are the right ones for the two wards.")
    consultation_services.question_add(
        consultation=consultation, user=admin, kind=QuestionKind.MULTIPLE,
        text="Which of these would make the most difference where you live? Choose up to three.",
        options=["Cleaner alleys and streets", "Safer walking routes to school", "Things for young people to do",
                "Health checks near home", "Help with money and bills", "Better bus services"])
    consultation_services.question_add(
        consultation=consultation, user=admin, kind=QuestionKind.TEXT, required=False,
        text="Is there anything else the plan should do?")
    consultation_services.consultation_open(consultation=consultation, user=admin, now=now)
    postcodes = _postcodes(sbhe, 90) + _postcodes(bhw, 45)
    report.consultations += 1
    # Most agree with the draft's priorities (the scale runs from "Strongly agree" to "Strongly disagree").
    report.responses += _respond(consultation, rng=rng, postcodes=postcodes, n=260,
                                 since=now - datetime.timedelta(days=12), until=now - datetime.timedelta(hours=1),
                                 weights={QuestionKind.SCALE: [30, 38, 17, 10, 5]})


def _closed_consultation_with_outcome(admin, now, rng, report) -> None:
    shard_end = Ward.objects.current().get(gss_code=SHARD_END)
    plan = (WardPlan.objects.filter(wards=shard_end, is_demo=True, status=PlanStatus.PUBLISHED)
            .order_by("-period").first())
    opens = now - datetime.timedelta(weeks=14)
    consultation = _consultation(
        admin, title="Shard End's parks and green spaces",
        summary=("Shard End's parks and the Cole Valley are the ward's best green spaces. We asked how you use "
                 "them, whether you feel safe there and what would help, to set this year's plan."),
        wards=[shard_end], plan=plan, opens_at=opens, closes_at=now + datetime.timedelta(hours=1))
    if consultation is None:
        return
    consultation_services.question_add(
        consultation=consultation, user=admin, kind=QuestionKind.SINGLE,
        text="How often do you go to a park or green space in Shard End?",
        options=["Every day", "Every week", "Every month", "Less often", "Never"])
    consultation_services.question_add(
        consultation=consultation, user=admin, kind=QuestionKind.SCALE,
        text="I feel safe in Shard End's parks after dark.")
    consultation_services.question_add(
        consultation=consultation, user=admin, kind=QuestionKind.MULTIPLE,
        text="What would help most? Choose up to three.",
        options=["Clearing fly-tipping quickly", "Lighting on the paths", "More bins", "Play equipment",
                "Events and activities", "Somewhere to sit"])
    consultation_services.consultation_open(consultation=consultation, user=admin, now=now)
    postcodes = _postcodes(shard_end, 80)
    report.consultations += 1
    # Most use a park every week or more; few feel safe there after dark.
    report.responses += _respond(consultation, rng=rng, postcodes=postcodes, n=180, since=opens,
                                 until=now - datetime.timedelta(weeks=8, days=1), ethnic=SHARD_END_ETHNIC_WEIGHTS,
                                 weights={QuestionKind.SINGLE: [22, 36, 20, 14, 8],
                                          QuestionKind.SCALE: [6, 14, 22, 33, 25]})
    closed = consultation_services.consultation_close(consultation=consultation, user=admin,
                                                      now=now - datetime.timedelta(weeks=8))
    fly_tipping = Priority.objects.filter(plan=plan, title__icontains="fly").first() if plan else None
    outcome_services.consultation_outcome_publish(
        consultation=closed, user=admin, version=closed.version, now=now - datetime.timedelta(weeks=6),
        we_asked="How you use Shard End's parks, whether you feel safe in them and what would help.",
        you_said=("Most of the 180 people who answered use a park every week or more, but few feel safe there "
                  "after dark; clearing fly-tipping quickly and lighting the paths were chosen most often."),
        we_did=("The Ward Plan's first priority is now stopping fly-tipping in the Cole Valley, with cameras at "
                "the hotspots and a report-it card for every household; path lighting is costed for next year."),
        priorities=[fly_tipping] if fly_tipping else [])


def _influence_consultation(admin, now, report) -> None:
    """A short closed consultation in Sparkbrook & Balsall Heath East that asks the Community Life
    Survey's question, so the measures of success show the ward's share beside the national one.
    Its answers have their own random draws: the other demonstration data stay as they were."""
    sbhe = Ward.objects.current().get(gss_code=SBHE)
    opens = now - datetime.timedelta(weeks=10)
    consultation = _consultation(
        admin, title="Having your say in Sparkbrook & Balsall Heath East",
        summary=("Do you feel you can change what happens in the ward, and how would you most like to have your "
                 "say? Your answers shape how the Ward Forum meets and how we consult."),
        wards=[sbhe], opens_at=opens, closes_at=now + datetime.timedelta(hours=1))
    if consultation is None:
        return
    consultation_services.question_add(  # in the survey's own words, so the answers compare with England's
        consultation=consultation, user=admin, kind=QuestionKind.SCALE, measure=QuestionMeasure.CLS_INFLUENCE,
        text="I can influence decisions affecting my local area.")
    consultation_services.question_add(
        consultation=consultation, user=admin, kind=QuestionKind.SINGLE,
        text="How would you most like to have your say?",
        options=["At a Ward Forum meeting", "Online", "At a hub or library", "On my doorstep", "Another way"])
    consultation_services.consultation_open(consultation=consultation, user=admin, now=now)
    report.consultations += 1
    report.responses += _respond(consultation, rng=random.Random(SEED + 1), postcodes=_postcodes(sbhe, 60), n=90,
                                 since=opens, until=now - datetime.timedelta(weeks=4, days=1),
                                 weights={QuestionKind.SCALE: [7, 17, 31, 27, 18],
                                          QuestionKind.SINGLE: [18, 34, 22, 16, 10]})
    consultation_services.consultation_close(consultation=consultation, user=admin,
                                             now=now - datetime.timedelta(weeks=4))


IDEAS = [
    # ward, title, description, theme, supporters, what the councillors did
    (SBHE, "A community fridge at the Farm Road hub",
     "Shops on Ladypool Road throw away good food every night. A fridge at the hub, run by volunteers, would "
     "pass it to families who need it.", Theme.HEALTH_WELLBEING, 14, "adopt"),
    (SBHE, "Plant trees along Stoney Lane",
     "Stoney Lane is hot and bare in summer. Street trees would give shade and clean the air by the schools.",
     Theme.CLEAN_GREEN, 9, None),
    (SHARD_END, "A repair café once a month",
     "Bring a broken toaster or a torn coat and learn to fix it with a volunteer, instead of throwing it away.",
     Theme.COMMUNITY_CULTURE, 11, "forum"),
    (SHARD_END, "Bring back the bus to Heartlands Hospital", "Since the route changed, getting to appointments "
     "takes two buses and an hour.", Theme.TRANSPORT, 6, "refer"),
    (SUTTON_TRINITY, "Free parking in the town centre on Sundays",
     "Free Sunday parking would bring people back to the shops on the Parade.", Theme.TRANSPORT, 3, "decline"),
]


def _ideas(admin, report) -> None:
    for code, title, description, theme, supporters, outcome in IDEAS:
        if Idea.objects.filter(title=title, is_demo=True).exists():
            continue
        ward = Ward.objects.current().get(gss_code=code)
        idea = idea_services.idea_propose(user=AnonymousUser(), ward=ward, title=title, description=description,
                                          theme=theme, is_demo=True)
        for n in range(supporters):
            idea_services.idea_support(idea=idea, user=AnonymousUser(), browser_key=f"demo-{idea.pk}-{n}")
        idea.refresh_from_db()
        if outcome == "adopt":
            idea_services.idea_adopt(idea=idea, user=admin, version=idea.version, response=(
                "A good idea the Ward Forum supported: it is now a priority of the draft Ward Plan, with the hub "
                "and the community kitchen as partners."))
        elif outcome == "forum":
            idea_services.idea_take_to_forum(idea=idea, user=admin, version=idea.version, response=(
                "We will discuss it with the Shard End Community Partnership at the next Ward Forum."))
        elif outcome == "refer":
            organisation = Organisation.objects.filter(name__startswith="Transport and Connectivity").first()
            if organisation is not None:
                idea_services.idea_refer(idea=idea, user=admin, version=idea.version, organisation=organisation,
                                         response="Bus routes are set by the transport authority: we have "
                                                  "passed it to the council's transport team to raise.")
        elif outcome == "decline":
            idea_services.idea_decline(idea=idea, user=admin, version=idea.version, response=(
                "The town centre's car parks are run under a contract that ends in 2028; free parking would "
                "cost the ward budget more than it holds. We will ask again when the contract is renewed."))
        report.ideas += 1


@transaction.atomic
def engagement_demo_create(*, now=None) -> Report:
    """Create the demonstration consultations, responses and ideas (needs demo_accounts and
    demo_plans)."""
    now = now or timezone.now()
    admin = User.objects.get(username="admin")
    report, rng = Report(), random.Random(SEED)
    _open_plan_consultation(admin, now, rng, report)
    _closed_consultation_with_outcome(admin, now, rng, report)
    _ideas(admin, report)
    _influence_consultation(admin, now, report)
    return report
