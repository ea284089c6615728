"""What the wards app's pages share: how a refusal is answered, and a form page's status."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def deny(request):
    """Anonymous users are sent to sign in; signed-in users without the permission get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def refusal(request, perm: str, obj):
    """None if the user has `perm` on `obj`; otherwise the answer to send instead."""
    return None if request.user.has_perm(perm, obj) else deny(request)


def form_status(form, context: dict | None = None) -> int:
    """409 when a newer version was saved meanwhile, 400 when the form has errors, else 200."""
    if context and "newer" in context:
        return 409
    return 400 if form.errors else 200


def posted(request):
    """The form data of a POST (bound even if empty), or None for a GET."""
    return request.POST if request.method == "POST" else None
