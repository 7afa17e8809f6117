"""The booking rules of a transport service (regulamin przewozów), applied to a prospective
booking before anything is stored.

:func:`evaluate` takes a :class:`Prospect` (what the clerk typed during the phone call) and the
moment ``now`` explicitly, so every boundary can be tested without a clock. It refuses with a
:class:`BookingRuleError` naming the rule and its numbers or dates (the first rule broken, in
the order of :func:`evaluate`), or returns a :class:`Verdict` whose ``approval_reasons`` say why
the booking must wait for an official (a destination of a kind the rules do not allow, too many
late cancellations and no-shows this month); empty reasons: it may be booked at once.

Decisions written down here:

- "At least 3 working days ahead by 14:00": a ride on day D may be booked *before* 14:00 on
  the third working day before D; at 14:00 sharp it is too late (``now < deadline``).
  Cancelling follows the same reading (``cancel_deadline``).
- "At most 2 months ahead": the ride's day is at most ``add_months(today, 2)``.
- Quotas count the person's rides of the same service in the period containing the ride's
  day (week Monday–Sunday, calendar month, quarter, year; "whole programme": all) that hold a
  place or wait for approval, plus late cancellations and no-shows (they used the vehicle's
  time); rides cancelled in time and refused ones do not count, nor do rides of a recurring
  series (arranged with the centre, see ``series``). A "round trip" unit is a ride
  and its return on the same day; a one-way ride alone is also one unit.
- The offence limit counts late cancellations and no-shows of rides on days in the calendar
  month of ``now``; a limit of 0 means no limit.
- Eligibility is any-of the conditions the rules set (age on the ride's day, a disability
  certificate valid that day of at least the level, dependency); with none set, anyone
  entitled to the service may ride. Dependency is recorded nowhere else in OpenCUS, so it is
  the clerk's confirmation "dependency confirmed by the assessment" (``dependency_confirmed``).
  The certificate is special-category data: a refusal names its level or dates only to a
  reader allowed to see such data (``may_see_special``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencus.catalog.models import Period
from opencus.core.dates import add_months
from opencus.intake.models import Entitlement
from opencus.people.models import DISABILITY_LEVEL_RANK, DisabilityLevel, Person
from opencus.transport import clocks
from opencus.transport.errors import BookingRuleError
from opencus.transport.models import (
    HOLDING,
    OFFENCES,
    Booker,
    Booking,
    BookingStatus,
    DestinationKind,
    QuotaCounts,
    Shift,
    TransportQuota,
    TransportRules,
    VehicleUnavailability,
)

#: The statuses a quota counts (see the module docstring).
QUOTA_COUNTED = (*HOLDING, BookingStatus.AWAITING_APPROVAL, *OFFENCES)

Point = tuple[Decimal | float | None, Decimal | float | None]


@dataclass(frozen=True)
class Prospect:
    """A booking being asked for: who, when, from where to where, with whom and what."""

    person: Person
    entitlement: Entitlement
    day: dt.date
    requested_time: dt.time
    time_mode: str = "pickup"
    origin: Point | None = None
    destination: Point | None = None
    destination_kind: str = DestinationKind.OTHER
    wheelchair: bool = False
    companion_ages: Sequence[int] = ()
    assistant: bool = False
    guide_dog: bool = False
    booked_by: str = Booker.PERSON
    bed_bound: bool = False
    dependency_confirmed: bool = False
    #: A return ride on the same day is booked with it (counts for quotas).
    with_return: bool = False
    return_time: dt.time | None = None
    #: The pickup windows chosen (outbound, then return), when known.
    windows: Sequence[tuple[dt.datetime, dt.datetime]] = ()

    @property
    def companions(self) -> int:
        return len(self.companion_ages)


@dataclass
class Verdict:
    """The rules' answer to a booking that may be made: empty ``approval_reasons`` means it
    is booked at once, otherwise it waits for an official's approval."""

    approval_reasons: list[str] = field(default_factory=list)

    @property
    def needs_approval(self) -> bool:
        return bool(self.approval_reasons)


