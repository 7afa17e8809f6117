"""Every state change of the senior taxi's bookings and day plans goes through here.

The foundations the other modules build on:

- :func:`booking_step` moves a booking along its lifecycle (the allowed steps are
  ``STEPS``), under a row lock, with a transition row and an audit row;
- :func:`day_plan_lock` takes the day's plan row lock: every change of a day's bookings or
  stops holds it, so two clerks booking the last place at once are served one after the other
  and the second sees the first's ride;
- :func:`stops_save` stores a routing plan as the day's ordered stops (after the independent
  checker has passed it) and bumps the plan's revision.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.intake.models import Entitlement, EntitlementStatus
from opencus.people.capabilities import PERSON_SENSITIVE_VIEW
from opencus.people.models import Person
from opencus.routing.insertion import PreparedDay, insertion_options
from opencus.routing.model import Plan
from opencus.transport import adapter, clocks
from opencus.transport import rules as booking_rules
from opencus.transport.capabilities import TRANSPORT_APPROVE, TRANSPORT_BOOK
from opencus.transport.errors import (
    BookingRuleError,
    BookingStateError,
    NoCapacityError,
    TransportError,
)
from opencus.transport.models import (
    Booker,
    Booking,
    BookingStatus,
    BookingTransition,
    DayPlan,
    DayPlanTransition,
    DestinationKind,
    Place,
    PlanStop,
    TimeMode,
    TransportRules,
)

#: The steps a booking may take (from → allowed targets).
STEPS: dict[str, frozenset[str]] = {
    BookingStatus.AWAITING_APPROVAL: frozenset(
        {BookingStatus.BOOKED, BookingStatus.REFUSED, BookingStatus.CANCELLED}
    ),
    BookingStatus.BOOKED: frozenset(
        {
            BookingStatus.ON_BOARD,
            BookingStatus.CANCELLED,
            BookingStatus.LATE_CANCELLED,
            BookingStatus.NO_SHOW,
        }
    ),
    BookingStatus.ON_BOARD: frozenset({BookingStatus.COMPLETED}),
    BookingStatus.COMPLETED: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
    BookingStatus.LATE_CANCELLED: frozenset(),
    BookingStatus.NO_SHOW: frozenset(),
    BookingStatus.REFUSED: frozenset(),
}


def _actor(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


@transaction.atomic
def booking_step(booking: Booking, to_status: str, *, acting_user: Any, note: str = "") -> Booking:
    """Move ``booking`` to ``to_status`` if its lifecycle allows it (``STEPS``); refused with
    ``BookingStateError`` (code ``state``) otherwise. Locks the row, writes a transition row
    and an audit row. Callers check their own rules (deadlines, who may) first."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if to_status not in STEPS[locked.status]:
        raise BookingStateError(
            _("Ride %(number)s is %(status)s: it cannot become %(target)s.")
            % {
                "number": locked.number,
                "status": locked.get_status_display(),
                "target": BookingStatus(to_status).label,
            },
            code="state",
        )
    before = locked.status
    locked.status = to_status
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "status_changed_at"])
    BookingTransition.objects.create(
        booking=locked,
        from_status=before,
        to_status=to_status,
        at=locked.status_changed_at,
        actor=_actor(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [before, to_status]},
    )
    return locked


