"""The dates of an asset of community value, one service, a table of cases. Every end date is the
last day of its period, inclusive (see assets/services/community_dates.py)."""

import datetime

import pytest

from assets.services import community_dates as dates
from assets.services.community_dates import Phase


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2026-01-15", 1, "2026-02-15"),
    ("2026-01-31", 1, "2026-02-28"),  # no 31 February: the month's last day
    ("2028-01-31", 1, "2028-02-29"),  # leap year
    ("2025-08-31", 6, "2026-02-28"),
    ("2027-08-31", 6, "2028-02-29"),
    ("2024-02-29", 60, "2029-02-28"),  # 29 February + 5 years
    ("2024-02-29", 48, "2028-02-29"),  # + 4 years: a leap year again
    ("2026-12-31", 2, "2027-02-28"),
    ("2026-03-31", -1, "2026-02-28"),  # backwards too
    ("2026-11-30", 18, "2028-05-30"),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert dates.add_months(d(day), months) == d(expected)


# (what, start, expected last day): each period "beginning with" the start day.
PERIODS = [
    # nomination decisions: 8 weeks, the day received counts
    ("decision", "2026-03-02", "2026-04-26"),
    ("decision", "2026-12-20", "2027-02-13"),  # across a year end
    ("decision", "2028-01-10", "2028-03-05"),  # across a 29 February
    ("decision", "2027-01-10", "2027-03-06"),  # the same dates in a common year: one day later
    # listings: 5 years
    ("listing", "2026-05-12", "2031-05-11"),
    ("listing", "2026-03-01", "2031-02-28"),
    ("listing", "2024-02-29", "2029-02-28"),  # listed on 29 February: 28 February five years on
    ("listing", "2024-03-01", "2029-02-28"),
    ("listing", "2023-03-01", "2028-02-29"),  # ends in a leap February
    ("listing", "2026-01-01", "2030-12-31"),
    # the owner's request for a review: 8 weeks from being told of the listing
    ("review request", "2026-05-12", "2026-07-06"),
    ("review request", "2028-02-29", "2028-04-24"),
    # the council's review decision: 8 weeks from the request
    ("review decision", "2026-07-06", "2026-08-30"),
    # interim moratorium: 6 weeks (42 days)
    ("interim", "2026-03-01", "2026-04-11"),
    ("interim", "2026-12-25", "2027-02-04"),
    ("interim", "2028-02-01", "2028-03-13"),  # 29 February inside it
    ("interim", "2027-02-01", "2027-03-14"),
    # full moratorium: 6 months
    ("full", "2026-03-01", "2026-08-31"),
    ("full", "2026-03-15", "2026-09-14"),
    ("full", "2025-08-31", "2026-02-28"),  # 31 August + 6 months: end of February
    ("full", "2027-08-31", "2028-02-29"),  # … 29th in a leap year
    ("full", "2027-08-30", "2028-02-29"),
    ("full", "2027-08-29", "2028-02-28"),
    ("full", "2027-09-01", "2028-02-29"),
    ("full", "2026-08-28", "2027-02-27"),
    ("full", "2026-08-29", "2027-02-28"),
    # protected period: 18 months
    ("protected", "2026-03-01", "2027-08-31"),
    ("protected", "2026-08-31", "2028-02-29"),  # 18 months into a leap February
    ("protected", "2024-02-29", "2025-08-28"),  # notified on 29 February
    ("protected", "2026-01-01", "2027-06-30"),
]

COMPUTE = {
    "decision": dates.decision_due,
    "listing": dates.listing_expires,
    "review request": dates.review_request_due,
    "review decision": dates.review_decision_due,
    "interim": dates.interim_moratorium_ends,
    "full": lambda day: dates.moratorium(day, bidder_requested_on=day).full_ends,
    "protected": lambda day: dates.moratorium(day).protected_ends,
}


@pytest.mark.parametrize(("what", "start", "expected"), PERIODS)
def test_each_period_ends_on_its_last_day(what, start, expected):
    assert COMPUTE[what](d(start)) == d(expected)


def test_a_months_period_never_ends_before_one_that_starts_earlier():
    day = d("2023-01-01")
    for _ in range(366 * 6):
        for months in (1, 6, 18, 60):
            assert dates.months_beginning_with(day + dates.ONE_DAY, months) >= dates.months_beginning_with(day, months)
        day += dates.ONE_DAY