def _d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _t(time: dt.time | dt.datetime) -> str:
    if isinstance(time, dt.datetime):
        time = time.astimezone(clocks.WARSAW).time()
    return time.strftime("%H:%M")


def rules_for(entitlement: Entitlement) -> TransportRules:
    """The rules of the entitlement's service; refused when the service has none."""
    rules = TransportRules.objects.filter(service_id=entitlement.service_id).first()
    if rules is None:
        raise BookingRuleError(
            _("%(service)s is not a transport service: it has no booking rules.")
            % {"service": entitlement.service},
            code="no_rules",
        )
    return rules


# --- Deadlines ------------------------------------------------------------------------------


def booking_deadline(rules: TransportRules, day: dt.date) -> dt.datetime:
    """The instant from which a ride on ``day`` can no longer be booked."""
    return clocks.deadline(day, rules.book_min_working_days, rules.book_cutoff)


def cancel_deadline(rules: TransportRules, day: dt.date) -> dt.datetime:
    """The instant from which cancelling a ride on ``day`` counts as a late cancellation."""
    return clocks.deadline(day, rules.cancel_working_days, rules.cancel_cutoff)


def latest_day(rules: TransportRules, now: dt.datetime) -> dt.date:
    """The last day that may be booked at ``now``."""
    return add_months(now.astimezone(clocks.WARSAW).date(), rules.book_max_months)


def check_timing(rules: TransportRules, day: dt.date, now: dt.datetime) -> None:
    """Too late (working days and the cut-off) or too far ahead."""
    deadline = booking_deadline(rules, day)
    if now >= deadline:
        days = rules.book_min_working_days
        raise BookingRuleError(
            ngettext(
                "Rides on %(day)s must be booked before %(time)s on %(deadline)s"
                " (%(n)s working day ahead).",
                "Rides on %(day)s must be booked before %(time)s on %(deadline)s"
                " (%(n)s working days ahead).",
                days,
            )
            % {
                "day": _d(day),
                "time": _t(rules.book_cutoff),
                "deadline": _d(deadline.date()),
                "n": days,
            },
            code="too_late",
            params={"deadline": deadline.isoformat()},
        )
    last = latest_day(rules, now)
    if day > last:
        months = rules.book_max_months
        raise BookingRuleError(
            ngettext(
                "Rides may be booked at most %(n)s month ahead: today the last day is %(last)s.",
                "Rides may be booked at most %(n)s months ahead: today the last day is %(last)s.",
                months,
            )
            % {"n": months, "last": _d(last)},
            code="too_far_ahead",
            params={"last": last.isoformat()},
        )


def _weekday_name(number: int) -> str:
    names = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    return str(names[number])


def check_service_day(rules: TransportRules, day: dt.date) -> None:
    """A day of service and, unless the service runs then, not a public holiday."""
    if day.weekday() not in rules.service_weekdays:
        days = ", ".join(_weekday_name(n) for n in sorted(rules.service_weekdays))
        raise BookingRuleError(
            _("The senior taxi does not run on %(weekday)s %(day)s; it runs on: %(days)s.")
            % {"weekday": _weekday_name(day.weekday()), "day": _d(day), "days": days or "—"},
            code="not_service_day",
        )
    if clocks.is_holiday(day) and not rules.serves_holidays:
        raise BookingRuleError(
            _(
                "%(day)s is a public holiday (%(name)s): the senior taxi does not run on public"
                " holidays."
            )
            % {"day": _d(day), "name": clocks.holiday_name(day)},
            code="holiday",
        )


