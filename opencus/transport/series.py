"""Recurring rides (przejazdy cykliczne) and the organiser's booking rules.

A series is, e.g., "every weekday to Dzienny Dom Senior+ at 8:00 and home at 16:00". Its rides
are generated as ordinary bookings a set number of weeks ahead (``RideSeries.weeks_ahead``),
each inserted into its day's plan like a phone booking (``services.plan_insert``), so the day's
capacity is kept the same way for both.

The rules that apply to a series differ from a phone booking's on purpose:

- **Arranged with the centre.** Recurring day-home rides are agreed between the day home and
  the centre when the person starts attending, not booked by phone ride by ride. So the phone
  booking window (e.g. "at least 3 working days ahead by 14:00", "at most 2 months ahead") and
  the monthly and yearly quotas (``TransportQuota``) do **not** apply to them, and they are not
  counted against those quotas' owner either way: the quotas limit what a person may order on
  their own.
- **The service's calendar does apply**: a ride is generated only on the series' weekdays that
  are also the rules' days of service, never on a public holiday (Polish calendar, ``clocks``)
  unless the rules say the service runs on holidays, never in one of the series' exceptions (a
  week away), and only at times inside the service hours.
- **Capacity applies**: a day where the ride does not fit the plan (no vehicle, no shift yet,
  every place taken) is reported with the reason, and nothing of that day is kept (the
  outbound ride and its return are created and inserted in one savepoint, both or neither).
  The rest of the series is generated. Days that failed are tried again on the next run:
  ``generated_until`` stops before the first failed day, and days that already have their
  ride are skipped, so generating again never duplicates a ride.

Days without rides (an exception) and the end of a series cancel the generated rides that fall
in them **in time** (status "cancelled", not "cancelled late": the person told the centre, it is
no offence), each with a transition note.

The organiser's page edits ``TransportRules`` and their quotas (``rules_save``, ``quota_add``,
``quota_remove``): configuration, not case data, so a quota row may be deleted, but every
change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.catalog.models import ProgrammeService
from opencus.core.audit import audit_record, model_changes
from opencus.core.models import AuditAction
from opencus.intake.models import Entitlement, EntitlementStatus
from opencus.people.models import Person
from opencus.transport import clocks, services
from opencus.transport.errors import SeriesError, TransportError
from opencus.transport.models import (
    Booker,
    Booking,
    BookingStatus,
    DayPlan,
    DayPlanTransition,
    DestinationKind,
    PlanStop,
    RideSeries,
    SeriesException,
    TimeMode,
    TransportQuota,
    TransportRules,
)
from opencus.transport.services import Endpoint

#: How many weeks ahead a series may be generated.
MAX_WEEKS_AHEAD = 12
#: The states of a generated ride that an exception or the end of a series cancels.
CANCELLABLE = (BookingStatus.BOOKED, BookingStatus.AWAITING_APPROVAL)


@dataclass(frozen=True)
class DayFailure:
    """A service day of a series whose ride could not be booked, and why."""

    day: dt.date
    reason: str


@dataclass
class GenerationReport:
    """What one run of ``series_generate`` did: the rides created (outbound and return, in day
    order) and the days that failed with their reasons."""

    series: RideSeries
    created: list[Booking] = field(default_factory=list)
    failures: list[DayFailure] = field(default_factory=list)

    @property
    def days(self) -> int:
        return len({booking.day for booking in self.created})


def _actor(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def rules_for(service: ProgrammeService) -> TransportRules | None:
    return TransportRules.objects.filter(service=service).prefetch_related("quotas").first()


# --- Series -----------------------------------------------------------------------------------


def _rules_of_entitlement(entitlement: Entitlement) -> TransportRules:
    rules = rules_for(entitlement.service)
    if rules is None:
        raise SeriesError(
            _("%(service)s is not a transport service: it has no booking rules.")
            % {"service": entitlement.service},
            code="not_transport",
        )
    return rules


def _time_text(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _check_times(
    rules: TransportRules, outbound_time: dt.time, return_time: dt.time | None
) -> None:
    for name, value in (("outbound_time", outbound_time), ("return_time", return_time)):
        if value is None:
            continue
        if not rules.service_starts <= value <= rules.service_ends:
            raise SeriesError(
                {
                    name: _(
                        "The service runs from %(start)s to %(end)s: a pickup at %(time)s is"
                        " outside the service hours."
                    )
                    % {
                        "start": _time_text(rules.service_starts),
                        "end": _time_text(rules.service_ends),
                        "time": _time_text(value),
                    }
                },
                code="service_hours",
            )
    if return_time is not None and return_time <= outbound_time:
        raise SeriesError(
            {"return_time": _("The return pickup must be later than the outbound pickup.")},
            code="return_order",
        )


def _check_weekdays(rules: TransportRules, weekdays: Iterable[int]) -> list[int]:
    days = sorted(set(weekdays))
    if not days:
        raise SeriesError({"weekdays": _("Choose at least one day of the week.")}, code="weekdays")
    if any(not isinstance(d, int) or not 0 <= d <= 6 for d in days):
        raise SeriesError(
            {"weekdays": _("Days of the week are numbers from 0 (Monday) to 6 (Sunday).")},
            code="weekdays",
        )
    outside = [d for d in days if d not in rules.service_weekdays]
    if outside:
        raise SeriesError(
            {
                "weekdays": _("The service does not run on %(days)s.")
                % {"days": ", ".join(weekday_names(outside))}
            },
            code="service_days",
        )
    return days


def weekday_names(days: Iterable[int]) -> list[str]:
    names = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    return [names[d] for d in days if 0 <= d <= 6]


def _check_endpoint(endpoint: Endpoint, name: str) -> None:
    if endpoint.latitude is None or endpoint.longitude is None:
        raise SeriesError(
            {
                name: _(
                    "The address %(address)s has no coordinates: the ride cannot be planned."
                    " Choose a frequent place or add the coordinates to the address."
                )
                % {"address": endpoint.label or "—"}
            },
            code="no_coordinates",
        )


def _check_passengers(
    rules: TransportRules, *, wheelchair: bool, companions: int, assistant: bool, guide_dog: bool
) -> None:
    if wheelchair and not rules.wheelchair_allowed:
        raise SeriesError(
            {"wheelchair": _("This service does not carry wheelchair users.")}, code="wheelchair"
        )
    if companions and (not rules.companion_allowed or companions > rules.max_companions):
        allowed = rules.max_companions if rules.companion_allowed else 0
        raise SeriesError(
            {
                "companions": _("At most %(n)s companions may ride along under the rules.")
                % {"n": allowed}
            },
            code="companions",
        )
    if assistant and not rules.assistant_allowed:
        raise SeriesError(
            {"assistant": _("An assistant may not ride along under the rules.")},
            code="assistant",
        )
    if guide_dog and not rules.guide_dog_allowed:
        raise SeriesError(
            {"guide_dog": _("A guide or assistance dog may not ride under the rules.")},
            code="guide_dog",
        )


@transaction.atomic
def series_create(
    *,
    person: Person,
    entitlement: Entitlement,
    weekdays: Iterable[int],
    outbound_time: dt.time,
    return_time: dt.time | None,
    origin: Endpoint,
    destination: Endpoint,
    destination_kind: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    weeks_ahead: int = 4,
    wheelchair: bool = False,
    companions: int = 0,
    assistant: bool = False,
    guide_dog: bool = False,
    acting_user: Any,
) -> RideSeries:
    """Start recurring rides for ``person`` under their active entitlement to a transport
    service. The rules' service days and hours, passengers and destination kinds apply; the
    booking window and quotas do not (see the module). Rides are generated by
    ``series_generate``."""
    entitlement = Entitlement.objects.select_related("service").get(pk=entitlement.pk)
    if person.archived_at:
        raise SeriesError(
            _("%(person)s is archived: no rides can be arranged.") % {"person": person.full_name},
            code="archived",
        )
    if entitlement.person_id != person.pk:
        raise SeriesError(
            _("The entitlement belongs to another person."), code="entitlement_person"
        )
    if entitlement.status != EntitlementStatus.ACTIVE:
        raise SeriesError(
            _("The entitlement to %(service)s is %(status)s: no rides can be arranged under it.")
            % {"service": entitlement.service, "status": entitlement.get_status_display()},
            code="entitlement_inactive",
        )
    rules = _rules_of_entitlement(entitlement)
    days = _check_weekdays(rules, weekdays)
    _check_times(rules, outbound_time, return_time)
    _check_endpoint(origin, "origin")
    _check_endpoint(destination, "destination")
    if destination_kind not in DestinationKind.values:
        raise SeriesError(
            {"destination_kind": _("Choose the kind of destination.")}, code="destination_kind"
        )
    if rules.destination_kinds and destination_kind not in rules.destination_kinds:
        raise SeriesError(
            {
                "destination_kind": _(
                    "Rides to %(kind)s are not among the service's destinations: they need an"
                    " official's approval, ride by ride."
                )
                % {"kind": DestinationKind(destination_kind).label}
            },
            code="destination_kind",
        )
    _check_passengers(
        rules,
        wheelchair=wheelchair,
        companions=companions,
        assistant=assistant,
        guide_dog=guide_dog,
    )
    if ends_on is not None and ends_on < starts_on:
        raise SeriesError(
            {"ends_on": _("The series cannot end before it starts.")}, code="period_order"
        )
    if entitlement.ends_on is not None and starts_on > entitlement.ends_on:
        raise SeriesError(
            {
                "starts_on": _("The entitlement ends on %(day)s, before the series would start.")
                % {"day": entitlement.ends_on.strftime("%d.%m.%Y")}
            },
            code="entitlement_period",
        )
    if not 1 <= weeks_ahead <= MAX_WEEKS_AHEAD:
        raise SeriesError(
            {
                "weeks_ahead": _("Book from 1 to %(n)s weeks ahead.") % {"n": MAX_WEEKS_AHEAD},
            },
            code="weeks_ahead",
        )
    # A second click, or the same rides arranged twice: one series per person, destination
    # and time on a day (the person's row serialises two clerks).
    Person.objects.select_for_update().filter(pk=person.pk).first()
    for other in RideSeries.objects.filter(
        person=person,
        is_active=True,
        outbound_time=outbound_time,
        destination_label=destination.label[:250],
    ):
        if set(other.weekdays) & set(days) and (
            other.ends_on is None or other.ends_on >= starts_on
        ):
            raise SeriesError(
                _(
                    "%(person)s already has these recurring rides (to %(place)s at %(time)s):"
                    " change that series instead of arranging another."
                )
                % {
                    "person": person.full_name,
                    "place": other.destination_label,
                    "time": other.outbound_time.strftime("%H:%M"),
                },
                code="duplicate",
            )
    assert origin.latitude is not None and origin.longitude is not None  # noqa: S101 - checked
    assert destination.latitude is not None and destination.longitude is not None  # noqa: S101
    series = RideSeries.objects.create(
        person=person,
        entitlement=entitlement,
        weekdays=days,
        origin_place=origin.place,
        origin_label=origin.label[:250],
        origin_latitude=origin.latitude,
        origin_longitude=origin.longitude,
        destination_place=destination.place,
        destination_label=destination.label[:250],
        destination_latitude=destination.latitude,
        destination_longitude=destination.longitude,
        destination_kind=destination_kind,
        outbound_time=outbound_time,
        return_time=return_time,
        wheelchair=wheelchair,
        companions=companions,
        assistant=assistant,
        guide_dog=guide_dog,
        starts_on=starts_on,
        ends_on=ends_on,
        weeks_ahead=weeks_ahead,
        created_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=series,
        changes={
            "weekdays": [None, days],
            "outbound_time": [None, _time_text(outbound_time)],
            "return_time": [None, _time_text(return_time) if return_time else None],
            "starts_on": [None, str(starts_on)],
            "ends_on": [None, str(ends_on) if ends_on else None],
        },
    )
    return series


def _in_exception(day: dt.date, exceptions: list[SeriesException]) -> bool:
    return any(e.starts_on <= day <= e.ends_on for e in exceptions)


def is_service_day(
    series: RideSeries,
    rules: TransportRules,
    day: dt.date,
    exceptions: list[SeriesException],
) -> bool:
    """Whether the series runs on ``day``: one of its weekdays and the service's, not a public
    holiday (unless the service runs on holidays), not in an exception, inside its period."""
    if day < series.starts_on or (series.ends_on is not None and day > series.ends_on):
        return False
    if day.weekday() not in series.weekdays or day.weekday() not in rules.service_weekdays:
        return False
    if clocks.is_holiday(day) and not rules.serves_holidays:
        return False
    return not _in_exception(day, exceptions)


def _leg(
    series: RideSeries,
    rules: TransportRules,
    day: dt.date,
    *,
    back: bool,
    outbound: Booking | None,
    acting_user: Any,
) -> Booking:
    pickup = series.return_time if back else series.outbound_time
    assert pickup is not None  # noqa: S101 - a return leg is made only with a return time
    start = clocks.at(day, pickup)
    there, home = ("destination", "origin") if back else ("origin", "destination")
    if back:
        kind = series.origin_place.kind if series.origin_place else DestinationKind.HOME
    else:
        kind = series.destination_kind
    return Booking(
        person_id=series.person_id,
        entitlement_id=series.entitlement_id,
        day=day,
        origin_place=getattr(series, f"{there}_place"),
        origin_label=getattr(series, f"{there}_label"),
        origin_latitude=getattr(series, f"{there}_latitude"),
        origin_longitude=getattr(series, f"{there}_longitude"),
        destination_place=getattr(series, f"{home}_place"),
        destination_label=getattr(series, f"{home}_label"),
        destination_latitude=getattr(series, f"{home}_latitude"),
        destination_longitude=getattr(series, f"{home}_longitude"),
        destination_kind=kind,
        time_mode=TimeMode.PICKUP,
        requested_time=pickup,
        window_start=start,
        window_end=start + dt.timedelta(minutes=rules.pickup_window_minutes),
        wheelchair=series.wheelchair,
        companions=series.companions,
        assistant=series.assistant,
        guide_dog=series.guide_dog,
        booked_by=Booker.PERSON,
        outbound=outbound,
        series=series,
        status=BookingStatus.BOOKED,
        # The weekly run acts for no one: its rides are booked in the name of who arranged
        # the series.
        created_by=_actor(acting_user) or series.created_by,
        created_at=timezone.now(),
        status_changed_at=timezone.now(),
    )


def _day_generate(
    series: RideSeries, rules: TransportRules, day: dt.date, *, acting_user: Any
) -> list[Booking]:
    """The day's outbound ride and its return, stored and inserted into the day's plan; in a
    savepoint, so a refusal of either leaves nothing of the day."""
    note = _("Recurring ride (series from %(day)s).") % {
        "day": series.starts_on.strftime("%d.%m.%Y")
    }
    # The organiser may have changed the service hours since the series was arranged.
    _check_times(rules, series.outbound_time, series.return_time)
    created: list[Booking] = []
    with transaction.atomic():
        # The day's lock first: bookings of the day are made one at a time.
        services.day_plan_lock(day)
        outbound = services.booking_store(
            _leg(series, rules, day, back=False, outbound=None, acting_user=acting_user)
        )
        services.booking_created(outbound, acting_user=acting_user, note=note)
        services.plan_insert(outbound, acting_user=acting_user, note=note)
        created.append(outbound)
        if series.return_time is not None:
            back = services.booking_store(
                _leg(series, rules, day, back=True, outbound=outbound, acting_user=acting_user)
            )
            services.booking_created(back, acting_user=acting_user, note=note)
            services.plan_insert(back, acting_user=acting_user, note=note)
            created.append(back)
    return created


def _until_default(series: RideSeries) -> dt.date:
    return timezone.localdate() + dt.timedelta(weeks=series.weeks_ahead)


@transaction.atomic
def series_generate(
    series: RideSeries, *, until: dt.date | None = None, acting_user: Any
) -> GenerationReport:
    """Book the series' rides for each of its service days from the day after the last one
    generated (never today or earlier) up to ``until`` (default: today + the series' weeks
    ahead; never past its end). Each day's rides go into the day's plan; a day that does not fit
    is reported in ``failures`` with the reason and nothing of it is kept. Days that already
    have the series' ride are skipped, so running again creates no duplicates."""
    series = (
        RideSeries.objects.select_for_update(of=("self",))
        .select_related("entitlement__service", "person")
        .get(pk=series.pk)
    )
    report = GenerationReport(series=series)
    if not series.is_active:
        return report
    rules = _rules_of_entitlement(series.entitlement)
    until = until or _until_default(series)
    if series.ends_on is not None:
        until = min(until, series.ends_on)
    if series.entitlement.ends_on is not None:
        until = min(until, series.entitlement.ends_on)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    first = max(series.starts_on, tomorrow, series.entitlement.starts_on)
    if series.generated_until is not None:
        first = max(first, series.generated_until + dt.timedelta(days=1))
    if first > until:
        return report
    entitlement = series.entitlement
    if series.person.archived_at:
        report.failures.append(
            DayFailure(
                first,
                _("%(person)s is archived: no rides are booked.")
                % {"person": series.person.full_name},
            )
        )
        return report
    if entitlement.status != EntitlementStatus.ACTIVE:
        # A suspended or ended entitlement books nothing; the series waits (or is ended).
        report.failures.append(
            DayFailure(
                first,
                _("The entitlement to %(service)s is %(status)s: no rides are booked.")
                % {"service": entitlement.service, "status": entitlement.get_status_display()},
            )
        )
        return report
    exceptions = list(series.exceptions.all())
    already = set(
        Booking.objects.filter(series=series, day__gte=first, day__lte=until).values_list(
            "day", flat=True
        )
    )
    reached = until
    day = first
    while day <= until:
        if day not in already and is_service_day(series, rules, day, exceptions):
            try:
                report.created.extend(_day_generate(series, rules, day, acting_user=acting_user))
            except TransportError as refused:
                report.failures.append(DayFailure(day, " ".join(refused.messages)))
                reached = min(reached, day - dt.timedelta(days=1))
            except ValueError:
                # The checker rejected the plan with the ride: a fault, not a rule; the day is
                # reported like any other and tried again at the next run.
                report.failures.append(
                    DayFailure(day, _("The day's plan could not take the ride; try again."))
                )
                reached = min(reached, day - dt.timedelta(days=1))
        day += dt.timedelta(days=1)
    if series.generated_until is None or reached > series.generated_until:
        series.generated_until = reached
        series.save(update_fields=["generated_until"])
    if report.created or report.failures:
        audit_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=series,
            changes={
                "generated_until": [None, str(series.generated_until)],
                "rides_created": len(report.created),
                "days_failed": [str(f.day) for f in report.failures],
            },
        )
    return report


