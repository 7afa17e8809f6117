"""The day before: the dispatcher's changes of a day's plan (issue 11, "The day before").

- :func:`plan_optimise` re-optimises a day with the solver, warm-started from the stored stops
  and keeping the dispatcher's pins (``Booking.vehicle_pinned``); the independent checker
  proves the result before it is stored (``services.stops_save``); requests the solver cannot
  serve keep their reasons in ``DayPlan.unserved``.
- :func:`booking_pin` / :func:`booking_unpin` fix a ride to its vehicle (or free it);
  :func:`booking_move` moves a ride to another vehicle (pinned there) at the cheapest feasible
  place, or says why it does not fit.
- :func:`plan_publish` publishes the plan (the reminders follow: ``reminders``);
  :func:`plan_reopen` takes a published plan back to a draft.

**Changes after publishing.** Pins and moves keep a published plan published: each change
bumps the plan's revision and writes a transition row, so the page can say "changed after
publishing" (the revision is above the one of the last "published" row) and the dispatcher
publishes it again (which reminds only the passengers not reminded yet: the reminder carries
the promised pickup window, which no change of the plan moves). Re-optimising rearranges the
whole day, so it is refused on a published plan: the dispatcher reopens it first (the daily
task leaves published plans alone).

**Locking.** Every change holds the day's plan lock (``services.day_plan_lock``). The solver
runs *outside* the lock, on a snapshot, so clerks booking the same day are not held up for
the whole run; the result is stored only if the day's revision did not change meanwhile.
If it did (a booking, a pin), the solver runs again for a few seconds under the lock,
warm-started from the current stored plan, so nothing booked meanwhile is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.routing.insertion import PreparedDay
from opencus.routing.model import Plan
from opencus.routing.solver import solve
from opencus.transport import adapter, services
from opencus.transport.errors import DispatchError
from opencus.transport.models import (
    Booking,
    BookingStatus,
    DayPlan,
    DayPlanStatus,
    DayPlanTransition,
    PlanStop,
    Vehicle,
)

logger = logging.getLogger(__name__)

#: The second, short run under the lock when the day changed during the first (seconds).
RESOLVE_SECONDS = 3.0


@dataclass
class Snapshot:
    """A day as stored: the planner's day, its stored routes (with the stored reasons of the
    requests left out) and the pins as the solver wants them."""

    revision: int
    planner_day: adapter.Day
    routes: Plan
    pinned: dict[int, int]


def snapshot(plan: DayPlan) -> Snapshot:
    """The plan's day as the solver sees it now (the stored reasons kept for rides left out)."""
    planner_day = adapter.day_of(plan.day)
    routes = adapter.stored_routes(planner_day)
    for r in routes.unserved:
        booking_id = planner_day.booking_ids[r]
        stored_reason = plan.unserved.get(str(booking_id))
        if stored_reason:
            routes.unserved[r] = stored_reason
    vehicle_index = {shift.vehicle_id: k for k, shift in enumerate(planner_day.shifts)}
    pinned: dict[int, int] = {}
    # Pinned rides stay on their vehicle, and so does a passenger already on board.
    for booking_id, vehicle_id in (
        Booking.objects.filter(pk__in=list(planner_day.index_of_booking), vehicle__isnull=False)
        .filter(Q(vehicle_pinned=True) | Q(status=BookingStatus.ON_BOARD))
        .values_list("pk", "vehicle_id")
    ):
        k = vehicle_index.get(vehicle_id)
        if k is None:
            logger.warning("booking %s is pinned to a vehicle without a shift", booking_id)
            continue
        pinned[planner_day.request_index(booking_id)] = k
    return Snapshot(plan.revision, planner_day, routes, pinned)


def _not_past(day: dt.date) -> None:
    """A day that is over keeps the plan it was driven on (the record of what happened)."""
    if day < timezone.localdate():
        raise DispatchError(
            _("%(day)s is over: its plan stays as it was driven.")
            % {"day": day.strftime("%d.%m.%Y")},
            code="past",
        )


def _not_published(plan: DayPlan) -> None:
    if plan.status == DayPlanStatus.PUBLISHED:
        raise DispatchError(
            _(
                "The plan for %(day)s is published: reopen it before optimising it again, so"
                " the drivers are not given a different day without notice."
            )
            % {"day": plan.day.strftime("%d.%m.%Y")},
            code="published",
        )