def check_service_hours(
    rules: TransportRules,
    requested: dt.time,
    windows: Sequence[tuple[dt.datetime, dt.datetime]] = (),
) -> None:
    """The requested time (and every chosen pickup window) within the service hours."""
    start, end = rules.service_starts, rules.service_ends
    inside = start <= requested <= end and all(
        start <= w0.astimezone(clocks.WARSAW).time()
        and w1.astimezone(clocks.WARSAW).time() <= end
        and w1.astimezone(clocks.WARSAW).date() == w0.astimezone(clocks.WARSAW).date()
        for w0, w1 in windows
    )
    if not inside:
        raise BookingRuleError(
            _("The senior taxi runs from %(start)s to %(end)s: %(time)s is outside those hours.")
            % {"start": _t(start), "end": _t(end), "time": _t(requested)},
            code="outside_hours",
        )


# --- Who may ride --------------------------------------------------------------------------


def disability_qualifies(person: Person, level: str, day: dt.date) -> bool:
    """Whether ``person`` holds a disability certificate valid on ``day`` of at least
    ``level``. Reads special-category data for the rule only; nothing is shown."""
    needed = DISABILITY_LEVEL_RANK[DisabilityLevel(level)]
    return any(
        certificate.is_valid_on(day)
        and DISABILITY_LEVEL_RANK[DisabilityLevel(certificate.level)] >= needed
        for certificate in person.disability_certificates.all()
    )


def check_eligibility(
    rules: TransportRules,
    person: Person,
    day: dt.date,
    *,
    dependency_confirmed: bool = False,
    bed_bound: bool = False,
    may_see_special: bool = False,
) -> None:
    """Any-of age, disability and dependency (when the rules set any), and not bed-bound when
    the rules exclude it."""
    if bed_bound and rules.excludes_bed_bound:
        raise BookingRuleError(
            _("The senior taxi does not carry bed-bound passengers: they need medical transport."),
            code="bed_bound",
        )
    conditions: list[str] = []
    if rules.min_age is not None:
        if person.age_on(day) >= rules.min_age:
            return
        conditions.append(
            _("aged %(age)s or over (on %(day)s: %(actual)s)")
            % {"age": rules.min_age, "day": _d(day), "actual": person.age_on(day)}
        )
    if rules.min_disability_level:
        if disability_qualifies(person, rules.min_disability_level, day):
            return
        level = DisabilityLevel(rules.min_disability_level).label
        if may_see_special:
            conditions.append(
                _("a disability certificate of at least %(level)s level valid on %(day)s (none)")
                % {"level": level, "day": _d(day)}
            )
        else:
            conditions.append(
                _("a disability certificate of at least %(level)s level (not met)")
                % {"level": level}
            )
    if rules.dependency_qualifies:
        if dependency_confirmed:
            return
        conditions.append(_("dependency confirmed by the assessment (not confirmed)"))
    if conditions:
        raise BookingRuleError(
            _("The passenger is not eligible for the senior taxi: it needs one of: %(list)s.")
            % {"list": "; ".join(conditions)},
            code="not_eligible",
        )


def check_riders(
    rules: TransportRules,
    *,
    wheelchair: bool,
    companion_ages: Sequence[int],
    assistant: bool,
    guide_dog: bool,
) -> None:
    """Who and what rides along: companions (how many, how old), an assistant, a guide dog,
    a wheelchair."""
    if companion_ages and not rules.companion_allowed:
        raise BookingRuleError(
            _("A companion may not ride along under the rules."), code="companion_not_allowed"
        )
    if len(companion_ages) > rules.max_companions:
        raise BookingRuleError(
            ngettext(
                "At most %(n)s companion may ride along under the rules.",
                "At most %(n)s companions may ride along under the rules.",
                rules.max_companions,
            )
            % {"n": rules.max_companions},
            code="too_many_companions",
        )
    young = [age for age in companion_ages if age < rules.companion_min_age]
    if young:
        raise BookingRuleError(
            _("A companion must be at least %(min)s years old (given: %(age)s).")
            % {"min": rules.companion_min_age, "age": min(young)},
            code="companion_too_young",
        )
    if assistant and not rules.assistant_allowed:
        raise BookingRuleError(
            _("An assistant may not ride along under the rules."), code="assistant_not_allowed"
        )
    if guide_dog and not rules.guide_dog_allowed:
        raise BookingRuleError(
            _("A guide or assistance dog may not ride under the rules."),
            code="guide_dog_not_allowed",
        )
    if wheelchair and not rules.wheelchair_allowed:
        raise BookingRuleError(
            _("The senior taxi does not carry passengers in wheelchairs under its rules."),
            code="wheelchair_not_allowed",
        )


