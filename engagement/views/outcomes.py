"""A consultation's outcome, "We asked, you said, we did": its page (public once published; the
consultation's own page includes templates/engagement/outcomes/_outcome.html) and the form where
those who run the consultation publish it after it closes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.views import form_page, posted, refusal

from ..forms.outcomes import OutcomeForm
from ..selectors.outcomes import outcome_get
from ..services.outcomes import consultation_outcome_publish

PUBLISHED = "The outcome has been published on the consultation's page."
RUN = "engagement.change_consultation"


def _consultation(request, pk):
    consultation = outcome_get(pk=pk)
    if consultation is None or not request.user.has_perm("engagement.view_consultation", consultation):
        raise Http404("No consultation has that address.")
    return consultation


@require_GET
def outcome_detail(request, pk):
    consultation = _consultation(request, pk)
    runs = request.user.has_perm(RUN, consultation)
    if consultation.outcome_published_at is None and not runs:
        raise Http404("This consultation's outcome is not published yet.")
    return render(request, "engagement/outcomes/detail.html", {"consultation": consultation, "runs": runs})


@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk):
    consultation = _consultation(request, pk)
    if request.method == "GET" and (refused := refusal(request, RUN, consultation)):
        return refused
    form = OutcomeForm(posted(request), consultation=consultation, initial=OutcomeForm.initial_for(consultation))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if form.submit(consultation_outcome_publish, consultation=consultation, user=request.user,
                       version=data["version"], we_asked=data["we_asked"], you_said=data["you_said"],
                       we_did=data["we_did"], priorities=data["outcome_priorities"]) is not None:
            messages.success(request, PUBLISHED)
            return redirect("engagement:outcome", pk=consultation.pk)
    return form_page(request, "engagement/outcomes/form.html", {"form": form, "consultation": consultation})
