"""The consultations' scheduled job. Thin: it calls a service, and is safe to run twice."""

from celery import shared_task

from ..services.consultations import consultations_close_ended


@shared_task
def open_and_close_consultations() -> int:
    """Every few minutes: tell the residents who asked of consultations whose opening time has
    come (one set to open later takes answers from then without a change of its own:
    Consultation.is_open), and close the open ones whose closing time has passed. How many it
    closed."""
    return consultations_close_ended()