def check_wheelchair_vehicle(day: dt.date) -> None:
    """A vehicle with a wheelchair place in service on ``day``."""
    shifts = Shift.objects.filter(
        day=day, vehicle__is_active=True, vehicle__wheelchair_places__gte=1
    ).exclude(vehicle__in=VehicleUnavailability.vehicles_out_on(day))
    if not shifts.exists():
        raise BookingRuleError(
            _("No vehicle with a wheelchair place is in service on %(day)s.") % {"day": _d(day)},
            code="no_wheelchair_vehicle",
        )


def check_booker(rules: TransportRules, booked_by: str) -> None:
    if rules.bookers and booked_by not in rules.bookers:
        allowed = ", ".join(str(Booker(b).label) for b in rules.bookers if b in Booker.values)
        raise BookingRuleError(
            _("Under the rules rides may be booked only by: %(allowed)s.") % {"allowed": allowed},
            code="booker_not_allowed",
        )


def check_coordinates(origin: Point | None, destination: Point | None) -> None:
    """Both ends of the ride have coordinates (a vehicle cannot be planned to an address
    without them)."""
    if origin is None or origin[0] is None or origin[1] is None:
        raise BookingRuleError(
            _(
                "The pickup address has no coordinates, so no vehicle can be planned to it:"
                " enter its latitude and longitude or choose a frequent place."
            ),
            code="origin_without_coordinates",
        )
    if destination is None or destination[0] is None or destination[1] is None:
        raise BookingRuleError(
            _(
                "The destination has no coordinates, so no vehicle can be planned to it: enter"
                " its latitude and longitude or choose a frequent place."
            ),
            code="destination_without_coordinates",
        )


