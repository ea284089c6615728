"""The records of changes to Ward Plans and forum meetings name who made each change for
RECORDS_YEARS after the plan's year or the meeting ends, as the privacy notice says; then a
nightly job removes the name and the change stays."""

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from localism.accounts.tests.factories import UserFactory
from wards import services
from wards.models import Action, ForumMeeting, Priority, WardPlan
from wards.tests.factories_forums import ForumMeetingFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 2, 55, tzinfo=datetime.UTC)


def _named(model, pk, user):
    model.history.filter(id=pk).update(history_user=user)


def test_names_go_from_records_of_plans_and_meetings_older_than_the_period(birmingham_wards, settings):
    settings.RECORDS_YEARS = 6
    officer = UserFactory(officer=True)
    old_plan = WardPlanFactory(period="2019/20")  # ended 31 March 2020, more than six years ago
    new_plan = WardPlanFactory(period="2020/21")  # ends 31 March 2021: less than six years ago
    old_action = ActionFactory(priority=PriorityFactory(plan=old_plan))
    new_action = ActionFactory(priority=PriorityFactory(plan=new_plan))
    old_meeting = ForumMeetingFactory(starts_at=datetime.datetime(2020, 11, 30, 18, 30, tzinfo=datetime.UTC))
    new_meeting = ForumMeetingFactory(forum=old_meeting.forum,
                                      starts_at=datetime.datetime(2020, 12, 3, 18, 30, tzinfo=datetime.UTC))
    for model, obj in [(WardPlan, old_plan), (WardPlan, new_plan), (Priority, old_action.priority),
                       (Priority, new_action.priority), (Action, old_action), (Action, new_action),
                       (ForumMeeting, old_meeting), (ForumMeeting, new_meeting)]:
        _named(model, obj.pk, officer)

    assert services.change_records_unname_expired(now=NOW) == 4
    for model, obj, named in [(WardPlan, old_plan, False), (WardPlan, new_plan, True),
                              (Priority, old_action.priority, False), (Action, old_action, False),
                              (Action, new_action, True), (ForumMeeting, old_meeting, False),
                              (ForumMeeting, new_meeting, True)]:
        record = model.history.get(id=obj.pk)
        assert (record.history_user_id == officer.pk) is named, (model.__name__, obj.pk)
    # The changes themselves stay; a second run finds no name left to remove.
    assert WardPlan.history.filter(id=old_plan.pk).exists()
    assert services.change_records_unname_expired(now=NOW) == 0


def test_the_nightly_job_is_scheduled():
    task = PeriodicTask.objects.get(name="unname-expired-change-records-nightly")
    assert task.task == "wards.tasks.unname_expired_change_records"
    assert (task.crontab.hour, task.crontab.minute) == ("2", "55")
