"""Who gets what from every engagement page: each URL in engagement/urls_*.py, asked by each role,
answers with the status the rules give (302 is the sign-in page for the anonymous, a redirect
after a write for the others)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory

from ..models import ConsultationStatus, QuestionKind, ResidentProfile, ResponseReview
from .factories import ConsultationFactory, IdeaFactory, QuestionFactory, respond, sbhe

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "partner", "plain_officer", "engagement_officer", "councillor",
         "councillor_other", "admin"]
#                   anon resid partn offic engag counc other admin
ANYONE = (200,) * 8
RUNNERS = (302, 403, 403, 403, 200, 200, 403, 200)   # those who run the SBHE consultation
STARTERS = (302, 403, 403, 403, 200, 200, 200, 200)  # those who may start one at all
RUN_WRITE = (302, 403, 403, 403, 302, 302, 403, 302)
DRAFT = (404, 404, 404, 404, 200, 200, 404, 200)
RESIDENT_ONLY = (302, 200, 403, 403, 403, 403, 403, 403)
RESIDENT_WRITE = (302, 302, 403, 403, 403, 403, 403, 403)
RESPONDERS = (302, 403, 403, 403, 403, 200, 403, 200)  # the ward's councillors (and admins)
HIDERS = (302, 403, 403, 403, 200, 200, 403, 200)
ANONYMOUS_ONLY = (200, 302, 302, 302, 302, 302, 302, 302)

# (method, url name, which objects' ids, expected statuses by role)
MATRIX = [
    ("get", "consultations", None, ANYONE),
    ("get", "consultations-yours", None, STARTERS),
    ("get", "consultation-new", None, STARTERS),
    ("get", "consultation", "open", ANYONE),
    ("get", "consultation", "draft", DRAFT),
    ("get", "consultation", "closed", ANYONE),
    ("get", "consultation-respond", "open", ANYONE),
    ("get", "consultation-respond", "draft", DRAFT),
    ("get", "consultation-responded", "open", (302, 200, 302, 302, 302, 302, 302, 302)),  # the resident answered
    ("get", "consultation-edit", "open", RUNNERS),
    ("get", "consultation-questions", "open", RUNNERS),
    ("get", "question-edit", "open_question", RUNNERS),
    ("post", "question-delete", "draft_question", RUN_WRITE),
    ("post", "question-move", "draft_question", RUN_WRITE),
    ("post", "consultation-open", "draft", RUN_WRITE),
    ("post", "consultation-close", "open", RUN_WRITE),
    ("get", "consultation-duplicates", "open", RUNNERS),
    ("post", "response-review", "open_response", RUN_WRITE),
    ("get", "results", "open", ANYONE),  # the "results come when it closes" page for most
    ("get", "results", "closed", ANYONE),
    ("get", "results", "draft", DRAFT),
    ("get", "free-text", "closed", RUNNERS),
    ("post", "answer-hide", "closed_answer", RUN_WRITE),
    ("get", "responses-csv", "closed", RUNNERS),
    ("get", "ideas", None, ANYONE),
    ("get", "idea-new", None, ANYONE),
    ("post", "idea-new", None, (400,) * 8),  # nothing given
    ("get", "idea", "idea", ANYONE),
    ("post", "idea-support", "idea", (302,) * 8),
    ("get", "idea-respond", "idea", RESPONDERS),
    ("get", "idea-hide", "idea", HIDERS),
    ("get", "outcome", "closed", DRAFT),  # not published yet
    ("get", "outcome", "published", ANYONE),
    ("get", "outcome-edit", "closed", RUNNERS),
    ("get", "resident-register", None, ANONYMOUS_ONLY),
    ("get", "resident-registered", None, ANYONE),
    ("get", "resident-confirm", "token", (400,) * 8),
    ("post", "resident-confirm-again", None, RESIDENT_WRITE),
    ("get", "resident-you", None, RESIDENT_ONLY),
    ("get", "resident-details", None, RESIDENT_ONLY),
    ("get", "resident-response-withdraw", "own_response", RESIDENT_ONLY),
    ("post", "resident-response-withdraw", "own_response", RESIDENT_WRITE),
    ("get", "resident-idea-withdraw", "own_idea", RESIDENT_ONLY),
    ("post", "resident-idea-withdraw", "own_idea", RESIDENT_WRITE),
    ("get", "resident-delete", None, RESIDENT_ONLY),
    ("get", "resident-deleted", None, ANYONE),
]

POSTED = {
    "question-move": {"direction": "up"},
    "consultation-open": {"when": "now"},
    "response-review": {"decision": "keep"},
    "answer-hide": {"reason": "Names a neighbour."},
}


@pytest.fixture
def world():
    officer = UserFactory(officer=True)
    officer.groups.add(Group.objects.get(name="Engagement officers"))
    resident = UserFactory()
    ResidentProfile.objects.create(user=resident, postcode="B12 9DP", ward=sbhe())
    people = {
        "anonymous": None,
        "resident": resident,
        "partner": UserFactory(partner=True),
        "plain_officer": UserFactory(officer=True),
        "engagement_officer": officer,
        "councillor": CouncillorSeatFactory(ward=sbhe()).councillor,
        "councillor_other": CouncillorSeatFactory(ward=Ward.objects.current().get(gss_code="E05011165")).councillor,
        "admin": UserFactory(admin=True),
    }
    now = timezone.now()
    open_ = ConsultationFactory()
    open_question = QuestionFactory(consultation=open_, position=1)
    QuestionFactory(consultation=open_, position=2)
    draft = ConsultationFactory(status=ConsultationStatus.DRAFT, opens_at=now + datetime.timedelta(days=1),
                                closes_at=now + datetime.timedelta(days=8))
    QuestionFactory(consultation=draft, position=1)
    draft_question = QuestionFactory(consultation=draft, position=2)
    closed = ConsultationFactory(status=ConsultationStatus.CLOSED, opens_at=now - datetime.timedelta(days=9),
                                 closes_at=now - datetime.timedelta(days=2))
    published = ConsultationFactory(status=ConsultationStatus.OUTCOME_PUBLISHED, outcome_published_at=now,
                                    we_did="New benches.", opens_at=now - datetime.timedelta(days=40),
                                    closes_at=now - datetime.timedelta(days=30))
    text = QuestionFactory(consultation=closed, kind=QuestionKind.TEXT, required=False)
    answered = respond(closed, texts=[(text, "More benches please")])
    own = respond(open_, choices=[(open_question, "Yes")], respondent=resident)
    flagged = respond(open_, choices=[(open_question, "No")])
    flagged.review = ResponseReview.SUSPECTED_DUPLICATE
    flagged.save()
    ids = {
        "open": [open_.pk], "draft": [draft.pk], "closed": [closed.pk], "published": [published.pk],
        "open_question": [open_.pk, open_question.pk], "draft_question": [draft.pk, draft_question.pk],
        "open_response": [open_.pk, flagged.pk], "closed_answer": [closed.pk, answered.answers.get().pk],
        "own_response": [own.pk], "idea": [IdeaFactory().pk], "own_idea": [IdeaFactory(proposer=resident).pk],
        "token": ["not-a-token"],
    }
    return people, ids


SECOND_ID = {"question-edit": "question_pk", "question-delete": "question_pk", "question-move": "question_pk",
             "response-review": "response_pk", "answer-hide": "answer_pk"}


def _url(name, args):
    if not args:
        return reverse(f"engagement:{name}")
    if name == "resident-confirm":
        return reverse(f"engagement:{name}", kwargs={"token": args[0]})
    kwargs = {"pk": args[0], **({SECOND_ID[name]: args[1]} if name in SECOND_ID else {})}
    return reverse(f"engagement:{name}", kwargs=kwargs)


@pytest.mark.parametrize("method,name,which,expected", MATRIX,
                         ids=[f"{m}-{n}-{w or ''}" for m, n, w, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_rules_give(client, world, role, method, name, which, expected):
    people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    url = _url(name, ids[which] if which else None)
    answer = getattr(client, method)(url, POSTED.get(name, {})) if method == "post" else client.get(url)
    assert answer.status_code == expected[ROLES.index(role)], (role, method, url)
