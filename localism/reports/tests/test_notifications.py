"""Notifications: each event tells its people once, after the commit (a change rolled back tells
nobody); e-mail at once, in a weekly digest or not at all as each person chose, with a one-click
unsubscribe for its kind; the Notifications page shows a person their own only."""

import datetime
import re
from smtplib import SMTPException

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hubs import services as hub_services
from hubs.tests.factories import HubFactory, SpaceFactory, at
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.celery import app as celery_app
from localism.core import events
from localism.reports import notifications
from localism.reports.models import Delivery, Notification, NotificationPreference
from wards import services as ward_services
from wards.models import ActionStatus, PlanStatus, Source, Theme
from wards.services import notices as ward_notices
from wards.tests.conftest import SBHE, ward
from wards.tests.factories import CouncillorSeatFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 1)  # a Monday, ahead of any clock the suite runs on
CONTACT = {"contact_name": "Jo Bloggs", "contact_phone": "0121 496 0000", "contact_email": "jo@example.org"}


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch, settings):
    """The e-mails are sent by tasks; here they run in the test's process (a real worker sends
    them in test_a_real_worker_sends_the_email)."""
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LOCALISM_SITE_URL = "https://localism.example.gov.uk"


@pytest.fixture
def people():
    trust = OrganisationFactory(name="Shard End Community Trust")
    return {
        "officer": UserFactory(officer=True, username="hub-officer", email="officer@example.org"),
        "other_officer": UserFactory(officer=True, email="other.officer@example.org"),
        "partner": UserFactory(partner=True, organisation=trust, username="trust-worker",
                               email="partner@example.org"),
    }


@pytest.fixture
def room(people):
    hub = HubFactory(name="Shard End Hub", managers=[people["officer"]])
    HubFactory(name="Elsewhere Hub", managers=[people["other_officer"]])
    return SpaceFactory(hub=hub, name="Community room", capacity=20)  # approval needed


def request_booking(room, partner, *, day=DAY):
    return hub_services.booking_create(space=room, requester=partner, starts_at=at(day, "10:00"),
                                       ends_at=at(day, "12:00"), purpose="Benefits advice", attendees=8,
                                       contact=CONTACT, now=at(DAY, "08:00") - datetime.timedelta(days=30))