def booking_created(booking: Booking, *, acting_user: Any, note: str = "") -> None:
    """The first transition and audit rows of a booking just created."""
    BookingTransition.objects.create(
        booking=booking,
        from_status="",
        to_status=booking.status,
        at=booking.created_at,
        actor=_actor(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=booking,
        changes={"status": [None, booking.status], "day": [None, str(booking.day)]},
    )


def day_plan_lock(day: dt.date) -> DayPlan:
    """The day's plan, created when missing, locked until the transaction ends. Must be
    called inside ``transaction.atomic``."""
    DayPlan.objects.get_or_create(day=day)
    return DayPlan.objects.select_for_update().get(day=day)


def stops_save(
    plan: DayPlan,
    planner_day: adapter.Day,
    routing_plan: Plan,
    *,
    action: str,
    acting_user: Any,
    note: str = "",
    optimised: bool = False,
) -> DayPlan:
    """Store ``routing_plan`` as ``plan``'s stops (replacing the previous ones, except those the
    drivers have marked done, which are kept as they were), set each
    planned booking's vehicle, bump the revision and write a transition row (``action``:
    "inserted", "optimised", "moved", "pinned", "published"…). The plan must be locked
    (``day_plan_lock``). The checker recomputes the schedule; a plan it rejects raises
    ``ValueError`` and nothing is stored."""
    stops, cost = adapter.planned_stops(planner_day, routing_plan)
    # Stops the drivers have already marked are history: they stay, first on their vehicle in
    # the order they were done, with their times; the plan only rearranges what is to come.
    done = list(
        PlanStop.objects.filter(plan=plan, done_at__isnull=False).order_by("done_at", "position")
    )
    done_keys = {(stop.booking_id, stop.kind) for stop in done}
    routes: dict[int, list[PlanStop]] = {}
    for kept in done:
        routes.setdefault(kept.vehicle_id, []).append(
            PlanStop(
                plan=plan,
                vehicle_id=kept.vehicle_id,
                booking_id=kept.booking_id,
                kind=kept.kind,
                planned_at=kept.planned_at,
                done_at=kept.done_at,
            )
        )
    for stop in sorted(stops, key=lambda stop: (stop.vehicle_id, stop.position)):
        if stop.booking_id is None or (stop.booking_id, stop.kind) in done_keys:
            continue
        routes.setdefault(stop.vehicle_id, []).append(
            PlanStop(
                plan=plan,
                vehicle_id=stop.vehicle_id,
                booking_id=stop.booking_id,
                kind=stop.kind,
                planned_at=stop.at,
            )
        )
    PlanStop.objects.filter(plan=plan).delete()
    for route in routes.values():
        for position, row in enumerate(route):
            row.position = position
    PlanStop.objects.bulk_create(row for route in routes.values() for row in route)
    vehicle_of = {stop.booking_id: stop.vehicle_id for stop in stops if stop.kind == "pickup"}
    for booking in Booking.objects.filter(pk__in=[b for b in planner_day.booking_ids if b]):
        wanted = vehicle_of.get(booking.pk)
        if booking.vehicle_id != wanted:
            booking.vehicle_id = wanted
            booking.save(update_fields=["vehicle"])
    plan.revision += 1
    plan.cost_km = Decimal(str(round(cost, 2)))
    plan.travel_source = planner_day.source
    plan.unserved = {
        str(planner_day.booking_ids[r]): reason
        for r, reason in routing_plan.unserved.items()
        if planner_day.booking_ids[r] is not None
    }
    fields = ["revision", "cost_km", "travel_source", "unserved"]
    if optimised:
        plan.optimised_at = timezone.now()
        fields.append("optimised_at")
    plan.save(update_fields=fields)
    DayPlanTransition.objects.create(
        plan=plan,
        action=action,
        revision=plan.revision,
        at=timezone.now(),
        actor=_actor(acting_user),
        note=note,
    )
    return plan


@transaction.atomic
def plan_insert(booking: Booking, *, acting_user: Any, note: str = "") -> DayPlan:
    """Put a stored booking (booked, not yet in the plan) into its day's plan at the cheapest
    feasible place that keeps every promise (windows, ride times, capacities, shifts), without
    re-solving the day; refused with ``NoCapacityError`` (code ``no_capacity``) when no vehicle
    can take it. Holds the day's plan lock, so concurrent insertions see each other."""
    plan = day_plan_lock(booking.day)
    planner_day = adapter.day_of(booking.day)
    routing = adapter.stored_routes(planner_day)
    index = planner_day.request_index(booking.pk)
    request = planner_day.instance.requests[index]
    options = insertion_options(planner_day.instance, routing, request)
    if booking.vehicle_pinned and booking.vehicle_id:
        allowed = {
            k
            for k, shift in enumerate(planner_day.shifts)
            if shift.vehicle_id == booking.vehicle_id
        }
        options = [option for option in options if option.vehicle in allowed]
    if not options:
        raise NoCapacityError(
            _(
                "No vehicle can take ride %(number)s between %(start)s and %(end)s on %(day)s:"
                " every vehicle is full, off shift or too far to keep the other passengers'"
                " times."
            )
            % {
                "number": booking.number,
                "start": timezone.localtime(booking.window_start).strftime("%H:%M"),
                "end": timezone.localtime(booking.window_end).strftime("%H:%M"),
                "day": booking.day.strftime("%d.%m.%Y"),
            },
            code="no_capacity",
        )
    best = options[0]
    route = routing.routes[best.vehicle]
    route.insert(best.dropoff_position, request.dropoff)
    route.insert(best.pickup_position, request.pickup)
    routing.unserved.pop(index, None)
    try:
        saved = stops_save(
            plan, planner_day, routing, action="inserted", acting_user=acting_user, note=note
        )
    except ValueError as error:
        # The stored day no longer passes the check (travel times or a vehicle changed since
        # it was planned): nothing is stored, and the dispatcher re-plans the day.
        raise NoCapacityError(
            _(
                "The plan for %(day)s no longer holds (travel times or a vehicle have changed"
                " since it was made): ride %(number)s cannot be added until the dispatcher"
                " optimises the day again."
            )
            % {"day": booking.day.strftime("%d.%m.%Y"), "number": booking.number},
            code="plan_invalid",
        ) from error
    _plan_audit(saved, "inserted", booking, acting_user)
    return saved


def _plan_audit(plan: DayPlan, action: str, booking: Booking, acting_user: Any) -> None:
    """The audit row of a ride put into or taken out of a day's plan."""
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=plan,
        changes={action: booking.number, "revision": plan.revision},
    )


