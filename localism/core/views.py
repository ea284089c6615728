"""How every app's pages answer: a refusal (sign in, or 403), a missing record (404), a form
page with the status its form earned, and a stale edit shown beside the newer version.

`ServiceErrorMiddleware` is the pages' one mapping of the services' Refused and NotFound: a view
lets them rise and the visitor gets the sign-in page or the styled 403/404.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from .errors import NotFound, Refused, StaleEdit
from .forms import readable_fields


def deny(request, message: str = ""):
    """Anonymous users are sent to sign in; signed-in users without the permission get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message)


def refusal(request, perm: str, obj):
    """None if the user has `perm` on `obj`; otherwise the answer to send instead."""
    return None if request.user.has_perm(perm, obj) else deny(request)


def posted(request):
    """The form data of a POST (bound even if empty), or None for a GET."""
    return request.POST if request.method == "POST" else None


def form_status(form) -> int:
    """409 when a newer version was saved meanwhile, 400 when the form has errors, else 200."""
    return form.status_code if hasattr(form, "status_code") else (400 if form.errors else 200)


def stale_context(form) -> dict:
    """The newer version beside a stale edit, for the page to show."""
    conflict = getattr(form, "conflict", None)
    if isinstance(conflict, StaleEdit):
        return {"newer": conflict.current, "newer_fields": readable_fields(form, conflict.current)}
    return {}


def form_page(request, template: str, context: dict, *, form_key: str = "form"):
    """Render a form page with its form's status and, after a stale edit, the newer version."""
    form = context[form_key]
    return render(request, template, {**context, **stale_context(form)}, status=form_status(form))


class ServiceErrorMiddleware:
    """Pages answer a service's refusal as a refusal and its NotFound as a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refused):
            return deny(request, exception.message)
        if isinstance(exception, NotFound):
            raise Http404(exception.message)
        return None
