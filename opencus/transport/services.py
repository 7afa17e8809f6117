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
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.routing.insertion import insertion_options
from opencus.routing.model import Plan
from opencus.transport import adapter
from opencus.transport.errors import BookingStateError, NoCapacityError
from opencus.transport.models import (
    Booking,
    BookingStatus,
    BookingTransition,
    DayPlan,
    DayPlanTransition,
    PlanStop,
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
    """Store ``routing_plan`` as ``plan``'s stops (replacing the previous ones), set each
    planned booking's vehicle, bump the revision and write a transition row (``action``:
    "inserted", "optimised", "moved", "pinned", "published"…). The plan must be locked
    (``day_plan_lock``). The checker recomputes the schedule; a plan it rejects raises
    ``ValueError`` and nothing is stored."""
    stops, cost = adapter.planned_stops(planner_day, routing_plan)
    PlanStop.objects.filter(plan=plan).delete()
    PlanStop.objects.bulk_create(
        PlanStop(
            plan=plan,
            vehicle_id=stop.vehicle_id,
            position=stop.position,
            booking_id=stop.booking_id,
            kind=stop.kind,
            planned_at=stop.at,
        )
        for stop in stops
        if stop.booking_id is not None
    )
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


def plan_insert(booking: Booking, *, acting_user: Any, note: str = "") -> DayPlan:
    """Put a stored booking (booked, not yet in the plan) into its day's plan at the cheapest
    feasible place that keeps every promise (windows, ride times, capacities, shifts), without
    re-solving the day; refused with ``NoCapacityError`` (code ``no_capacity``) when no vehicle
    can take it. Holds the day's plan lock, so concurrent insertions see each other."""
    plan = day_plan_lock(booking.day)
    stored = PlanStop.objects.filter(plan=plan).order_by("vehicle_id", "position")
    planner_day = adapter.day_of(booking.day)
    routing = adapter.routes_from_stops(
        planner_day, [(s.vehicle_id, s.booking_id, s.kind) for s in stored]
    )
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
    return stops_save(
        plan, planner_day, routing, action="inserted", acting_user=acting_user, note=note
    )
