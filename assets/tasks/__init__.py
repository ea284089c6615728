"""The assets app's Celery tasks, thin wrappers of its services: one module per part, each
imported here so that Celery's autodiscovery finds them."""
from . import community, contracts, contributions  # noqa: F401
