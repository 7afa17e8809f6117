"""The day as the planner sees it: bookings and shifts become a routing instance, and a
routing plan comes back as ordered stops with times that the checker has proved."""

from __future__ import annotations

import datetime as dt

import pytest

from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.routing.solver import solve
from opencus.transport import adapter, clocks
from opencus.transport.errors import NoCapacityError
from opencus.transport.models import DayPlan, DayPlanTransition, PlanStop, VehicleUnavailability
from opencus.transport.services import day_plan_lock, plan_insert, stops_remove, stops_save
from tests.personas import user_make
from tests.transport.factories import (
    HOMES,
    booking_make,
    entitlement_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2027, 3, 10)  # a Wednesday


def test_a_day_becomes_an_instance_and_its_solved_plan_becomes_timed_stops() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    service = service_make()
    bus = vehicle_make(wheelchair_places=1)
    shift_make(bus, DAY, dt.time(7), dt.time(15))
    rides = [
        booking_make(
            entitlement_make(service), DAY, dt.time(8, 0), origin=HOMES[0], created_by=clerk
        ),
        booking_make(
            entitlement_make(service),
            DAY,
            dt.time(8, 15),
            origin=HOMES[1],
            wheelchair=True,
            companions=1,
            created_by=clerk,
        ),
    ]
    day = adapter.day_of(DAY)
    assert [r.load for r in day.instance.requests] == [(1, 0), (1, 1)]
    assert day.instance.vehicles[0].capacity == (8, 1)
    assert day.instance.vehicles[0].shift.earliest == 7 * 60
    pickup = day.instance.nodes[day.instance.requests[0].pickup]
    assert (pickup.window.earliest, pickup.window.latest) == (480.0, 510.0)
    assert day.source == "haversine"

    plan = solve(day.instance, seconds=2, seed=1, iterations=50)
    assert not plan.unserved
    with_lock = day_plan_lock(DAY)
    stops_save(with_lock, day, plan, action="optimised", acting_user=clerk, optimised=True)

    stored = list(PlanStop.objects.filter(plan__day=DAY).order_by("position"))
    assert len(stored) == 4
    assert {s.booking_id for s in stored} == {r.pk for r in rides}
    for ride in rides:
        pickup_stop = next(s for s in stored if s.booking_id == ride.pk and s.kind == "pickup")
        assert ride.window_start <= pickup_stop.planned_at <= ride.window_end
        ride.refresh_from_db()
        assert ride.vehicle_id == bus.pk
    assert DayPlan.objects.get(day=DAY).revision == 1
    assert DayPlanTransition.objects.filter(plan__day=DAY, action="optimised").count() == 1


def test_stored_stops_read_back_as_the_same_routes() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    service = service_make()
    bus = vehicle_make()
    shift_make(bus, DAY)
    booking_make(entitlement_make(service), DAY, dt.time(9, 0), created_by=clerk)
    day = adapter.day_of(DAY)
    plan = solve(day.instance, seconds=2, seed=1, iterations=20)
    stops_save(day_plan_lock(DAY), day, plan, action="optimised", acting_user=clerk)
    stored = PlanStop.objects.filter(plan__day=DAY).order_by("vehicle", "position")
    again = adapter.routes_from_stops(
        adapter.day_of(DAY), [(s.vehicle_id, s.booking_id, s.kind) for s in stored]
    )
    assert again.routes == plan.routes
    assert clocks.minutes(stored[0].planned_at, DAY) >= 9 * 60


def test_insertion_places_a_booking_and_refuses_one_that_no_vehicle_can_take() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    service = service_make()
    bus = vehicle_make(seats=1, wheelchair_places=0)
    shift_make(bus, DAY)
    first = booking_make(entitlement_make(service), DAY, dt.time(8), width=5, created_by=clerk)
    plan_insert(first, acting_user=clerk)
    second = booking_make(
        entitlement_make(service), DAY, dt.time(8), origin=HOMES[1], width=5, created_by=clerk
    )
    with pytest.raises(NoCapacityError) as refused:
        plan_insert(second, acting_user=clerk)
    assert refused.value.code == "no_capacity"
    assert "08:00" in str(refused.value.messages[0])
    assert list(PlanStop.objects.filter(plan__day=DAY).values_list("booking_id", flat=True)) == [
        first.pk,
        first.pk,
    ]
    # Each ride put into or taken out of the plan is in the audit log, with who did it.
    stops_remove(first, acting_user=clerk)
    assert not PlanStop.objects.filter(plan__day=DAY).exists()
    logged = [
        (event.actor, event.changes)
        for event in AuditEvent.objects.filter(object_id=str(DayPlan.objects.get(day=DAY).pk))
    ]
    assert (clerk, {"inserted": first.number, "revision": 1}) in logged
    assert (clerk, {"removed": first.number, "revision": 2}) in logged


def test_a_vehicle_serves_between_two_periods_out_of_service_not_during_one() -> None:
    bus = vehicle_make()
    shift_make(bus, DAY)
    VehicleUnavailability.objects.create(
        vehicle=bus,
        starts_on=DAY - dt.timedelta(days=30),
        ends_on=DAY - dt.timedelta(days=28),
        reason="repair",
    )
    VehicleUnavailability.objects.create(
        vehicle=bus,
        starts_on=DAY + dt.timedelta(days=20),
        ends_on=DAY + dt.timedelta(days=21),
        reason="inspection",
    )
    assert [shift.vehicle for shift in adapter.shifts_of(DAY)] == [bus]
    VehicleUnavailability.objects.create(vehicle=bus, starts_on=DAY, ends_on=DAY, reason="tyres")
    assert adapter.shifts_of(DAY) == []
