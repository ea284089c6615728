"""The consultations' scheduled job. Thin: it calls a service, and is safe to run twice."""

from celery import shared_task

from ..services.consultations import consultations_close_ended


@shared_task
def open_and_close_consultations() -> int:
    """Every few minutes: close the open consultations whose closing time has passed. (One set
    to open with a future opening time takes answers from then without a change of its own:
    Consultation.is_open.) How many it closed."""
    return consultations_close_ended()
