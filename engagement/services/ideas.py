"""Writes of residents' ideas: proposing one (anyone, without an account too, rate-limited by
address), supporting one (once per account, or per browser without one), hiding one with a
reason (the ward's councillors and engagement officers), and the councillors' response: adopt it
into the ward's draft Ward Plan, refer it to a service or partner, take it to the ward forum's
next meeting, or decline it with a reason. The response is public and versioned."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from localism.core import throttle
from localism.core.errors import Invalid, NotFound, StaleEdit
from localism.core.services import audited_create, lock, require, versioned_save
from wards.models import Source, Ward
from wards.services import priority_create

from ..models import Idea, IdeaStatus, Support
from ..selectors.ideas import next_forum_meeting, ward_draft_plan
from . import notices

TITLE_MISSING = "Enter a title for your idea"
DESCRIPTION_MISSING = "Describe your idea"
THEME_MISSING = "Choose the theme your idea is about"
WARD_MISSING = "Choose the ward your idea is for, or enter a postcode in it"
TOO_MANY_IDEAS = ("You have sent {limit} ideas in the last hour, the most we take from one place: "
                  "try again later, or sign in to send more.")
IDEA_HIDDEN = "This idea was removed by a moderator."
NOT_YOUR_WARD = "You can only respond to ideas for wards where you hold a seat."
NOT_YOUR_WARD_TO_HIDE = "You can only hide ideas for wards where you hold a seat."
HIDE_REASON_MISSING = "Enter why the idea is hidden"
ALREADY_HIDDEN = "This idea is already hidden."
ALREADY_ADOPTED = "This idea is already in the Ward Plan, as the priority “{priority}”."
NO_DRAFT_PLAN = ("{ward} has no draft Ward Plan to add the idea to. Start a draft of the ward's next plan "
                 "(or ask the ward's councillors to), then adopt the idea.")
NO_MEETING = ("No meeting of a Ward Forum for {ward} is scheduled. Schedule the forum's next meeting first, "
              "then take the idea to it.")
ORGANISATION_MISSING = "Choose the service or partner the idea is referred to"
NOTE_MISSING = "Enter a note for the service or partner, shown with the idea"
DECLINE_REASON_MISSING = "Enter why the idea is declined"


def _client_count_key(client: str) -> str:
    return f"engagement:ideas-proposed:{client}"


def _check_rate(client: str | None) -> None:
    """Anonymous proposals from one address: at most IDEAS_ANONYMOUS_PER_HOUR an hour."""
    if not client:
        return
    limit = settings.IDEAS_ANONYMOUS_PER_HOUR
    if throttle.count_one_more(_client_count_key(client)) > limit:
        raise Invalid(TOO_MANY_IDEAS.format(limit=limit), code="rate_limited")


@transaction.atomic
def idea_propose(*, user, ward: Ward | None, title: str, description: str, theme: str, browser_key: str = "",
                 client: str | None = None, is_demo: bool = False) -> Idea:
    """Propose an idea for a ward. Anyone may; without an account, `client` (the visitor's
    address) is rate-limited and `browser_key` (the hash of their browser's cookie) recorded."""
    require(user or AnonymousUser(), "engagement.add_idea", None)
    errors = {}
    if ward is None:
        errors["ward"] = WARD_MISSING
    if not (title or "").strip():
        errors["title"] = TITLE_MISSING
    if not (description or "").strip():
        errors["description"] = DESCRIPTION_MISSING
    if not theme:
        errors["theme"] = THEME_MISSING
    if errors:
        raise Invalid(errors)
    signed_in = user is not None and user.is_authenticated
    if not signed_in:
        _check_rate(client)
    idea = Idea(ward=ward, title=title.strip(), description=description.strip(), theme=theme,
                proposer=user if signed_in else None, browser_key="" if signed_in else browser_key,
                is_demo=is_demo)
    return audited_create(idea, user=user if signed_in else None)


def idea_support(*, idea: Idea, user, browser_key: str = "") -> bool:
    """Add this person's support: their account's if signed in, else their browser's. True if
    it is new; False if they already support the idea (nothing changes)."""
    if idea.hidden_at is not None:
        raise NotFound(IDEA_HIDDEN)
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not browser_key:
        raise Invalid("Your browser did not keep the cookie that lets you support an idea: allow cookies "
                      "from this site, then try again.")
    support = Support(idea=idea, supporter=user if signed_in else None, browser_key="" if signed_in else browser_key)
    try:
        with transaction.atomic():  # the constraints refuse a second support, even at the same instant
            support.save()
    except IntegrityError:
        return False
    return True


@transaction.atomic
def idea_hide(*, idea: Idea, user, reason: str) -> Idea:
    """Hide an idea from every public list, page and the API, recording who, when and why."""
    require(user, "engagement.hide_idea", idea, NOT_YOUR_WARD_TO_HIDE)
    if not (reason or "").strip():
        raise Invalid({"hidden_reason": HIDE_REASON_MISSING})
    if idea.hidden_at is not None:
        raise Invalid(ALREADY_HIDDEN)
    return versioned_save(Idea, idea.pk, user=user, version=None, thing="idea", bump=False,
                          changes={"hidden_at": timezone.now(), "hidden_by": user, "hidden_reason": reason.strip()})


def _start_response(idea: Idea, user, version: int) -> Idea:
    """Check who responds, then lock the idea and refuse an edit of an older version."""
    require(user, "engagement.respond_idea", idea, NOT_YOUR_WARD)
    current = lock(Idea, idea.pk)
    if current.hidden_at is not None:
        raise Invalid(IDEA_HIDDEN)
    if version is not None and int(version) != current.version:
        raise StaleEdit(current, "idea")
    return current


def _respond(idea: Idea, user, version: int, *, status: str, response: str, **links) -> Idea:
    changes = {"status": status, "response": (response or "").strip(), "responded_at": timezone.now(),
               "responded_by": user, "priority": None, "referred_to": None, "meeting": None, **links}
    responded = versioned_save(Idea, idea.pk, user=user, version=version, thing="idea", changes=changes)
    notices.idea_responded(responded)
    return responded


@transaction.atomic
def idea_adopt(*, idea: Idea, user, version: int, response: str = "", today: datetime.date | None = None) -> Idea:
    """Adopt the idea: it becomes a priority (source: resident's idea) of the ward's current
    draft Ward Plan, linked to the idea. Refused if the ward has no draft plan."""
    current = _start_response(idea, user, version)
    if current.priority_id is not None:
        raise Invalid(ALREADY_ADOPTED.format(priority=current.priority.title))
    plan = ward_draft_plan(current.ward, today=today)
    if plan is None:
        raise Invalid(NO_DRAFT_PLAN.format(ward=current.ward.name))
    priority = priority_create(plan=plan, user=user, title=current.title, description=current.description,
                               theme=current.theme, source=Source.RESIDENT_IDEA)
    return _respond(current, user, version, status=IdeaStatus.ADOPTED, response=response, priority=priority)


@transaction.atomic
def idea_refer(*, idea: Idea, user, version: int, organisation, response: str) -> Idea:
    """Refer the idea to a service or partner (an organisation), with a note shown publicly."""
    current = _start_response(idea, user, version)
    errors = {}
    if organisation is None:
        errors["referred_to"] = ORGANISATION_MISSING
    if not (response or "").strip():
        errors["response"] = NOTE_MISSING
    if errors:
        raise Invalid(errors)
    return _respond(current, user, version, status=IdeaStatus.REFERRED, response=response, referred_to=organisation)


@transaction.atomic
def idea_take_to_forum(*, idea: Idea, user, version: int, response: str = "",
                       now: datetime.datetime | None = None) -> Idea:
    """Take the idea to the next scheduled meeting of its ward's forum, where it shows on the
    agenda. Refused if no meeting is scheduled."""
    current = _start_response(idea, user, version)
    meeting = next_forum_meeting(current.ward, now=now)
    if meeting is None:
        raise Invalid(NO_MEETING.format(ward=current.ward.name))
    return _respond(current, user, version, status=IdeaStatus.TO_FORUM, response=response, meeting=meeting)


@transaction.atomic
def idea_decline(*, idea: Idea, user, version: int, response: str) -> Idea:
    """Decline the idea, with the reason (required, public)."""
    current = _start_response(idea, user, version)
    if not (response or "").strip():
        raise Invalid({"response": DECLINE_REASON_MISSING})
    return _respond(current, user, version, status=IdeaStatus.DECLINED, response=response)


RESPONSES = {
    IdeaStatus.ADOPTED: idea_adopt,
    IdeaStatus.REFERRED: idea_refer,
    IdeaStatus.TO_FORUM: idea_take_to_forum,
    IdeaStatus.DECLINED: idea_decline,
}
