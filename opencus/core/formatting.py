"""How the interface and the letters write dates, months, numbers and money: one place, built on
Django's localisation (``django.utils.formats`` and ``dateformat``), used by every app.

Dates are written the Polish way (``03.12.2026``) in every language, as the centre's documents
are; month names, decimal separators and grouping follow the reader's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import dateformat, formats, timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: The one date format of the pages, letters and messages (Django's ``date`` filter syntax).
DATE = "d.m.Y"
DATETIME = "d.m.Y H:i"


def day_text(day: dt.date) -> str:
    """A date as the pages show it: ``03.12.2026``."""
    return dateformat.format(day, DATE)


def moment_text(at: dt.datetime) -> str:
    """A moment in the centre's time zone: ``03.12.2026 14:05``."""
    return dateformat.format(timezone.localtime(at), DATETIME)


def period_text(start: dt.date, end: dt.date | None) -> str:
    """A period of days, both included: ``01.01.2026–31.12.2026`` (open-ended: ``01.01.2026–…``)."""
    return f"{day_text(start)}–{day_text(end) if end else '…'}"


def month_text(month: dt.date) -> str:
    """A month in the reader's language: ``listopad 2026`` / ``November 2026``."""
    return f"{MONTHS[month.month]} {month.year}"


def number_text(value: Decimal | int) -> str:
    """A number of units as people write it: ``2``, ``1,25`` (Polish), ``1.25`` (English)."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places)


def money_text(amount: Decimal) -> str:
    """An amount in złoty, to the grosz, grouped: ``1 100,00 PLN`` / ``1,100.00 PLN``."""
    return _("%(amount)s PLN") % {
        "amount": formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    }


def days_left_text(days: int) -> str:
    """How a deadline stands, in words: ``3 days left``, ``due today``, ``overdue by 3 days``
    (``days`` as ``due − today``; negative once the day has passed)."""
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    if days == 0:
        return _("due today")
    return ngettext("overdue by %(days)s day", "overdue by %(days)s days", -days) % {"days": -days}
