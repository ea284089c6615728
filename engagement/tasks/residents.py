"""Residents' e-mails and the removal of their data on time. Thin: each calls a service or
sends one message, and each is safe to run twice (a second confirmation link is as good as the
first)."""

from celery import shared_task

from ..services import residents, retention


@shared_task
def send_confirmation(user_id: int, base_url: str) -> bool:
    """E-mail the resident the link that confirms their address (queued after the commit)."""
    return residents.confirmation_email_send(user_id=user_id, base_url=base_url)


@shared_task
def send_already_registered(user_id: int, base_url: str) -> bool:
    """Someone registered with an address that already has an account: tell its owner."""
    return residents.already_registered_email_send(user_id=user_id, base_url=base_url)


@shared_task
def remove_expired_response_data() -> dict[str, int]:
    """Nightly: remove responses' personal data RESPONSE_DATA_DAYS after their consultation closes."""
    return retention.response_data_remove_expired()