def _store(plan: DayPlan, snap: Snapshot, solved: Plan, *, acting_user: Any, note: str) -> DayPlan:
    try:
        saved = services.stops_save(
            plan,
            snap.planner_day,
            solved,
            action="optimised",
            acting_user=acting_user,
            note=note,
            optimised=True,
        )
    except ValueError as error:
        logger.error("plan %s: the checker rejected the optimised plan: %s", plan.day, error)
        raise DispatchError(
            _(
                "The optimised plan for %(day)s failed the independent check, so it was not"
                " stored; the plan stays as it was."
            )
            % {"day": plan.day.strftime("%d.%m.%Y")},
            code="infeasible",
        ) from error
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=saved,
        changes={
            "optimised": saved.revision,
            "cost_km": str(saved.cost_km),
            "unserved": sorted(saved.unserved),
        },
    )
    return saved


def plan_optimise(
    day: dt.date,
    *,
    seconds: float,
    seed: int = 1,
    iterations: int | None = None,
    acting_user: Any = None,
    note: str = "",
) -> DayPlan:
    """Re-optimise ``day``'s plan for about ``seconds``, warm-started from the stored stops,
    keeping pinned rides on their vehicles. Refused (``DispatchError``) on a published plan
    (code ``published``), for a day that is over (``past``) and when the checker rejects the
    result (code ``infeasible``; nothing is stored)."""
    _not_past(day)
    with transaction.atomic():
        plan = services.day_plan_lock(day)
        _not_published(plan)
        snap = snapshot(plan)
    solved = solve(
        snap.planner_day.instance,
        seconds=seconds,
        seed=seed,
        initial=snap.routes,
        pinned=snap.pinned,
        iterations=iterations,
    )
    with transaction.atomic():
        plan = services.day_plan_lock(day)
        _not_published(plan)
        if plan.revision != snap.revision:
            # The day changed during the run: solve again from what is stored now.
            snap = snapshot(plan)
            solved = solve(
                snap.planner_day.instance,
                seconds=min(seconds, RESOLVE_SECONDS),
                seed=seed,
                initial=snap.routes,
                pinned=snap.pinned,
                iterations=iterations,
            )
        return _store(plan, snap, solved, acting_user=acting_user, note=note)


# --- Pins and moves ---------------------------------------------------------------------------


