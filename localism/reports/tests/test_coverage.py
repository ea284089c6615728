"""Localism coverage on a fixed set of wards, against figures counted by hand; the wards lacking
a forum or a plan are named; the queries do not grow with the wards' forums, meetings and ideas."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagement.tests.factories import ConsultationFactory, IdeaFactory
from localism.reports import coverage, runs
from wards.models import ForumMeeting, PlanStatus, Ward
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import WardPlanFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 10, 31)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 30)))


def ward(name: str) -> Ward:
    return Ward.objects.current().get(name=name)


def build(*, extra_wards=()):
    """Sparkbrook & Balsall Heath East has everything; Shard End has a forum that last met 8
    months ago and answered an idea late; Aston had only a cancelled meeting and a draft plan."""
    sparkbrook, shard_end, aston = ward("Sparkbrook & Balsall Heath East"), ward("Shard End"), ward("Aston")
    met = ForumMeetingFactory(forum=WardForumFactory(wards=[sparkbrook]), starts_at=at(ON - datetime.timedelta(60)),
                              status=ForumMeeting.Status.HELD)
    ForumMeetingFactory(forum=met.forum, starts_at=at(ON + datetime.timedelta(14)))  # planned: not counted
    ForumMeetingFactory(forum=WardForumFactory(wards=[shard_end]), starts_at=at(ON - datetime.timedelta(240)),
                        status=ForumMeeting.Status.HELD)
    ForumMeetingFactory(forum=WardForumFactory(wards=[aston]), starts_at=at(ON - datetime.timedelta(20)),
                        status=ForumMeeting.Status.CANCELLED)
    WardPlanFactory(wards=[sparkbrook], period="2026/27", status=PlanStatus.PUBLISHED)
    WardPlanFactory(wards=[aston], period="2026/27", status=PlanStatus.DRAFT)
    WardPlanFactory(wards=[shard_end], period="2025/26", status=PlanStatus.PUBLISHED)  # last year's
    ConsultationFactory(wards=[sparkbrook], opens_at=at(ON - datetime.timedelta(100)),
                        closes_at=at(ON - datetime.timedelta(70)))
    ConsultationFactory(wards=[shard_end], opens_at=at(ON - datetime.timedelta(400)),  # over a year ago
                        closes_at=at(ON - datetime.timedelta(380)))
    proposed = at(ON - datetime.timedelta(90))
    IdeaFactory(ward=sparkbrook, created_at=proposed, responded_at=proposed + datetime.timedelta(days=10))
    IdeaFactory(ward=shard_end, created_at=proposed, responded_at=proposed + datetime.timedelta(days=40))
    IdeaFactory(ward=shard_end, created_at=at(ON - datetime.timedelta(5)))  # had no month yet: not counted
    for name in extra_wards:
        ForumMeetingFactory(forum=WardForumFactory(wards=[ward(name)]), starts_at=at(ON - datetime.timedelta(30)),
                            status=ForumMeeting.Status.HELD)
        IdeaFactory(ward=ward(name), created_at=proposed)


def test_the_figures_equal_those_counted_by_hand():
    build()
    found = coverage.coverage(on=ON)
    rows = {row.ward.name: row for row in found.wards}
    assert len(found.wards) == 69
    assert found.figures() == {
        "wards": 69,
        "forum": 3, "forum_of": 69,
        "met_6_months": 1, "met_6_months_of": 69,
        "met_12_months": 2, "met_12_months_of": 69,
        "published_plan": 1, "published_plan_of": 69,
        "consulted": 1, "consulted_of": 69,
        "ideas_answered": 1, "ideas_answered_of": 2,  # only the two wards with an idea due
    }
    shard_end = rows["Shard End"]
    assert (shard_end.met_12_months, shard_end.met_6_months, shard_end.ideas_due, shard_end.ideas_in_time) == (
        True, False, 1, 0)
    assert rows["Aston"].last_meeting is None and rows["Aston"].ideas_answered is None


def test_the_wards_lacking_a_forum_or_a_plan_are_named():
    build()
    found = coverage.coverage(on=ON)
    no_forum = [row.ward.name for row in found.lacking("forum")]
    no_plan = [row.ward.name for row in found.lacking("published_plan")]
    assert len(no_forum) == 66 and "Sparkbrook & Balsall Heath East" not in no_forum and "Acocks Green" in no_forum
    assert len(no_plan) == 68 and {"Aston", "Shard End"} <= set(no_plan)


def test_a_city_wide_consultation_counts_for_every_ward():
    ConsultationFactory(city_wide=True, opens_at=at(ON - datetime.timedelta(10)),
                        closes_at=at(ON + datetime.timedelta(5)))
    assert coverage.coverage(on=ON).figures()["consulted"] == 69


def test_the_queries_do_not_grow_with_forums_meetings_and_ideas():
    build()
    with CaptureQueriesContext(connection) as few:
        coverage.coverage(on=ON)
    build(extra_wards=["Acocks Green", "Allens Cross", "Alum Rock"])
    with CaptureQueriesContext(connection) as more:
        coverage.coverage(on=ON)
    assert len(more) == len(few)


def test_the_coverage_report_names_the_wards_lacking_each():
    build()
    run = runs.report_run(kind="localism_coverage", month=datetime.date(2026, 10, 1))
    assert run.figures["published_plan"] == 1 and run.figures["forum"] == 3
    files = {f.name: f.file.read().decode() for f in run.files.all()}
    assert "Sparkbrook & Balsall Heath East,E05011170,yes,yes,yes,yes,yes,yes," in files["wards.csv"]
    assert "Has a Ward Forum: 66 lack it: Acocks Green, " in files["report.html"]
