"""The law's clocks for individual plans (domain.md §1.4), as plain date arithmetic.

Days are counted as the law counts them, in the Europe/Warsaw calendar: an application filed
at 23:30 on 31 March (local time) was filed on 31 March, whatever the UTC hour, and a change to
or from summer time shortens or lengthens no day. The day of filing is not counted (the civil
code's rule for terms, art. 111 § 2 KC): a plan for an application filed on 1 March is due on
31 March, "day 30"; submitted that day it is on time, on 1 April it is late. The deadline binds
the centre: a late plan is still written, with the reason for the delay recorded, and counted.

A plan runs at least 3 and at most 12 months. Its period is counted in whole days, both ends
included: from 15 January to 14 April is exactly 3 months, from 15 January to 14 January of the
next year exactly one year; one day more is too long. A month added to the 31st ends on the
last day of a shorter month (31 January + 1 month = 28 or 29 February).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from opencus.core.dates import add_months

#: The law's calendar.
WARSAW = ZoneInfo("Europe/Warsaw")
#: Days from the application to the plan (art. of the CUS act; domain.md §1.4).
PLAN_DUE_DAYS = 30
MIN_MONTHS = 3
MAX_MONTHS = 12


def warsaw_day(moment: dt.datetime) -> dt.date:
    """The calendar day in Warsaw of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(WARSAW).date()


def warsaw_today() -> dt.date:
    return dt.datetime.now(tz=WARSAW).date()


def plan_due_on(filed_at: dt.datetime) -> dt.date:
    """The last day on which a plan for an application filed at ``filed_at`` is on time."""
    return warsaw_day(filed_at) + dt.timedelta(days=PLAN_DUE_DAYS)


def plan_day_number(filed_at: dt.datetime, moment: dt.datetime) -> int:
    """Which day of the 30 ``moment`` falls on (the filing day is day 0)."""
    return (warsaw_day(moment) - warsaw_day(filed_at)).days


def days_left(due_on: dt.date, today: dt.date) -> int:
    """Days left until ``due_on`` (0 on the day itself, negative once overdue)."""
    return (due_on - today).days


def is_late(filed_at: dt.datetime, submitted_at: dt.datetime) -> bool:
    """A plan submitted after day 30 is late."""
    return warsaw_day(submitted_at) > plan_due_on(filed_at)


def shortest_end(starts_on: dt.date) -> dt.date:
    """The earliest last day of a plan starting on ``starts_on`` (exactly 3 months)."""
    return add_months(starts_on, MIN_MONTHS) - dt.timedelta(days=1)


def longest_end(starts_on: dt.date) -> dt.date:
    """The latest last day of a plan starting on ``starts_on`` (exactly one year)."""
    return add_months(starts_on, MAX_MONTHS) - dt.timedelta(days=1)


def period_fits(starts_on: dt.date, ends_on: dt.date) -> bool:
    """The plan's period runs at least 3 months and at most a year (both days included)."""
    return shortest_end(starts_on) <= ends_on <= longest_end(starts_on)


def authorisation_in_force(
    valid_from: dt.date, valid_until: dt.date | None, revoked_on: dt.date | None, on: dt.date
) -> bool:
    """An approval authorisation holds on ``on`` between its dates (both included), unless it
    was revoked on or before that day."""
    if on < valid_from or (valid_until is not None and on > valid_until):
        return False
    return revoked_on is None or on < revoked_on
