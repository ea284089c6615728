"""The monthly ward digest on fixed data in two wards, against figures counted by hand: who is
told (the ward's councillors and champions, nobody else), once for the month; the queries do not
grow with the wards; each ward's page names its figures; plain SQL counts the same city figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assets.models import AgreementType, FundingStatus
from assets.tests.contracts_factories import commissioning_officer, make_contract
from assets.tests.contributions_factories import AgreementFactory, ContributionFactory, TransactionFactory
from bench.sql import ward_digest as hand_sql
from engagement.models import ConsultationStatus, IdeaStatus, ResponseReview
from engagement.tests.factories import ConsultationFactory, IdeaFactory, ResponseFactory
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory
from localism.accounts.tests.factories import UserFactory
from localism.reports import runs, ward_digest
from localism.reports.models import Notification
from wards.models import ActionStatus, ForumMeeting, PlanStatus, Ward, WardChampion, WardPlan
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
A_CODE, B_CODE = "E05011170", "E05011165"  # Sparkbrook & Balsall Heath East; the hubs' default ward


def at(day: datetime.date, hhmm: str = "18:30") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm)))


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def ward(code: str) -> Ward:
    return Ward.objects.current().get(gss_code=code)


def plan_with(the_ward, actions, *, period="2026/27", status=PlanStatus.PUBLISHED):
    plan = WardPlanFactory(wards=[the_ward], period=period, status=status,
                           published_at=at(d(4, 2)) if status == PlanStatus.PUBLISHED else None)
    priority = PriorityFactory(plan=plan)
    for action_status, due in actions:
        ActionFactory(priority=priority, status=action_status, due_date=due)
    return plan


def people():
    """Ward A: a councillor and a champion (a second councillor's seat ended in May); ward B: a
    councillor and a champion; a councillor of another ward."""
    a, b = ward(A_CODE), ward(B_CODE)
    found = {
        "a_councillor": CouncillorSeatFactory(ward=a).councillor,
        "a_former": CouncillorSeatFactory(ward=a, term_end=d(5, 6)).councillor,
        "b_councillor": CouncillorSeatFactory(ward=b).councillor,
        "elsewhere": CouncillorSeatFactory(ward=ward("E05011121")).councillor,
        "a_champion": UserFactory(officer=True), "b_champion": UserFactory(officer=True),
    }
    WardChampion.objects.create(ward=a, officer=found["a_champion"])
    WardChampion.objects.create(ward=b, officer=found["b_champion"])
    return found


def build():
    """Two wards' month of October 2026, each figure's rows in and just out of its count."""
    a, b = ward(A_CODE), ward(B_CODE)
    # Plans: A's current plan has 5 actions, two overdue at the month's end (due 30 September,
    # and 31 October); last year's plan and B's draft are not counted.
    plan_with(a, [(ActionStatus.DONE, d(9, 1)), (ActionStatus.ON_TRACK, d(9, 30)), (ActionStatus.ON_TRACK, d(12, 1)),
                  (ActionStatus.AT_RISK, d(10, 31)), (ActionStatus.NOT_STARTED, d(11, 15))])
    plan_with(a, [(ActionStatus.OFF_TRACK, d(1, 1))], period="2025/26")
    plan_with(b, [(ActionStatus.OFF_TRACK, d(3, 31, 2027))])
    plan_with(b, [(ActionStatus.AT_RISK, d(9, 1))], status=PlanStatus.DRAFT)
    # Meetings: A held one in October (not the September one), one planned in November (the
    # cancelled one not coming); B held one and has one planned in December.
    forum_a, forum_b = WardForumFactory(wards=[a]), WardForumFactory(wards=[b])
    for forum, starts, status in [
            (forum_a, d(10, 10), ForumMeeting.Status.HELD), (forum_a, d(9, 20), ForumMeeting.Status.HELD),
            (forum_a, d(11, 12), ForumMeeting.Status.PLANNED), (forum_a, d(11, 20), ForumMeeting.Status.CANCELLED),
            (forum_b, d(10, 28), ForumMeeting.Status.HELD), (forum_b, d(12, 3), ForumMeeting.Status.PLANNED)]:
        ForumMeetingFactory(forum=forum, starts_at=at(starts), status=status)
    # Consultations: A's closed in October; B's opened in October; a city-wide one opened in
    # October (every ward's); A's draft and A's November one not counted.
    closed_a = ConsultationFactory(wards=[a], opens_at=at(d(9, 15)), closes_at=at(d(10, 15)),
                                   status=ConsultationStatus.CLOSED)
    ConsultationFactory(wards=[b], opens_at=at(d(10, 20)), closes_at=at(d(11, 20)))
    city = ConsultationFactory(city_wide=True, opens_at=at(d(10, 1), "09:00"), closes_at=at(d(12, 31)))
    ConsultationFactory(wards=[a], opens_at=at(d(10, 5)), closes_at=at(d(10, 25)), status=ConsultationStatus.DRAFT)
    ConsultationFactory(wards=[a], opens_at=at(d(11, 5)), closes_at=at(d(11, 25)))
    # Responses from A's residents in October: 2 counted (one excluded as a duplicate; one in
    # September); from B's, 1.
    ResponseFactory(consultation=closed_a, ward=a, submitted_at=at(d(10, 3)))
    ResponseFactory(consultation=city, ward=a, submitted_at=at(d(10, 30)))
    ResponseFactory(consultation=city, ward=a, submitted_at=at(d(10, 30)), review=ResponseReview.EXCLUDED)
    ResponseFactory(consultation=closed_a, ward=a, submitted_at=at(d(9, 20)))
    ResponseFactory(consultation=city, ward=b, submitted_at=at(d(10, 2)))
    # Ideas waiting: A 2 (not the adopted, the hidden nor November's), B 1.
    IdeaFactory(ward=a, created_at=at(d(10, 5)))
    IdeaFactory(ward=a, created_at=at(d(8, 5)))
    IdeaFactory(ward=a, created_at=at(d(8, 6)), status=IdeaStatus.ADOPTED)
    IdeaFactory(ward=a, created_at=at(d(8, 7)), hidden_at=at(d(8, 8)))
    IdeaFactory(ward=a, created_at=at(d(11, 3)))
    IdeaFactory(ward=b, created_at=at(d(10, 9)))
    # A hub in B, open 09:00-17:00 on weekdays: 22 weekdays in October 2026, 176 bookable hours;
    # 2 hours booked (£40) in October, one booking in November.
    room = SpaceFactory(hub=HubFactory(ward=b))
    BookingFactory(space=room, starts_at=at(d(10, 6), "10:00"), ends_at=at(d(10, 6), "12:00"), charge=Decimal(40))
    BookingFactory(space=room, starts_at=at(d(11, 3), "10:00"), ends_at=at(d(11, 3), "12:00"), charge=Decimal(25))
    # Contracts (a 12-month renewal window): A's decision due January 2027 (window open); B's due
    # December 2027 (not yet open); a city-wide one due December 2026 (open: every ward's).
    officer = commissioning_officer()
    make_contract(officer, n=1, wards=[a], decision_due=d(1, 15, 2027))
    make_contract(officer, n=2, wards=[b], decision_due=d(12, 1, 2027))
    make_contract(officer, n=3, city_wide=True, decision_due=d(12, 1))
    # Contributions: A received £10,000 (S106) and £2,500 (CIL) in October; unspent at the end:
    # 10,000 + 5,000 + 2,500 received, less 3,000 spent and 1,000 returned = £13,500 (November's
    # spending not yet). B received £4,000 in September and allocated it in October: unspent £4,000.
    s106_a = ContributionFactory(agreement=AgreementFactory(ward=a))
    for status, amount, day in [(FundingStatus.RECEIVED, 10000, d(10, 10)), (FundingStatus.RECEIVED, 5000, d(3, 1)),
                                (FundingStatus.SPENT, 3000, d(6, 1)), (FundingStatus.RETURNED, 1000, d(10, 20)),
                                (FundingStatus.SPENT, 2000, d(11, 5))]:
        TransactionFactory(contribution=s106_a, status=status, amount=Decimal(amount), start_date=day)
    cil_a = ContributionFactory(agreement=AgreementFactory(ward=a, agreement_type=AgreementType.CIL,
                                                           reference="CIL-9001"))
    TransactionFactory(contribution=cil_a, amount=Decimal(2500), start_date=d(10, 2))
    s106_b = ContributionFactory(agreement=AgreementFactory(ward=b))
    TransactionFactory(contribution=s106_b, amount=Decimal(4000), start_date=d(9, 1))
    TransactionFactory(contribution=s106_b, status=FundingStatus.ALLOCATED, amount=Decimal(4000), start_date=d(10, 4))


def test_each_wards_figures_equal_those_counted_by_hand():
    build()
    found = ward_digest.ward_digest(start=START, end=END)
    rows = {row.ward.gss_code: row for row in found.wards}
    a, b = rows[A_CODE], rows[B_CODE]
    assert len(found.wards) == 69
    assert a.actions == {"not_started": 1, "on_track": 2, "at_risk": 1, "off_track": 0, "done": 1}
    assert b.actions == {"not_started": 0, "on_track": 0, "at_risk": 0, "off_track": 1, "done": 0}
    assert (a.actions_overdue, b.actions_overdue) == (2, 0)
    assert (a.meetings_held, a.meetings_coming, a.next_meeting) == (1, 1, at(d(11, 12)))
    assert (b.meetings_held, b.meetings_coming, b.next_meeting) == (1, 1, at(d(12, 3)))
    assert (a.consultations_open, a.consultations_opened, a.consultations_closed, a.responses) == (2, 1, 1, 2)
    assert (b.consultations_open, b.consultations_opened, b.consultations_closed, b.responses) == (2, 2, 0, 1)
    assert (a.ideas_waiting, b.ideas_waiting) == (2, 1)
    assert (a.hubs, a.hub_utilisation, a.hub_income) == (0, None, Decimal(0))
    assert (b.hubs, b.hub_utilisation, b.hub_income) == (1, round(2 / 176 * 100, 1), Decimal("40.00"))
    assert (a.contracts_serving, a.contracts_renewing, b.contracts_serving, b.contracts_renewing) == (2, 2, 2, 1)
    assert (a.contributions_received, a.contributions_unspent) == (Decimal(12500), Decimal(13500))
    assert (b.contributions_received, b.contributions_unspent) == (Decimal(0), Decimal(4000))
    other = rows["E05011121"]
    assert (other.plan, other.consultations_open, other.contracts_renewing, other.ideas_waiting) == (None, 1, 1, 0)


def test_the_city_figures_sum_the_wards_and_plain_sql_counts_the_same():
    build()
    run = runs.report_run(kind="ward_digest", month=START)
    expected = {
        "wards": 69, "actions_not_started": 1, "actions_on_track": 2, "actions_at_risk": 1, "actions_off_track": 1,
        "actions_done": 1, "actions_overdue": 2, "meetings_held": 2, "meetings_coming": 2,
        "consultations_open": 69 + 2,  # the city-wide one in every ward, and A's and B's own
        "consultations_closed": 1, "responses": 3, "ideas_waiting": 3,
        "contracts_renewing": 69 + 1,  # the city-wide one in every ward, and A's
        "contributions_received": 12500.0, "contributions_unspent": 17500.0,
    }
    assert run.figures == expected
    with connection.cursor() as cursor:
        assert hand_sql.figures(cursor, START, END) == expected


def test_the_wards_councillors_and_champions_are_told_once(django_capture_on_commit_callbacks):
    who = people()
    build()
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.report_run(kind="ward_digest", month=START)
    told = {(n.user_id, n.key) for n in Notification.objects.filter(kind="ward_digest")}
    a, b = ward(A_CODE), ward(B_CODE)
    assert told == {(who["a_councillor"].pk, f"ward-digest:{a.pk}:2026-10"),
                    (who["a_champion"].pk, f"ward-digest:{a.pk}:2026-10"),
                    (who["b_councillor"].pk, f"ward-digest:{b.pk}:2026-10"),
                    (who["b_champion"].pk, f"ward-digest:{b.pk}:2026-10"),
                    (who["elsewhere"].pk, f"ward-digest:{ward('E05011121').pk}:2026-10")}
    note = Notification.objects.get(user=who["a_champion"])
    assert note.url == a.get_absolute_url()
    assert "2 overdue" in note.body and "Residents' ideas waiting for a response: 2." in note.body
    assert "£12,500.00 received, £13,500.00 unspent" in note.body
    with django_capture_on_commit_callbacks(execute=True):
        again = runs.report_run(kind="ward_digest", month=START, again=True)
    assert again.pk == run.pk and again.attempts == 2
    assert Notification.objects.filter(kind="ward_digest").count() == 5


def test_a_notification_names_no_resident():
    who = people()
    build()
    resident = UserFactory(first_name="Priya", last_name="Resident", email="priya@example.org")
    IdeaFactory(ward=ward(A_CODE), created_at=at(d(10, 12)), proposer=resident)
    from localism.reports.report_digest import summary

    row = next(r for r in ward_digest.ward_digest(start=START, end=END).wards if r.ward.gss_code == A_CODE)
    body = summary(row, START)
    assert "Priya" not in body and "priya@" not in body and "Residents' ideas waiting for a response: 3." in body
    assert who["a_councillor"].pk in row.recipients


def _more_wards(codes):
    for code in codes:
        the_ward = ward(code)
        plan_with(the_ward, [(ActionStatus.AT_RISK, d(10, 1)), (ActionStatus.DONE, d(10, 1))])
        ForumMeetingFactory(forum=WardForumFactory(wards=[the_ward]), starts_at=at(d(10, 7)),
                            status=ForumMeeting.Status.HELD)
        IdeaFactory(ward=the_ward, created_at=at(d(10, 8)))
        CouncillorSeatFactory(ward=the_ward)
        BookingFactory(space=SpaceFactory(hub=HubFactory(ward=the_ward)), starts_at=at(d(10, 8), "10:00"),
                       ends_at=at(d(10, 8), "11:00"), charge=Decimal(10))
        TransactionFactory(contribution=ContributionFactory(agreement=AgreementFactory(ward=the_ward)),
                           amount=Decimal(100), start_date=d(10, 9))


def test_the_queries_are_the_same_at_two_and_six_wards(django_assert_num_queries):
    people()
    build()
    two = [ward(A_CODE).pk, ward(B_CODE).pk]
    with CaptureQueriesContext(connection) as few:
        assert len(ward_digest.ward_digest(start=START, end=END, ward_ids=two).wards) == 2
    more = ["E05011118", "E05011119", "E05011120", "E05011122"]
    _more_wards(more)
    six = two + [ward(code).pk for code in more]
    with django_assert_num_queries(len(few)):
        digest = ward_digest.ward_digest(start=START, end=END, ward_ids=six)
    assert len(digest.wards) == 6 and sum(row.meetings_held for row in digest.wards) == 6


def test_a_wards_page_names_its_figures():
    build()
    run = runs.report_run(kind="ward_digest", month=START)
    files = {f.name: f for f in run.files.all()}
    a = ward(A_CODE)
    assert len(files) == 70 and "wards.csv" in files
    page = files[f"{a.slug}.html"].file.read().decode()
    for said in ["Sparkbrook &amp; Balsall Heath East: monthly ward digest, October 2026",
                 "<dt>Actions on track</dt><dd>2</dd>", "<dt>Actions overdue</dt><dd>2</dd>",
                 "<dt>Meetings held</dt><dd>1</dd>", "<dt>Ideas waiting for a response</dt><dd>2</dd>",
                 "<dt>Responses from the ward's residents</dt><dd>2</dd>",
                 "<dt>Contributions received</dt><dd>£12,500.00</dd>",
                 "<dt>Contributions unspent</dt><dd>£13,500.00</dd>",
                 "<dt>Contracts in their renewal window</dt><dd>2 of 2 serving the ward</dd>"]:
        assert said in page
    csv_text = files["wards.csv"].file.read().decode()
    assert f"{a.name},{a.gss_code}," in csv_text


def test_the_schedule_runs_it_on_the_first_for_the_month_before():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="ward-digest-report-monthly")
    assert task.task == "localism.reports.tasks.run_report" and '"ward_digest"' in task.kwargs
    assert task.crontab.day_of_month == "1"


def test_a_plan_titled_like_a_formula_is_written_as_text_in_the_csv():
    plan_with(ward("E05011165"), [])
    WardPlan.objects.update(title='=HYPERLINK("http://evil.example","Click")')
    files = {name: content for name, _type, content in runs.kind_of("ward_digest").build(START, END).files}
    assert "'=HYPERLINK(" in files["wards.csv"].decode()
