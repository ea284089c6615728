"""The public "How localism is going" pages, the staff's page of a report run with the history of
a figure, the monthly reports in open data, and the councillor's workspace: the same coverage
figures everywhere, from the one selector."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory
from localism.core.dates import local_moment
from localism.reports import runs
from localism.reports.models import ReportRun, ReportRunFile
from wards.models import ForumMeeting, PlanStatus, Ward
from wards.models.plans import financial_year
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import WardPlanFactory

pytestmark = pytest.mark.django_db
# The pages show today's figures: every test here runs on the same day, mid-year, mid-day.
TODAY = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def ward(name: str) -> Ward:
    return Ward.objects.current().get(name=name)


def days_ago(days: int) -> datetime.datetime:
    # A meeting `days` before now (the pages show today's figures), at noon to stay clear of midnight.
    return timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) - datetime.timedelta(days=days)


def build(names=("Shard End", "Aston")):
    """Each named ward has a forum that met 30 days ago; the first alone a published plan for this
    financial year."""
    for name in names:
        ForumMeetingFactory(forum=WardForumFactory(wards=[ward(name)]), starts_at=days_ago(30),
                            status=ForumMeeting.Status.HELD)
    WardPlanFactory(wards=[ward(names[0])], period=financial_year(timezone.localdate()),
                    status=PlanStatus.PUBLISHED)


def text(answer) -> str:
    return re.sub(r"\s+", " ", answer.content.decode())


def test_anyone_reads_how_localism_is_going_across_the_city(client):
    build()
    page = text(client.get(reverse("progress:city")))
    assert "<title>How localism is going – Localism – Birmingham City Council</title>" in page
    assert page.count('id="measures-wards"') == 1
    # 2 of the 69 wards have a forum (2.9%); 1 a published plan (1.4%); the chart's name says so.
    assert "Has a Ward Forum 2.9%" in page and "Has a published plan for this year 1.4%" in page
    assert re.search(r"Has a Ward Forum</th>.*?<td[^>]*>\s*2\s*</td>\s*<td[^>]*>\s*69\s*</td>", page)
    assert "Has a Ward Forum: 67 wards lack it" in page
    assert "Answered residents&#x27; ideas within a month: it applies to no ward yet" in page


def test_the_wards_lacking_a_published_plan_are_named_and_linked(client):
    build()
    page = client.get(reverse("progress:city")).content.decode()
    details = page.split("Has a published plan for this year: 68 wards lack it")[1].split("</details>")[0]
    assert reverse("progress:ward", args=[ward("Aston").slug]) in details
    assert ward("Shard End").name not in details


def test_a_wards_own_page_gives_its_checks_and_their_definitions(client):
    build()
    page = text(client.get(reverse("progress:ward", args=[ward("Aston").slug])))
    assert "How localism is going in Aston" in page
    assert re.search(r"Has a Ward Forum</dt> <dd[^>]*> <strong[^>]*>Yes</strong>", page)
    assert re.search(r"Has a published plan for this year</dt> <dd[^>]*> <strong[^>]*>No</strong>", page)
    assert "A Ward Plan of the ward for the day&#x27;s financial year is published." in page
    assert client.get(reverse("progress:ward", args=["nowhere"])).status_code == 404


def test_the_city_page_takes_the_same_queries_for_more_wards_with_more_records(client, django_assert_num_queries):
    # Coverage: the wards, and one query each for forums, meetings, plans, city-wide and ward
    # consultations and ideas (7); the measures of success: their eight.
    build(("Shard End", "Aston"))
    with django_assert_num_queries(15):
        client.get(reverse("progress:city"))
    build(("Ladywood", "Nechells", "Soho & Jewellery Quarter", "Handsworth"))
    with django_assert_num_queries(15):
        client.get(reverse("progress:city"))


def test_a_councillors_workspace_shows_their_wards_coverage_from_the_same_figures(client):
    build()
    councillor = UserFactory(councillor=True)
    CouncillorSeatFactory(ward=ward("Aston"), councillor=councillor)
    client.force_login(councillor)
    page = text(client.get(reverse("workspace")))
    panel = page.split("How localism is going in your wards</h2>")[1].split("</table>")[0]
    row = re.search(r"Aston</a></th>(.*?)</tr>", panel).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", row) == ["Yes", "Yes", "Yes", "No", "No", "No idea due"]
    assert "Shard End" not in panel
    success = page.split("Measures of success in your wards")[2].split("</table>")[0]
    row = re.search(r"Aston</a></th>(.*?)</tr>", success).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", row) == ["0", "0 of 0", "0 of 0", "—", "0.00"]


def finished_run(kind: str, month: datetime.date, figures: dict) -> ReportRun:
    start, end = runs.month_of(month)
    run = ReportRun.objects.create(kind=kind, period_start=start, period_end=end, status=ReportRun.Status.DONE,
                                   figures=figures, attempts=1, finished_at=timezone.now())
    made = ReportRunFile(run=run, name="wards.csv", content_type="text/csv", size_bytes=6)
    made.file.save(f"{kind}-{start:%Y-%m}-wards.csv", ContentFile(b"ward\n"), save=False)
    made.save()
    return run


def test_staff_read_a_run_and_the_history_of_a_figure_month_by_month(client):
    finished_run("localism_coverage", datetime.date(2026, 9, 1), {"wards": 69, "forum": 12, "forum_of": 69})
    october = finished_run("localism_coverage", datetime.date(2026, 10, 1), {"wards": 69, "forum": 15,
                                                                             "forum_of": 69})
    ReportRun.objects.create(kind="localism_coverage", period_start=datetime.date(2026, 11, 1),
                             period_end=datetime.date(2026, 11, 30), status=ReportRun.Status.FAILED,
                             error="RuntimeError: no database")
    client.force_login(UserFactory(officer=True))
    page = text(client.get(reverse("report-runs:detail", args=[october.pk])))
    assert "Localism coverage" in page and "October 2026" in page and "wards.csv" in page
    history_url = reverse("report-runs:history", args=["localism_coverage", "forum"])
    assert history_url in page
    history = text(client.get(history_url))
    # The chart names each month's figure; the table has one row per finished month, oldest first.
    assert 'aria-label="Wards: has a ward forum: 2 months, from Sep 2026 to Oct 2026' in history
    assert "Wards: has a ward forum, month by month" in history
    assert re.findall(r'<th scope="row" class="govuk-table__header"><a[^>]*>(\w+ \d{4})</a></th> '
                      r'<td[^>]*>(\d+)</td>', history) == [("September 2026", "12"), ("October 2026", "15")]
    assert "2 months, from Sep 2026 to Oct 2026" in history


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("resident", 403), ("partner", 403),
                                          ("councillor", 403), ("officer", 200), ("admin", 200)])
def test_only_staff_read_a_run_and_its_history(client, role, status):
    run = finished_run("localism_coverage", datetime.date(2026, 10, 1), {"forum": 15})
    if role != "anonymous":
        client.force_login(UserFactory(**({role: True} if role != "resident" else {})))
    assert client.get(reverse("report-runs:detail", args=[run.pk])).status_code == status
    assert client.get(reverse("report-runs:history", args=["localism_coverage", "forum"])).status_code == status


def test_the_newest_run_of_each_public_report_is_open_data(client):
    finished_run("localism_coverage", datetime.date(2026, 9, 1), {"forum": 12})
    october = finished_run("localism_coverage", datetime.date(2026, 10, 1), {"forum": 15})
    failed = ReportRun.objects.create(kind="hub_portfolio", period_start=datetime.date(2026, 10, 1),
                                      period_end=datetime.date(2026, 10, 31), status=ReportRun.Status.FAILED)
    page = text(client.get(reverse("reports:open-data")))
    section = page.split('id="monthly-reports"')[1]
    assert "Localism coverage</th> <td class=\"govuk-table__cell\">October 2026" in section
    assert "September 2026" not in section and "Hub portfolio" not in section
    answer = client.get(reverse("reports:run-file", args=[october.pk, "wards.csv"]))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == b"ward\n"
    assert client.get(reverse("reports:run-file", args=[failed.pk, "wards.csv"])).status_code == 404


def test_a_report_that_is_not_public_is_not_open_data(client, monkeypatch):
    private = runs.ReportKind(code="private_digest", title="Private digest", description="For councillors.",
                              build=lambda start, end: runs.Built(figures={}), public=False)
    monkeypatch.setitem(runs._kinds, "private_digest", private)
    run = finished_run("private_digest", datetime.date(2026, 10, 1), {"wards": 2})
    assert "Private digest" not in client.get(reverse("reports:open-data")).content.decode()
    assert client.get(reverse("reports:run-file", args=[run.pk, "wards.csv"])).status_code == 404


def test_the_measures_of_success_this_year_are_on_the_public_pages_with_the_national_figure(client):
    """This year (the page's period is the financial year to today): one NHS-led action done with a
    council partner; a consultation of Aston that closed today, where 6 of 11 residents agreed
    they can influence decisions affecting their local area (54.5%, beside England's 27%); fewer
    than 5 who did not agree would hide the share."""
    from engagement.models import ConsultationStatus, QuestionKind, QuestionMeasure
    from engagement.tests.factories import ConsultationFactory, QuestionFactory, respond
    from localism.accounts.models import Organisation
    from localism.accounts.tests.factories import OrganisationFactory
    from wards.models import ActionStatus
    from wards.tests.factories_plans import ActionFactory, PriorityFactory

    aston, today = ward("Aston"), timezone.localdate()
    plan = WardPlanFactory(wards=[aston], period=financial_year(today), status=PlanStatus.PUBLISHED)
    nhs = OrganisationFactory(name="Community Healthcare Trust", kind=Organisation.Kind.NHS_BODY)
    council = OrganisationFactory(name="Neighbourhoods Directorate", kind=Organisation.Kind.COUNCIL_DIRECTORATE)
    ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=nhs, status=ActionStatus.DONE,
                  due_date=today, partners=[council])
    consultation = ConsultationFactory(wards=[aston], status=ConsultationStatus.CLOSED,
                                       opens_at=days_ago(20), closes_at=local_moment(today, datetime.time(0, 1)))
    question = QuestionFactory(consultation=consultation, kind=QuestionKind.SCALE,
                               measure=QuestionMeasure.CLS_INFLUENCE)
    for label in ["Agree"] * 6 + ["Disagree"] * 5:
        respond(consultation, ward=aston, choices=[(question, label)])

    pages = [(reverse("progress:city"), "Birmingham"), (reverse("progress:ward", args=[aston.slug]), "Aston")]
    for url, place in pages:
        page = text(client.get(url))
        assert "1 action done." in page
        assert "1 of 1 action have a partner from another organisation (100.0%)" in page
        assert re.search(r"NHS body</th><td[^>]*>1</td>", page)
        assert (f'aria-label="Agreeing they can influence decisions affecting their local area, per cent: '
                f'{place} 54.5%; England 27%.') in page
        assert "Community Life Survey (Department for Culture, Media and Sport), 2021/22, England" in page
    city = text(client.get(reverse("progress:city")))
    table = city.split('id="measures-wards"')[1]
    row = re.search(r"Aston</a></th>((?:\s*<td[^>]*>[^<]*</td>)+)\s*</tr>", table).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row)[:3] == ["1", "1 of 1", "1 of 1"]


def test_a_wards_page_hides_what_the_citys_page_hides(client):
    """9 responses in Sparkbrook & Balsall Heath East and 2 in Aston, to a consultation that closed
    this year: the city shows its 11 and neither ward's count (Aston's 2 is under 5, and the other
    would reveal it by subtraction); Sparkbrook's own page must not show its 9 either."""
    from engagement.models import ConsultationStatus
    from engagement.tests.factories import ConsultationFactory, respond

    sbhe, aston = ward("Sparkbrook & Balsall Heath East"), ward("Aston")
    consultation = ConsultationFactory(wards=[sbhe, aston], status=ConsultationStatus.CLOSED,
                                       opens_at=days_ago(30), closes_at=days_ago(2))
    for where, n in ((sbhe, 9), (aston, 2)):
        for _ in range(n):
            respond(consultation, ward=where)
    city = text(client.get(reverse("progress:city")))
    assert "Responses to consultations that closed this year: 11" in city
    for place in (sbhe, aston):
        page = text(client.get(reverse("progress:ward", args=[place.slug])))
        assert "Responses to consultations that closed this year: not shown" in page
