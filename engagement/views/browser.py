"""What the engagement pages know of a visitor without an account: the address they connect from
(as sign-in reads it), and one random cookie (settings.ENGAGEMENT_BROWSER_COOKIE, on the cookies
page) that tells one browser's answers and supports apart. Only a hash of the cookie is stored,
and a response's (engagement.services.responses.browser_key) is salted apart from a support's
(engagement.views.ideas.browser_key), so a response and a support from one browser cannot be
joined up."""

import secrets

from django.conf import settings

COOKIE_MIN_LENGTH, COOKIE_MAX_LENGTH = 20, 100


def client_address(request) -> str:
    """The visitor's address, from the headers sign-in trusts (DJANGO_CLIENT_IP_HEADERS)."""
    for header in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
        if value := request.META.get(header, ""):
            return value.split(",")[0].strip()
    return "unknown"


def browser_cookie(request) -> str:
    """The browser's cookie if it sent a plausible one, else ""."""
    value = request.COOKIES.get(settings.ENGAGEMENT_BROWSER_COOKIE, "")
    return value if COOKIE_MIN_LENGTH <= len(value) <= COOKIE_MAX_LENGTH else ""


def browser_cookie_or_new(request) -> str:
    return browser_cookie(request) or secrets.token_urlsafe(32)


def keep_browser_cookie(request, response, value: str):
    """Send the cookie with `response` if the browser does not have it yet."""
    if value and value != request.COOKIES.get(settings.ENGAGEMENT_BROWSER_COOKIE):
        response.set_cookie(settings.ENGAGEMENT_BROWSER_COOKIE, value,
                            max_age=settings.ENGAGEMENT_BROWSER_COOKIE_DAYS * 86400,
                            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
    return response