def _release(booking: Booking, plan: DayPlan | None, *, acting_user: Any, note: str) -> None:
    """Take a cancelled booking's stops out of its day's plan (locked by the caller)."""
    if plan is None or not PlanStop.objects.filter(plan=plan, booking=booking).exists():
        return
    PlanStop.objects.filter(plan=plan, booking=booking).delete()
    plan.revision += 1
    plan.save(update_fields=["revision"])
    DayPlanTransition.objects.create(
        plan=plan,
        action="cancelled",
        revision=plan.revision,
        at=timezone.now(),
        actor=_actor(acting_user),
        note=note,
    )


def _cancel_generated(
    series: RideSeries,
    *,
    first: dt.date,
    last: dt.date | None,
    acting_user: Any,
    note: str,
) -> list[Booking]:
    rides = Booking.objects.filter(series=series, day__gte=first, status__in=CANCELLABLE)
    if last is not None:
        rides = rides.filter(day__lte=last)
    cancelled = []
    for ride in rides.order_by("day", "window_start", "id"):
        # The day's plan first, then the ride, in the order every other change takes them.
        plan = DayPlan.objects.select_for_update().filter(day=ride.day).first()
        services.booking_step(ride, BookingStatus.CANCELLED, acting_user=acting_user, note=note)
        _release(ride, plan, acting_user=acting_user, note=note)
        cancelled.append(ride)
    return cancelled