def _movable(booking: Booking) -> Booking:
    """The booking locked, if the dispatcher may still place it (booked, not yet on board)."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.status != BookingStatus.BOOKED:
        raise DispatchError(
            _("Ride %(number)s is %(status)s: its place in the plan can no longer change.")
            % {"number": locked.number, "status": locked.get_status_display()},
            code="state",
        )
    return locked


def _transition(plan: DayPlan, action: str, *, acting_user: Any, note: str) -> None:
    plan.revision += 1
    plan.save(update_fields=["revision"])
    DayPlanTransition.objects.create(
        plan=plan,
        action=action,
        revision=plan.revision,
        at=timezone.now(),
        actor=services._actor(acting_user),
        note=note,
    )


@transaction.atomic
def booking_pin(booking: Booking, *, acting_user: Any) -> Booking:
    """Fix the ride to the vehicle it is planned on: optimising keeps it there."""
    _not_past(booking.day)
    plan = services.day_plan_lock(booking.day)
    locked = _movable(booking)
    if locked.vehicle_id is None:
        raise DispatchError(
            _("Ride %(number)s is not on any vehicle yet: move it to a vehicle to fix it there.")
            % {"number": locked.number},
            code="not_planned",
        )
    if not locked.vehicle_pinned:
        locked.vehicle_pinned = True
        locked.save(update_fields=["vehicle_pinned"])
        _transition(plan, "pinned", acting_user=acting_user, note=locked.number)
        audit_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={"vehicle_pinned": [False, True]},
        )
    return locked


@transaction.atomic
def booking_unpin(booking: Booking, *, acting_user: Any) -> Booking:
    """Free the ride: optimising may put it on any vehicle."""
    _not_past(booking.day)
    plan = services.day_plan_lock(booking.day)
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.vehicle_pinned:
        locked.vehicle_pinned = False
        locked.save(update_fields=["vehicle_pinned"])
        _transition(plan, "unpinned", acting_user=acting_user, note=locked.number)
        audit_record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={"vehicle_pinned": [True, False]},
        )
    return locked


#: Why a ride does not fit on the chosen vehicle, by the insertion's reason code.
def _reason_text(code: str) -> str:
    texts = {
        "no_vehicle": _("the vehicle has no shift that day"),
        "capacity": _("the vehicle has not enough seats or wheelchair places for this ride"),
        "ride_time": _("the direct ride alone is longer than the longest ride allowed"),
        "window_conflict": _("the promised times cannot be met even by a direct ride"),
        "outside_shifts": _("the ride does not fit within the vehicle's shift"),
        "fully_booked": _(
            "the vehicle has no room for it at that time alongside the rides already planned"
        ),
    }
    return texts.get(code, _("it does not fit the vehicle's route"))


@transaction.atomic
def booking_move(booking: Booking, vehicle: Vehicle, *, acting_user: Any) -> DayPlan:
    """Move the ride to ``vehicle`` (and pin it there), at the cheapest place in that vehicle's
    route that keeps every promise; refused with ``DispatchError`` naming why it does not fit
    (code ``does_not_fit``), when the vehicle has no shift that day (``no_shift``) or the ride
    is no longer booked (``state``). The other rides stay where they are."""
    _not_past(booking.day)
    plan = services.day_plan_lock(booking.day)
    locked = _movable(booking)
    snap = snapshot(plan)
    planner_day = snap.planner_day
    target = next(
        (k for k, shift in enumerate(planner_day.shifts) if shift.vehicle_id == vehicle.pk), None
    )
    if target is None:
        raise DispatchError(
            _("%(vehicle)s has no shift on %(day)s: ride %(number)s cannot be moved to it.")
            % {
                "vehicle": vehicle.name,
                "day": locked.day.strftime("%d.%m.%Y"),
                "number": locked.number,
            },
            code="no_shift",
        )
    index = planner_day.request_index(locked.pk)
    request = planner_day.instance.requests[index]
    routing = snap.routes
    routing.routes = [
        [node for node in route if node not in (request.pickup, request.dropoff)]
        for route in routing.routes
    ]
    prepared = PreparedDay(planner_day.instance, routing)
    options = prepared.options(request, vehicles=[target])
    if not options:
        reasons = prepared.reasons(request, vehicles=[target])
        raise DispatchError(
            _("Ride %(number)s does not fit on %(vehicle)s: %(reason)s.")
            % {
                "number": locked.number,
                "vehicle": vehicle.name,
                "reason": _reason_text(reasons[0].code if reasons else ""),
            },
            code="does_not_fit",
        )
    best = options[0]
    route = routing.routes[target]
    route.insert(best.dropoff_position, request.dropoff)
    route.insert(best.pickup_position, request.pickup)
    routing.unserved.pop(index, None)
    before = locked.vehicle_id
    locked.vehicle_pinned = True
    locked.save(update_fields=["vehicle_pinned"])
    try:
        saved = services.stops_save(
            plan,
            planner_day,
            routing,
            action="moved",
            acting_user=acting_user,
            note=f"{locked.number} → {vehicle.name}",
        )
    except ValueError as error:  # pragma: no cover - insertion agrees with the checker
        raise DispatchError(
            _("Ride %(number)s does not fit on %(vehicle)s: %(reason)s.")
            % {"number": locked.number, "vehicle": vehicle.name, "reason": str(error)},
            code="does_not_fit",
        ) from error
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"vehicle": [before, vehicle.pk], "vehicle_pinned": [True, True]},
    )
    return saved


# --- Publishing -------------------------------------------------------------------------------


def rides_left_out(plan: DayPlan) -> list[Booking]:
    """The day's rides that hold a place but have no stops in the plan."""
    planned = PlanStop.objects.filter(plan=plan).values("booking_id")
    return list(
        Booking.objects.filter(
            day=plan.day, status__in=[BookingStatus.BOOKED, BookingStatus.ON_BOARD]
        )
        .exclude(pk__in=planned)
        .order_by("window_start", "id")
    )


def published_revision(plan: DayPlan) -> int | None:
    """The revision last published, ``None`` if never."""
    return (
        DayPlanTransition.objects.filter(plan=plan, action="published")
        .order_by("-at", "-id")
        .values_list("revision", flat=True)
        .first()
    )


