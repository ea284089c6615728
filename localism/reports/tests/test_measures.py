"""The measures of success on a fixed data set, against figures worked out by hand (in the comments):
city-wide and per ward; the Community Life Survey share beside its national figure; counts under 5
not shown; the queries do not grow with the wards; the report's files; the hand-written SQL of the
benchmark gives the report's key figures."""

import datetime
import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from assets.models import NeighbourhoodCilAccount, NeighbourhoodCilAllocation
from engagement.models import ConsultationStatus, QuestionKind, QuestionMeasure, ResponseReview
from engagement.tests.factories import ConsultationFactory, QuestionFactory, respond
from localism.accounts.models import Organisation
from localism.accounts.tests.factories import OrganisationFactory
from localism.reports import measures, runs
from wards.models import Action, ActionStatus, PlanStatus, SpendLine, Ward
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardBudgetFactory, WardPlanFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
QUERIES = 8
Kind = Organisation.Kind


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def ward(name: str) -> Ward:
    return Ward.objects.current().get(name=name)


def action(plan, *, lead, status=ActionStatus.NOT_STARTED, due, done_on=None, partners=()):
    """An action of the plan's first priority; `done_on` the day its history records it done."""
    priority = plan.priorities.first() or PriorityFactory(plan=plan)
    made = ActionFactory(priority=priority, lead_organisation=lead, status=status, due_date=due,
                         partners=list(partners))
    if done_on is not None:
        Action.history.filter(id=made.pk).update(history_date=at(done_on))
    return made


def published(wards, period="2026/27", status=PlanStatus.PUBLISHED):
    return WardPlanFactory(wards=wards, period=period, status=status, published_at=at(datetime.date(2026, 4, 20)))


