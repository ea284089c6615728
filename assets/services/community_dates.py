"""The dates of an asset of community value, from the Localism Act 2011 (Part 5, Chapter 3) and
the Assets of Community Value (England) Regulations 2012. Pure functions: no database, no clock
unless given one, so the pages, the services, the nightly job and the tests compute every date
the same way.

The periods and what starts them:

- a nomination is decided within 8 weeks beginning with the day the council receives it
  (Regulations, reg. 7);
- a listing lasts 5 years beginning with the day it is entered in the list (Act, s.87(3));
- the owner may ask for a review within 8 weeks beginning with the day they are told of the
  listing (Regulations, Sch. 2), and the council reviews within 8 weeks beginning with the
  request (Sch. 2);
- an owner who means to sell (a "relevant disposal") notifies the council; from that day run the
  interim moratorium (6 weeks), the full moratorium (6 months, only if a community interest
  group asks in writing, within the interim period, to be treated as a potential bidder) and the
  protected period (18 months), each "beginning with" the day the notification is received
  (Act, s.95(6)). A notification inside a protected period starts no new moratorium.

How an end date is counted (the Act's "beginning with"): the day that starts a period is its
first day, so a period ends at the end of the day before the same date a whole number of weeks,
months or years later. Every end date here is that LAST DAY, inclusive: a notification received
on 1 March 2026 has an interim moratorium from 1 March to 11 April 2026 inclusive; the owner may
exchange contracts from 12 April. Months and years are calendar months and years; when the
later month has no such day (six months beginning with 31 August end in February), the period
ends on the last day of that month, so 31 August gives 28 February (29 in a leap year), and a
listing entered on 29 February 2024 ends on 28 February 2029.
"""

import calendar
import datetime
import enum
from dataclasses import dataclass

ONE_DAY = datetime.timedelta(days=1)

DECISION_WEEKS = 8
LISTING_YEARS = 5
REVIEW_REQUEST_WEEKS = 8
REVIEW_DECISION_WEEKS = 8
INTERIM_MORATORIUM_WEEKS = 6
FULL_MORATORIUM_MONTHS = 6
PROTECTED_PERIOD_MONTHS = 18


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` calendar months later (or earlier); the month's last
    day when it has no such day (31 August + 6 months = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def weeks_beginning_with(first: datetime.date, weeks: int) -> datetime.date:
    """The last day of `weeks` weeks beginning with `first` (the first day counts)."""
    return first + datetime.timedelta(weeks=weeks) - ONE_DAY


def months_beginning_with(first: datetime.date, months: int) -> datetime.date:
    """The last day of `months` calendar months beginning with `first`: the day before the same
    date `months` later or, when that month has no such date, the month's last day (six months
    beginning with 30 or 31 August end on the last day of February, as do those beginning with
    1 September)."""
    same_date = add_months(first, months)
    if same_date.day < first.day:  # no such date in that month: it was cut to the month's end
        return same_date
    return same_date - ONE_DAY


def years_beginning_with(first: datetime.date, years: int) -> datetime.date:
    return months_beginning_with(first, 12 * years)


# --- nominations, listings and reviews --------------------------------------------------------

def decision_due(received_on: datetime.date) -> datetime.date:
    """The last day on which the council may decide a nomination received on `received_on`."""
    return weeks_beginning_with(received_on, DECISION_WEEKS)


def listing_expires(listed_on: datetime.date) -> datetime.date:
    """The last day a listing entered on `listed_on` is in force (5 years); it is removed from
    the list the day after."""
    return years_beginning_with(listed_on, LISTING_YEARS)


def review_request_due(notified_on: datetime.date) -> datetime.date:
    """The last day on which the owner may ask for a review of a listing they were told of on
    `notified_on` (the listing decision's date, when they were told that day)."""
    return weeks_beginning_with(notified_on, REVIEW_REQUEST_WEEKS)


def review_decision_due(requested_on: datetime.date) -> datetime.date:
    """The last day on which the council should decide a review asked for on `requested_on`."""
    return weeks_beginning_with(requested_on, REVIEW_DECISION_WEEKS)


def is_listed_on(day: datetime.date, *, listed_on: datetime.date | None,
                 removed_on: datetime.date | None = None) -> bool:
    """Whether a listing is in force on `day`: from its entry to its fifth year's last day, or
    to the day before it was removed early (a review, a successful appeal)."""
    if listed_on is None or day < listed_on or day > listing_expires(listed_on):
        return False
    return removed_on is None or day < removed_on


# --- an owner's notification of a relevant disposal -------------------------------------------

class Phase(enum.StrEnum):
    """Where a listed asset stands after its owner's notification to sell, on a given day."""

    NONE = "none"  # no notification, or its protected period is over: no restriction
    INTERIM = "interim"  # interim moratorium: groups may ask to be treated as bidders
    FULL = "full"  # full moratorium: a group asked in time; the owner may sell only to it
    PROTECTED = "protected"  # moratorium over: the owner may sell to anyone until it ends


@dataclass(frozen=True)
class Moratorium:
    """The periods that one notification of a relevant disposal starts. Every date is the last
    day of its period, inclusive; `full_ends` is None unless a group asked in time."""

    notified_on: datetime.date
    interim_ends: datetime.date
    full_ends: datetime.date | None
    protected_ends: datetime.date

    @property
    def moratorium_ends(self) -> datetime.date:
        """The last day on which the owner may not sell (but to a community interest group)."""
        return self.full_ends or self.interim_ends

    def phase_on(self, day: datetime.date) -> Phase:
        if day < self.notified_on or day > self.protected_ends:
            return Phase.NONE
        if day <= self.interim_ends:
            return Phase.INTERIM
        if self.full_ends is not None and day <= self.full_ends:
            return Phase.FULL
        return Phase.PROTECTED


def interim_moratorium_ends(notified_on: datetime.date) -> datetime.date:
    return weeks_beginning_with(notified_on, INTERIM_MORATORIUM_WEEKS)


def bidder_request_in_time(*, notified_on: datetime.date, requested_on: datetime.date) -> bool:
    """Whether a community interest group's written request to be treated as a potential bidder
    came within the interim moratorium (and so starts the full one)."""
    return notified_on <= requested_on <= interim_moratorium_ends(notified_on)


def moratorium(notified_on: datetime.date, *, bidder_requested_on: datetime.date | None = None) -> Moratorium:
    """The periods a notification received on `notified_on` starts, given the day (if any) a
    community interest group asked to be treated as a bidder. A request outside the interim
    period starts nothing."""
    in_time = bidder_requested_on is not None and bidder_request_in_time(
        notified_on=notified_on, requested_on=bidder_requested_on)
    return Moratorium(
        notified_on=notified_on,
        interim_ends=interim_moratorium_ends(notified_on),
        full_ends=months_beginning_with(notified_on, FULL_MORATORIUM_MONTHS) if in_time else None,
        protected_ends=months_beginning_with(notified_on, PROTECTED_PERIOD_MONTHS),
    )


def starts_moratorium(notified_on: datetime.date, *, previous_notified_on: datetime.date | None) -> bool:
    """Whether a notification on `notified_on` starts a moratorium: not while the protected
    period of an earlier one runs (Act, s.95)."""
    if previous_notified_on is None:
        return True
    return notified_on > moratorium(previous_notified_on).protected_ends
