"""Every write to accounts goes through these functions."""

from django.db import transaction
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from .models import Organisation, User


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
    token, _ = Token.objects.get_or_create(user=user)
    return token


def organisations_ensure(*, specs: dict[str, tuple[str, str]], is_demo: bool = False) -> tuple[dict, int]:
    """Ensure each (name, kind) organisation exists; return them by key and how many were new."""
    names = [name for name, _ in specs.values()]
    existing = set(Organisation.objects.filter(name__in=names).values_list("name", flat=True))
    organisations = {key: organisation_ensure(name=name, kind=kind, is_demo=is_demo)
                     for key, (name, kind) in specs.items()}
    return organisations, len(set(names) - existing)