@transaction.atomic
def plan_publish(day: dt.date, *, acting_user: Any) -> DayPlan:
    """Publish ``day``'s plan: the drivers' manifests follow it and the passengers are reminded
    (``reminders.plan_publish_and_remind`` calls this, then queues the reminders). A plan
    changed after publishing is published again (a new "published" row at its revision).
    Refused while rides do not fit (code ``unserved``: move or cancel them first) or when
    nothing changed since it was published (``published``)."""
    _not_past(day)
    plan = services.day_plan_lock(day)
    left_out = rides_left_out(plan)
    if left_out:
        raise DispatchError(
            ngettext(
                "%(count)s ride of %(day)s is not in the plan (%(numbers)s): move it to a"
                " vehicle, or cancel it with the passenger, before publishing.",
                "%(count)s rides of %(day)s are not in the plan (%(numbers)s): move them to a"
                " vehicle, or cancel them with the passenger, before publishing.",
                len(left_out),
            )
            % {
                "count": len(left_out),
                "day": day.strftime("%d.%m.%Y"),
                "numbers": ", ".join(b.number for b in left_out),
            },
            code="unserved",
        )
    if not plan.stops.exists():
        raise DispatchError(
            _("The plan for %(day)s has no rides: there is nothing to publish.")
            % {"day": day.strftime("%d.%m.%Y")},
            code="empty",
        )
    if plan.status == DayPlanStatus.PUBLISHED and published_revision(plan) == plan.revision:
        raise DispatchError(
            _("The plan for %(day)s is already published and has not changed since.")
            % {"day": day.strftime("%d.%m.%Y")},
            code="published",
        )
    before = plan.status
    plan.status = DayPlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = services._actor(acting_user)
    plan.save(update_fields=["status", "published_at", "published_by"])
    DayPlanTransition.objects.create(
        plan=plan,
        action="published",
        revision=plan.revision,
        at=plan.published_at,
        actor=services._actor(acting_user),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=plan,
        changes={"status": [before, plan.status], "revision": plan.revision},
    )
    return plan


@transaction.atomic
def plan_reopen(day: dt.date, *, acting_user: Any, note: str = "") -> DayPlan:
    """Take a published plan back to a draft (to optimise it again); the reminders already
    sent stay sent, publishing again reminds only the others."""
    _not_past(day)
    plan = services.day_plan_lock(day)
    if plan.status != DayPlanStatus.PUBLISHED:
        raise DispatchError(
            _("The plan for %(day)s is not published.") % {"day": day.strftime("%d.%m.%Y")},
            code="not_published",
        )
    plan.status = DayPlanStatus.DRAFT
    plan.save(update_fields=["status"])
    DayPlanTransition.objects.create(
        plan=plan,
        action="reopened",
        revision=plan.revision,
        at=timezone.now(),
        actor=services._actor(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=plan,
        changes={"status": [DayPlanStatus.PUBLISHED, DayPlanStatus.DRAFT]},
    )
    return plan


# --- Reasons in words -------------------------------------------------------------------------


def unserved_reason_text(reason: str) -> str:
    """The solver's reason (English, stored in ``DayPlan.unserved``) in the user's language;
    an unknown reason is shown as it is."""
    pinned = reason.endswith(" on the pinned vehicle")
    base = reason.removesuffix(" on the pinned vehicle")
    known = [
        ("there is no vehicle", _("no vehicle has a shift that day")),
        ("no capacity for the load", _("no vehicle has enough seats or wheelchair places")),
        ("the ride alone", _("the direct ride alone is longer than the longest ride allowed")),
        (
            "no vehicle can reach the pickup",
            _("no vehicle can reach the pick-up within the promised window"),
        ),
        (
            "the drop-off window cannot be met",
            _("the appointment time cannot be met even by a direct ride"),
        ),
        (
            "no vehicle can serve it within its shift",
            _("the ride does not fit within any vehicle's shift"),
        ),
        (
            "no vehicle has room for it",
            _("no vehicle has room for it alongside the other rides"),
        ),
        ("not planned yet", _("not planned yet: run the optimiser")),
    ]
    for prefix, text in known:
        if base.startswith(prefix):
            return _("%(reason)s (on the pinned vehicle)") % {"reason": text} if pinned else text
    return reason
