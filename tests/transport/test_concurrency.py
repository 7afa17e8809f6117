"""Two clerks booking the last place in the same time window at once: the day plan's row lock
serialises them, the second sees the first's ride and is refused (no capacity). Proven on
PostgreSQL with two real connections; the same setting is checked serially everywhere."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections

from opencus.core.roles import Role
from opencus.transport import clocks, services
from opencus.transport.errors import NoCapacityError
from opencus.transport.models import Booking, PlanStop
from tests.personas import user_make
from tests.transport.factories import (
    HOMES,
    HOSPITAL,
    entitlement_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]

DAY = dt.date(2027, 3, 12)  # a Friday
NOW = clocks.at(dt.date(2027, 3, 1), dt.time(10))


def last_place() -> tuple[list[Any], list[Any]]:
    """One bus whose short shift leaves room for one ride at 08:00–08:30, two passengers from
    opposite ends of the town, and two clerks."""
    service = service_make()
    shift_make(vehicle_make(seats=1, wheelchair_places=0), DAY, dt.time(7, 50), dt.time(8, 30))
    entitlements = [entitlement_make(service), entitlement_make(service)]
    clerks = [user_make(Role.CLIENT_OFFICE), user_make(Role.CLIENT_OFFICE)]
    return entitlements, clerks


def book(entitlement: Any, clerk: Any, home: Any) -> Booking:
    start = clocks.at(DAY, dt.time(8))
    return services.booking_create(
        entitlement=entitlement,
        day=DAY,
        origin=services.Endpoint("Dom", home[0], home[1]),
        destination=services.Endpoint("Szpital", HOSPITAL[0], HOSPITAL[1]),
        destination_kind="health",
        outbound=services.Leg(dt.time(8), start, start + dt.timedelta(minutes=30)),
        acting_user=clerk,
        now=NOW,
    )


@pytest.mark.parametrize("attempt", range(3))
def test_two_clerks_booking_the_last_place_at_once_one_succeeds(attempt: int) -> None:
    entitlements, clerks = last_place()
    barrier = threading.Barrier(2)
    outcomes: dict[int, Any] = {}

    def run(k: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[k] = book(entitlements[k], clerks[k], HOMES[1 + k])
        except Exception as error:  # noqa: BLE001 - recorded for the assertion below
            outcomes[k] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    booked = [o for o in outcomes.values() if isinstance(o, Booking)]
    refused = [o for o in outcomes.values() if not isinstance(o, Booking)]
    assert len(booked) == 1, outcomes
    assert len(refused) == 1 and isinstance(refused[0], NoCapacityError), outcomes
    assert refused[0].code == "no_capacity"
    assert Booking.objects.count() == 1
    assert PlanStop.objects.count() == 2
    assert len({b.number for b in Booking.objects.all()}) == 1


def test_two_clerks_booking_different_days_at_once_get_different_numbers() -> None:
    service = service_make()
    days = [DAY, DAY + dt.timedelta(days=3)]  # Friday and the Monday after
    for day in days:
        shift_make(vehicle_make(name=f"Bus {day}"), day)
    entitlements = [entitlement_make(service), entitlement_make(service)]
    clerks = [user_make(Role.CLIENT_OFFICE), user_make(Role.CLIENT_OFFICE)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, Any] = {}

    def run(k: int) -> None:
        try:
            barrier.wait(timeout=10)
            start = clocks.at(days[k], dt.time(9))
            outcomes[k] = services.booking_create(
                entitlement=entitlements[k],
                day=days[k],
                origin=services.Endpoint("Dom", HOMES[k][0], HOMES[k][1]),
                destination=services.Endpoint("Szpital", HOSPITAL[0], HOSPITAL[1]),
                destination_kind="health",
                outbound=services.Leg(dt.time(9), start, start + dt.timedelta(minutes=30)),
                acting_user=clerks[k],
                now=NOW,
            )
        except Exception as error:  # noqa: BLE001 - recorded for the assertion below
            outcomes[k] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(o, Booking) for o in outcomes.values()), outcomes
    numbers = set(Booking.objects.values_list("number", flat=True))
    assert len(numbers) == 2 and all(number.startswith("TX-2027-") for number in numbers)
