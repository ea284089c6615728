"""The service contracts' nightly job. Thin: it calls a service, and is safe to run twice."""

from celery import shared_task

from ..services.contracts import contracts_flag_renewals


@shared_task
def flag_contract_renewals() -> dict[str, int]:
    """Every night: flag contracts whose renewal window has opened and renewal decisions that are
    overdue. How many of each it flagged."""
    return contracts_flag_renewals()
