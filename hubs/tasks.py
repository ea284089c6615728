"""The hubs app's scheduled jobs. Thin: each calls a service, and each is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def delete_expired_bookings() -> int:
    """Nightly: delete the bookings older than the privacy notice allows."""
    return services.bookings_delete_expired()
