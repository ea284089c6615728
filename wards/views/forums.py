"""Ward Forum pages: a forum and its meetings, which anyone may read, and the pages where the
councillors of the forum's wards schedule, change, record and cancel its meetings."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.views import form_page, posted, refusal

from .. import ical, services
from ..forms.forums import CancelMeetingForm, MeetingForm, RecordMeetingForm
from ..models import Ward, WardForum
from ..selectors import forums as selectors
from ..services.forums import RECORD_BEFORE_START

MEETING_SCHEDULED = "The meeting has been scheduled."
MEETING_UPDATED = "The meeting has been updated."
MEETING_RECORDED = "The meeting has been recorded."
MEETING_CANCELLED = "The meeting has been cancelled."

CHANGE_FORUM = "wards.change_wardforum"
CHANGE_MEETING = "wards.change_forummeeting"


def _get_forum(pk: int) -> WardForum:
    try:
        return selectors.forum_get(pk=pk)
    except WardForum.DoesNotExist:
        raise Http404("No forum has that address.") from None


def _get_meeting(pk: int):
    return get_object_or_404(selectors.meetings_visible(), pk=pk)


@require_GET
def forum_detail(request, pk):
    forum = _get_forum(pk)
    return render(request, "wards/forums/detail.html", {
        "forum": forum,
        "may_manage": request.user.has_perm(CHANGE_FORUM, forum),
        **selectors.forum_meetings(forum),
    })


@require_GET
def meeting_detail(request, pk):
    meeting = _get_meeting(pk)
    return render(request, "wards/forums/meeting.html", {
        "meeting": meeting,
        "forum": meeting.forum,
        "started": meeting.starts_at <= timezone.now(),
        "may_manage": request.user.has_perm(CHANGE_MEETING, meeting),
    })


@require_http_methods(["GET", "POST"])
def meeting_new(request, pk):
    forum = _get_forum(pk)
    if request.method == "GET" and (refused := refusal(request, CHANGE_FORUM, forum)):
        return refused
    form = MeetingForm(posted(request))
    if form.is_bound and form.is_valid():
        meeting = form.submit(services.forum_meeting_schedule, forum=forum, user=request.user,
                              **form.meeting_fields())
        if meeting is not None:
            messages.success(request, MEETING_SCHEDULED)
            return redirect("forums:meeting", pk=meeting.pk)
    return form_page(request, "wards/forums/meeting_form.html", {"form": form, "forum": forum})


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _get_meeting(pk)
    if request.method == "GET" and (refused := refusal(request, CHANGE_MEETING, meeting)):
        return refused
    form = MeetingForm(posted(request), initial=MeetingForm.initial_for(meeting))
    if form.is_bound and form.is_valid():
        if form.submit(services.forum_meeting_update, meeting=meeting, user=request.user, **form.meeting_fields()):
            messages.success(request, MEETING_UPDATED)
            return redirect("forums:meeting", pk=meeting.pk)
    return form_page(request, "wards/forums/meeting_form.html",
                     {"form": form, "forum": meeting.forum, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def meeting_record(request, pk):
    meeting = _get_meeting(pk)
    if request.method == "GET" and (refused := refusal(request, CHANGE_MEETING, meeting)):
        return refused
    form = RecordMeetingForm(posted(request), meeting=meeting)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if form.submit(services.forum_meeting_record, meeting=meeting, user=request.user, minutes=data["minutes"],
                       attendance_count=data["attendance_count"], organisations=data["organisations"]):
            messages.success(request, MEETING_RECORDED)
            return redirect("forums:meeting", pk=meeting.pk)
    return form_page(request, "wards/forums/meeting_record.html", {
        "form": form, "forum": meeting.forum, "meeting": meeting,
        # Shown instead of the form until the meeting starts; the service refuses it anyway.
        "started": meeting.starts_at <= timezone.now() or form.is_bound,
        "record_before_start": RECORD_BEFORE_START,
    })


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = _get_meeting(pk)
    if request.method == "GET" and (refused := refusal(request, CHANGE_MEETING, meeting)):
        return refused
    form = CancelMeetingForm(posted(request))
    if form.is_bound and form.is_valid():
        if form.submit(services.forum_meeting_cancel, meeting=meeting, user=request.user):
            messages.success(request, MEETING_CANCELLED)
            return redirect("forums:meeting", pk=meeting.pk)
    return form_page(request, "wards/forums/meeting_cancel.html",
                     {"form": form, "forum": meeting.forum, "meeting": meeting})


@require_GET
def ward_meetings_ical(request, slug):
    try:
        ward = Ward.objects.current().without_geometry().get(slug=slug)
    except Ward.DoesNotExist:
        raise Http404("No ward has that address.") from None
    stamp = timezone.now()
    events = (
        ical.meeting_event(meeting, stamp=stamp,
                           url=request.build_absolute_uri(reverse("forums:meeting", args=[meeting.pk])))
        for meeting in selectors.ward_meeting_calendar(ward)
    )
    body = ical.calendar(name=f"{ward.name} ward forum meetings", events=events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{ward.slug}-meetings.ics"'
    return response