def build():
    """Sparkbrook & Balsall Heath East (SBHE) has a plan of its own; Shard End and Aston share a
    cross-ward plan. A draft plan and last year's plan are left out."""
    sbhe, shard_end, aston = (ward("Sparkbrook & Balsall Heath East"), ward("Shard End"), ward("Aston"))
    council = OrganisationFactory(name="Neighbourhoods Directorate", kind=Kind.COUNCIL_DIRECTORATE)
    nhs = OrganisationFactory(name="Community Healthcare Trust", kind=Kind.NHS_BODY)
    voluntary = OrganisationFactory(name="Ladypool Residents Group", kind=Kind.VOLUNTARY_COMMUNITY)
    done = ActionStatus.DONE
    d = datetime.date

    p1 = published([sbhe])
    action(p1, lead=council, status=done, due=d(2026, 10, 15), done_on=d(2026, 10, 10), partners=[nhs])  # a1
    action(p1, lead=nhs, status=done, due=d(2026, 9, 30), done_on=d(2026, 9, 20))  # a2: done before October
    action(p1, lead=voluntary, status=ActionStatus.ON_TRACK, due=d(2026, 10, 20), partners=[voluntary])  # a3
    action(p1, lead=None, due=d(2027, 3, 31), partners=[council])  # a4: no lead, a partner
    action(p1, lead=council, status=done, due=d(2026, 10, 31), done_on=d(2026, 11, 3))  # a5: done after
    p2 = published([shard_end, aston])
    action(p2, lead=voluntary, status=done, due=d(2026, 10, 31), done_on=d(2026, 10, 5),
           partners=[council, voluntary])  # b1
    action(p2, lead=council, status=ActionStatus.AT_RISK, due=d(2026, 12, 31))  # b2
    draft = published([sbhe], status=PlanStatus.DRAFT)
    action(draft, lead=council, status=done, due=d(2026, 10, 1), done_on=d(2026, 10, 12))  # not counted
    last_year = published([shard_end], period="2025/26")
    action(last_year, lead=council, status=done, due=d(2026, 3, 1), done_on=d(2026, 10, 12))  # not counted

    budget = WardBudgetFactory(ward=sbhe, period="2026/27", allocation=50_000)
    priority = p1.priorities.first()
    for amount, on, to in (("1200.00", d(2026, 10, 3), priority), ("300.00", d(2026, 10, 20), None),
                           ("5000.00", d(2026, 9, 15), priority)):  # September's is outside the period
        SpendLine.objects.create(budget=budget, priority=to, description="Spend", amount=Decimal(amount), spent_on=on)
    budget = WardBudgetFactory(ward=shard_end, period="2026/27", allocation=40_000)
    SpendLine.objects.create(budget=budget, priority=p2.priorities.first(), description="Spend",
                             amount=Decimal("2000.00"), spent_on=d(2026, 10, 8))
    WardBudgetFactory(ward=shard_end, period="2025/26", allocation=30_000)  # another year

    account = NeighbourhoodCilAccount.objects.create(ward=sbhe, period="2026/27")
    for amount, allocated, spent in (("4000.00", d(2026, 10, 2), d(2026, 10, 25)),
                                     ("1500.00", d(2026, 8, 1), d(2026, 10, 9)),
                                     ("700.00", d(2026, 10, 30), None),
                                     ("900.00", d(2026, 7, 1), d(2026, 9, 1))):  # neither in October
        NeighbourhoodCilAllocation.objects.create(account=account, priority=priority, description="Works",
                                                  amount=Decimal(amount), allocated_on=allocated, spent_on=spent)

    consultation = ConsultationFactory(wards=[sbhe, shard_end, aston], status=ConsultationStatus.CLOSED,
                                       opens_at=at(d(2026, 9, 20)), closes_at=at(d(2026, 10, 20)))
    cls = QuestionFactory(consultation=consultation, kind=QuestionKind.SCALE, measure=QuestionMeasure.CLS_INFLUENCE,
                          text="I can influence decisions affecting my local area")
    other = QuestionFactory(consultation=consultation, kind=QuestionKind.SCALE, text="The park is well kept")
    answers = {sbhe: ["Strongly agree"] * 5 + ["Agree"] * 6 + ["Neither agree nor disagree"] * 4
               + ["Disagree"] * 3 + ["Strongly disagree"] * 2,
               shard_end: ["Agree", "Agree", "Disagree"],
               aston: ["Strongly agree", "Neither agree nor disagree", "Neither agree nor disagree", "Disagree"]}
    for where, labels in answers.items():
        for label in labels:
            respond(consultation, ward=where, choices=[(cls, label), (other, "Strongly agree")])
    excluded = respond(consultation, ward=sbhe, choices=[(cls, "Strongly agree")])
    excluded.review = ResponseReview.EXCLUDED
    excluded.save()
    still_open = ConsultationFactory(wards=[sbhe], opens_at=at(d(2026, 10, 1)), closes_at=at(d(2026, 11, 5)))
    open_cls = QuestionFactory(consultation=still_open, kind=QuestionKind.SCALE,
                               measure=QuestionMeasure.CLS_INFLUENCE)
    for _ in range(6):  # closes after the period: not counted
        respond(still_open, ward=sbhe, choices=[(open_cls, "Agree")])
    return sbhe, shard_end, aston


