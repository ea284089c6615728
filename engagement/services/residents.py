"""Residents' own accounts: registering (optional: anyone reads and answers without one),
confirming the e-mail address, changing their details, withdrawing their answers and ideas, and
deleting the account with its data.

A resident's account can sign in as soon as it is registered; until the e-mail address is
confirmed (the link sent to it), no e-mail but the confirmation goes to it, and their page says
what to do. Only the resident themself does any of this: staff cannot act for them here.

What "withdraw" and "delete" keep, in one rule each (the privacy notice says the same):
- A response can be withdrawn (deleted, with its answers and About you) until the consultation
  closes. Its results are public from then: taking one answer out of published figures would let
  anyone comparing them before and after work out what it said. Deleting the account keeps it,
  anonymised (no account, postcode, browser key, About you or free text).
- An idea nobody has answered yet is deleted when withdrawn; one the councillors have answered is
  part of the public record: it stays, no longer linked to the resident.
"""

import datetime

import rules
from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from localism.accounts.models import User
from localism.accounts.rules import is_resident
from localism.accounts.services import user_close
from localism.core import throttle
from localism.core.errors import Invalid, NotFound, Refused, ServiceError
from wards.selectors import WardLookupError, ward_for_postcode

from ..models import AboutYou, Answer, Idea, IdeaStatus, ResidentProfile, Response, Support
from ..models.consultations import RESULTS_PUBLIC

NAME_MISSING = "Enter your name"
NAME_TOO_LONG = "Your name must be 150 characters or fewer"
EMAIL_MISSING = "Enter your email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
EMAIL_TOO_LONG = "Your email address must be 150 characters or fewer"
PASSWORD_MISSING = "Enter a password"
ALREADY_SIGNED_IN = "You are already signed in. Sign out to register another account."
TOO_MANY_REGISTRATIONS = "Too many accounts have been registered from your connection. Try again in an hour."
TOO_MANY_LINKS = "We have sent you several links already. Wait an hour, then ask again."
LINK_EXPIRED = "This link has expired. Sign in and ask for a new link."
LINK_INVALID = "This link is not right. Check you copied the whole link from the email, or ask for a new one."
ALREADY_CONFIRMED = "Your email address is already confirmed."
ONLY_YOURS = "Only the resident who gave them can see or change their answers, ideas and details."
RESPONSE_GONE = "That response has already been withdrawn."
RESPONSE_COUNTED = "This consultation has closed and its results are published: your answers are part of them now."
IDEA_GONE = "That idea has already been withdrawn."

CONFIRM_SALT = "engagement.residents.confirm-email"
RESEND_PER_HOUR = 5

@rules.predicate
def is_own_response(user, response):
    return response is not None and response.respondent_id is not None and response.respondent_id == user.pk


@rules.predicate
def is_own_idea(user, idea):
    return idea is not None and idea.proposer_id is not None and idea.proposer_id == user.pk


# Asked of the predicates themselves, not through user.has_perm: a superuser has every permission
# there, and nobody, not even an admin, acts for a resident on these pages.
may_manage_own_account = is_resident
may_withdraw_response = is_resident & is_own_response
may_withdraw_idea = is_resident & is_own_idea


def _require(predicate, user, obj=None) -> None:
    if user is None or not user.is_authenticated or not user.is_active or not predicate.test(user, obj):
        raise Refused(ONLY_YOURS)


class TooMany(ServiceError):
    """Asked too often from one connection or account (429)."""

    status_code = 429


def _count_within_hour(key: str, limit: int) -> None:
    """Count one more for `key` this hour; refuse beyond `limit`."""
    if throttle.count_one_more(key) > limit:
        raise TooMany(TOO_MANY_REGISTRATIONS if key.startswith("register") else TOO_MANY_LINKS)


def confirmation_token(user: User) -> str:
    """A signed, timed token naming the account and the address it confirms: a changed address
    makes older links useless."""
    return signing.dumps([user.pk, user.email], salt=CONFIRM_SALT)


def _ward_of(postcode: str):
    try:
        return ward_for_postcode(postcode=postcode)
    except WardLookupError as error:
        raise Invalid({"postcode": error.message}) from None


def _send_after_commit(kind: str, user_id: int, base_url: str) -> None:
    from ..tasks.residents import send_already_registered, send_confirmation

    task = send_confirmation if kind == "confirm" else send_already_registered
    transaction.on_commit(lambda: task.delay(user_id, base_url))


def _validate_registration(*, name: str, email: str, password: str) -> dict:
    errors = {}
    if not name:
        errors["name"] = NAME_MISSING
    elif len(name) > 150:
        errors["name"] = NAME_TOO_LONG
    if not email:
        errors["email"] = EMAIL_MISSING
    elif len(email) > 150:
        errors["email"] = EMAIL_TOO_LONG
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = EMAIL_INVALID
    if not password:
        errors["password"] = PASSWORD_MISSING
    else:
        try:
            password_validation.validate_password(password, User(username=email, email=email, first_name=name))
        except ValidationError as error:
            errors["password"] = error.messages
    return errors


