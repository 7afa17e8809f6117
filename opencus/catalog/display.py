"""The catalogue's values in words, in the reader's language: fees, limits, places, hours.

Shared by the public card, the staff pages and the HSDS export, so each is said one way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencus.catalog.eligibility import describe_rules
from opencus.catalog.models import (
    FeeKind,
    OpeningHours,
    Period,
    ProgrammeService,
    ServiceLimit,
    Unit,
    Weekday,
)
from opencus.core.formatting import money_text

logger = logging.getLogger(__name__)


def conditions(service: ProgrammeService) -> list[str] | None:
    """The eligibility rules in words, or ``None`` when the stored rules are broken (possible
    only if they were written around the field's validator, e.g. by a raw import): the pages
    then tell residents to ask, rather than fail."""
    try:
        return describe_rules(service.eligibility_rules)
    except ValidationError as error:
        logger.error("Invalid eligibility rules on service %s: %s", service.pk, error.messages)
        return None


def _ride(n: int) -> str:
    return ngettext("%(count)d ride", "%(count)d rides", n) % {"count": n}


def _visit(n: int) -> str:
    return ngettext("%(count)d visit", "%(count)d visits", n) % {"count": n}


def _hour(n: int) -> str:
    return ngettext("%(count)d hour", "%(count)d hours", n) % {"count": n}


def _session(n: int) -> str:
    return ngettext("%(count)d session", "%(count)d sessions", n) % {"count": n}


def _ticket(n: int) -> str:
    return ngettext("%(count)d ticket", "%(count)d tickets", n) % {"count": n}


def _meal(n: int) -> str:
    return ngettext("%(count)d meal", "%(count)d meals", n) % {"count": n}


def _day(n: int) -> str:
    return ngettext("%(count)d day of attendance", "%(count)d days of attendance", n) % {"count": n}


def _consultation(n: int) -> str:
    return ngettext("%(count)d consultation", "%(count)d consultations", n) % {"count": n}


def _place(n: int) -> str:
    return ngettext("%(count)d place", "%(count)d places", n) % {"count": n}


UNIT_COUNT: dict[str, Callable[[int], str]] = {
    Unit.RIDE: _ride,
    Unit.VISIT: _visit,
    Unit.HOUR: _hour,
    Unit.SESSION: _session,
    Unit.TICKET: _ticket,
    Unit.MEAL: _meal,
    Unit.DAY: _day,
    Unit.CONSULTATION: _consultation,
    Unit.PLACE: _place,
}


def period_phrase(period: str) -> str:
    phrases = {
        Period.WEEK: _("a week"),
        Period.MONTH: _("a month"),
        Period.QUARTER: _("a quarter"),
        Period.YEAR: _("a year"),
        Period.PROGRAMME: _("for the whole programme"),
    }
    return phrases[Period(period)]


def unit_per(unit: str) -> str:
    """ "per ride", "per hour" …: what a flat fee is charged for."""
    phrases = {
        Unit.RIDE: _("per ride"),
        Unit.VISIT: _("per visit"),
        Unit.HOUR: _("per hour"),
        Unit.SESSION: _("per session"),
        Unit.TICKET: _("per ticket"),
        Unit.MEAL: _("per meal"),
        Unit.DAY: _("per day of attendance"),
        Unit.CONSULTATION: _("per consultation"),
        Unit.PLACE: _("per place"),
    }
    return phrases[Unit(unit)]


def limit_text(limit: ServiceLimit) -> str:
    """ "At most 2 rides a month"."""
    return _("At most %(units)s %(period)s") % {
        "units": UNIT_COUNT[limit.unit](limit.units),
        "period": period_phrase(limit.period),
    }


def capacity_text(service: ProgrammeService) -> str:
    if service.capacity is None:
        return _("Not limited")
    return _("%(places)s %(period)s") % {
        "places": _place(service.capacity),
        "period": period_phrase(service.capacity_period),
    }


def fee_text(service: ProgrammeService) -> str:
    """The fee in one line: "Free of charge", "3,00 zł per ride", "By income …"."""
    if service.fee_kind == FeeKind.FREE:
        return _("Free of charge")
    if service.fee_kind == FeeKind.FLAT and service.fee_amount is not None:
        if service.fee_unit:
            return _("%(amount)s %(per)s") % {
                "amount": money_text(service.fee_amount),
                "per": unit_per(service.fee_unit),
            }
        return money_text(service.fee_amount)
    return _("Depends on income, as set by the council resolution")


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    ranges: list[str]


def hours_by_day(hours: Iterable[OpeningHours]) -> list[DayHours]:
    """Opening hours grouped by weekday, Monday first: "Monday: 08:00–12:00, 13:00–16:00"."""
    days: dict[int, list[str]] = {}
    for entry in sorted(hours, key=lambda h: (h.weekday, h.opens_at)):
        text = f"{entry.opens_at:%H:%M}–{entry.closes_at:%H:%M}"
        if entry.note:
            text = f"{text} ({entry.note})"
        days.setdefault(entry.weekday, []).append(text)
    return [
        DayHours(weekday=day, label=str(Weekday(day).label), ranges=ranges)
        for day, ranges in days.items()
    ]
