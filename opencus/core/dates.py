"""Calendar arithmetic the apps share: a person's age on a day, and a day some months later
or earlier."""

from __future__ import annotations

import calendar
import datetime as dt


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years of age on ``day`` (someone born on 29 February is a year older on 1 March
    of a common year)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier when negative); the month's last day when it is
    shorter (31.12 + 2 months = 28.02 or 29.02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
