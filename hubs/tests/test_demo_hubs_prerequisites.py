"""What the demonstration hubs' command refuses without what it builds on, changing nothing: the
demo accounts, and the libraries."""

import pytest
from django.core.management.base import CommandError

from hubs.models import Hub, Space
from localism.accounts.models import Organisation

from .test_demo_hubs import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(settings):
    settings.DEBUG = True
    run("demo_accounts")


def test_needs_the_demo_accounts():
    run("load_libraries", "--commit")
    with pytest.raises(CommandError, match="demo_accounts"):
        run("demo_hubs")
    assert not Space.objects.exists()


def test_needs_the_libraries(demo_accounts):
    with pytest.raises(CommandError, match="load_libraries --commit"):
        run("demo_hubs")
    assert not Hub.objects.exists()
    assert not Organisation.objects.filter(name="Ladypool Homes (demo)").exists()  # all or nothing
