"""Reads of the Senior+ facilities, always through ``visible_to(user)``: the day's register
with who comes by the senior taxi, and the monthly attendance and meals report."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from opencus.activities.models import AttendanceMark, Facility, Membership
from opencus.core.registry import Arrival, arrivals


def members_on(
    facility: Facility, first: dt.date, last: dt.date | None = None
) -> QuerySet[Membership]:
    """The members of ``facility`` at any time from ``first`` to ``last`` (one day if not given)."""
    last = last or first
    return (
        Membership.objects.filter(facility=facility, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )


@dataclass(frozen=True)
class RegisterRow:
    membership: Membership
    mark: AttendanceMark | None
    arrivals: list[Arrival]

    @property
    def anchor(self) -> str:
        return f"member-{self.membership.uuid}"


def register_rows(user: Any, facility: Facility, day: dt.date) -> list[RegisterRow]:
    """The day's register: each member of that day, their mark (if any) and the senior taxi's
    rides bringing them (``core.registry.arrivals``, implemented by transport)."""
    members = list(members_on(facility, day))
    marks = {
        mark.membership_id: mark
        for mark in AttendanceMark.objects.filter(membership__in=members, day=day)
    }
    rides = arrivals(user, day, [facility.location_id] if facility.location_id else [])
    return [
        RegisterRow(member, marks.get(member.pk), rides.get(member.person_id, []))
        for member in members
    ]


@dataclass
class ReportLine:
    membership: Membership
    present: int = 0
    absent: int = 0
    meals: int = 0


@dataclass
class DayTotal:
    day: dt.date
    present: int = 0
    meals: int = 0


@dataclass
class MonthReport:
    facility: Facility
    month: dt.date
    lines: list[ReportLine] = field(default_factory=list)
    days: list[DayTotal] = field(default_factory=list)

    @property
    def present(self) -> int:
        return sum(line.present for line in self.lines)

    @property
    def meals(self) -> int:
        return sum(line.meals for line in self.lines)


def month_report(facility: Facility, year: int, month: int) -> MonthReport:
    """Days present and absent and meals served, member by member and day by day, in the
    month (two queries)."""
    first = dt.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    lines = {member.pk: ReportLine(member) for member in members_on(facility, first, last)}
    days: dict[dt.date, DayTotal] = {}
    for mark in AttendanceMark.objects.filter(
        membership__facility=facility, day__gte=first, day__lte=last
    ).order_by("day"):
        line = lines.get(mark.membership_id)
        if line is None:
            continue
        total = days.setdefault(mark.day, DayTotal(mark.day))
        if mark.present:
            line.present += 1
            line.meals += mark.meals
            total.present += 1
            total.meals += mark.meals
        else:
            line.absent += 1
    return MonthReport(
        facility, first, list(lines.values()), sorted(days.values(), key=lambda d: d.day)
    )