# --- Booking by the client office (booking part) ---------------------------------------------

#: Confirmation numbers: ``TX-2027-7K3QF9`` (year of booking, six random characters).
NUMBER_PREFIX = "TX"
#: Crockford's base-32 letters: no I, L, O or U, so a number read out on the phone is not
#: mistaken.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class Endpoint:
    """One end of a ride: what the driver reads, its coordinates and, for a frequent
    destination, the place."""

    label: str
    latitude: Decimal | None
    longitude: Decimal | None
    place: Place | None = None

    @classmethod
    def of_place(cls, place: Place) -> Endpoint:
        return cls(place.name, place.latitude, place.longitude, place)

    @classmethod
    def of_person(cls, person: Person) -> Endpoint:
        """The person's home address."""
        return cls(person.address_line, person.latitude, person.longitude)

    @property
    def point(self) -> tuple[Decimal | None, Decimal | None]:
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class Leg:
    """The time of one ride: the mode, the time asked for and the pickup window chosen."""

    requested_time: dt.time
    window_start: dt.datetime
    window_end: dt.datetime
    time_mode: str = TimeMode.PICKUP


def _number_draw(year: int) -> str:
    """A confirmation number such as ``TX-2027-7K3QF9``: six random base-32 characters (about
    a billion numbers a year, hard to guess). Drawn, not counted: a counter would have to be
    locked by every booking of every day, and two series booked at once over the same days
    would then wait on each other's day locks."""
    value = uuid.uuid4().int
    letters = []
    for _position in range(6):
        value, index = divmod(value, len(NUMBER_ALPHABET))
        letters.append(NUMBER_ALPHABET[index])
    return f"{NUMBER_PREFIX}-{year}-{''.join(letters)}"


