"""The assets app's Celery tasks, thin wrappers of its services: one module per part, each
imported here so that Celery's autodiscovery finds them."""
from . import (
    community,  # noqa: F401
    contracts,  # noqa: F401
)