# --- Quotas and offences ------------------------------------------------------------------


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the ``period`` containing ``day`` (``None``: no bounds)."""
    if period == Period.WEEK:
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    if period == Period.MONTH:
        first = day.replace(day=1)
        return first, add_months(first, 1) - dt.timedelta(days=1)
    if period == Period.QUARTER:
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, add_months(first, 3) - dt.timedelta(days=1)
    if period == Period.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return None


def counted_rides(
    person: Person, service_id: int, bounds: tuple[dt.date, dt.date] | None
) -> QuerySet[Booking]:
    rides = Booking.objects.filter(
        person=person,
        entitlement__service_id=service_id,
        status__in=QUOTA_COUNTED,
        series__isnull=True,  # arranged with the centre, outside the quotas (see ``series``)
    )
    if bounds is not None:
        rides = rides.filter(day__gte=bounds[0], day__lte=bounds[1])
    return rides


def units_used(quota: TransportQuota, rides: QuerySet[Booking]) -> int:
    """The quota's units the rides use: legs, or round trips (a return on its outbound's day
    counts with the outbound when the outbound is counted)."""
    rows = list(rides.values_list("id", "day", "outbound_id", "outbound__day"))
    if quota.counts == QuotaCounts.LEGS:
        return len(rows)
    ids = {row[0] for row in rows}
    return sum(
        1
        for _id, day, outbound, outbound_day in rows
        if not (outbound in ids and outbound_day == day)
    )


def _period_text(period: str) -> str:
    texts = {
        Period.WEEK: _("a week"),
        Period.MONTH: _("a month"),
        Period.QUARTER: _("a quarter"),
        Period.YEAR: _("a year"),
        Period.PROGRAMME: _("in the whole programme"),
    }
    return str(texts.get(Period(period), period))


def check_quotas(
    rules: TransportRules,
    person: Person,
    service_id: int,
    day: dt.date,
    *,
    with_return: bool,
) -> None:
    """Every quota of the rules, for the new ride (and its return)."""
    for quota in rules.quotas.all():
        bounds = period_bounds(quota.period, day)
        used = units_used(quota, counted_rides(person, service_id, bounds))
        new = 2 if with_return and quota.counts == QuotaCounts.LEGS else 1
        if used + new > quota.units:
            unit_text = (
                ngettext("%(n)s one-way ride", "%(n)s one-way rides", quota.units)
                if quota.counts == QuotaCounts.LEGS
                else ngettext("%(n)s round trip", "%(n)s round trips", quota.units)
            ) % {"n": quota.units}
            span = (
                _("from %(first)s to %(last)s") % {"first": _d(bounds[0]), "last": _d(bounds[1])}
                if bounds
                else _("so far")
            )
            raise BookingRuleError(
                _(
                    "Over the quota of %(units)s %(period)s: %(used)s already used %(span)s,"
                    " this booking needs %(new)s more."
                )
                % {
                    "units": unit_text,
                    "period": _period_text(quota.period),
                    "used": used,
                    "span": span,
                    "new": new,
                },
                code="quota",
                params={"units": quota.units, "period": quota.period, "used": used},
            )


def offences_in_month(person: Person, month: dt.date) -> int:
    """Late cancellations and no-shows of ``person``'s rides on days of ``month``'s month."""
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    return Booking.objects.filter(
        person=person, status__in=OFFENCES, day__gte=first, day__lte=last
    ).count()


# --- Everything ---------------------------------------------------------------------------


def evaluate(
    prospect: Prospect,
    *,
    now: dt.datetime,
    rules: TransportRules | None = None,
    may_see_special: bool = False,
    check_quota: bool = True,
) -> Verdict:
    """Apply every rule to ``prospect`` at ``now``: refuse with :class:`BookingRuleError`, or
    say whether the booking needs an official's approval."""
    rules = rules or rules_for(prospect.entitlement)
    check_coordinates(prospect.origin, prospect.destination)
    check_service_day(rules, prospect.day)
    check_timing(rules, prospect.day, now)
    check_service_hours(rules, prospect.requested_time, prospect.windows)
    if prospect.return_time is not None:
        check_service_hours(rules, prospect.return_time)
    check_booker(rules, prospect.booked_by)
    check_eligibility(
        rules,
        prospect.person,
        prospect.day,
        dependency_confirmed=prospect.dependency_confirmed,
        bed_bound=prospect.bed_bound,
        may_see_special=may_see_special,
    )
    check_riders(
        rules,
        wheelchair=prospect.wheelchair,
        companion_ages=prospect.companion_ages,
        assistant=prospect.assistant,
        guide_dog=prospect.guide_dog,
    )
    if prospect.wheelchair:
        check_wheelchair_vehicle(prospect.day)
    if check_quota:
        check_quotas(
            rules,
            prospect.person,
            prospect.entitlement.service_id,
            prospect.day,
            with_return=prospect.with_return,
        )
    verdict = Verdict()
    if rules.destination_kinds and prospect.destination_kind not in rules.destination_kinds:
        verdict.approval_reasons.append(
            _("Rides to %(kind)s are not among the destinations the rules allow.")
            % {"kind": DestinationKind(prospect.destination_kind).label}
        )
    if rules.offence_limit:
        month = now.astimezone(clocks.WARSAW).date()
        count = offences_in_month(prospect.person, month)
        if count >= rules.offence_limit:
            verdict.approval_reasons.append(
                _(
                    "%(count)s late cancellations and no-shows in %(month)s (the limit is"
                    " %(limit)s): bookings need an official's approval."
                )
                % {"count": count, "month": month.strftime("%m.%Y"), "limit": rules.offence_limit}
            )
    return verdict