def booking_store(booking: Booking, *, year: int | None = None) -> Booking:
    """Save a new booking with a fresh confirmation number of ``year`` (today's by default),
    drawn again in the unlikely case it is taken: the unique constraint refuses it inside a
    savepoint."""
    year = year if year is not None else timezone.localdate().year
    for _attempt in range(5):
        booking.number = _number_draw(year)
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            booking.pk = None
            continue
        return booking
    raise TransportError(  # pragma: no cover - a billion numbers a year
        _("No confirmation number could be given; try again."), code="number"
    )


def _may(acting_user: Any, capability: Any, message: str) -> None:
    if not has_capability(acting_user, capability):
        raise TransportError(message, code="not_allowed")


@transaction.atomic
def booking_create(
    *,
    entitlement: Entitlement,
    day: dt.date,
    origin: Endpoint,
    destination: Endpoint,
    destination_kind: str,
    outbound: Leg,
    return_leg: Leg | None = None,
    origin_kind: str = DestinationKind.HOME,
    wheelchair: bool = False,
    companion_ages: tuple[int, ...] = (),
    assistant: bool = False,
    guide_dog: bool = False,
    booked_by: str = Booker.PERSON,
    booker_name: str = "",
    booker_phone: str = "",
    bed_bound: bool = False,
    dependency_confirmed: bool = False,
    note: str = "",
    acting_user: Any,
    now: dt.datetime | None = None,
) -> Booking:
    """Book a ride (and, with ``return_leg``, its return on the same day, linked to it) after
    the rules allow it, with a confirmation number, the first transition and audit rows, and
    its place in the day's plan. All or nothing: a refusal (``BookingRuleError``,
    ``NoCapacityError``) leaves no trace. A destination kind the rules do not allow, or too
    many offences this month, books it as awaiting an official's approval (not in the plan
    yet). The return goes back to the pickup address (``origin_kind``)."""
    _may(acting_user, TRANSPORT_BOOK, _("You may not book senior taxi rides."))
    now = now or timezone.now()
    person = Person.objects.select_for_update().get(pk=entitlement.person_id)
    if entitlement.status != EntitlementStatus.ACTIVE:
        raise BookingRuleError(
            _("%(person)s's entitlement to %(service)s is not active.")
            % {"person": person.full_name, "service": entitlement.service},
            code="not_entitled",
        )
    if day < entitlement.starts_on or (entitlement.ends_on and day > entitlement.ends_on):
        raise BookingRuleError(
            _("%(person)s's entitlement to %(service)s runs %(period)s: %(day)s is outside it.")
            % {
                "person": person.full_name,
                "service": entitlement.service,
                "period": _("from %(start)s to %(end)s")
                % {
                    "start": entitlement.starts_on.strftime("%d.%m.%Y"),
                    "end": entitlement.ends_on.strftime("%d.%m.%Y"),
                }
                if entitlement.ends_on
                else _("from %(start)s") % {"start": entitlement.starts_on.strftime("%d.%m.%Y")},
                "day": day.strftime("%d.%m.%Y"),
            },
            code="outside_entitlement",
        )
    rules = booking_rules.rules_for(entitlement)
    windows = [(outbound.window_start, outbound.window_end)]
    if return_leg is not None:
        windows.append((return_leg.window_start, return_leg.window_end))
    for start, end in windows:
        if end <= start or timezone.localtime(start).date() != day:
            raise BookingRuleError(
                _("The pickup window must be a time span on the day of the ride."),
                code="window",
            )
    if return_leg is not None and return_leg.window_start <= outbound.window_start:
        raise BookingRuleError(
            _("The return ride must be picked up after the ride there."), code="return_order"
        )
    # A second click on "Book", or the same ride booked twice on the phone.
    same = Booking.objects.filter(
        person=person,
        day=day,
        status__in=(BookingStatus.BOOKED, BookingStatus.AWAITING_APPROVAL),
        window_start__lt=outbound.window_end,
        window_end__gt=outbound.window_start,
    ).first()
    if same is not None:
        raise BookingRuleError(
            _(
                "%(person)s already has ride %(number)s at that time on %(day)s: change or cancel"
                " it instead of booking another."
            )
            % {"person": person.full_name, "number": same.number, "day": day.strftime("%d.%m.%Y")},
            code="duplicate",
        )
    verdict = booking_rules.evaluate(
        booking_rules.Prospect(
            person=person,
            entitlement=entitlement,
            day=day,
            requested_time=outbound.requested_time,
            time_mode=outbound.time_mode,
            origin=origin.point,
            destination=destination.point,
            destination_kind=destination_kind,
            wheelchair=wheelchair,
            companion_ages=companion_ages,
            assistant=assistant,
            guide_dog=guide_dog,
            booked_by=booked_by,
            bed_bound=bed_bound,
            dependency_confirmed=dependency_confirmed,
            with_return=return_leg is not None,
            return_time=return_leg.requested_time if return_leg else None,
            windows=windows,
        ),
        now=now,
        rules=rules,
        may_see_special=has_capability(acting_user, PERSON_SENSITIVE_VIEW),
    )
    day_plan_lock(day)
    status = BookingStatus.AWAITING_APPROVAL if verdict.needs_approval else BookingStatus.BOOKED
    reason = "\n".join(verdict.approval_reasons)
    year = timezone.localtime(now).year

    def make(leg: Leg, start: Endpoint, end: Endpoint, kind: str, first: Booking | None) -> Booking:
        # The rules refused an end without coordinates.
        assert start.latitude is not None and start.longitude is not None  # noqa: S101
        assert end.latitude is not None and end.longitude is not None  # noqa: S101
        booking = Booking(
            person=person,
            entitlement=entitlement,
            day=day,
            origin_place=start.place,
            origin_label=start.label,
            origin_latitude=start.latitude,
            origin_longitude=start.longitude,
            destination_place=end.place,
            destination_label=end.label,
            destination_latitude=end.latitude,
            destination_longitude=end.longitude,
            destination_kind=kind,
            time_mode=leg.time_mode,
            requested_time=leg.requested_time,
            window_start=leg.window_start,
            window_end=leg.window_end,
            arrive_by=clocks.at(day, leg.requested_time)
            if leg.time_mode == TimeMode.ARRIVE
            else None,
            wheelchair=wheelchair,
            companions=len(companion_ages),
            assistant=assistant,
            guide_dog=guide_dog,
            booked_by=booked_by,
            booker_name=booker_name,
            booker_phone=booker_phone,
            outbound=first,
            status=status,
            status_changed_at=now,
            approval_reason=reason,
            note=note,
            created_by=acting_user,
            created_at=now,
        )
        booking_store(booking, year=year)
        booking_created(booking, acting_user=acting_user, note=reason)
        return booking

    first = make(outbound, origin, destination, destination_kind, None)  # coordinates checked
    second = (
        make(return_leg, destination, origin, origin_kind, first)
        if return_leg is not None
        else None
    )
    if status == BookingStatus.BOOKED:
        plan_insert(first, acting_user=acting_user, note=first.number)
        if second is not None:
            plan_insert(second, acting_user=acting_user, note=second.number)
    first.refresh_from_db()
    return first