@transaction.atomic
def series_exception_add(
    series: RideSeries,
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    acting_user: Any,
) -> tuple[SeriesException, list[Booking]]:
    """Days without rides (a week away, a stay in hospital). Rides already generated in them
    are cancelled in time (not an offence: the person told the centre), with a note; the
    period's later days are not generated. Refused for a period already past."""
    series = RideSeries.objects.select_for_update().get(pk=series.pk)
    reason = reason.strip()
    if not series.is_active:
        raise SeriesError(_("The series has ended: nothing to change."), code="series_ended")
    if not reason:
        raise SeriesError({"reason": _("Write why there are no rides.")}, code="reason")
    if ends_on < starts_on:
        raise SeriesError(
            {"ends_on": _("The last day cannot be before the first.")}, code="period_order"
        )
    today = timezone.localdate()
    if ends_on < today:
        raise SeriesError(
            {"ends_on": _("The period is already over: there are no rides left to cancel.")},
            code="period_past",
        )
    exception = SeriesException.objects.create(
        series=series,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason[:200],
        created_by=acting_user,
    )
    note = _("No rides %(start)s–%(end)s: %(reason)s") % {
        "start": starts_on.strftime("%d.%m.%Y"),
        "end": ends_on.strftime("%d.%m.%Y"),
        "reason": reason,
    }
    cancelled = _cancel_generated(
        series, first=max(starts_on, today), last=ends_on, acting_user=acting_user, note=note
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=exception,
        changes={
            "period": [None, f"{starts_on}–{ends_on}"],
            "rides_cancelled": [ride.number for ride in cancelled],
        },
    )
    return exception, cancelled


