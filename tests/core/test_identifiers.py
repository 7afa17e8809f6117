"""Ages from a birth date (``core.identifiers.age_on``), used by people, eligibility and the
volunteer centre's rules for minors."""

from __future__ import annotations

import datetime as dt

from opencus.core.identifiers import age_on


def test_age_on_a_day_counts_full_years_and_a_leap_day_birthday_on_1_march() -> None:
    born = dt.date(2008, 2, 29)
    assert age_on(born, dt.date(2026, 2, 28)) == 17
    assert age_on(born, dt.date(2026, 3, 1)) == 18
    assert age_on(dt.date(2013, 12, 4), dt.date(2026, 12, 3)) == 12
    assert age_on(dt.date(2013, 12, 4), dt.date(2026, 12, 4)) == 13