def stops_remove(booking: Booking, *, acting_user: Any, note: str = "") -> DayPlan | None:
    """Take ``booking``'s stops out of its day's plan (a cancelled or refused ride): the other
    stops keep their order and their times are recomputed by the checker; a transition row
    ("removed") records it. Nothing happens when the booking has no stops."""
    plan = day_plan_lock(booking.day)
    if not PlanStop.objects.filter(plan=plan, booking=booking).exists():
        return None
    planner_day = adapter.day_of(booking.day)
    routing = adapter.stored_routes(planner_day, without=booking.pk)
    try:
        saved = stops_save(
            plan,
            planner_day,
            routing,
            action="removed",
            acting_user=acting_user,
            note=note or booking.number,
        )
        _plan_audit(saved, "removed", booking, acting_user)
        return saved
    except ValueError:
        # The stored times could not be recomputed (e.g. travel times that changed since):
        # the ride's stops go and the others keep their order and times.
        PlanStop.objects.filter(plan=plan, booking=booking).delete()
        for vehicle_id in set(
            PlanStop.objects.filter(plan=plan).values_list("vehicle_id", flat=True)
        ):
            rest = PlanStop.objects.filter(plan=plan, vehicle_id=vehicle_id).order_by("position")
            for position, stop in enumerate(rest):
                if stop.position != position:
                    stop.position = position
                    stop.save(update_fields=["position"])
        plan.revision += 1
        plan.save(update_fields=["revision"])
        DayPlanTransition.objects.create(
            plan=plan,
            action="removed",
            revision=plan.revision,
            at=timezone.now(),
            actor=_actor(acting_user),
            note=note or booking.number,
        )
        _plan_audit(plan, "removed", booking, acting_user)
        return plan


