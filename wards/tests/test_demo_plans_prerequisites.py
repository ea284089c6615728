"""The demonstration plans' command refuses to run before the demo accounts, on an empty database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_needs_the_demo_accounts():
    with pytest.raises(CommandError, match="Run demo_accounts first"):
        call_command("demo_plans")
