"""Residents' own pages: register, confirm the e-mail address, "Your answers and ideas" with
withdrawing them, their details, and deleting the account.

Thin: the services decide who may do what (a resident, only their own) and what is valid; a
refusal rises to the core's middleware (sign in, or 403).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from localism.core.errors import Invalid
from localism.core.paging import page_of
from localism.core.views import form_page, posted

from ..forms.residents import DetailsForm, RegisterForm
from ..selectors import residents as resident_selectors
from ..services import residents as services
from .browser import client_address

CONFIRMED = "Your email address is confirmed."
LINK_SENT = "We have sent a new link to {email}. It works for {hours} hours."
DETAILS_CHANGED = "Your details are changed."
YOURS_PER_PAGE = 25  # each of "your answers" and "your ideas"
RESPONSE_WITHDRAWN = "Your response to “{title}” is withdrawn: it is deleted and no longer counted."
IDEA_DELETED = "Your idea “{title}” is withdrawn and deleted."
IDEA_UNLINKED = ("Your idea “{title}” stays on the ward's page because councillors have answered it, "
                 "but it is no longer linked to your account.")

def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("engagement:resident-you")
    form = RegisterForm(posted(request))
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            form.submit(services.resident_register, user=request.user, address=client_address(request),
                        base_url=_base_url(request), **form.cleaned_data)
        except services.TooMany as error:
            form.add_error(None, error.message)
            status = 429
        if not form.errors:
            request.session["registered_email"] = form.cleaned_data["email"].strip()
            return redirect("engagement:resident-registered")
    if status:
        return render(request, "engagement/residents/register.html", {"form": form}, status=status)
    return form_page(request, "engagement/residents/register.html", {"form": form})


@never_cache
@require_GET
def registered(request):
    return render(request, "engagement/residents/registered.html", {
        "email": request.session.get("registered_email", ""), "hours": settings.RESIDENT_CONFIRM_LINK_HOURS})


@never_cache
@require_GET
def confirm(request, token: str):
    try:
        services.resident_confirm(token=token)
    except Invalid as error:
        return render(request, "engagement/residents/confirm_failed.html", {
            "message": error.messages[0], "expired": getattr(error, "code", "") == "expired"}, status=400)
    return render(request, "engagement/residents/confirmed.html", {"message": CONFIRMED})


@never_cache
@require_POST
def confirm_again(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("engagement:resident-you"))
    try:
        services.confirmation_send_again(user=request.user, base_url=_base_url(request))
        messages.success(request, LINK_SENT.format(email=request.user.email,
                                                   hours=settings.RESIDENT_CONFIRM_LINK_HOURS))
    except (Invalid, services.TooMany) as error:
        messages.info(request, getattr(error, "message", None) or error.messages[0])
    return redirect("engagement:resident-you")


def _link(obj) -> str:
    """The public page of a consultation or idea (none while those pages are not installed)."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@never_cache
@require_GET
def you(request):
    profile = services.resident_profile_of(request.user)
    # Two lists, each paged by its own query parameter (turning one keeps the other's page).
    responses = page_of(request, resident_selectors.responses_of(user=request.user), YOURS_PER_PAGE,
                        param="answers", anchor="answers")
    ideas = page_of(request, resident_selectors.ideas_of(user=request.user), YOURS_PER_PAGE,
                    param="ideas", anchor="ideas")
    return render(request, "engagement/residents/you.html", {
        "profile": profile,
        "responses_page": responses, "ideas_page": ideas,
        "responses": [(r, services.response_may_be_withdrawn(r), _link(r.consultation)) for r in responses],
        "ideas": [(i, _link(i)) for i in ideas],
    })


@never_cache
@require_http_methods(["GET", "POST"])
def details(request):
    profile = services.resident_profile_of(request.user)
    initial = {"postcode": profile.postcode, "notify_new_consultations": profile.notify_new_consultations}
    form = DetailsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        form.submit(services.resident_details_change, user=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, DETAILS_CHANGED)
            return redirect("engagement:resident-you")
    return form_page(request, "engagement/residents/details.html", {"form": form, "profile": profile})


@never_cache
@require_http_methods(["GET", "POST"])
def response_withdraw(request, pk: int):
    if request.method == "POST":
        try:
            response = services.response_withdraw(user=request.user, response_id=pk)
        except Invalid as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, RESPONSE_WITHDRAWN.format(title=response.consultation.title))
        return redirect("engagement:resident-you")
    response = services.own_response(user=request.user, response_id=pk)
    return render(request, "engagement/residents/response_withdraw.html", {
        "response": response, "may": services.response_may_be_withdrawn(response)})


@never_cache
@require_http_methods(["GET", "POST"])
def idea_withdraw(request, pk: int):
    if request.method == "POST":
        idea, deleted = services.idea_withdraw(user=request.user, idea_id=pk)
        messages.success(request, (IDEA_DELETED if deleted else IDEA_UNLINKED).format(title=idea.title))
        return redirect("engagement:resident-you")
    idea = services.own_idea(user=request.user, idea_id=pk)
    return render(request, "engagement/residents/idea_withdraw.html", {
        "idea": idea, "answered": services.idea_is_answered(idea)})


@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request):
    profile = services.resident_profile_of(request.user)
    if request.method == "GET":
        return render(request, "engagement/residents/delete.html", {
            "profile": profile, "closed_account_days": settings.CLOSED_ACCOUNT_DAYS})
    services.resident_account_delete(user=request.user)
    logout(request)
    return redirect("engagement:resident-deleted")


@require_GET
def deleted(request):
    return render(request, "engagement/residents/deleted.html")