@transaction.atomic
def series_end(series: RideSeries, *, reason: str, acting_user: Any) -> list[Booking]:
    """End the series: no more rides are generated and its rides after today are cancelled in
    time, with the reason as their note. Today's rides stay (the driver may be on the way;
    cancel them one by one)."""
    series = RideSeries.objects.select_for_update().get(pk=series.pk)
    reason = reason.strip()
    if not series.is_active:
        raise SeriesError(_("The series has already ended."), code="series_ended")
    if not reason:
        raise SeriesError({"reason": _("Write why the series ends.")}, code="reason")
    today = timezone.localdate()
    before = {"is_active": True, "ends_on": str(series.ends_on) if series.ends_on else None}
    series.is_active = False
    series.ended_reason = reason
    last = max(today, series.starts_on)
    if series.ends_on is None or series.ends_on > last:
        series.ends_on = last
    series.save(update_fields=["is_active", "ended_reason", "ends_on"])
    note = _("Recurring rides ended: %(reason)s") % {"reason": reason}
    cancelled = _cancel_generated(
        series, first=today + dt.timedelta(days=1), last=None, acting_user=acting_user, note=note
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=series,
        changes={
            "is_active": [before["is_active"], False],
            "ends_on": [before["ends_on"], str(series.ends_on)],
            "rides_cancelled": [ride.number for ride in cancelled],
        },
    )
    return cancelled


