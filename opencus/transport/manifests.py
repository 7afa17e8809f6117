"""The driver's manifest and the fleet (issue 11): marking stops, the dispatcher's decisions
that follow a no-show or a refused ledger entry, and the changes of vehicles, drivers and
shifts.

**Marks.** The driver of the vehicle's shift on the day (``Driver.user``), or a dispatcher,
marks each stop of a vehicle's manifest (``stop_mark``):

- *picked up* → the booking is on board;
- *dropped off* → the ride is completed and one unit goes into the delivery ledger
  (``delivery.services.delivery_record``: in house when the centre delivers the service
  itself, priced by the provider's contract line otherwise). A drop-off marked without the
  pick-up marks the pick-up too: a passenger dropped off was picked up;
- *no-show* → the booking is a no-show, counted against the person under the rules'
  offence limit (``models.OFFENCES``); when it was an outbound ride whose return is still
  booked, the dispatcher is asked whether to cancel the return (``return_cancel`` /
  ``return_keep``).

A driver marks only on the ride's day; a dispatcher on that day or later (a forgotten mark),
never before. A second tap of the same mark records nothing again; a mark the ride's state has
moved past (a pick-up after the drop-off) is refused with the state in words.

**When the ledger refuses.** The ride happened: the passenger was taken there. So the
drop-off completes the ride whatever the ledger says, and a refusal (the allowance used up, no
contract line in force, a settled month) is kept on the booking (``ledger_refusal``) and
listed for the dispatcher, who records it again once the organiser has fixed the cause
(``ride_ledger_retry``). Refusing the mark instead would leave the driver's manifest wrong and
lose what happened on the road.

**Fleet.** ``vehicle_save``, ``unavailability_add``, ``driver_save``, ``shift_save`` and
``shift_remove`` refuse what the plan cannot use (``FleetError``): a second shift of a vehicle
on a day, a driver on two overlapping shifts, a shift on a day the vehicle is out of service
or on a vehicle not in service, a driver's account without the driver role, hours or a removal
that would leave the day's planned stops without their shift.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.core.audit import audit_record, model_changes
from opencus.core.dates import add_months
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.services import delivery_record
from opencus.transport import adapter, clocks
from opencus.transport.capabilities import TRANSPORT_DISPATCH, TRANSPORT_DRIVE
from opencus.transport.errors import BookingStateError, FleetError, ManifestError
from opencus.transport.models import (
    OFFENCES,
    Booking,
    BookingStatus,
    DayPlanTransition,
    Driver,
    PlanStop,
    ReturnQuestion,
    Shift,
    StopKind,
    TransportRules,
    Vehicle,
    VehicleUnavailability,
)
from opencus.transport.services import booking_step, day_plan_lock

PICKED_UP = "picked_up"
DROPPED_OFF = "dropped_off"
NO_SHOW = "no_show"

#: The marks, in words (the buttons' labels).
MARKS: dict[str, Any] = {
    PICKED_UP: gettext_lazy("Picked up"),
    DROPPED_OFF: gettext_lazy("Dropped off"),
    NO_SHOW: gettext_lazy("No-show"),
}
#: The status each mark leads to.
TARGET = {
    PICKED_UP: BookingStatus.ON_BOARD,
    DROPPED_OFF: BookingStatus.COMPLETED,
    NO_SHOW: BookingStatus.NO_SHOW,
}
#: The kind of stop each mark belongs to.
STOP_OF = {PICKED_UP: StopKind.PICKUP, DROPPED_OFF: StopKind.DROPOFF, NO_SHOW: StopKind.PICKUP}
#: Return rides still waiting to be driven (the ones a decision can cancel).
OPEN = (BookingStatus.BOOKED, BookingStatus.AWAITING_APPROVAL)

AFTER_NO_SHOW = gettext_lazy("after a no-show on the outbound ride")


# --- Reading ----------------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def is_dispatcher(user: Any) -> bool:
    return has_capability(user, TRANSPORT_DISPATCH)


def driver_shifts(user: Any, day: dt.date) -> list[Shift]:
    """The shifts ``user`` drives on ``day`` (through their ``Driver`` record)."""
    if not has_capability(user, TRANSPORT_DRIVE):
        return []
    return list(
        Shift.objects.select_related("vehicle", "driver")
        .filter(driver__user=user, driver__is_active=True, day=day)
        .order_by("starts_at")
    )


def may_read(user: Any, vehicle: Vehicle, day: dt.date) -> bool:
    """A dispatcher reads every vehicle's manifest on any day; a driver only the vehicle they
    drive today, on today's shift."""
    if is_dispatcher(user):
        return True
    return day == today() and any(s.vehicle_id == vehicle.pk for s in driver_shifts(user, day))