def test_each_figure_equals_the_one_worked_out_by_hand():
    sbhe, shard_end, aston = build()
    found = measures.measures(start=START, end=END)
    rows = {row.name: row for row in found.wards}
    assert len(found.wards) == 69 and found.years == ["2026/27"]

    # 1. SBHE: a1 done in October (council); a2 done in September; a5 done in November. Due by 31
    # October: a1, a2, a3, a5 (4), of which a1 and a2 done by then (2): 50%.
    row = rows["Sparkbrook & Balsall Heath East"]
    assert row.actions_done == 1 and row.done_by_kind == {Kind.COUNCIL_DIRECTORATE: 1, Kind.NHS_BODY: 0,
                                                          Kind.VOLUNTARY_COMMUNITY: 0, measures.NO_LEAD: 0}
    assert (row.due_done.part, row.due_done.whole, row.due_done.percent) == (2, 4, Decimal("50.0"))
    # 2. a1 (NHS besides the council) and a4 (no lead, a partner); a3's partner is its own lead: 2 of 5.
    assert (row.partnered.part, row.partnered.whole, row.partnered.percent) == (2, 5, Decimal("40.0"))
    # 3. £1,200 + £300 spent in October, £1,200 on a priority: 80%; neighbourhood CIL allocated
    # £4,000 + £700, spent £4,000 + £1,500.
    assert (row.budget_allocation, row.budget_spent, row.budget_on_priorities.part) == (50_000, 1500, 1200)
    assert row.budget_on_priorities.percent == Decimal("80.0")
    assert (row.ncil_allocated, row.ncil_spent) == (Decimal("4700.00"), Decimal("5500.00"))
    # 4. 20 responses (the excluded one and the open consultation's left out) of 26,771 residents:
    # 0.747 per 1,000; 11 of 20 agree (5 strongly, 6 agree): 55%.
    assert (row.reach.count, row.reach.residents, row.reach.per_1000) == (20, 26_771, Decimal("0.75"))
    assert (row.influence.part, row.influence.whole, row.influence.percent) == (11, 20, Decimal("55.0"))

    # Shard End and Aston share b1 (voluntary, done 5 October, due 31 October, with the council)
    # and b2 (not due, no partner).
    for name in ("Shard End", "Aston"):
        row = rows[name]
        assert row.actions_done == 1 and row.done_by_kind[Kind.VOLUNTARY_COMMUNITY] == 1
        assert (row.due_done.part, row.due_done.whole, row.partnered.part, row.partnered.whole) == (1, 1, 1, 2)
    assert rows["Shard End"].budget_allocation == 40_000 and rows["Shard End"].budget_on_priorities.percent == 100
    assert rows["Aston"].budget_spent == 0 and rows["Aston"].budget_on_priorities.percent is None

    # The city counts b1 and b2 once: 7 actions; done a1, b1 (2); due a1, a2, a3, a5, b1 (5), done
    # by the end a1, a2, b1 (3): 60%; with partners a1, a4, b1: 3 of 7 = 42.857…%.
    city = found.city
    assert city.actions_done == 2
    assert city.done_by_kind == {Kind.COUNCIL_DIRECTORATE: 1, Kind.VOLUNTARY_COMMUNITY: 1, Kind.NHS_BODY: 0,
                                 measures.NO_LEAD: 0}
    assert (city.due_done.part, city.due_done.whole, city.due_done.percent) == (3, 5, Decimal("60.0"))
    assert (city.partnered.part, city.partnered.whole, city.partnered.percent) == (3, 7, Decimal("42.9"))
    # £50,000 + £40,000 allocated; £1,500 + £2,000 spent, £3,200 on priorities: 91.43%.
    assert (city.budget_allocation, city.budget_spent, city.budget_on_priorities.percent) == (
        90_000, 3500, Decimal("91.4"))
    # 20 + 3 + 4 = 27 responses of the city's 1,144,941 residents: 0.0236 per 1,000; agreeing
    # 11 + 2 + 1 = 14 of 27: 51.85%.
    assert (city.reach.count, city.reach.residents, city.reach.per_1000) == (27, 1_144_941, Decimal("0.02"))
    assert (city.influence.part, city.influence.whole, city.influence.percent) == (14, 27, Decimal("51.9"))
    assert found.national_influence.percent == 27 and "2021/22" in found.national_influence.citation


def test_counts_under_five_are_not_shown_for_a_ward():
    build()
    rows = {row.name: row for row in measures.measures(start=START, end=END).wards}
    # Shard End: 3 responses, 2 of 3 agree; Aston: 4 responses, 1 of 4 agrees. Both under 5: not
    # shown, nor anything worked out from them. Two wards hidden, so the city's 27 less SBHE's 20
    # gives only their sum.
    for name in ("Shard End", "Aston"):
        row = rows[name]
        assert row.reach.count is None and row.reach.per_1000 is None
        assert row.influence.part is None and row.influence.whole is None and row.influence.percent is None
    assert rows["Sparkbrook & Balsall Heath East"].reach.count == 20


def test_a_single_small_ward_hides_another_so_it_cannot_be_worked_out():
    sbhe, aston = ward("Sparkbrook & Balsall Heath East"), ward("Aston")
    consultation = ConsultationFactory(wards=[sbhe, aston], status=ConsultationStatus.CLOSED,
                                       opens_at=at(datetime.date(2026, 10, 1)),
                                       closes_at=at(datetime.date(2026, 10, 9)))
    question = QuestionFactory(consultation=consultation, kind=QuestionKind.SCALE,
                               measure=QuestionMeasure.CLS_INFLUENCE)
    for where, n in ((sbhe, 9), (aston, 2)):
        for _ in range(n):
            respond(consultation, ward=where, choices=[(question, "Agree")])
    found = measures.measures(start=START, end=END)
    rows = {row.name: row for row in found.wards}
    # The city shows 11: with Aston's 2 hidden, SBHE's 9 would give it away, so it is hidden too.
    assert found.city.reach.count == 11
    assert rows["Aston"].reach.count is None and rows["Sparkbrook & Balsall Heath East"].reach.count is None


