"""Moderating free-text answers: those who run a consultation (its wards' councillors, engagement
officers, admins: the `engagement.read_free_text_consultation` permission) may hide an answer, with a reason.
A hidden answer stays in the database for the record (who hid it, when and why) but no longer
appears in the staff list's text or the responses' CSV export."""

from django.db import transaction
from django.utils import timezone

from localism.core.errors import Invalid
from localism.core.services import lock, require

from ..models import Answer, QuestionKind
from ..models.consultations import HIDDEN_REASON_MAX_LENGTH

NOT_YOURS = "Only those who run the consultation may hide its answers."
REASON_REQUIRED = "Say why the answer is hidden."
REASON_TOO_LONG = f"Keep the reason to {HIDDEN_REASON_MAX_LENGTH} characters or fewer."
REASON_UNREADABLE = "The reason holds a character that cannot be stored: type it again without it."
NOT_FREE_TEXT = "Only free-text answers can be hidden."
ALREADY_HIDDEN = "This answer is already hidden."


@transaction.atomic
def answer_hide(user, answer: Answer, reason: str) -> Answer:
    """Hide a free-text answer with a reason, recording who hid it and when."""
    answer = lock(Answer, answer.pk, queryset=Answer.objects.select_related("question__consultation"))
    require(user, "engagement.read_free_text_consultation", answer.question.consultation, NOT_YOURS)
    reason = (reason or "").strip()
    if answer.question.kind != QuestionKind.TEXT:
        raise Invalid({"answer": NOT_FREE_TEXT})
    if answer.hidden_at is not None:
        raise Invalid({"answer": ALREADY_HIDDEN})
    if not reason:
        raise Invalid({"reason": REASON_REQUIRED})
    if len(reason) > HIDDEN_REASON_MAX_LENGTH:
        raise Invalid({"reason": REASON_TOO_LONG})
    if "\x00" in reason:  # a NUL character, which PostgreSQL cannot store
        raise Invalid({"reason": REASON_UNREADABLE})
    answer.hidden_at = timezone.now()
    answer.hidden_by = user
    answer.hidden_reason = reason
    answer.full_clean()
    answer.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return answer
