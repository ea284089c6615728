"""Account jobs. Thin: each calls a service, and each is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def delete_expired_sign_in_records() -> dict[str, int]:
    """Nightly: delete the sign-in records older than the period the privacy notice states."""
    return services.sign_in_records_delete_expired()


@shared_task
def delete_closed_accounts() -> int:
    """Nightly: delete the accounts closed longer ago than the privacy notice allows."""
    return services.closed_accounts_delete_expired()


@shared_task
def delete_expired_sessions() -> int:
    """Nightly: delete the sign-in sessions that have ended."""
    return services.expired_sessions_delete()
