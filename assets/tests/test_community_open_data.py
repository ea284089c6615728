"""The lists of assets of community value and of unsuccessful nominations in the nightly open
data: once a day, in the dataset's columns the API uses, without anyone's personal details."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from assets.api.community import CommunityValueSerializer
from assets.models import GroupKind
from assets.services import community as services
from assets.tests.factories import AssetFactory
from localism.reports.models import Report
from localism.reports.services import ward_open_data_publish
from wards.models import Ward

pytestmark = pytest.mark.django_db


def _nominate(officer, name, *, listed: bool | None):
    asset = AssetFactory(name=name, ward=Ward.objects.current().get(gss_code="E05011165"))
    nomination = services.nomination_create(
        user=officer, asset=asset, nominating_group="Shard End Residents", reason="Private reason text",
        nominating_group_kind=GroupKind.VOLUNTARY_COMMUNITY_BODY, local_connection="Members' home streets",
        nomination_date=timezone.localdate() - datetime.timedelta(days=30))
    if listed is not None:
        services.nomination_decide(nomination=nomination, user=officer, reason="Decision reasons",
                                   decision="listed" if listed else "not-listed")
    return nomination


def _rows(report):
    return list(csv.DictReader(io.StringIO(report.file.read().decode("utf-8-sig"))))


def test_both_lists_are_published_once_a_day_in_the_datasets_columns(officer):
    kinds = [r.kind for r in ward_open_data_publish()]
    assert Report.Kind.COMMUNITY_VALUE_CSV not in kinds  # nothing to publish yet
    _nominate(officer, "The Pelham pub", listed=True)
    _nominate(officer, "Cole Hall Farm barn", listed=False)
    _nominate(officer, "Not yet decided", listed=None)
    published = {r.kind: r for r in ward_open_data_publish()}
    listed = _rows(published[Report.Kind.COMMUNITY_VALUE_CSV])
    unsuccessful = _rows(published[Report.Kind.UNSUCCESSFUL_NOMINATIONS_CSV])
    assert [r["name"] for r in listed] == ["The Pelham pub"]
    assert [r["name"] for r in unsuccessful] == ["Cole Hall Farm barn"]
    assert list(listed[0]) == list(CommunityValueSerializer().fields)  # the API's fields, in its order
    assert listed[0]["ward"] == "E05011165" and listed[0]["organisation"] == "local-authority:BIR"
    assert listed[0]["expiry-date"] and listed[0]["nomination-date"]
    text = published[Report.Kind.COMMUNITY_VALUE_CSV].file.open().read().decode()
    assert "Private reason text" not in text and "Members' home streets" not in text
    assert officer.username not in text
    again = {r.kind: r for r in ward_open_data_publish()}
    assert again[Report.Kind.COMMUNITY_VALUE_CSV].pk == published[Report.Kind.COMMUNITY_VALUE_CSV].pk