@dataclass(frozen=True)
class Manifest:
    """One vehicle's day: its shift (with the driver) and its stops in order."""

    vehicle: Vehicle
    day: dt.date
    shift: Shift | None
    stops: list[PlanStop]

    @property
    def special(self) -> list[str]:
        """The rides whose needs tell something of the passenger's health (a wheelchair, an
        assistant, a guide or assistance dog): special-category data (GDPR art. 9)."""
        return sorted(
            {
                stop.booking.number
                for stop in self.stops
                if stop.booking.wheelchair or stop.booking.assistant or stop.booking.guide_dog
            }
        )


def manifest_of(vehicle: Vehicle, day: dt.date) -> Manifest:
    """The vehicle's stops on ``day`` in the order of its route, with their bookings and
    passengers (for the page and the PDF: one query for the stops)."""
    shift = Shift.objects.select_related("driver").filter(vehicle=vehicle, day=day).first()
    stops = list(
        PlanStop.objects.select_related("booking__person", "booking__return_ride", "plan")
        .filter(plan__day=day, vehicle=vehicle)
        .order_by("position")
    )
    return Manifest(vehicle=vehicle, day=day, shift=shift, stops=stops)


def manifest_read(*, manifest: Manifest, acting_user: Any, what: str) -> None:
    """Record the reading of a manifest that shows special-category data (``what``: "page"
    or "pdf"): the wheelchair, assistant and guide-dog flags reveal something of the
    passengers' health. A manifest without them writes nothing."""
    numbers = manifest.special
    if not numbers:
        return
    audit_record(
        actor=acting_user,
        action=AuditAction.VIEW_SENSITIVE,
        obj=manifest.vehicle,
        changes={"read": f"manifest_{what}", "day": str(manifest.day), "rides": numbers},
    )


# --- Marks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkResult:
    """What a mark did: the booking as it now is, whether it was only a repeat of the same
    mark (nothing recorded), and the ledger's refusal when the ride completed without its
    entry."""

    booking: Booking
    repeated: bool = False
    ledger_refusal: str = ""
    #: After a no-show: the person's late cancellations and no-shows in the ride's month, and
    #: the rules' limit before their bookings need an official's approval.
    offences: int = 0
    offence_limit: int | None = None


def offences_in_month(booking: Booking) -> tuple[int, int | None]:
    """The person's late cancellations and no-shows in the month of ``booking``'s day
    (``models.OFFENCES``), and the service's ``offence_limit`` (``None`` without rules)."""
    start = booking.day.replace(day=1)
    end = add_months(start, 1)
    count = Booking.objects.filter(
        person_id=booking.person_id, status__in=OFFENCES, day__gte=start, day__lt=end
    ).count()
    rules = TransportRules.objects.filter(service_id=booking.entitlement.service_id).first()
    return count, (rules.offence_limit if rules is not None else None)


def _mark_check(stop: PlanStop, what: str, acting_user: Any) -> None:
    day = stop.plan.day
    now = today()
    if is_dispatcher(acting_user):
        if day > now:
            raise ManifestError(
                _("The ride is on %(day)s: it cannot be marked before its day.")
                % {"day": day_text(day)},
                code="future",
            )
    else:
        drives = Shift.objects.filter(
            vehicle_id=stop.vehicle_id,
            day=day,
            driver__user=acting_user,
            driver__is_active=True,
        ).exists()
        if not (drives and has_capability(acting_user, TRANSPORT_DRIVE)):
            raise ManifestError(
                _("Only the driver of this vehicle's shift or a dispatcher may mark its stops."),
                code="not_yours",
            )
        if day != now:
            raise ManifestError(
                _(
                    "The ride is on %(day)s: a driver marks rides on their day only; a"
                    " dispatcher corrects a past day."
                )
                % {"day": day_text(day)},
                code="not_today",
            )
    if STOP_OF[what] != stop.kind:
        raise ManifestError(
            _("A %(kind)s stop cannot be marked “%(mark)s”.")
            % {"kind": stop.get_kind_display(), "mark": MARKS[what]},
            code="wrong_stop",
        )


