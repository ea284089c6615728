"""Ward Forum pages: a forum and its meetings, which anyone may read, and the pages where the
councillors of the forum's wards set it up and change it, and schedule, change, record and cancel
its meetings and attach their minutes."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from localism.accounts.services import organisation_create
from localism.core import links
from localism.core.paging import page_of
from localism.core.views import form_page, posted, refusal

from .. import ical, services
from ..forms.forums import (
    CancelMeetingForm,
    ForumForm,
    MeetingForm,
    MinutesFileForm,
    OrganisationForm,
    RecordMeetingForm,
)
from ..models import ForumMeeting, Ward, WardForum
from ..selectors import forums as selectors
from ..services.forums import RECORD_BEFORE_START, DuplicateMeeting

MEETING_SCHEDULED = "The meeting has been scheduled."
MEETING_UPDATED = "The meeting has been updated."
MEETING_RECORDED = "The meeting has been recorded."
MEETING_CANCELLED = "The meeting has been cancelled."
MINUTES_ATTACHED = "The minutes file has been attached."
FORUM_CREATED = "The Ward Forum has been set up."
FORUM_UPDATED = "The Ward Forum has been updated."
ORGANISATION_ADDED = "{name} has been added and chosen as a member. Save the forum to keep it."

ADD_FORUM = "wards.add_wardforum"
CHANGE_FORUM = "wards.change_wardforum"
MINUTES_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
}
CHANGE_MEETING = "wards.change_forummeeting"


def _get_forum(pk: int) -> WardForum:
    try:
        return selectors.forum_get(pk=pk)
    except WardForum.DoesNotExist:
        raise Http404("No forum has that address.") from None


def _get_meeting(pk: int):
    return get_object_or_404(selectors.meetings_visible(), pk=pk)


MEETINGS_PER_PAGE = 20


@require_GET
def forum_detail(request, pk):
    forum = _get_forum(pk)
    meetings = selectors.forum_meetings(forum)
    return render(request, "wards/forums/detail.html", {
        "forum": forum,
        "may_manage": request.user.has_perm(CHANGE_FORUM, forum),
        # Each list pages by its own parameter, so turning one keeps the other's page.
        "upcoming": page_of(request, meetings["upcoming"], MEETINGS_PER_PAGE, param="upcoming",
                            anchor="upcoming-meetings"),
        "past": page_of(request, meetings["past"], MEETINGS_PER_PAGE, param="past", anchor="past-meetings"),
    })


def _forum_form_page(request, *, forum=None, initial=None):
    """The forum form, for a new forum or a forum's changes. Three things post it: the search of
    organisations (which saves nothing: the form comes back with its values and the list
    filtered; a POST, so the form's security token never lands in an address), adding a new
    organisation (which saves the organisation only) and saving the forum. A GET may carry a
    search too, for a link to a filtered list."""
    source = request.POST if request.method == "POST" else request.GET
    searching = request.method == "POST" and "search_organisations" in request.POST
    search = source.get("organisation_search", "")
    organisation_form = OrganisationForm(prefix="organisation")
    carried = "organisation_search" in source or "add_organisation" in source
    form_initial = ForumForm.initial_from(source) if carried else initial
    form = ForumForm(user=request.user, forum=forum, search=search, initial=form_initial)
    form_key = "form"
    if request.method == "POST" and "add_organisation" in request.POST:
        organisation_form = OrganisationForm(request.POST, prefix="organisation")
        form_key = "organisation_form"
        if organisation_form.is_valid():
            data = organisation_form.cleaned_data
            organisation = organisation_form.submit(organisation_create, user=request.user, name=data["name"],
                                                    kind=data["kind"])
            if organisation is not None:
                messages.success(request, ORGANISATION_ADDED.format(name=organisation.name))
                form.initial["member_organisations"] = [*form_initial["member_organisations"], organisation.pk]
                organisation_form = OrganisationForm(prefix="organisation")
    elif request.method == "POST" and not searching:
        form = ForumForm(request.POST, user=request.user, forum=forum, search=search)
        if form.is_valid():
            data = form.cleaned_data
            details = {"user": request.user, "name": data["name"], "description": data["description"],
                       "wards": data["wards"], "members": data["member_organisations"]}
            saved = (form.submit(services.ward_forum_update, forum=forum, **details) if forum
                     else form.submit(services.ward_forum_create, **details))
            if saved is not None:
                messages.success(request, FORUM_UPDATED if forum else FORUM_CREATED)
                return redirect("forums:detail", pk=saved.pk)
    return form_page(request, "wards/forums/forum_form.html", {
        "form": form, "organisation_form": organisation_form, "forum": forum,
        "organisations": form.organisation_choices(), "search": form.search,
    }, form_key=form_key)


@require_http_methods(["GET", "POST"])
def forum_new(request):
    # Whether the user may set up forums at all; the service checks the wards they choose.
    if refused := refusal(request, ADD_FORUM, None):
        return refused
    ward = Ward.objects.current().without_geometry().filter(slug=request.GET.get("ward", "")[:100]).first()
    return _forum_form_page(request, initial={"wards": [ward.pk]} if ward else None)


@require_http_methods(["GET", "POST"])
def forum_edit(request, pk):
    forum = _get_forum(pk)
    if request.method == "GET" and (refused := refusal(request, CHANGE_FORUM, forum)):
        return refused
    return _forum_form_page(request, forum=forum, initial=ForumForm.initial_for(forum))


@require_GET
def meeting_detail(request, pk):
    meeting = _get_meeting(pk)
    return render(request, "wards/forums/meeting.html", {
        "meeting": meeting,
        "forum": meeting.forum,
        "started": meeting.starts_at <= timezone.now(),
        "may_manage": request.user.has_perm(CHANGE_MEETING, meeting),
        "minutes_file_kind": "PDF" if meeting.minutes_file.name.lower().endswith(".pdf") else "Word",
        "agenda_ideas": links.of("meeting_ideas", [meeting]).get(meeting.pk, []),
    })


@require_http_methods(["GET", "POST"])
def meeting_new(request, pk):
    forum = _get_forum(pk)
    if request.method == "GET" and (refused := refusal(request, CHANGE_FORUM, forum)):
        return refused
    form = MeetingForm(posted(request))
    if form.is_bound and form.is_valid():
        meeting = form.submit(services.forum_meeting_schedule, forum=forum, user=request.user,
                              confirm_duplicate=form.cleaned_data["confirm_duplicate"], **form.meeting_fields())
        if meeting is not None:
            messages.success(request, MEETING_SCHEDULED)
            return redirect("forums:meeting", pk=meeting.pk)
    return form_page(request, "wards/forums/meeting_form.html", {
        "form": form, "forum": forum, "duplicate": isinstance(form.conflict, DuplicateMeeting),
    })


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
        if form.submit(services.forum_meeting_cancel, meeting=meeting, user=request.user,
                       reason=form.cleaned_data["reason"]):
            messages.success(request, MEETING_CANCELLED)
            return redirect("forums:meeting", pk=meeting.pk)
    return form_page(request, "wards/forums/meeting_cancel.html",
                     {"form": form, "forum": meeting.forum, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def meeting_minutes_file(request, pk):
    meeting = _get_meeting(pk)
    if request.method == "GET" and (refused := refusal(request, CHANGE_MEETING, meeting)):
        return refused
    form = MinutesFileForm(posted(request), request.FILES or None)
    if form.is_bound and form.is_valid():
        if form.submit(services.forum_meeting_attach_minutes, meeting=meeting, user=request.user,
                       upload=form.cleaned_data["minutes_file"]):
            messages.success(request, MINUTES_ATTACHED)
            return redirect("forums:meeting", pk=meeting.pk)
    return form_page(request, "wards/forums/meeting_minutes_file.html", {
        "form": form, "forum": meeting.forum, "meeting": meeting,
        "max_mb": f"{settings.MINUTES_FILE_MAX_BYTES / 1024 / 1024:g}",
    })


@require_GET
def meeting_minutes_download(request, pk):
    """The minutes file, only ever as a download (never shown in the browser, whatever is in
    it), and only once the meeting is held: then its minutes are public, as its page is."""
    meeting = _get_meeting(pk)
    if meeting.status != ForumMeeting.Status.HELD or not meeting.minutes_file:
        raise Http404("This meeting has no minutes file.")
    extension = PurePath(meeting.minutes_file.name).suffix.lower()
    try:
        handle = meeting.minutes_file.open("rb")
    except FileNotFoundError:
        raise Http404("This meeting has no minutes file.") from None
    when = timezone.localtime(meeting.starts_at)
    response = FileResponse(handle, as_attachment=True, filename=f"minutes-{when:%Y-%m-%d}{extension}",
                            content_type=MINUTES_CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
