"""Reads of accounts."""

from rest_framework.authtoken.models import Token

from .models import User


def api_token_of(*, user: User) -> Token | None:
    """The user's API token, if they have one."""
    if not user.is_authenticated:
        return None
    return Token.objects.filter(user=user).first()


def key_ending(token: Token) -> str:
    """The last characters of a token's key: enough to recognise it, too few to use it."""
    return token.key[-4:]
