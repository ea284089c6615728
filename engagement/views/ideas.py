"""Pages of residents' ideas: the public list and each idea's page (status, support, the public
response), proposing an idea and supporting one without an account, and the pages where the
ward's councillors respond to an idea and, with engagement officers, hide one.

A visitor without an account is known by the engagement pages' random cookie (views.browser);
only its SHA-256 hash is stored, so the cookie cannot be read back from the database."""

import hashlib

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from localism.core.paging import page_of
from localism.core.views import form_page, posted, refusal

from ..forms.ideas import HideForm, IdeaFilterForm, IdeaForm, RespondForm
from ..models import IdeaStatus
from ..selectors import ideas as selectors
from ..services import ideas as services
from .browser import browser_cookie, browser_cookie_or_new, client_address, keep_browser_cookie

IDEA_SENT = "Your idea has been sent. The ward's councillors will respond to it here."
SUPPORTED = "Thank you: you now support this idea."
ALREADY_SUPPORTED = "You already support this idea."
RESPONDED = "Your response has been published with the idea."
HIDDEN = "The idea is hidden: it no longer shows publicly."
IDEAS_PER_PAGE = 20


def browser_key(value: str) -> str:
    """What is stored of a browser's cookie: its SHA-256 hash."""
    return hashlib.sha256(value.encode()).hexdigest() if value else ""


def _cookie_for(request) -> str:
    """The browser's cookie, or a new one (sent with the answer) for a visitor without an account."""
    if request.user.is_authenticated:
        return ""
    return browser_cookie_or_new(request)


@require_GET
def idea_list(request):
    form = IdeaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    ideas = selectors.ideas_public(ward=filters.get("ward"), status=filters.get("status") or None)
    page = page_of(request, ideas, IDEAS_PER_PAGE)
    return render(request, "engagement/ideas/list.html", {
        "form": form, "page": page, "ideas": page.object_list,
    })


@require_http_methods(["GET", "POST"])
def idea_new(request):
    initial = {}
    if slug := request.GET.get("ward", "")[:100]:
        initial["ward"] = IdeaForm.base_fields["ward"].queryset.filter(slug=slug).values_list("pk", flat=True).first()
    form = IdeaForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        cookie = _cookie_for(request)
        idea = form.submit(services.idea_propose, user=request.user, ward=data["ward"], title=data["title"],
                           description=data["description"], theme=data["theme"], browser_key=browser_key(cookie),
                           client=None if request.user.is_authenticated else client_address(request))
        if idea is not None:
            messages.success(request, IDEA_SENT)
            return keep_browser_cookie(request, redirect(idea), cookie)
    return form_page(request, "engagement/ideas/new.html", {"form": form})


@require_GET
def idea_detail(request, pk):
    idea = selectors.idea_get(pk=pk)
    staff = request.user.has_perm("engagement.hide_idea", idea)
    if idea.hidden_at is not None and not staff:
        return render(request, "engagement/ideas/removed.html", {"idea": idea}, status=410)
    return render(request, "engagement/ideas/detail.html", {
        "idea": idea,
        "supported": selectors.supports_already(idea, user=request.user,
                                                browser_key=browser_key(browser_cookie(request))),
        "may_respond": request.user.has_perm("engagement.respond_idea", idea),
        "may_hide": staff and idea.hidden_at is None,
        "staff": staff,
    })


@require_POST
def idea_support(request, pk):
    idea = selectors.idea_get(pk=pk)
    cookie = _cookie_for(request)
    added = services.idea_support(idea=idea, user=request.user, browser_key=browser_key(cookie))
    messages.success(request, SUPPORTED) if added else messages.info(request, ALREADY_SUPPORTED)
    return keep_browser_cookie(request, redirect(idea), cookie)


@require_http_methods(["GET", "POST"])
def idea_respond(request, pk):
    idea = selectors.idea_get(pk=pk)
    if request.method == "GET" and (refused := refusal(request, "engagement.respond_idea", idea)):
        return refused
    initial = {"version": idea.version, "response": idea.response, "referred_to": idea.referred_to_id,
               "kind": idea.status if idea.status != IdeaStatus.WAITING else None}
    form = RespondForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        service = services.RESPONSES[data["kind"]]
        extra = {"organisation": data["referred_to"]} if data["kind"] == IdeaStatus.REFERRED else {}
        if form.submit(service, idea=idea, user=request.user, version=data["version"], response=data["response"],
                       **extra) is not None:
            messages.success(request, RESPONDED)
            return redirect(idea)
    return form_page(request, "engagement/ideas/respond.html", {
        "form": form, "idea": idea,
        "draft_plan": selectors.ward_draft_plan(idea.ward), "next_meeting": selectors.next_forum_meeting(idea.ward),
    })


@require_http_methods(["GET", "POST"])
def idea_hide(request, pk):
    idea = selectors.idea_get(pk=pk)
    if request.method == "GET" and (refused := refusal(request, "engagement.hide_idea", idea)):
        return refused
    form = HideForm(posted(request))
    if form.is_bound and form.is_valid():
        if form.submit(services.idea_hide, idea=idea, user=request.user,
                       reason=form.cleaned_data["hidden_reason"]) is not None:
            messages.success(request, HIDDEN)
            return redirect(idea)
    return form_page(request, "engagement/ideas/hide.html", {"form": form, "idea": idea})
