"""A consultation's results pages: the public results (overall and by ward, with who answered
beside who lives there), and for those who run it the free-text answers, with hiding, and the
responses' CSV export.

Results are public once the consultation has closed. While it is open, those who run it see them
(to follow the answers coming in); anyone else is told the results come when it closes: a running
tally would nudge later answers."""

import io

from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from localism.core.errors import Invalid, field_messages
from localism.core.services import require
from localism.core.spreadsheets import writer

from ..models import Answer, Consultation
from ..selectors import results as selectors
from ..services.moderation import NOT_YOURS, answer_hide

FREE_TEXT_PERMISSION = "engagement.read_free_text_consultation"
EXPORT_PERMISSION = "engagement.change_consultation"  # those who run it


def _consultation(request, pk) -> Consultation:
    consultation = get_object_or_404(Consultation, pk=pk)
    if not request.user.has_perm("engagement.view_consultation", consultation):
        raise Http404(selectors.NO_SUCH_CONSULTATION)
    return consultation


@require_GET
def consultation_results(request, pk):
    consultation = _consultation(request, pk)
    runs_it = request.user.has_perm(EXPORT_PERMISSION, consultation)
    context = {"consultation": consultation, "runs_it": runs_it, "note": selectors.SUPPRESSION_NOTE}
    if not selectors.may_read_results(request.user, consultation):
        return render(request, "engagement/results/not_yet.html", {**context, "message": selectors.RESULTS_WHEN_CLOSED})
    results = selectors.consultation_results(consultation)
    key = request.GET.get("ward") or "all"
    group = results.group(key)
    if group is None:
        group, key = results.overall, "all"
    # Who answered beside who lives there is per ward: a consultation of one ward shows its own.
    compared = key if key != "all" else (results.wards[0].key if len(results.wards) == 1 else None)
    context.update(results=results, group=group, selected=key,
                   representation=results.representation_of(compared) if compared else None,
                   free_text=request.user.has_perm(FREE_TEXT_PERMISSION, consultation))
    return render(request, "engagement/results/results.html", context)


@require_GET
def free_text(request, pk):
    consultation = _consultation(request, pk)
    require(request.user, FREE_TEXT_PERMISSION, consultation, NOT_YOURS)
    page = Paginator(selectors.free_text_answers(consultation), selectors.FREE_TEXT_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "engagement/results/free_text.html",
                  {"consultation": consultation, "page": page, "errors": {}, "error_answer": None})


@require_POST
def answer_hide_view(request, pk, answer_pk):
    consultation = _consultation(request, pk)
    answer = get_object_or_404(Answer, pk=answer_pk, question__consultation=consultation)
    try:
        answer_hide(request.user, answer, request.POST.get("reason", ""))
    except Invalid as error:
        page = Paginator(selectors.free_text_answers(consultation), selectors.FREE_TEXT_PAGE_SIZE).get_page(
            request.POST.get("page"))
        return render(request, "engagement/results/free_text.html",
                      {"consultation": consultation, "page": page, "errors": field_messages(error),
                       "error_answer": answer.pk, "reason": request.POST.get("reason", "")}, status=400)
    page = request.POST.get("page", "")
    url = reverse("engagement:free-text", kwargs={"pk": consultation.pk})
    return redirect(f"{url}?page={page}#answer-{answer.pk}" if page.isdigit() else f"{url}#answer-{answer.pk}")


@require_GET
def responses_csv(request, pk):
    consultation = _consultation(request, pk)
    require(request.user, EXPORT_PERMISSION, consultation, "Only those who run the consultation may export it.")

    def lines():
        buffer = io.StringIO()
        out = writer(buffer)
        for row in selectors.response_export_rows(consultation):
            out.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-responses.csv"'
    return response