@transaction.atomic
def resident_register(*, user, name: str, email: str, password: str, postcode: str, address: str,
                      base_url: str) -> User | None:
    """Register a resident's account (signed in as soon as it exists; the e-mail address to be
    confirmed through the link sent to it after the commit). `user` is the visitor registering.

    An address already registered gets an e-mail saying so instead, and the page says the same as
    for a new account (check your email), so that nobody learns from it who has an account.
    Returns the new account, or None for an address already registered."""
    if user is not None and user.is_authenticated:
        raise Refused(ALREADY_SIGNED_IN)
    name, email = " ".join((name or "").split()), (email or "").strip()
    errors = _validate_registration(name=name, email=email, password=password or "")
    match = None
    try:
        match = _ward_of(postcode)
    except Invalid as error:
        errors.update(error.message_dict)
    if errors:
        raise Invalid(errors)
    _count_within_hour(throttle.client_key("register", address), settings.RESIDENT_REGISTRATIONS_PER_HOUR)
    existing = User.objects.filter(username__iexact=email).first() or User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _send_after_commit("exists", existing.pk, base_url)
        return None
    account = User(username=email.lower(), email=email, first_name=name, role=User.Role.RESIDENT)
    account.set_password(password)
    account.full_clean()
    account.save()
    profile = ResidentProfile(user=account, postcode=match.postcode, ward=match.ward,
                              postcode_approximate=match.approximate)
    profile.full_clean()
    profile.save()
    _send_after_commit("confirm", account.pk, base_url)
    return account


