"""Calendar arithmetic (``core.dates``): ages from a birth date (people, eligibility, the volunteer
centre's rules for minors) and months later or earlier (individual plans' clocks, the taxi's
booking window, the validity of volunteers' checks)."""

from __future__ import annotations

import datetime as dt

from opencus.core.dates import add_months, age_on


def test_age_on_a_day_counts_full_years_and_a_leap_day_birthday_on_1_march() -> None:
    born = dt.date(2008, 2, 29)
    assert age_on(born, dt.date(2026, 2, 28)) == 17
    assert age_on(born, dt.date(2026, 3, 1)) == 18
    assert age_on(dt.date(2013, 12, 4), dt.date(2026, 12, 3)) == 12
    assert age_on(dt.date(2013, 12, 4), dt.date(2026, 12, 4)) == 13


def test_months_later_or_earlier_end_on_a_shorter_month_s_last_day() -> None:
    assert add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 12, 31), 2) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 1, 15), -12) == dt.date(2025, 1, 15)
