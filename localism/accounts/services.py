"""Every write to accounts goes through these functions."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from localism.core import retention
from localism.core.errors import Conflict, Invalid, NotFound, Refused
from localism.core.services import require

from .models import Organisation, User
from .rules import is_admin, is_councillor
from .signals import account_deleting

ORGANISATION_REFUSED = "Only councillors and administrators can add an organisation."
ORGANISATION_NAME_MISSING = "Enter the name of the organisation"
ORGANISATION_KIND_MISSING = "Select what kind of organisation it is"
ORGANISATION_EXISTS = "{name} is already recorded: choose it from the list"

# Councillors add the organisations that join their Ward Forums; admins add any.
may_add_organisation = is_admin | is_councillor

MANAGE_API_TOKEN = "accounts.manage_api_token"
TOKEN_REFUSED = "Only partners have an API token, and each partner manages only their own."
TOKEN_EXISTS = "You already have an API token. Revoke it first to create a new one."
TOKEN_GONE = "That API token has already been revoked."


@transaction.atomic
def organisation_ensure(*, name: str, kind: str, is_demo: bool = False) -> Organisation:
    """Create the organisation, or bring an existing one of that name up to date."""
    organisation = Organisation.objects.filter(name=name).first() or Organisation(name=name)
    organisation.slug = organisation.slug or slugify(name)[:200]
    organisation.kind = kind
    organisation.is_demo = is_demo
    organisation.full_clean()
    organisation.save()
    return organisation


def _free_slug(name: str) -> str:
    base = slugify(name)[:190] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organisation_create(*, user, name: str, kind: str) -> Organisation:
    """Record a new organisation (a councillor adding a Ward Forum's member, say). A name
    already recorded, whatever its capitals and spaces, is refused: choose that one instead."""
    if user is None or not may_add_organisation.test(user):
        raise Refused(ORGANISATION_REFUSED)
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = ORGANISATION_NAME_MISSING
    elif Organisation.objects.filter(name__iexact=name).exists():
        errors["name"] = ORGANISATION_EXISTS.format(name=name)
    if not kind:
        errors["kind"] = ORGANISATION_KIND_MISSING
    if errors:
        raise Invalid(errors)
    organisation = Organisation(name=name, slug=_free_slug(name), kind=kind)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def user_ensure(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    job_title: str = "",
) -> User:
    """Create the user, or reset an existing one to these details (used by the demo set-up)."""
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role = role
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.organisation = organisation
    user.job_title = job_title
    # Admins work in Django admin; nobody else is staff.
    user.is_staff = user.is_superuser = role == User.Role.ADMIN
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_close(*, user: User, now: datetime.datetime | None = None) -> User:
    """Close the account of someone who no longer has a role in the service: they can no longer
    sign in or use the API, and the account is deleted CLOSED_ACCOUNT_DAYS later. Closing a
    closed account changes nothing."""
    if user.closed_at is None:
        user.is_active = False
        user.closed_at = now or timezone.now()
        user.save(update_fields=["is_active", "closed_at"])
        Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def user_reopen(*, user: User) -> User:
    """Reopen a closed account (before it is deleted): the person may sign in again."""
    user.is_active, user.closed_at = True, None
    user.save(update_fields=["is_active", "closed_at"])
    return user


def closed_accounts_cutoff(*, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.CLOSED_ACCOUNT_DAYS)


@transaction.atomic
def closed_accounts_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the accounts closed more than CLOSED_ACCOUNT_DAYS ago, with their personal data
    (name, email, username, job title, token, sign-in records), as the privacy notice says. The
    records they changed stay, no longer naming them. Safe to run twice."""
    now = now or timezone.now()
    expired = list(User.objects.filter(closed_at__lt=closed_accounts_cutoff(now=now)).order_by("pk"))
    for user in expired:
        account_deleting.send(sender=User, user=user)
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=user.get_username()).delete()
        user.delete()
    retention.removed(job=CLOSED_ACCOUNTS_JOB, counts={"accounts": len(expired)}, now=now)
    return len(expired)