def series_extend_all(
    *, until: dt.date | None = None, acting_user: Any = None
) -> list[GenerationReport]:
    """Generate every active series up to ``until`` (default: each one's weeks ahead): the
    weekly run (``manage.py transport_series``)."""
    reports = []
    for series in RideSeries.objects.filter(is_active=True).order_by("id"):
        reports.append(series_generate(series, until=until, acting_user=acting_user))
    return reports


# --- The organiser's rules --------------------------------------------------------------------

#: The fields of ``TransportRules`` the organiser's page edits.
RULES_FIELDS = (
    "book_min_working_days",
    "book_cutoff",
    "book_max_months",
    "cancel_working_days",
    "cancel_cutoff",
    "service_weekdays",
    "serves_holidays",
    "service_starts",
    "service_ends",
    "pickup_window_minutes",
    "max_ride_extra_minutes",
    "boarding_minutes",
    "wheelchair_boarding_minutes",
    "min_age",
    "min_disability_level",
    "dependency_qualifies",
    "excludes_bed_bound",
    "companion_allowed",
    "companion_min_age",
    "max_companions",
    "assistant_allowed",
    "guide_dog_allowed",
    "wheelchair_allowed",
    "destination_kinds",
    "bookers",
    "offence_limit",
)


def rules_validate(values: dict[str, Any]) -> None:
    """The rules' values that make no sense together, refused with a message per field."""
    errors: dict[str, str] = {}
    weekdays = values.get("service_weekdays", [])
    if not weekdays:
        errors["service_weekdays"] = _("Choose at least one day of service.")
    elif any(not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays):
        errors["service_weekdays"] = _("Days of service are numbers from 0 (Monday) to 6 (Sunday).")
    if values["service_ends"] <= values["service_starts"]:
        errors["service_ends"] = _("The service must end later than it starts.")
    unknown_kinds = set(values.get("destination_kinds", [])) - set(DestinationKind.values)
    if unknown_kinds:
        errors["destination_kinds"] = _("Choose kinds of destination from the list.")
    unknown_bookers = set(values.get("bookers", [])) - set(Booker.values)
    if not values.get("bookers"):
        errors["bookers"] = _("Choose at least one who may book.")
    elif unknown_bookers:
        errors["bookers"] = _("Choose who may book from the list.")
    if values["pickup_window_minutes"] < 5:
        errors["pickup_window_minutes"] = _("A pickup window is at least 5 minutes wide.")
    if values["book_max_months"] < 1:
        errors["book_max_months"] = _("Allow booking at least 1 month ahead.")
    if errors:
        raise SeriesError(errors, code="rules_invalid")


