"""The hubs app's scheduled jobs. Thin: each calls a service, and each is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def delete_expired_bookings() -> int:
    """Nightly: delete the bookings older than the privacy notice allows."""
    return services.bookings_delete_expired()


@shared_task
def remove_expired_booking_contacts() -> int:
    """Nightly: blank the contacts of bookings that ended longer ago than the privacy notice allows."""
    return services.booking_contacts_remove_expired()