@transaction.atomic
def resident_confirm(*, token: str, now: datetime.datetime | None = None) -> User:
    """Confirm the address the link was sent to. An expired or forged link changes nothing and
    says so; following a good link twice is fine."""
    max_age = datetime.timedelta(hours=settings.RESIDENT_CONFIRM_LINK_HOURS)
    try:
        user_id, email = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise Invalid(LINK_EXPIRED, code="expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise Invalid(LINK_INVALID, code="invalid") from None
    profile = (ResidentProfile.objects.select_related("user").select_for_update()
               .filter(user_id=user_id, user__email=email, user__is_active=True).first())
    if profile is None:
        raise Invalid(LINK_INVALID, code="invalid")
    if profile.email_confirmed_at is None:
        profile.email_confirmed_at = now or timezone.now()
        profile.save(update_fields=["email_confirmed_at"])
    return profile.user


def _email(user: User, template: str, context: dict) -> bool:
    context = {"name": user.first_name, "service": settings.LOCALISM_SERVICE_NAME, **context}
    subject = render_to_string(f"engagement/residents/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"engagement/residents/email/{template}.txt", context)
    return bool(send_mail(subject, body, None, [user.email]))


def confirmation_email_send(*, user_id: int, base_url: str) -> bool:
    """E-mail the link that confirms the resident's address (nothing if it is confirmed, or the
    account has gone meanwhile)."""
    profile = ResidentProfile.objects.select_related("user").filter(
        user_id=user_id, email_confirmed_at__isnull=True, user__is_active=True).first()
    if profile is None:
        return False
    path = reverse("engagement:resident-confirm", kwargs={"token": confirmation_token(profile.user)})
    return _email(profile.user, "confirm", {"link": base_url.rstrip("/") + path,
                                            "hours": settings.RESIDENT_CONFIRM_LINK_HOURS})


def already_registered_email_send(*, user_id: int, base_url: str) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    return _email(user, "already_registered", {
        "sign_in": base_url.rstrip("/") + reverse("login") + "?next=" + reverse("engagement:resident-you"),
        "username": user.username})


def resident_profile_of(user) -> ResidentProfile:
    _require(may_manage_own_account, user)
    try:
        return ResidentProfile.objects.select_related("ward").get(user=user)
    except ResidentProfile.DoesNotExist:
        raise NotFound(ONLY_YOURS) from None


@transaction.atomic
def confirmation_send_again(*, user, base_url: str) -> None:
    """Send the signed-in resident a new confirmation link (a few an hour at most)."""
    profile = resident_profile_of(user)
    if profile.email_confirmed_at is not None:
        raise Invalid(ALREADY_CONFIRMED)
    _count_within_hour(f"confirm-again:{user.pk}", RESEND_PER_HOUR)
    _send_after_commit("confirm", user.pk, base_url)


@transaction.atomic
def resident_details_change(*, user, postcode: str, notify_new_consultations: bool) -> ResidentProfile:
    """Change the resident's postcode (and so their ward) and whether they are e-mailed when a
    consultation opens in their ward."""
    profile = resident_profile_of(user)
    match = _ward_of(postcode)
    profile.postcode, profile.ward, profile.postcode_approximate = match.postcode, match.ward, match.approximate
    profile.notify_new_consultations = bool(notify_new_consultations)
    profile.full_clean()
    profile.save()
    return profile


def response_may_be_withdrawn(response: Response) -> bool:
    return response.anonymised_at is None and not response.consultation.results_are_public


def own_response(*, user, response_id: int, lock: bool = False) -> Response:
    """The resident's own response (for the page that asks "withdraw it?", and the withdrawal)."""
    responses = Response.objects.select_related("consultation")
    if lock:
        responses = responses.select_for_update(of=("self",))
    response = responses.filter(pk=response_id).first()
    if response is None:
        raise NotFound(RESPONSE_GONE)
    _require(may_withdraw_response, user, response)
    return response


@transaction.atomic
def response_withdraw(*, user, response_id: int) -> Response:
    """Delete the resident's own response, with its answers and About you, while the
    consultation's results are not yet public (it has not closed)."""
    response = own_response(user=user, response_id=response_id, lock=True)
    if not response_may_be_withdrawn(response):
        raise Invalid(RESPONSE_COUNTED)
    response.delete()
    return response


def idea_is_answered(idea: Idea) -> bool:
    return idea.status != IdeaStatus.WAITING or idea.responded_at is not None


def _idea_withdraw(idea: Idea) -> None:
    if idea_is_answered(idea):
        Idea.objects.filter(pk=idea.pk).update(proposer=None, browser_key="")
    else:
        idea.delete()


def own_idea(*, user, idea_id: int, lock: bool = False) -> Idea:
    ideas = Idea.objects.select_for_update() if lock else Idea.objects.all()
    idea = ideas.filter(pk=idea_id).first()
    if idea is None:
        raise NotFound(IDEA_GONE)
    _require(may_withdraw_idea, user, idea)
    return idea


@transaction.atomic
def idea_withdraw(*, user, idea_id: int) -> tuple[Idea, bool]:
    """Withdraw the resident's own idea: deleted if nobody has answered it yet (True); otherwise
    kept as the public record, no longer linked to them (False)."""
    idea = own_idea(user=user, idea_id=idea_id, lock=True)
    answered = idea_is_answered(idea)
    _idea_withdraw(idea)
    return idea, not answered


def responses_anonymise(responses, *, now: datetime.datetime) -> int:
    """Remove the personal data of these responses (a queryset), keeping the choices for the
    results: no account, postcode or browser key, no About you, no free text. Returns how many
    were changed."""
    ids = list(responses.values_list("pk", flat=True))
    if not ids:
        return 0
    AboutYou.objects.filter(response_id__in=ids).delete()
    Answer.objects.filter(response_id__in=ids).exclude(text="").update(text="")
    return Response.objects.filter(pk__in=ids).update(respondent=None, postcode="", browser_key="",
                                                      anonymised_at=now)


@transaction.atomic
def resident_data_remove(*, user: User, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove everything engagement keeps about this person: responses that can still be
    withdrawn are deleted, the others kept anonymised; ideas withdrawn (see above); their support
    for ideas kept as a count, linked to nobody; their resident's details deleted. Used when a
    resident deletes their account, and before any closed account is deleted."""
    now = now or timezone.now()
    mine = Response.objects.filter(respondent=user)
    published = mine.filter(consultation__status__in=RESULTS_PUBLIC)
    counts = {"responses_anonymised": responses_anonymise(published, now=now)}
    # What is left is what could still be withdrawn.
    counts["responses_deleted"] = mine.delete()[1].get(Response._meta.label, 0)
    ideas = list(Idea.objects.filter(proposer=user).order_by("pk"))
    for idea in ideas:
        _idea_withdraw(idea)
    counts["ideas"] = len(ideas)
    counts["supports"] = Support.objects.filter(supporter=user).update(supporter=None, browser_key="")
    counts["details"] = ResidentProfile.objects.filter(user=user).delete()[0]
    return counts


@transaction.atomic
def resident_account_delete(*, user) -> dict[str, int]:
    """The resident deletes their account: their engagement data goes now (resident_data_remove),
    and the account is closed through the accounts app (it can no longer sign in; the nightly job
    deletes it, with the name and e-mail address, after DJANGO_CLOSED_ACCOUNT_DAYS)."""
    _require(may_manage_own_account, user)
    counts = resident_data_remove(user=user)
    user_close(user=user)
    return counts


def _release_account(sender, *, user, **kwargs):
    """Before the accounts app deletes a closed account (accounts.signals.account_deleting)."""
    resident_data_remove(user=user)
