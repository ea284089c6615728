"""Every write to accounts goes through these functions."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from localism.core.errors import Conflict, NotFound
from localism.core.services import require

from .models import Organisation, User

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
    cutoff = sign_in_records_cutoff(now=now or timezone.now())
    # A failed attempt's time is its latest failure, so an attempt still being counted is kept.
    deleted = {}
    for label, model in (("attempts", AccessAttempt), ("failures", AccessFailureLog), ("sign_ins", AccessLog)):
        _, by_model = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted[label] = by_model.get(model._meta.label, 0)
    return deleted