def told(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_a_request_tells_the_hub_officers_once_after_the_commit(room, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking = request_booking(room, people["partner"])
        assert told(people["officer"]) == [] and mail.outbox == []  # nothing before the commit
    assert callbacks
    assert told(people["officer"]) == ["Booking request to approve: Community room, Shard End Hub"]
    assert told(people["other_officer"]) == [] and told(people["partner"]) == []
    [message] = mail.outbox
    assert message.to == ["officer@example.org"]
    assert "Monday 1 March 2027, 10:00 to 12:00" in message.body
    assert f"https://localism.example.gov.uk/hubs/bookings/{booking.pk}/" in message.body
    # The booking's contact is on the booking's page for those who may see it, not in e-mails.
    assert "0121 496 0000" not in message.body and "jo@example.org" not in message.body
    unsubscribe = re.search(r"Stop these e-mails: (\S+)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_change_rolled_back_tells_nobody(room, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            request_booking(room, people["partner"])
            raise RuntimeError("the request fails after the booking was saved")
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_the_answer_reaches_the_requester_with_the_reason(room, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = request_booking(room, people["partner"])
        second = request_booking(room, people["partner"], day=DAY + datetime.timedelta(days=7))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hub_services.booking_approve(booking=first, user=people["officer"])
        hub_services.booking_reject(booking=second, user=people["officer"], note="The room is being repainted")
    assert sorted(told(people["partner"])) == ["Your booking is approved: Community room, Shard End Hub",
                                               "Your booking is turned down: Community room, Shard End Hub"]
    turned_down = next(m for m in mail.outbox if "turned down" in m.subject)
    assert "Reason: The room is being repainted" in turned_down.body
    assert {tuple(m.to) for m in mail.outbox} == {("partner@example.org",)}


def test_a_repeating_request_is_one_notification(room, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = hub_services.booking_series_create(
            space=room, requester=people["partner"], starts_at=at(DAY, "10:00"), ends_at=at(DAY, "12:00"),
            purpose="Weekly advice", attendees=8, every_weeks=1, until=DAY + datetime.timedelta(weeks=3),
            contact=CONTACT)
    assert len(result.booked) == 4
    assert told(people["officer"]) == [
        "Booking request to approve: Community room, Shard End Hub (and 3 more dates)"]


def test_cancelling_tells_the_other_side(room, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = request_booking(room, people["partner"])
        hub_services.booking_approve(booking=booking, user=people["officer"])
        hub_services.booking_cancel(booking=booking, user=people["officer"], note="Closed for a water leak")
    assert "Booking cancelled: Community room, Shard End Hub" in told(people["partner"])
    cancelled = Notification.objects.get(user=people["partner"], kind="booking_cancelled")
    assert "Reason: Closed for a water leak" in cancelled.body


def test_an_event_published_twice_tells_once(people, django_capture_on_commit_callbacks):
    event = events.Event(kind="booking_requested", key="test:once", recipients=(people["officer"].pk,),
                         subject="Once", body="Only once")
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(event)
        events.publish(event)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(event)
    assert told(people["officer"]) == ["Once"] and len(mail.outbox) == 1


def test_a_kind_switched_off_is_on_the_page_but_not_e_mailed(room, people, django_capture_on_commit_callbacks):
    notifications.preferences_set(user=people["officer"], choices={"booking_requested": Delivery.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        request_booking(room, people["partner"])
    assert len(told(people["officer"])) == 1 and mail.outbox == []


def test_the_weekly_digest_gathers_the_week_into_one_email(room, people, django_capture_on_commit_callbacks):
    notifications.preferences_set(user=people["officer"], choices={"booking_requested": Delivery.WEEKLY})
    with django_capture_on_commit_callbacks(execute=True):
        for week in range(3):
            request_booking(room, people["partner"], day=DAY + datetime.timedelta(weeks=week))
    assert mail.outbox == []  # nothing at once
    assert notifications.weekly_digests_send() == 1
    [digest] = mail.outbox
    assert digest.to == ["officer@example.org"]
    assert digest.subject == "Your week in Localism: 3 notifications"
    assert digest.body.count("Booking request to approve: Community room, Shard End Hub") == 3
    assert notifications.weekly_digests_send() == 0 and len(mail.outbox) == 1  # sent once


def test_the_unsubscribe_link_stops_its_kind_only(client, room, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_booking(room, people["partner"])
    link = re.search(r"Stop these e-mails: https://localism.example.gov.uk(\S+)", mail.outbox[0].body).group(1)
    page = client.get(link)  # not signed in: the link is enough
    assert page.status_code == 200 and "A booking is requested at a hub you manage" in page.content.decode()
    assert not NotificationPreference.objects.exists()  # opening the link changes nothing
    done = client.post(link)  # the page's button, or a mail program's one-click
    assert done.status_code == 200 and "You will not be e-mailed about this" in done.content.decode()
    assert notifications.preferences_of(people["officer"])["booking_requested"] == Delivery.OFF
    assert notifications.preferences_of(people["officer"])["booking_changed"] == Delivery.AT_ONCE


def test_a_forged_unsubscribe_link_is_refused(client, people):
    token = notifications.unsubscribe_token(people["officer"].pk, "booking_requested")
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    answer = client.post(reverse("notifications:unsubscribe", args=[forged]))
    assert answer.status_code == 400 and "This unsubscribe link is not valid" in answer.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_failing_mail_server_keeps_the_notification_to_send_again(room, people, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    notifications.preferences_set(user=people["officer"], choices={"booking_requested": Delivery.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        request_booking(room, people["partner"])
    notifications.preferences_set(user=people["officer"], choices={"booking_requested": Delivery.AT_ONCE})
    pending = Notification.objects.get(user=people["officer"])

    def refuse(self, *args, **kwargs):
        raise SMTPException("451 try again later")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(SMTPException):
        notifications.notification_send(pending.pk)
    pending.refresh_from_db()
    assert pending.emailed_at is None  # the task retries it
    monkeypatch.undo()
    assert notifications.notification_send(pending.pk) is True
    assert notifications.notification_send(pending.pk) is False  # and never twice
    assert len(mail.outbox) == 1


def test_the_page_shows_a_person_their_own(client, room, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = request_booking(room, people["partner"])
    mine = Notification.objects.get(user=people["officer"])
    assert client.get(reverse("notifications:list")).status_code == 302  # sign in first
    client.force_login(people["other_officer"])
    page = client.get(reverse("notifications:list")).content.decode()
    assert "You have no notifications yet." in page
    assert client.post(reverse("notifications:open", args=[mine.pk])).status_code == 404  # not theirs
    client.force_login(people["officer"])
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Booking request to approve: Community room, Shard End Hub" in page and "1 unread." in page
    opened = client.post(reverse("notifications:open", args=[mine.pk]))
    assert opened.status_code == 302 and opened["Location"] == f"/hubs/bookings/{booking.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "Nothing unread." in client.get(reverse("notifications:list")).content.decode()


def test_the_list_is_paged_and_its_queries_do_not_grow(client, people, django_assert_num_queries, session_queries):
    officer = people["officer"]
    client.force_login(officer)

    def add(n, start):
        for i in range(start, start + n):
            Notification.objects.create(user=officer, kind="booking_requested", key=f"k{i}", subject=f"N{i}")

    add(2, 0)
    with django_assert_num_queries(4 + session_queries) as few:
        client.get(reverse("notifications:list"))
    add(40, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.count("govuk-heading-s govuk-!-margin-bottom-1") == 25 and "Page 1 of 2" in page


def test_choices_are_saved_and_a_bad_choice_is_named(client, people):
    client.force_login(people["partner"])
    url = reverse("notifications:preferences")
    choices = notifications.preferences_of(people["partner"])
    bad = client.post(url, {**choices, "booking_decided": "hourly"})
    assert bad.status_code == 400 and "Choose how you hear about it" in bad.content.decode()
    assert not NotificationPreference.objects.exists()
    good = client.post(url, {**choices, "booking_decided": Delivery.WEEKLY})
    assert good.status_code == 302
    assert notifications.preferences_of(people["partner"])["booking_decided"] == Delivery.WEEKLY


# --- Ward Plans -----------------------------------------------------------------------------------

@pytest.fixture
def plan_people():
    seat = CouncillorSeatFactory(ward=ward(SBHE), councillor=UserFactory(councillor=True, email="cllr@example.org"))
    colleague = CouncillorSeatFactory(ward=ward(SBHE), councillor=UserFactory(councillor=True))
    return {"councillor": seat.councillor, "colleague": colleague.councillor,
            "lead": UserFactory(officer=True, email="lead@example.org")}


def make_action(plan_people, **kw):
    councillor = plan_people["councillor"]
    plan = ward_services.ward_plan_create(user=councillor, wards=[ward(SBHE)], title="Sparkbrook plan",
                                          period="2026/27")
    priority = ward_services.priority_create(plan=plan, user=councillor, title="Clean streets", description="",
                                             theme=Theme.CLEAN_GREEN, source=Source.FORUM)
    return ward_services.action_create(priority=priority, user=councillor, description="Monthly litter picks",
                                       lead_officer=plan_people["lead"], due_date=datetime.date(2027, 3, 31), **kw)


def test_the_lead_officer_hears_an_action_is_theirs_once(plan_people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = make_action(plan_people)
        ward_services.action_update(action=action, user=plan_people["councillor"], version=action.version,
                                    description="Monthly litter picks, with the schools",
                                    lead_officer=plan_people["lead"], due_date=action.due_date,
                                    status=action.status)
    assert told(plan_people["lead"]) == ["You lead an action of Sparkbrook plan (2026/27)"]


def test_progress_tells_the_wards_councillors_but_not_its_author(plan_people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = make_action(plan_people)
        ward_services.progress_update_create(action=action, user=plan_people["lead"], note="First pick done",
                                             status=ActionStatus.ON_TRACK)
    assert told(plan_people["councillor"]) == ["Progress on an action of Sparkbrook plan: On track"]
    assert told(plan_people["colleague"]) == ["Progress on an action of Sparkbrook plan: On track"]
    assert told(plan_people["lead"]) == ["You lead an action of Sparkbrook plan (2026/27)"]


def test_an_overdue_action_is_told_once_per_due_date(plan_people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = make_action(plan_people)
        action.priority.plan.status = PlanStatus.PUBLISHED
        action.priority.plan.save()
    assert ward_notices.actions_overdue(today=datetime.date(2027, 3, 31)) == 0  # due that day: not yet
    for day in (datetime.date(2027, 4, 1), datetime.date(2027, 4, 2)):
        with django_capture_on_commit_callbacks(execute=True):
            assert ward_notices.actions_overdue(today=day) == 1
    overdue = "Overdue since 31 March 2027: an action of Sparkbrook plan"
    assert told(plan_people["lead"]).count(overdue) == 1
    assert told(plan_people["councillor"]).count(overdue) == 1



# --- Consultations and ideas ----------------------------------------------------------------------

def resident(*, ward_code=SBHE, asked=True, confirmed=True, email="amira@example.org"):
    from engagement.models import ResidentProfile

    user = UserFactory(email=email)
    ResidentProfile.objects.create(user=user, postcode="B12 9DP", ward=ward(ward_code), notify_new_consultations=asked,
                                   email_confirmed_at=timezone.now() if confirmed else None)
    return user


def test_residents_who_asked_hear_when_a_consultation_opens_in_their_ward_once(django_capture_on_commit_callbacks):
    from engagement.services.consultations import consultations_close_ended
    from engagement.tests.factories import ConsultationFactory

    asked = resident()
    not_asked = resident(asked=False, email="b@example.org")
    unconfirmed = resident(confirmed=False, email="c@example.org")
    elsewhere = resident(ward_code="E05011165", email="d@example.org")  # Shard End
    opens = timezone.now() + datetime.timedelta(hours=2)
    ConsultationFactory(title="Parks survey", opens_at=opens, closes_at=opens + datetime.timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        consultations_close_ended(now=opens - datetime.timedelta(minutes=5))  # not yet open
    assert Notification.objects.count() == 0
    for minutes in (1, 6):  # the job's runs after its opening time
        with django_capture_on_commit_callbacks(execute=True):
            consultations_close_ended(now=opens + datetime.timedelta(minutes=minutes))
    assert told(asked) == ["Have your say in your ward: Parks survey"]
    assert told(not_asked) == told(unconfirmed) == told(elsewhere) == []
    assert [m.to for m in mail.outbox] == [["amira@example.org"]]


def test_a_city_wide_consultation_is_announced_in_every_ward(django_capture_on_commit_callbacks):
    from engagement.services.consultations import consultations_close_ended
    from engagement.tests.factories import ConsultationFactory

    here, there = resident(), resident(ward_code="E05011165", email="d@example.org")
    ConsultationFactory(title="Budget 2027", city_wide=True)
    with django_capture_on_commit_callbacks(execute=True):
        consultations_close_ended()
    assert told(here) == told(there) == ["Have your say across Birmingham: Budget 2027"]


def test_the_proposer_hears_the_response_to_their_idea(django_capture_on_commit_callbacks):
    from engagement.services.ideas import idea_decline
    from engagement.tests.factories import IdeaFactory

    proposer = resident(asked=False)
    councillor = CouncillorSeatFactory(ward=ward(SBHE)).councillor
    idea = IdeaFactory(title="A bench by the bus stop", proposer=proposer)
    with django_capture_on_commit_callbacks(execute=True):
        idea_decline(idea=idea, user=councillor, version=idea.version, response="The pavement is too narrow there.")
    assert told(proposer) == ["Your idea “A bench by the bus stop”: Declined"]
    assert "The pavement is too narrow there." in mail.outbox[0].body


# --- Contracts and assets of community value ------------------------------------------------------

def test_a_renewal_window_opening_tells_the_served_wards_councillors(django_capture_on_commit_callbacks):
    from assets.services.contracts import contracts_flag_renewals
    from assets.tests.contracts_factories import DUE, commissioning_officer, make_contract, other_ward

    officer = commissioning_officer()
    here = CouncillorSeatFactory(ward=ward(SBHE)).councillor
    there = CouncillorSeatFactory(ward=other_ward()).councillor
    make_contract(officer, n=1, title="Street cleansing")
    make_contract(officer, n=2, title="Leisure centres", city_wide=True)
    with django_capture_on_commit_callbacks(execute=True):
        contracts_flag_renewals(today=DUE - datetime.timedelta(days=366))  # a year and a day before: not yet
    assert Notification.objects.count() == 0
    for day in (DUE.replace(year=DUE.year - 1), DUE.replace(year=DUE.year - 1) + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            contracts_flag_renewals(today=day)
    assert sorted(told(here)) == ["Give your ward's input on a contract's renewal: Leisure centres",
                                  "Give your ward's input on a contract's renewal: Street cleansing"]
    assert told(there) == ["Give your ward's input on a contract's renewal: Leisure centres"]  # city-wide
    assert told(officer) == []


def test_a_wards_input_and_an_overdue_decision_reach_the_commissioning_officers(django_capture_on_commit_callbacks):
    from assets.services.contracts import contracts_flag_renewals, ward_input_submit
    from assets.tests.contracts_factories import DUE, commissioning_officer, make_contract, priority_of

    officer = commissioning_officer()
    councillor = CouncillorSeatFactory(ward=ward(SBHE)).councillor
    contract = make_contract(officer, title="Street cleansing")
    with django_capture_on_commit_callbacks(execute=True):
        ward_input_submit(user=councillor, contract=contract, ward=ward(SBHE), statement="Sweep Ladypool Road daily.",
                          priorities=[priority_of(ward(SBHE))], today=DUE - datetime.timedelta(days=30))
        contracts_flag_renewals(today=DUE + datetime.timedelta(days=1))
    assert sorted(told(officer)) == [
        "Renewal decision overdue since 1 June 2027: Street cleansing",
        "Sparkbrook & Balsall Heath East gave its input on Street cleansing: it needs your answer"]


def test_a_moratorium_starting_tells_the_asset_officers_councillors_and_nominator(django_capture_on_commit_callbacks):
    from assets.services.community import disposal_notify
    from assets.tests.community_factories import asset_officer, listed

    officer, nominator = asset_officer(), UserFactory()
    listing = listed(nominated_by=nominator)
    councillor = CouncillorSeatFactory(ward=listing.ward).councillor
    with django_capture_on_commit_callbacks(execute=True):
        disposal_notify(nomination=listing, user=officer, notified_on=datetime.date(2026, 11, 1),
                        today=datetime.date(2026, 11, 30))
    subject = f"The owner of {listing.asset.name} means to sell: community groups may ask to bid"
    assert told(officer) == told(councillor) == told(nominator) == [subject]
    assert "until 12 December 2026" in Notification.objects.filter(user=nominator).get().body


def test_section_106_money_nearing_its_spend_by_date_is_told_once_a_band(django_capture_on_commit_callbacks):
    from decimal import Decimal

    from assets.models import FundingStatus
    from assets.services.contributions import contributions_mark_spend_by_risk
    from assets.tests.contributions_factories import (
        ContributionFactory,
        TransactionFactory,
        planning_obligations_officer,
    )

    officer = planning_obligations_officer()
    councillor = CouncillorSeatFactory(ward=ward(SBHE)).councillor
    at_risk = ContributionFactory(reference="C-PARK", spend_by_date=datetime.date(2027, 9, 1))
    TransactionFactory(contribution=at_risk, amount=Decimal("5000"), status=FundingStatus.RECEIVED)
    for day in (datetime.date(2026, 12, 1), datetime.date(2026, 12, 2), datetime.date(2027, 4, 1)):
        with django_capture_on_commit_callbacks(execute=True):
            contributions_mark_spend_by_risk(today=day)
    assert told(officer) == told(councillor) == [
        "Spend-by date within 6 months: £5,000.00 of Section 106 money (C-PARK)",
        "Spend-by date within 12 months: £5,000.00 of Section 106 money (C-PARK)"]
