"""The reports' lists a person reads are paged: a person's notifications and the staff's report
runs each show one page, the rest on the next, a bad page number gives a page, and the queries
do not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localism.accounts.tests.factories import UserFactory

from ..models import Notification, ReportRun
from ..views_notifications import A_PAGE as NOTIFICATIONS_PER_PAGE
from ..views_runs import A_PAGE as RUNS_PER_PAGE

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)


def notifications(user, n, start=0):
    Notification.objects.bulk_create(
        Notification(user=user, kind="plan.published", key=f"event-{i}", subject=f"Notice {i:04}",
                     created_at=MOMENT + datetime.timedelta(minutes=i)) for i in range(start, start + n))


def runs(n, start=0):
    def month(i):
        return datetime.date(2000 + i // 12, i % 12 + 1, 1)
    ReportRun.objects.bulk_create(
        ReportRun(kind="localism_coverage", period_start=month(i), period_end=month(i) + datetime.timedelta(days=27),
                  status=ReportRun.Status.DONE, created_at=MOMENT) for i in range(start, start + n))


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_notifications_are_paged_newest_first(client):
    user = UserFactory()
    client.force_login(user)
    notifications(user, NOTIFICATIONS_PER_PAGE + 2)
    notifications(UserFactory(), 3)  # another person's are not listed
    url = reverse("notifications:list")
    first = [n.subject for n in client.get(url).context["page"]]
    assert len(first) == NOTIFICATIONS_PER_PAGE and first[0] == f"Notice {NOTIFICATIONS_PER_PAGE + 1:04}"
    assert [n.subject for n in client.get(url + "?page=2").context["page"]] == ["Notice 0001", "Notice 0000"]
    for bad in ["x", "0", "99", "9" * 30]:
        assert len(client.get(url + f"?page={bad}").context["page"]) in (2, NOTIFICATIONS_PER_PAGE)
    assert "Page 1 of 2" in client.get(url).content.decode()


def test_notifications_queries_do_not_grow_with_the_rows(client):
    user = UserFactory()
    client.force_login(user)
    notifications(user, NOTIFICATIONS_PER_PAGE)
    one_page = queries(client, reverse("notifications:list"))
    notifications(user, 2 * NOTIFICATIONS_PER_PAGE, start=NOTIFICATIONS_PER_PAGE)
    assert queries(client, reverse("notifications:list")) == one_page


def test_report_runs_are_paged_newest_month_first(client):
    client.force_login(UserFactory(officer=True))
    runs(RUNS_PER_PAGE + 2)
    url = reverse("report-runs:list")
    first = list(client.get(url).context["page"])
    assert len(first) == RUNS_PER_PAGE and first[0].period_start > first[-1].period_start
    rest = [r.period_start for r in client.get(url + "?page=2").context["page"]]
    assert rest == [datetime.date(2000, 2, 1), datetime.date(2000, 1, 1)]
    for bad in ["x", "0", "99", "9" * 30]:
        assert len(client.get(url + f"?page={bad}").context["page"]) in (2, RUNS_PER_PAGE)


def test_report_runs_queries_do_not_grow_with_the_rows(client):
    client.force_login(UserFactory(officer=True))
    runs(RUNS_PER_PAGE)
    one_page = queries(client, reverse("report-runs:list"))
    runs(2 * RUNS_PER_PAGE, start=RUNS_PER_PAGE)
    assert queries(client, reverse("report-runs:list")) == one_page
