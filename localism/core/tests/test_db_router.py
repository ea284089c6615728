"""The read-replica router: the report builders' reads go to the replica when there is one, and
everything else, every write, and everything without a replica goes to default."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from localism.core.db_router import ReportReplicaRouter, on_replica
from wards.models import Ward

# The router reads settings.DATABASES only; no connection to the replica is opened here.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
router = ReportReplicaRouter()
WITH_REPLICA = {**settings.DATABASES, "replica": {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}}


def read_as_a_builder():
    """db_for_read asked from a function of a report builder's module."""
    space = {"__name__": "localism.reports.report_measures", "router": router, "Ward": Ward}
    exec("def build():\n    return router.db_for_read(Ward)\n", space)
    return space["build"]()


def test_without_a_replica_the_router_leaves_every_choice_to_django():
    assert "replica" not in settings.DATABASES
    assert read_as_a_builder() is None
    assert router.db_for_read(Ward) is None
    assert router.db_for_write(Ward) is None
    assert router.allow_migrate("default", "wards") is None


@override_settings(DATABASES=WITH_REPLICA)
def test_a_report_builders_reads_go_to_the_replica():
    assert read_as_a_builder() == "replica"
    with on_replica():
        assert router.db_for_read(Ward) == "replica"


@override_settings(DATABASES=WITH_REPLICA)
def test_other_reads_and_every_write_go_to_default():
    assert router.db_for_read(Ward) == "default"
    assert router.db_for_write(Ward) == "default"
    with on_replica():
        assert router.db_for_write(Ward) == "default"


@override_settings(DATABASES=WITH_REPLICA)
def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "wards") is False
    assert router.allow_migrate("default", "wards") is None


@pytest.mark.django_db
@override_settings(DATABASES=WITH_REPLICA)
def test_a_read_inside_a_transaction_stays_on_default():
    with transaction.atomic():
        assert read_as_a_builder() == "default"
