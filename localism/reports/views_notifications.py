"""A signed-in person's Notifications page, their choice of how they hear of each kind, and the
one-click unsubscribe every e-mail carries."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from localism.core import events
from localism.core.errors import Invalid, field_messages
from localism.core.paging import page_of

from . import notifications as services
from .models import Delivery, Notification

A_PAGE = 25


@login_required
@never_cache
@require_http_methods(["GET"])
def notification_list(request):
    page = page_of(request, Notification.objects.filter(user=request.user).order_by("-created_at", "-pk"), A_PAGE)
    unread = Notification.objects.filter(user=request.user).unread().count()
    return render(request, "reports/notifications/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one of the reader's own notifications read and go to what it is about."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(user=request.user, pks=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read(request):
    count = services.mark_read(user=request.user)
    messages.success(request, "All your notifications are marked as read." if count
                     else "You have no unread notifications.")
    return redirect("notifications:list")


class PreferencesForm(forms.Form):
    """One choice for each declared kind of event."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in events.kinds():
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, error_messages={
                    "required": services.DELIVERY_UNKNOWN, "invalid_choice": services.DELIVERY_UNKNOWN})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.preferences_set(user=request.user, choices=form.cleaned_data)
            except Invalid as error:
                for field, problems in field_messages(error).items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                messages.success(request, "Your choices are saved.")
                return redirect("notifications:preferences")
        status = 400
    else:
        form = PreferencesForm(initial=services.preferences_of(request.user))
        status = 200
    return render(request, "reports/notifications/preferences.html", {"form": form}, status=status)


@csrf_exempt  # the signed token is the proof; mail programs post here for one-click (RFC 8058)
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows what the link stops, with one button; POST (the button, or a mail program's
    one-click) stops it."""
    if request.method == "GET":
        try:
            kind = services.unsubscribe_kind(token)
        except Invalid:
            return render(request, "reports/notifications/unsubscribe.html",
                          {"invalid": services.UNSUBSCRIBE_LINK_INVALID}, status=400)
        return render(request, "reports/notifications/unsubscribe.html", {"kind": kind, "token": token})
    try:
        _user, kind = services.unsubscribe(token)
    except Invalid:
        return render(request, "reports/notifications/unsubscribe.html",
                      {"invalid": services.UNSUBSCRIBE_LINK_INVALID}, status=400)
    return render(request, "reports/notifications/unsubscribe.html", {"kind": kind, "done": True})