def _done(booking: Booking, *kinds: str, at: dt.datetime) -> None:
    PlanStop.objects.filter(booking=booking, kind__in=kinds, done_at__isnull=True).update(
        done_at=at
    )


def _moved_on(booking: Booking, what: str) -> BookingStateError:
    return BookingStateError(
        _("Ride %(number)s is already %(status)s: it cannot be marked “%(mark)s” now.")
        % {
            "number": booking.number,
            "status": booking.get_status_display(),
            "mark": MARKS[what],
        },
        code="moved_on",
    )


@transaction.atomic
def stop_mark(*, stop: PlanStop, what: str, acting_user: Any) -> MarkResult:
    """Mark ``stop`` picked up, dropped off or no-show (``what``), as the module says. Holds
    the day's plan lock (the dispatcher cannot re-plan the stop away meanwhile) and the
    booking's row lock (two taps are served one after the other; the second records
    nothing)."""
    if what not in MARKS:
        raise ManifestError(_("Choose picked up, dropped off or no-show."), code="mark")
    day_plan_lock(stop.plan.day)
    found = PlanStop.objects.select_related("plan", "booking").filter(pk=stop.pk).first()
    if found is None:
        raise ManifestError(
            _("The dispatcher changed the plan: this stop is no longer on it. Reload the page."),
            code="stale",
        )
    _mark_check(found, what, acting_user)
    booking = Booking.objects.select_for_update().get(pk=found.booking_id)
    now = timezone.now()
    target = TARGET[what]
    if booking.status == target:
        _done(booking, found.kind, at=now)
        return MarkResult(booking=booking, repeated=True, ledger_refusal=booking.ledger_refusal)
    if booking.status != BookingStatus.BOOKED and not (
        what == DROPPED_OFF and booking.status == BookingStatus.ON_BOARD
    ):
        raise _moved_on(booking, what)
    if what == PICKED_UP:
        booking = booking_step(booking, BookingStatus.ON_BOARD, acting_user=acting_user)
        _done(booking, StopKind.PICKUP, at=now)
        return MarkResult(booking=booking)
    if what == NO_SHOW:
        booking = booking_step(booking, BookingStatus.NO_SHOW, acting_user=acting_user)
        # Neither stop is driven any more: the drop-off is skipped too.
        _done(booking, StopKind.PICKUP, StopKind.DROPOFF, at=now)
        return_ride = Booking.objects.filter(outbound=booking, status__in=OPEN).first()
        if return_ride is not None:
            booking.return_question = ReturnQuestion.ASKED
            booking.save(update_fields=["return_question"])
        offences, limit = offences_in_month(booking)
        return MarkResult(booking=booking, offences=offences, offence_limit=limit)
    if booking.status == BookingStatus.BOOKED:
        booking = booking_step(
            booking,
            BookingStatus.ON_BOARD,
            acting_user=acting_user,
            note=_("Picked up: marked with the drop-off."),
        )
        _done(booking, StopKind.PICKUP, at=now)
    booking = booking_step(booking, BookingStatus.COMPLETED, acting_user=acting_user)
    _done(booking, StopKind.DROPOFF, at=now)
    refusal = _ledger(booking, acting_user)
    booking.refresh_from_db()
    return MarkResult(booking=booking, ledger_refusal=refusal)


