"""The nightly open data publishes the developer contribution transactions in
planning.data.gov.uk's columns, the file the export page gives."""

import datetime

import pytest

from assets.services.contributions_format import export_all
from assets.tests.contributions_factories import TransactionFactory
from localism.reports.models import Report
from localism.reports.services import ward_open_data_publish

pytestmark = pytest.mark.django_db


def test_the_transactions_are_published_as_open_data():
    TransactionFactory(start_date=datetime.date(2026, 5, 1))
    TransactionFactory(start_date=datetime.date(2026, 6, 1))
    ward_open_data_publish()
    report = Report.objects.get(kind=Report.Kind.CONTRIBUTION_TRANSACTIONS_CSV)
    assert report.figures == {"rows": 2}
    assert report.file.read().decode() == export_all()["developer-agreement-transaction"]