@transaction.atomic
def rules_save(
    *, service: ProgrammeService, values: dict[str, Any], acting_user: Any
) -> TransportRules:
    """Set the booking rules of a transport service (created at the first save). Audited
    field by field."""
    values = {name: values[name] for name in RULES_FIELDS if name in values}
    values["service_weekdays"] = sorted(int(d) for d in values.get("service_weekdays", []))
    # The service's row first: two first saves at once must not both create the rules.
    ProgrammeService.objects.select_for_update().filter(pk=service.pk).first()
    rules = TransportRules.objects.select_for_update().filter(service=service).first()
    merged = {
        name: values.get(name, getattr(rules or TransportRules(), name)) for name in RULES_FIELDS
    }
    rules_validate(merged)
    if rules is None:
        rules = TransportRules.objects.create(service=service, **merged)
        audit_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=rules,
            changes={name: [None, _plain(value)] for name, value in merged.items()},
        )
        return rules
    changes = model_changes(rules, merged)
    if changes:
        for name, value in merged.items():
            setattr(rules, name, value)
        rules.save(update_fields=list(merged))
        audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=rules, changes=changes)
    return rules


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | list):
        return value
    return str(value)


@transaction.atomic
def quota_add(
    *, rules: TransportRules, units: int, period: str, counts: str, acting_user: Any
) -> TransportQuota:
    """Add a limit (e.g. 2 one-way rides a month) to the rules; audited."""
    if units < 1:
        raise SeriesError({"units": _("A limit is at least 1.")}, code="quota_units")
    quota = TransportQuota.objects.create(rules=rules, units=units, period=period, counts=counts)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=quota,
        changes={"rules": str(rules), "quota": [None, str(quota)]},
    )
    return quota


@transaction.atomic
def quota_remove(*, quota: TransportQuota, acting_user: Any) -> None:
    """Remove a limit: configuration, not case data, so the row goes; the audit row keeps what
    it was."""
    text, rules = str(quota), quota.rules
    audit_record(
        actor=acting_user,
        action=AuditAction.DELETE,
        obj=quota,
        changes={"rules": str(rules), "quota": [text, None]},
    )
    quota.delete()