def _ledger(booking: Booking, acting_user: Any) -> str:
    """One unit for the completed ride in the delivery ledger; the ledger's refusal in words
    ("" when recorded), kept on the booking for the dispatcher. The ledger's own savepoint
    undoes whatever it began when it refuses; the ride stays completed."""
    try:
        record = delivery_record(
            entitlement=booking.entitlement,
            delivered_on=booking.day,
            units=1,
            acting_user=acting_user,
            note=_("Senior taxi ride %(number)s") % {"number": booking.number},
            recorder_checked=True,
        )
    except DeliveryAlreadyRecorded as repeated:
        record = repeated.record
    except DeliveryError as refused:
        booking.ledger_refusal = refused.text
        booking.save(update_fields=["ledger_refusal"])
        audit_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=booking,
            changes={"ledger_refusal": [None, refused.code]},
        )
        return booking.ledger_refusal
    booking.delivery_record = record
    booking.ledger_refusal = ""
    booking.save(update_fields=["delivery_record", "ledger_refusal"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=booking,
        changes={"delivery_record": [None, str(record.pk)]},
    )
    return ""


@transaction.atomic
def ride_ledger_retry(*, booking: Booking, acting_user: Any) -> Booking:
    """Record a completed ride the ledger refused, once its cause is fixed (a contract line
    added, the allowance raised): a dispatcher's step. Refused with the ledger's reason when it
    refuses again; a ride already recorded is not recorded twice."""
    if not is_dispatcher(acting_user):
        raise ManifestError(_("Only a dispatcher resolves the ledger's refusals."), code="who")
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.status != BookingStatus.COMPLETED or locked.delivery_record_id is not None:
        raise ManifestError(
            _("Ride %(number)s has nothing to record: it is %(status)s%(recorded)s.")
            % {
                "number": locked.number,
                "status": locked.get_status_display(),
                "recorded": _(", in the ledger already") if locked.delivery_record_id else "",
            },
            code="nothing_to_record",
        )
    refusal = _ledger(locked, acting_user)
    if refusal:
        raise ManifestError(
            _("The ledger refused ride %(number)s again: %(reason)s")
            % {"number": locked.number, "reason": refusal},
            code="ledger_refused",
        )
    return locked


# --- The return after a no-show -----------------------------------------------------------------


def _question(outbound: Booking) -> tuple[Booking, Booking]:
    locked = Booking.objects.select_for_update().get(pk=outbound.pk)
    return_ride = Booking.objects.select_for_update().filter(outbound=locked).first()
    if locked.return_question != ReturnQuestion.ASKED or return_ride is None:
        raise ManifestError(
            _("The return of ride %(number)s was decided already (%(decision)s).")
            % {
                "number": locked.number,
                "decision": locked.get_return_question_display() or _("nothing to decide"),
            },
            code="decided",
        )
    if return_ride.status not in OPEN:
        raise BookingStateError(
            _("The return ride %(number)s is already %(status)s: there is nothing to decide.")
            % {"number": return_ride.number, "status": return_ride.get_status_display()},
            code="moved_on",
        )
    return locked, return_ride


def _decider_check(acting_user: Any) -> None:
    if not is_dispatcher(acting_user):
        raise ManifestError(_("Only a dispatcher decides the return after a no-show."), code="who")


@transaction.atomic
def return_cancel(*, outbound: Booking, acting_user: Any) -> Booking:
    """After a no-show on ``outbound``, cancel its return ride: cancelled in time (not the
    person's offence: the passenger did not ask for it), with the note "after a no-show on
    the outbound ride", and taken out of its day's plan. Returns the return ride."""
    _decider_check(acting_user)
    # The day's plan first, then the rides, in the order every other change takes them (the
    # return is on its outbound's day).
    plan = day_plan_lock(outbound.day)
    locked, return_ride = _question(outbound)
    removed = PlanStop.objects.filter(plan=plan, booking=return_ride).delete()[0]
    note = str(AFTER_NO_SHOW)
    return_ride = booking_step(
        return_ride, BookingStatus.CANCELLED, acting_user=acting_user, note=note
    )
    if return_ride.vehicle_id is not None and not return_ride.vehicle_pinned:
        return_ride.vehicle = None
        return_ride.save(update_fields=["vehicle"])
    if removed:
        plan.revision += 1
        plan.save(update_fields=["revision"])
        DayPlanTransition.objects.create(
            plan=plan,
            action="cancelled",
            revision=plan.revision,
            at=timezone.now(),
            actor=acting_user,
            note=f"{return_ride.number}: {note}",
        )
    locked.return_question = ReturnQuestion.CANCELLED
    locked.save(update_fields=["return_question"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"return_question": [ReturnQuestion.ASKED, ReturnQuestion.CANCELLED]},
    )
    return return_ride


@transaction.atomic
def return_keep(*, outbound: Booking, acting_user: Any) -> Booking:
    """After a no-show on ``outbound``, keep its return ride as booked (the passenger went
    there another way and still needs the ride home). Returns the return ride."""
    _decider_check(acting_user)
    locked, return_ride = _question(outbound)
    locked.return_question = ReturnQuestion.KEPT
    locked.save(update_fields=["return_question"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"return_question": [ReturnQuestion.ASKED, ReturnQuestion.KEPT]},
    )
    return return_ride


# --- The fleet --------------------------------------------------------------------------------


def _changes(obj: Any, created: bool, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """The audit row's ``{field: [old, new]}``; a new record has no old values (and its
    related fields cannot be read before they are set)."""
    if not created:
        return model_changes(obj, fields)
    return {name: [None, _plain(value)] for name, value in fields.items()}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(getattr(value, "pk", value))


def _audit_save(obj: Any, created: bool, changes: dict[str, list[Any]], acting_user: Any) -> None:
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=obj,
        changes=changes,
    )


def _future_shift_days(vehicle: Vehicle, start: dt.date, end: dt.date | None = None) -> list[str]:
    shifts = Shift.objects.filter(vehicle=vehicle, day__gte=start)
    if end is not None:
        shifts = shifts.filter(day__lte=end)
    return [day_text(day) for day in shifts.order_by("day").values_list("day", flat=True)[:5]]


@transaction.atomic
def vehicle_save(*, vehicle: Vehicle | None, acting_user: Any, **fields: Any) -> Vehicle:
    """Add a vehicle (``vehicle`` None) or change one: name, registration, seats, wheelchair
    places, depot, provider, in service, notes. Taking a vehicle out of service is refused
    while it has shifts from today on (remove them first, so no plan counts on it)."""
    created = vehicle is None
    if vehicle is None:
        vehicle = Vehicle()
    else:
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    if not fields.get("is_active", True) and vehicle.pk is not None:
        days = _future_shift_days(vehicle, today())
        if days:
            raise FleetError(
                {
                    "is_active": _(
                        "%(vehicle)s has shifts from today on (%(days)s): remove them before"
                        " taking it out of service."
                    )
                    % {"vehicle": vehicle.name, "days": ", ".join(days)}
                },
                code="has_shifts",
            )
    shrinks = not created and (
        fields.get("seats", vehicle.seats) < vehicle.seats
        or fields.get("wheelchair_places", vehicle.wheelchair_places) < vehicle.wheelchair_places
        or fields.get("depot", vehicle.depot) != vehicle.depot
    )
    changes = _changes(vehicle, created, fields)
    for name, value in fields.items():
        setattr(vehicle, name, value)
    vehicle.save()
    if shrinks:
        _plans_still_hold(vehicle)
    _audit_save(vehicle, created, changes, acting_user)
    return vehicle


def _plans_still_hold(vehicle: Vehicle) -> None:
    """Fewer places or another depot must not break a plan that counts on the vehicle: every
    day from today with stops still to drive on it is checked again (under the day's lock)
    with the vehicle as changed; otherwise the change is refused (and rolled back)."""
    days = sorted(
        set(
            PlanStop.objects.filter(
                vehicle=vehicle, plan__day__gte=today(), done_at__isnull=True
            ).values_list("plan__day", flat=True)
        )
    )
    broken = []
    for day in days:
        day_plan_lock(day)
        planner_day = adapter.day_of(day)
        routing = adapter.stored_routes(planner_day)
        try:
            adapter.planned_stops(planner_day, routing)
        except ValueError:
            broken.append(day)
    if broken:
        raise FleetError(
            _(
                "The plans of %(days)s count on %(vehicle)s as it was: with fewer places or"
                " another depot they no longer hold. The dispatcher moves those rides first."
            )
            % {"days": ", ".join(day_text(day) for day in broken[:5]), "vehicle": vehicle.name},
            code="has_stops",
        )


@transaction.atomic
def unavailability_add(
    *,
    vehicle: Vehicle,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    acting_user: Any,
) -> VehicleUnavailability:
    """The vehicle is out of service from ``starts_on`` to ``ends_on`` (a repair, an
    inspection). Refused when the days are in the wrong order, without a reason, or while the
    vehicle has shifts on those days (remove or move them first)."""
    locked = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    if ends_on < starts_on:
        raise FleetError(
            {"ends_on": _("The last day cannot be before the first day.")}, code="order"
        )
    if not reason.strip():
        raise FleetError({"reason": _("Write why the vehicle is out of service.")}, code="reason")
    days = _future_shift_days(locked, starts_on, ends_on)
    if days:
        raise FleetError(
            _(
                "%(vehicle)s has shifts on those days (%(days)s): remove or move them before"
                " taking it out of service."
            )
            % {"vehicle": locked.name, "days": ", ".join(days)},
            code="has_shifts",
        )
    period = VehicleUnavailability.objects.create(
        vehicle=locked, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=period,
        changes={"starts_on": [None, str(starts_on)], "ends_on": [None, str(ends_on)]},
    )
    return period


@transaction.atomic
def driver_save(*, driver: Driver | None, acting_user: Any, **fields: Any) -> Driver:
    """Add a driver or change one: name, phone, provider, active, and the user account they
    sign in with, which must hold the driver role and belong to no other driver."""
    created = driver is None
    driver = Driver() if driver is None else Driver.objects.select_for_update().get(pk=driver.pk)
    user = fields.get("user")
    if user is not None:
        if not has_capability(user, TRANSPORT_DRIVE):
            raise FleetError(
                {
                    "user": _(
                        "The account %(username)s is not in the driver role: ask the"
                        " administrator to give it the role first."
                    )
                    % {"username": user.get_username()}
                },
                code="not_a_driver",
            )
        other = Driver.objects.filter(user=user).exclude(pk=driver.pk).first()
        if other is not None:
            raise FleetError(
                {
                    "user": _("The account %(username)s already belongs to driver %(name)s.")
                    % {"username": user.get_username(), "name": other.name}
                },
                code="account_taken",
            )
    changes = _changes(driver, created, fields)
    for name, value in fields.items():
        setattr(driver, name, value)
    try:
        with transaction.atomic():
            driver.save()
    except IntegrityError as error:  # the same account given to another driver at this moment
        raise FleetError(
            {"user": _("The account already belongs to another driver.")}, code="account_taken"
        ) from error
    _audit_save(driver, created, changes, acting_user)
    return driver


def _overlaps(a_start: dt.time, a_end: dt.time, b_start: dt.time, b_end: dt.time) -> bool:
    return a_start < b_end and b_start < a_end


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


@transaction.atomic
def shift_save(
    *,
    shift: Shift | None,
    vehicle: Vehicle,
    driver: Driver | None,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    acting_user: Any,
) -> Shift:
    """Add a shift or change one. Refused (``FleetError``, nothing changes) when it ends before
    it starts, the vehicle already has a shift that day (one per vehicle and day), the driver
    drives another shift at overlapping hours, the vehicle is not in service or out of service
    that day, the driver is not active, or the day's planned stops of the vehicle would fall
    outside the new hours or go to another vehicle. Holds the day's plan lock: the plan is
    built from the shifts."""
    if ends_at <= starts_at:
        raise FleetError(
            {
                "ends_at": _("The shift must end after it starts (%(start)s).")
                % {"start": _hhmm(starts_at)}
            },
            code="order",
        )
    # The days' plans first (the old day too, when the shift moves), in date order.
    old_day = (
        Shift.objects.filter(pk=shift.pk).values_list("day", flat=True).first() if shift else None
    )
    for locked_day in sorted({day, old_day or day}):
        day_plan_lock(locked_day)
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    if not vehicle.is_active:
        raise FleetError(
            {"vehicle": _("%(vehicle)s is not in service.") % {"vehicle": vehicle.name}},
            code="vehicle_inactive",
        )
    away = vehicle.unavailable.filter(starts_on__lte=day, ends_on__gte=day).first()
    if away is not None:
        raise FleetError(
            {
                "day": _("%(vehicle)s is out of service from %(start)s to %(end)s (%(reason)s).")
                % {
                    "vehicle": vehicle.name,
                    "start": day_text(away.starts_on),
                    "end": day_text(away.ends_on),
                    "reason": away.reason,
                }
            },
            code="vehicle_away",
        )
    same = Shift.objects.filter(vehicle=vehicle, day=day)
    if shift is not None:
        same = same.exclude(pk=shift.pk)
    twin = same.first()
    if twin is not None:
        raise FleetError(
            _(
                "%(vehicle)s already has a shift on %(day)s (%(start)s–%(end)s): a vehicle has"
                " one shift a day. Change that shift instead."
            )
            % {
                "vehicle": vehicle.name,
                "day": day_text(day),
                "start": _hhmm(twin.starts_at),
                "end": _hhmm(twin.ends_at),
            },
            code="duplicate",
        )
    if driver is not None:
        driver = Driver.objects.select_for_update().get(pk=driver.pk)
        if not driver.is_active:
            raise FleetError(
                {"driver": _("%(name)s is not an active driver.") % {"name": driver.name}},
                code="driver_inactive",
            )
        theirs = Shift.objects.select_related("vehicle").filter(driver=driver, day=day)
        if shift is not None:
            theirs = theirs.exclude(pk=shift.pk)
        for other in theirs:
            if _overlaps(starts_at, ends_at, other.starts_at, other.ends_at):
                raise FleetError(
                    {
                        "driver": _(
                            "%(name)s already drives %(vehicle)s on %(day)s from %(start)s to"
                            " %(end)s: the shifts overlap."
                        )
                        % {
                            "name": driver.name,
                            "vehicle": other.vehicle.name,
                            "day": day_text(day),
                            "start": _hhmm(other.starts_at),
                            "end": _hhmm(other.ends_at),
                        }
                    },
                    code="overlap",
                )
    if shift is not None:
        shift = Shift.objects.select_for_update().get(pk=shift.pk)
        _planned_stops_check(shift, vehicle, day, starts_at, ends_at)
    created = shift is None
    values = {
        "vehicle": vehicle,
        "driver": driver,
        "day": day,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    shift = shift or Shift()
    changes = _changes(shift, created, values)
    for name, value in values.items():
        setattr(shift, name, value)
    shift.save()
    _audit_save(shift, created, changes, acting_user)
    return shift


def _planned_stops_check(
    shift: Shift, vehicle: Vehicle, day: dt.date, starts_at: dt.time, ends_at: dt.time
) -> None:
    """Changing a shift must not strand the stops already planned on it."""
    stops = PlanStop.objects.filter(plan__day=shift.day, vehicle_id=shift.vehicle_id)
    if not stops.exists():
        return
    moved = vehicle.pk != shift.vehicle_id or day != shift.day
    first = stops.order_by("planned_at").first()
    last = stops.order_by("-planned_at").first()
    assert first is not None and last is not None  # noqa: S101 - stops exist
    start = clocks.at(day, starts_at)
    end = clocks.at(day, ends_at)
    if moved or first.planned_at < start or last.planned_at > end:
        raise FleetError(
            _(
                "%(count)s stops are planned on this shift from %(first)s to %(last)s: the"
                " dispatcher moves them in the day's plan before the shift can change."
            )
            % {
                "count": stops.count(),
                "first": timezone.localtime(first.planned_at).strftime("%H:%M"),
                "last": timezone.localtime(last.planned_at).strftime("%H:%M"),
            },
            code="has_stops",
        )


@transaction.atomic
def shift_remove(*, shift: Shift, acting_user: Any) -> None:
    """Remove a shift no stop is planned on (shifts are schedules, not case data: removing
    one keeps its audit row). Refused while the day's plan has stops on the vehicle."""
    day_plan_lock(shift.day)
    locked = Shift.objects.select_for_update().get(pk=shift.pk)
    count = PlanStop.objects.filter(plan__day=locked.day, vehicle_id=locked.vehicle_id).count()
    if count:
        raise FleetError(
            _(
                "%(count)s stops are planned on %(vehicle)s on %(day)s: the dispatcher moves"
                " them to another vehicle before the shift can go."
            )
            % {"count": count, "vehicle": locked.vehicle.name, "day": day_text(locked.day)},
            code="has_stops",
        )
    audit_record(
        actor=acting_user,
        action=AuditAction.DELETE,
        obj=locked,
        changes={"day": [str(locked.day), None], "vehicle": [str(locked.vehicle_id), None]},
    )
    locked.delete()