def test_weeks_are_seven_days_and_the_first_day_counts():
    assert dates.weeks_beginning_with(d("2026-03-02"), 1) == d("2026-03-08")
    assert (dates.decision_due(d("2026-03-02")) - d("2026-03-02")).days + 1 == 56


@pytest.mark.parametrize(("requested_on", "in_time"), [
    ("2026-02-28", False),  # before the notification
    ("2026-03-01", True),   # the day of the notification
    ("2026-04-11", True),   # the interim period's last day
    ("2026-04-12", False),  # the day after: too late
])
def test_a_bidder_request_counts_only_within_the_interim_period(requested_on, in_time):
    notified = d("2026-03-01")
    assert dates.bidder_request_in_time(notified_on=notified, requested_on=d(requested_on)) is in_time
    periods = dates.moratorium(notified, bidder_requested_on=d(requested_on))
    assert (periods.full_ends == d("2026-08-31")) is in_time
    assert periods.moratorium_ends == (d("2026-08-31") if in_time else d("2026-04-11"))
    assert periods.protected_ends == d("2027-08-31")  # the request never changes it


@pytest.mark.parametrize(("day", "bidder", "phase"), [
    ("2026-02-28", None, Phase.NONE),
    ("2026-03-01", None, Phase.INTERIM),
    ("2026-04-11", None, Phase.INTERIM),
    ("2026-04-12", None, Phase.PROTECTED),  # no group asked: the owner may sell
    ("2026-04-12", "2026-03-20", Phase.FULL),
    ("2026-08-31", "2026-03-20", Phase.FULL),
    ("2026-09-01", "2026-03-20", Phase.PROTECTED),
    ("2027-08-31", "2026-03-20", Phase.PROTECTED),
    ("2027-09-01", "2026-03-20", Phase.NONE),  # the protected period is over
    ("2027-09-01", None, Phase.NONE),
])
def test_phase_on_a_day(day, bidder, phase):
    periods = dates.moratorium(d("2026-03-01"), bidder_requested_on=d(bidder) if bidder else None)
    assert periods.phase_on(d(day)) == phase


def test_a_notification_on_the_last_day_of_a_listing():
    listed_on = d("2021-06-15")
    last_day = dates.listing_expires(listed_on)
    assert last_day == d("2026-06-14")
    assert dates.is_listed_on(last_day, listed_on=listed_on)
    assert not dates.is_listed_on(last_day + dates.ONE_DAY, listed_on=listed_on)
    # The notification is made while the asset is listed, so its periods run in full from that day.
    periods = dates.moratorium(last_day, bidder_requested_on=d("2026-07-01"))
    assert (periods.interim_ends, periods.full_ends, periods.protected_ends) == (
        d("2026-07-25"), d("2026-12-13"), d("2027-12-13"))


def test_a_notification_on_the_last_day_of_a_leap_listing():
    listed_on = d("2024-02-29")
    last_day = dates.listing_expires(listed_on)
    assert last_day == d("2029-02-28")
    periods = dates.moratorium(last_day)
    assert (periods.interim_ends, periods.protected_ends) == (d("2029-04-10"), d("2030-08-27"))


@pytest.mark.parametrize(("day", "removed", "listed"), [
    ("2026-05-11", None, False),  # the day before entry
    ("2026-05-12", None, True),
    ("2031-05-11", None, True),
    ("2031-05-12", None, False),
    ("2027-01-09", "2027-01-10", True),   # removed early (a review): listed until the day before
    ("2027-01-10", "2027-01-10", False),
])
def test_is_listed_on(day, removed, listed):
    assert dates.is_listed_on(d(day), listed_on=d("2026-05-12"), removed_on=d(removed) if removed else None) is listed


def test_no_new_moratorium_inside_a_protected_period():
    first = d("2026-03-01")
    assert not dates.starts_moratorium(d("2026-06-01"), previous_notified_on=first)
    assert not dates.starts_moratorium(d("2027-08-31"), previous_notified_on=first)  # its last day
    assert dates.starts_moratorium(d("2027-09-01"), previous_notified_on=first)
    assert dates.starts_moratorium(d("2026-06-01"), previous_notified_on=None)