def api_token_for(*, user: User) -> Token:
    """The user's token, created if they have none (for the demonstration accounts' set-up)."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def api_token_create(*, user: User) -> Token:
    """A new API token for the partner. Its key is for the page that answers this request only:
    no page shows it again. A partner holds one token at most: the old one is revoked first."""
    require(user, MANAGE_API_TOKEN, None, TOKEN_REFUSED)
    # Lock the partner's row so that two requests at once cannot both pass the check below.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if Token.objects.filter(user=user).exists():
        raise Conflict(TOKEN_EXISTS)
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User, token: Token) -> None:
    """Revoke the token: API calls made with it are refused from now on."""
    require(user, MANAGE_API_TOKEN, token, TOKEN_REFUSED)
    deleted, _ = Token.objects.filter(pk=token.pk, user=user).delete()
    if not deleted:
        raise NotFound(TOKEN_GONE)


def organisations_ensure(*, specs: dict[str, tuple[str, str]], is_demo: bool = False) -> tuple[dict, int]:
    """Ensure each (name, kind) organisation exists; return them by key and how many were new."""
    names = [name for name, _ in specs.values()]
    existing = set(Organisation.objects.filter(name__in=names).values_list("name", flat=True))
    organisations = {key: organisation_ensure(name=name, kind=kind, is_demo=is_demo)
                     for key, (name, kind) in specs.items()}
    return organisations, len(set(names) - existing)


def sign_in_records_cutoff(*, now: datetime.datetime) -> datetime.datetime:
    """Sign-in records older than this are deleted. Never sooner than a lockout ends, so that
    deleting old records cannot lift a lockout still in force."""
    keep = max(datetime.timedelta(days=settings.SIGN_IN_RECORDS_DAYS), settings.AXES_COOLOFF_TIME)
    return now - keep


@transaction.atomic
def sign_in_records_delete_expired(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the sign-in records (django-axes' failed attempts, failure log and sign-in log:
    usernames, addresses and browsers) older than SIGN_IN_RECORDS_DAYS, as the privacy notice
    says. Safe to run twice: a second run finds nothing more to delete."""
    now = now or timezone.now()
    cutoff = sign_in_records_cutoff(now=now)
    # A failed attempt's time is its latest failure, so an attempt still being counted is kept.
    deleted = {}
    for label, model in (("attempts", AccessAttempt), ("failures", AccessFailureLog), ("sign_ins", AccessLog)):
        _, by_model = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted[label] = by_model.get(model._meta.label, 0)
    retention.removed(job=SIGN_IN_RECORDS_JOB, counts=deleted, now=now)
    return deleted


@transaction.atomic
def expired_sessions_delete(*, now: datetime.datetime | None = None) -> int:
    """Delete the sign-in sessions that have ended (signed out or SESSION_COOKIE_AGE after they
    began): Django keeps their rows, with the account they belonged to, until someone deletes
    them. With Redis a session is also kept in the cache, which forgets it when it expires. Safe
    to run twice."""
    now = now or timezone.now()
    removed, _ = Session.objects.filter(expire_date__lt=now).delete()
    retention.removed(job=SESSIONS_JOB, counts={"sessions": removed}, now=now)
    return removed


SIGN_IN_RECORDS_JOB = "sign_in_records"
CLOSED_ACCOUNTS_JOB = "closed_accounts"
SESSIONS_JOB = "sessions"


def retention_declare() -> None:
    """The accounts' retention jobs, in the privacy notice's words (localism.core.retention)."""
    retention.declare(
        SIGN_IN_RECORDS_JOB, title="Sign-in records",
        data="Sign-in records and failed attempts: the username given, the internet (IP) address and browser "
             "it came from, and when",
        rule=lambda: f"{settings.SIGN_IN_RECORDS_DAYS} days after the sign-in or the failed attempt",
        kinds=("attempts", "failures", "sign_ins"))
    retention.declare(
        CLOSED_ACCOUNTS_JOB, title="Closed accounts",
        data="Your account, with your name, email address and job title, once the council has closed it",
        rule=lambda: f"{settings.CLOSED_ACCOUNT_DAYS} days after the account is closed", kinds=("accounts",))
    retention.declare(
        SESSIONS_JOB, title="Sign-in sessions",
        data="The record that keeps you signed in: which account it is for and when it ends",
        rule=lambda: f"When it ends: on signing out, or {settings.SESSION_COOKIE_AGE // 86400} days after signing in",
        kinds=("sessions",))
