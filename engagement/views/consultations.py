"""Consultation pages: the public list and page of each consultation, the response (no account
needed), and the pages where those who run a consultation set it up, write its questions, open
and close it, and check the responses flagged as suspected duplicates."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from localism.core.errors import Invalid
from localism.core.forms import MAX_ID
from localism.core.paging import page_of
from localism.core.views import deny, form_page, posted, refusal
from wards.selectors import ward_for_postcode
from wards.selectors.geography import WardLookupError

from ..forms.consultations import ConsultationFilterForm, ConsultationForm, QuestionForm, ResponseForm, ReviewForm
from ..models import Consultation, Question, Response
from ..selectors import consultations as selectors
from ..services import consultations as services
from ..services.responses import AlreadyAnswered, ConsultationNotOpen, TooManyResponses, response_submit
from .browser import browser_cookie_or_new, client_address, keep_browser_cookie

VIEW = "engagement.view_consultation"
RUN = "engagement.change_consultation"
ADD = "engagement.add_consultation"

CREATED = "The consultation has been set up as a draft. Add its questions, then open it."
UPDATED = "The consultation has been updated."
QUESTION_ADDED = "The question has been added."
QUESTION_UPDATED = "The question has been updated."
QUESTION_DELETED = "The question has been removed."
OPENED = "The consultation is open: it takes answers from {when}."
CLOSED = "The consultation is closed: it takes no more answers."
REVIEWED = "Response {pk} has been {what}."
CONSULTATIONS_PER_PAGE = 25
RESPONSES_PER_PAGE = 50


def _consultation(pk: int) -> Consultation:
    if pk > MAX_ID:  # no id is that large (SQLite could not even be asked)
        raise Http404("No consultation has that address.")
    try:
        return selectors.consultation_get(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404("No consultation has that address.") from None


def _visible(request, pk: int) -> Consultation:
    consultation = _consultation(pk)
    if not request.user.has_perm(VIEW, consultation):
        raise Http404("No consultation has that address.")  # a draft is not for everyone to know of
    return consultation


# Public pages.

@require_GET
def consultation_list(request):
    form = ConsultationFilterForm(request.GET or None)
    ward = status = None
    if form.is_valid():
        ward, status = form.cleaned_data["ward"], form.cleaned_data["status"]
        if postcode := form.cleaned_data["postcode"].strip():
            try:
                ward = ward_for_postcode(postcode=postcode).ward
            except WardLookupError as error:
                form.add_error("postcode", error.message)
    page = page_of(request, selectors.consultations_public(ward=None if form.errors else ward, status=status or None),
                   CONSULTATIONS_PER_PAGE)
    return render(request, "engagement/consultations/list.html", {
        "form": form, "page": page, "consultations": page.object_list, "ward": ward if not form.errors else None,
    }, status=400 if form.errors else 200)


@require_GET
def consultation_detail(request, pk):
    consultation = _visible(request, pk)
    return render(request, "engagement/consultations/detail.html", {
        "consultation": consultation, "may_run": request.user.has_perm(RUN, consultation),
        "response": selectors.response_of(consultation, request.user),
    })


@require_http_methods(["GET", "POST"])
def consultation_respond(request, pk):
    consultation = _visible(request, pk)
    if not consultation.is_open:
        return render(request, "engagement/consultations/not_open.html", {"consultation": consultation},
                      status=409 if request.method == "POST" else 200)
    if response := selectors.response_of(consultation, request.user):
        return render(request, "engagement/consultations/answered.html",
                      {"consultation": consultation, "response": response})
    # The browser's cookie tells two responses from one browser apart (suspected duplicates).
    token = browser_cookie_or_new(request)
    form = ResponseForm(posted(request), consultation=consultation)
    if form.is_bound and form.is_valid():
        try:
            saved = form.submit(response_submit, consultation=consultation, user=request.user,
                                submission=form.submission(), browser_token=token, ip=client_address(request))
        except TooManyResponses as error:
            page = render(request, "engagement/consultations/too_many.html",
                          {"consultation": consultation, "message": error.message}, status=429)
            page["Retry-After"] = "3600"
            return page
        if saved is not None:
            request.session[f"responded-{consultation.pk}"] = saved.pk
            answer = redirect("engagement:consultation-responded", pk=consultation.pk)
            return keep_browser_cookie(request, answer, token)
        if isinstance(form.conflict, ConsultationNotOpen):
            return render(request, "engagement/consultations/not_open.html", {"consultation": consultation},
                          status=409)
        if isinstance(form.conflict, AlreadyAnswered):
            return render(request, "engagement/consultations/answered.html",
                          {"consultation": consultation, "response": selectors.response_of(consultation,
                                                                                            request.user)})
    page = form_page(request, "engagement/consultations/respond.html", {"form": form, "consultation": consultation})
    return keep_browser_cookie(request, page, token)


@require_GET
def consultation_responded(request, pk):
    consultation = _visible(request, pk)
    reference = request.session.get(f"responded-{consultation.pk}")
    if reference is None and not selectors.response_of(consultation, request.user):
        return redirect("engagement:consultation", pk=consultation.pk)
    return render(request, "engagement/consultations/responded.html",
                  {"consultation": consultation, "reference": reference})


# Pages for those who run consultations.

@require_GET
def consultations_yours(request):
    if refused := refusal(request, ADD, None):
        return refused
    page = page_of(request, selectors.consultations_run_by(request.user), CONSULTATIONS_PER_PAGE)
    return render(request, "engagement/consultations/yours.html", {"page": page, "consultations": page.object_list})


def _run(request, pk) -> Consultation:
    consultation = _consultation(pk)
    if not request.user.has_perm(RUN, consultation):
        return None, deny(request)
    return consultation, None


@require_http_methods(["GET", "POST"])
def consultation_new(request):
    if refused := refusal(request, ADD, None):
        return refused
    form = ConsultationForm(posted(request), user=request.user)
    if form.is_bound and form.is_valid():
        if saved := form.submit(services.consultation_create, user=request.user, **form.details()):
            messages.success(request, CREATED)
            return redirect("engagement:consultation-questions", pk=saved.pk)
    return form_page(request, "engagement/consultations/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk):
    consultation, refused = _run(request, pk)
    if refused:
        return refused
    form = ConsultationForm(posted(request), user=request.user, initial=ConsultationForm.initial_for(consultation))
    if form.is_bound and form.is_valid():
        if form.submit(services.consultation_update, consultation=consultation, user=request.user,
                       version=form.cleaned_data["version"], **form.details()):
            messages.success(request, UPDATED)
            return redirect("engagement:consultation-questions", pk=consultation.pk)
    return form_page(request, "engagement/consultations/form.html", {"form": form, "consultation": consultation})


@require_http_methods(["GET", "POST"])
def consultation_questions(request, pk):
    """The questions, in order, with a form to add one."""
    consultation, refused = _run(request, pk)
    if refused:
        return refused
    form = QuestionForm(posted(request))
    if form.is_bound and form.is_valid():
        if form.submit(services.question_add, consultation=consultation, user=request.user,
                       **form.question_fields()):
            messages.success(request, QUESTION_ADDED)
            return redirect("engagement:consultation-questions", pk=consultation.pk)
    return form_page(request, "engagement/consultations/questions.html", {
        "form": form, "consultation": consultation, "questions": list(consultation.questions.all()),
        "has_responses": consultation.responses.exists(),
    })


def _question(consultation, question_pk) -> Question:
    for question in consultation.questions.all():
        if question.pk == question_pk:
            return question
    raise Http404("No question has that address.")


@require_http_methods(["GET", "POST"])
def question_edit(request, pk, question_pk):
    consultation, refused = _run(request, pk)
    if refused:
        return refused
    question = _question(consultation, question_pk)
    form = QuestionForm(posted(request), initial=QuestionForm.initial_for(question))
    if form.is_bound and form.is_valid():
        if form.submit(services.question_update, question=question, user=request.user, **form.question_fields()):
            messages.success(request, QUESTION_UPDATED)
            return redirect("engagement:consultation-questions", pk=consultation.pk)
    return form_page(request, "engagement/consultations/question_form.html",
                     {"form": form, "consultation": consultation, "question": question})


def _action(request, pk, do, success: str, *, to="engagement:consultation-questions"):
    """A button's POST: the service's refusal rises (sign in, or 403), its Invalid shows as a
    message on the page it came from."""
    consultation, refused = _run(request, pk)
    if refused:
        return refused
    try:
        result = do(consultation)
    except Invalid as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if success:
            messages.success(request, success.format(result=result) if "{" in success else success)
    return redirect(to, pk=consultation.pk)


@require_POST
def question_delete(request, pk, question_pk):
    return _action(request, pk, lambda c: services.question_delete(question=_question(c, question_pk),
                                                                   user=request.user), QUESTION_DELETED)


@require_POST
def question_move(request, pk, question_pk):
    up = request.POST.get("direction") == "up"
    return _action(request, pk, lambda c: services.question_move(question=_question(c, question_pk),
                                                                 user=request.user, up=up), "")


@require_POST
def consultation_open(request, pk):
    service = services.consultation_open_now if request.POST.get("when") == "now" else services.consultation_open

    def do(consultation):
        opened = service(consultation=consultation, user=request.user)
        messages.success(request, OPENED.format(when=f"{opened.opens_at:%-d %B %Y %H:%M}"))
    return _action(request, pk, do, "")


@require_POST
def consultation_close(request, pk):
    return _action(request, pk, lambda c: services.consultation_close(consultation=c, user=request.user), CLOSED)


@require_GET
def consultation_duplicates(request, pk):
    consultation, refused = _run(request, pk)
    if refused:
        return refused
    page = page_of(request, selectors.responses_flagged(consultation), RESPONSES_PER_PAGE)
    return render(request, "engagement/consultations/duplicates.html", {
        "consultation": consultation, "page": page, "responses": page.object_list,
    })


@require_POST
def response_review(request, pk, response_pk):
    consultation, refused = _run(request, pk)
    if refused:
        return refused
    response = Response.objects.filter(consultation=consultation, pk=min(response_pk, MAX_ID)).first()
    form = ReviewForm(request.POST)
    if response is None:
        raise Http404("No response has that number.")
    if form.is_valid():
        keep = form.cleaned_data["decision"] == "keep"
        try:
            services.response_review(response=response, user=request.user, keep=keep)
        except Invalid as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, REVIEWED.format(pk=response.pk,
                                                      what="kept" if keep else "excluded from the results"))
    else:
        messages.error(request, form.errors["decision"][0])
    back = reverse("engagement:consultation-duplicates", kwargs={"pk": consultation.pk})
    page = request.POST.get("page", "")  # back to the page the decision was made on
    return redirect(f"{back}?page={page}" if page.isdigit() and len(page) < 10 else back)
