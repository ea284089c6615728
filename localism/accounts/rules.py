"""Who a user is: the role predicates every app's rules build on."""

import rules

from .roles import Role


@rules.predicate
def is_signed_in(user):
    return bool(user and user.is_authenticated)


@rules.predicate
def is_admin(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def _has_role(role):
    @rules.predicate(name=f"is_{role}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.role == role)

    return predicate


is_councillor = _has_role(Role.COUNCILLOR)
is_officer = _has_role(Role.OFFICER)
is_partner = _has_role(Role.PARTNER)
is_resident = _has_role(Role.RESIDENT)


def model_permissions(*, view, change) -> dict:
    """A model's `rules_permissions`: who may view it, and who may add, change or delete it."""
    return {"view": view, "add": change, "change": change, "delete": change}


@rules.predicate
def is_own_token(user, token):
    """The API token is the user's own (no token yet: the one they would create)."""
    return token is None or token.user_id == user.pk


# Partners reach the API with a token; only they hold one, and each manages only their own.
rules.add_perm("accounts.manage_api_token", is_partner & is_own_token)
