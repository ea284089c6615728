"""A partner's API token page: create a token (its key shown once, on the page that answers the
creation), see that one exists, revoke it.

The services decide who may do what (partners only, each their own token): a refusal rises to
the core's middleware (sign in, or 403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from localism.core.errors import Conflict
from localism.core.views import refusal

from . import selectors, services

REVOKED = "Your API token is revoked: calls made with it are refused from now on."
NO_TOKEN = "You have no API token to revoke."


def _token_page(request, *, error: str = "", status: int = 200):
    token = selectors.api_token_of(user=request.user)
    return render(request, "accounts/token.html", {
        "token": token, "ending": selectors.key_ending(token) if token else "", "error": error,
    }, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    if refused := refusal(request, services.MANAGE_API_TOKEN, None):
        return refused
    if request.method == "GET":
        return _token_page(request)
    try:
        token = services.api_token_create(user=request.user)
    except Conflict as error:
        return _token_page(request, error=error.message, status=409)
    # The key is in this answer only (never cached): no later page shows it.
    return render(request, "accounts/token_created.html", {"token": token})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request):
    if refused := refusal(request, services.MANAGE_API_TOKEN, None):
        return refused
    token = selectors.api_token_of(user=request.user)
    if token is None:
        messages.info(request, NO_TOKEN)
        return redirect("api-token")
    if request.method == "GET":
        return render(request, "accounts/token_revoke.html", {"ending": selectors.key_ending(token)})
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, REVOKED)
    return redirect("api-token")
