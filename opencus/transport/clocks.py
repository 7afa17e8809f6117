"""The senior taxi's calendar: working days by the Polish public-holiday calendar (the kept
``holidays`` library, not a hand-written list), booking and cancellation deadlines, and the
conversion between local times and the planner's minutes.

"At least 3 working days ahead by 14:00" means: a ride on day D may be booked until 14:00 on
the third working day before D (for a ride on Friday, until Tuesday 14:00; for a ride on the
Monday after Easter Monday, until the Wednesday before). "Cancel by 12:00 on the previous
working day" is the same rule with 1 day and 12:00. Saturdays, Sundays and public holidays are
not working days.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WARSAW = ZoneInfo("Europe/Warsaw")


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("PL", years=[year]).keys())


def is_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a Polish public holiday (dzień ustawowo wolny od pracy)."""
    return day in _holidays(day.year)


def holiday_name(day: dt.date) -> str:
    """The holiday's name in Polish, or an empty string."""
    return str(holidays.country_holidays("PL", years=[day.year], language="pl").get(day, ""))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day before ``day`` (``count`` = 0: ``day`` itself)."""
    current = day
    left = count
    while left > 0:
        current -= dt.timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after ``day``."""
    current = day + dt.timedelta(days=1)
    while not is_working_day(current):
        current += dt.timedelta(days=1)
    return current


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware Warsaw instant of ``time`` on ``day``."""
    return dt.datetime.combine(day, time, tzinfo=WARSAW)


def deadline(day: dt.date, working_days: int, cutoff: dt.time) -> dt.datetime:
    """The last instant to act for a ride on ``day``: ``cutoff`` on the ``working_days``-th
    working day before it."""
    return at(working_days_before(day, working_days), cutoff)


def minutes(moment: dt.datetime, day: dt.date) -> float:
    """Minutes from local midnight of ``day`` to ``moment`` (the planner's time axis)."""
    return (moment.astimezone(WARSAW) - at(day, dt.time(0))).total_seconds() / 60.0


def moment(day: dt.date, minute: float) -> dt.datetime:
    """The aware instant ``minute`` minutes after local midnight of ``day``, rounded to the
    minute."""
    return at(day, dt.time(0)) + dt.timedelta(minutes=round(minute))