#: The states from which a ride may be cancelled.
CANCELLABLE = (BookingStatus.AWAITING_APPROVAL, BookingStatus.BOOKED)


def _cancel_one(booking: Booking, *, acting_user: Any, now: dt.datetime, reason: str) -> Booking:
    if booking.status == BookingStatus.BOOKED and now >= booking_rules.cancel_deadline(
        adapter.rules_of(booking), booking.day
    ):
        target = BookingStatus.LATE_CANCELLED
    else:
        target = BookingStatus.CANCELLED
    changed = booking_step(booking, target, acting_user=acting_user, note=reason)
    stops_remove(changed, acting_user=acting_user, note=changed.number)
    return changed


@transaction.atomic
def booking_cancel(
    booking: Booking,
    *,
    acting_user: Any,
    cancel_return: bool = False,
    reason: str = "",
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Cancel a ride: before the rules' cancellation deadline → cancelled; from the deadline
    on → cancelled late, counted as an offence. Its stops leave the day's plan. With
    ``cancel_return``, the linked return ride (if still to be driven) is cancelled too.
    Returns the cancelled rides."""
    _may(acting_user, TRANSPORT_BOOK, _("You may not cancel senior taxi rides."))
    now = now or timezone.now()
    day_plan_lock(booking.day)
    booking.refresh_from_db()
    if booking.status not in CANCELLABLE:
        raise BookingStateError(
            _("Ride %(number)s is %(status)s: it can no longer be cancelled.")
            % {"number": booking.number, "status": booking.get_status_display()},
            code="state",
        )
    done = [_cancel_one(booking, acting_user=acting_user, now=now, reason=reason)]
    if cancel_return:
        back = Booking.objects.filter(outbound=booking, status__in=CANCELLABLE).first()
        if back is not None:
            if back.day != booking.day:
                day_plan_lock(back.day)
            done.append(_cancel_one(back, acting_user=acting_user, now=now, reason=reason))
    return done


def _awaiting(booking: Booking) -> list[Booking]:
    """The ride and, for an outbound ride, its return, when awaiting approval."""
    rides = [booking]
    back = Booking.objects.filter(outbound=booking, status=BookingStatus.AWAITING_APPROVAL).first()
    if back is not None:
        rides.append(back)
    return rides


@transaction.atomic
def booking_approve(booking: Booking, *, acting_user: Any, note: str = "") -> Booking:
    """An official approves a ride awaiting approval (and its return): it is booked and goes
    into the day's plan; refused with ``NoCapacityError`` (nothing changes) when no vehicle can
    take it any more."""
    _may(acting_user, TRANSPORT_APPROVE, _("You may not approve senior taxi rides."))
    day_plan_lock(booking.day)
    booking.refresh_from_db()
    if booking.status == BookingStatus.AWAITING_APPROVAL and booking.day < timezone.localdate():
        raise BookingStateError(
            _("Ride %(number)s was for %(day)s, which is over: refuse it instead.")
            % {"number": booking.number, "day": booking.day.strftime("%d.%m.%Y")},
            code="past",
        )
    if booking.status != BookingStatus.AWAITING_APPROVAL:
        raise BookingStateError(
            _("Ride %(number)s is %(status)s: there is nothing to approve.")
            % {"number": booking.number, "status": booking.get_status_display()},
            code="state",
        )
    approved = []
    for ride in _awaiting(booking):
        changed = booking_step(ride, BookingStatus.BOOKED, acting_user=acting_user, note=note)
        changed.approved_by = acting_user
        changed.save(update_fields=["approved_by"])
        approved.append(changed)
    for ride in approved:
        plan_insert(ride, acting_user=acting_user, note=ride.number)
    booking.refresh_from_db()
    return booking


@transaction.atomic
def booking_refuse(booking: Booking, *, acting_user: Any, reason: str) -> Booking:
    """An official refuses a ride awaiting approval (and its return), with a reason."""
    _may(acting_user, TRANSPORT_APPROVE, _("You may not refuse senior taxi rides."))
    if not reason.strip():
        raise TransportError({"reason": _("Give the reason for the refusal.")}, code="reason")
    booking.refresh_from_db()
    if booking.status != BookingStatus.AWAITING_APPROVAL:
        raise BookingStateError(
            _("Ride %(number)s is %(status)s: there is nothing to refuse.")
            % {"number": booking.number, "status": booking.get_status_display()},
            code="state",
        )
    for ride in _awaiting(booking):
        booking_step(ride, BookingStatus.REFUSED, acting_user=acting_user, note=reason)
    booking.refresh_from_db()
    return booking


# --- The windows the clerk can offer (booking part) -------------------------------------------
# Here rather than in ``selectors``: it reads the day through ``adapter``, which the layer
# contract keeps apart from ``selectors``. It changes nothing and takes no lock.

#: How far around the desired pickup time windows are looked for (minutes).
SEARCH_AROUND = 120
#: How long before an appointment the pickup may be (minutes).
SEARCH_BEFORE_APPOINTMENT = 180


@dataclass(frozen=True)
class Offer:
    """A pickup window that can be promised now: booking it succeeds while the day's plan
    stays as it is."""

    start: dt.datetime
    end: dt.datetime
    vehicle_id: int


@dataclass(frozen=True)
class Offers:
    """The clerk's answer: windows (earliest first), or why there are none."""

    windows: list[Offer]
    reasons: list[str]
    #: The window closest to the desired time (the one to suggest).
    best: Offer | None = None


def ride_trip(
    rules: TransportRules,
    *,
    origin: tuple[float, float],
    destination: tuple[float, float],
    time_mode: str,
    time: dt.time,
    wheelchair: bool,
    seats: int,
    window: tuple[dt.datetime, dt.datetime] | None = None,
    day: dt.date | None = None,
) -> adapter.Trip:
    """The trip of a ride being asked about. Without ``window`` the pickup may be anywhere the
    clerk could offer (around the desired time, or in the hours before the appointment, inside
    the service hours); with it, the pickup window is that promise."""
    minute = time.hour * 60 + time.minute
    opens = rules.service_starts.hour * 60 + rules.service_starts.minute
    closes = rules.service_ends.hour * 60 + rules.service_ends.minute
    arrive_by = float(minute) if time_mode == TimeMode.ARRIVE else None
    if window is not None and day is not None:
        earliest, latest = clocks.minutes(window[0], day), clocks.minutes(window[1], day)
    elif arrive_by is not None:
        earliest, latest = max(opens, minute - SEARCH_BEFORE_APPOINTMENT), min(closes, minute)
    else:
        earliest, latest = max(opens, minute - SEARCH_AROUND), min(closes, minute + SEARCH_AROUND)
    return adapter.Trip(
        origin=origin,
        destination=destination,
        pickup_earliest=float(earliest),
        pickup_latest=float(max(earliest, latest)),
        arrive_by=arrive_by,
        load=(seats, 1 if wheelchair else 0),
        boarding=float(rules.wheelchair_boarding_minutes if wheelchair else rules.boarding_minutes),
        detour=float(rules.max_ride_extra_minutes),
    )


def _reason_text(reason: Any) -> str:
    if reason.code == "capacity" and reason.dimension == 1:
        return _("No vehicle in service that day has a wheelchair place.")
    texts = {
        "no_vehicle": _("No vehicle has a shift on that day."),
        "capacity": _("No vehicle has enough places for the passenger and those riding along."),
        "ride_time": _("The ride is too long for the senior taxi."),
        "window_conflict": _("The appointment cannot be reached in time from the pickup address."),
        "outside_shifts": _("No vehicle's shift covers that time."),
        "fully_booked": _("Every vehicle is fully booked around that time."),
        "window_too_narrow": _("There is not enough time around the requested time."),
    }
    return str(texts.get(reason.code, reason.message))


def offers(
    day: dt.date,
    trip: adapter.Trip,
    *,
    width: int,
    step: int = 15,
    desired: dt.time | None = None,
    limit: int = 6,
    before: tuple[adapter.Trip, ...] = (),
) -> Offers:
    """The pickup windows ``width`` minutes wide, starting on ``step``-minute marks, that the
    clerk can promise for ``trip`` on ``day`` right now, closest to ``desired`` first (arrive
    by: the pickup that arrives a little before the appointment), at most ``limit``, shown
    earliest first. ``before``: trips with their chosen windows to be placed first (the
    outbound ride when asking about its return). Each window is checked as ``plan_insert``
    will check it: a request whose pickup window is that promise fits into the plan."""
    planner_day = adapter.day_of(day, extra=[*before, trip])
    routing = adapter.stored_routes(planner_day)
    instance = planner_day.instance
    first_extra = len(planner_day.booking_ids) - len(before) - 1
    for index in range(first_extra, first_extra + len(before)):
        routing.unserved.pop(index, None)
        placed = insertion_options(instance, routing, instance.requests[index])
        if not placed:
            return Offers([], [str(_("The first ride no longer fits into the plan."))])
        best = placed[0]
        route = routing.routes[best.vehicle]
        route.insert(best.dropoff_position, instance.requests[index].dropoff)
        route.insert(best.pickup_position, instance.requests[index].pickup)
    index = len(planner_day.booking_ids) - 1
    routing.unserved.pop(index, None)
    request = instance.requests[index]
    prepared = PreparedDay(
        instance,
        routing,
        detour=settings.OPENCUS_TRAVEL_DETOUR,
        speed_kmh=settings.OPENCUS_TRAVEL_SPEED_KMH,
    )
    want = None if desired is None else float(desired.hour * 60 + desired.minute)
    answer = prepared.windows(
        request, width=float(width), step=float(step), limit=limit, desired=want
    )
    if not answer.offers:
        return Offers([], [_reason_text(reason) for reason in answer.reasons])
    found: list[Offer] = []
    pickup = request.pickup
    low, high = prepared.earliest[pickup], prepared.latest[pickup]
    try:
        for offer in answer.offers:
            # As plan_insert will see it once booked: the pickup window is the promise.
            prepared.earliest[pickup], prepared.latest[pickup] = offer.start, offer.end
            choices = prepared.options(request)
            if not choices:
                continue
            found.append(
                Offer(
                    clocks.moment(day, offer.start),
                    clocks.moment(day, offer.end),
                    planner_day.shifts[choices[0].vehicle].vehicle_id,
                )
            )
    finally:
        prepared.earliest[pickup], prepared.latest[pickup] = low, high
    if not found:
        return Offers([], [_("Every vehicle is fully booked around that time.")])
    return Offers(sorted(found, key=lambda o: o.start), [], found[0])