def test_the_queries_do_not_grow_with_the_wards(django_assert_num_queries):
    def data_in(names):
        council = OrganisationFactory(name="Neighbourhoods Directorate", kind=Kind.COUNCIL_DIRECTORATE)
        for name in names:
            where = ward(name)
            plan = published([where])
            action(plan, lead=council, status=ActionStatus.DONE, due=datetime.date(2026, 10, 9),
                   done_on=datetime.date(2026, 10, 9), partners=[OrganisationFactory()])
            budget = WardBudgetFactory(ward=where)
            SpendLine.objects.create(budget=budget, priority=plan.priorities.first(), description="Spend",
                                     amount=Decimal("10.00"), spent_on=datetime.date(2026, 10, 9))
            consultation = ConsultationFactory(wards=[where], status=ConsultationStatus.CLOSED,
                                               opens_at=at(datetime.date(2026, 10, 1)),
                                               closes_at=at(datetime.date(2026, 10, 9)))
            question = QuestionFactory(consultation=consultation, kind=QuestionKind.SCALE,
                                       measure=QuestionMeasure.CLS_INFLUENCE)
            for _ in range(6):
                respond(consultation, ward=where, choices=[(question, "Agree")])

    data_in(["Acocks Green", "Aston"])
    with django_assert_num_queries(QUERIES):
        two = measures.measures(start=START, end=END)
    data_in(["Bartley Green", "Billesley", "Bordesley Green", "Bournville & Cotteridge"])
    with django_assert_num_queries(QUERIES):
        six = measures.measures(start=START, end=END)
    assert (two.city.actions_done, six.city.actions_done, six.city.reach.count) == (2, 6, 36)


def test_the_report_run_makes_its_figures_and_files():
    build()
    run = runs.report_run(kind="measures_of_success", month=START)
    assert run.status == run.Status.DONE
    assert run.figures["actions_done"] == 2 and run.figures["influence_percent"] == 51.9
    assert run.figures["influence_national_percent"] == 27.0 and run.figures["ncil_spent"] == 5500.0
    files = {f.name: f.file.read().decode() for f in run.files.all()}
    lines = files["wards.csv"].splitlines()
    assert lines[0].startswith("ward,ward_code,actions_done,actions_done_council_directorate,")
    assert len(lines) == 1 + 69 + 1 and lines[-1].startswith("All wards,,2,1,")
    shard_end = next(line for line in lines if line.startswith("Shard End,"))
    assert ",not shown,10822,,not shown,not shown," in shard_end
    page = files["report.html"]
    for _code, title, definition in measures.MEASURES:
        assert escape(title) in page and escape(definition) in page
    assert "27% agreed they could personally influence decisions affecting their local area" in page
    assert "51.9% of 27 who answered" in page


def test_the_hand_written_sql_gives_the_report_s_key_figures():
    build()
    path = Path(__file__).resolve().parents[3] / "bench" / "sql" / "measures_of_success.py"
    spec = importlib.util.spec_from_file_location("measures_of_success_sql", path)
    sql = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sql)
    with connection.cursor() as cursor:
        by_hand = sql.figures(cursor, START, END)
    assert by_hand == measures.measures(start=START, end=END).figures()


def test_a_workspace_s_wards_get_the_same_figures_for_themselves():
    build()
    everywhere = {row.name: row for row in measures.measures(start=START, end=END).wards}
    found = measures.measures(start=START, end=END, wards=Ward.objects.current().filter(name="Shard End"))
    # Only Shard End's row, the same as on the city's page: its cross-ward plan's b1 and b2; its 3
    # responses not shown. The city row stays the city's.
    assert [row.name for row in found.wards] == ["Shard End"]
    assert found.wards[0] == everywhere["Shard End"]
    row = found.wards[0]
    assert (row.actions_done, row.partnered.part, row.partnered.whole) == (1, 1, 2)
    assert row.reach.count is None and row.budget_allocation == 40_000
    assert found.city == measures.measures(start=START, end=END).city
