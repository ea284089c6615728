"""Moving a priority within its plan, or an action within its priority, to a chosen place in one
step: one view, one form and one template for both."""

from django.contrib import messages
from django.shortcuts import redirect

from localism.core.views import form_page, posted

from ..forms.plans import MoveToForm


def move_to(request, *, part, kind: str, name: str, ranking: list[int], service, done: str, moved_message,
            context: dict):
    """The "Move to position" step for `part` (a priority or an action, named `name`), ranked
    among `ranking` (its siblings' pks in their order). A move that goes through returns to
    `done` with `moved_message(moved)` when the place changed; the page is shown on its own only
    when the move is refused (a place out of range, 400; a newer version of the part, 409) or
    asked for directly. `service` is the service that moves it (priority_move_to,
    action_move_to); the caller has checked the user may change the part."""
    current = ranking.index(part.pk) + 1
    form = MoveToForm(posted(request), count=len(ranking), initial={"position": current, "version": part.version})
    if form.is_bound and form.is_valid():
        if moved := form.submit(service, **{kind: part}, user=request.user, version=form.cleaned_data["version"],
                                position=form.cleaned_data["position"]):
            if moved.position != current:
                messages.success(request, moved_message(moved))
            return redirect(done)
    return form_page(request, "wards/plans/move_to.html", {
        **context, "form": form, "kind": kind, "name": name, "current": current, "count": len(ranking),
        "cancel": done})
