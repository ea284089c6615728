"""What engagement tells people (localism.core.events): residents who asked, that a consultation
has opened in their ward; a resident who proposed an idea, the council's response to it. Both
say what the consultation's or the idea's public page says."""

from django.db.models import Q
from django.utils import timezone

from localism.core import events

from ..models import Consultation, ConsultationStatus, Idea, ResidentProfile

OPENED = "consultation_opened"
IDEA_RESPONSE = "idea_response"


def declare() -> None:
    events.declare(OPENED, "A consultation opens in your ward", audience="residents who asked")
    events.declare(IDEA_RESPONSE, "The council responds to your idea", audience="residents who proposed ideas")


def _askers(consultation: Consultation) -> list[int]:
    """Residents with a confirmed address who asked to hear of consultations in their ward."""
    profiles = ResidentProfile.objects.filter(notify_new_consultations=True, email_confirmed_at__isnull=False,
                                              user__is_active=True)
    if not consultation.city_wide:
        profiles = profiles.filter(ward__in=consultation.wards.all())
    return list(profiles.values_list("user_id", flat=True))


def announce_opening(consultation: Consultation, *, now=None) -> bool:
    """Tell the residents who asked that `consultation` takes answers now, once: only when it is
    open, its opening time has come and it was not announced before. Call it with the
    consultation locked."""
    now = now or timezone.now()
    if (consultation.status != ConsultationStatus.OPEN or consultation.opens_at > now
            or consultation.closes_at <= now or consultation.opening_announced_at is not None):
        return False
    Consultation.objects.filter(pk=consultation.pk).update(opening_announced_at=now)
    consultation.opening_announced_at = now
    where = "across Birmingham" if consultation.city_wide else "in your ward"
    events.publish(events.Event(
        kind=OPENED, key=f"consultation-opened:{consultation.pk}", recipients=tuple(_askers(consultation)),
        subject=f"Have your say {where}: {consultation.title}",
        body=f"{consultation.summary}\nOpen until {timezone.localtime(consultation.closes_at):%-d %B %Y, %H:%M}.",
        url=consultation.get_absolute_url()))
    return True


def openings_to_announce(*, now=None):
    """The open consultations whose opening time has come and that were not yet announced."""
    now = now or timezone.now()
    return (Consultation.objects.filter(status=ConsultationStatus.OPEN, opening_announced_at__isnull=True,
                                        opens_at__lte=now).filter(~Q(closes_at__lte=now))
            .order_by("pk").values_list("pk", flat=True))


def idea_responded(idea: Idea) -> None:
    """The proposer (when they proposed it signed in) hears the response."""
    if idea.proposer_id is None or idea.proposer_id == idea.responded_by_id:
        return
    events.publish(events.Event(
        kind=IDEA_RESPONSE, key=f"idea-response:{idea.pk}:{idea.version}", recipients=(idea.proposer_id,),
        subject=f"Your idea “{idea.title}”: {idea.get_status_display()}",
        body=idea.response, url=idea.get_absolute_url()))
