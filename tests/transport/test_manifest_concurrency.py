"""Two taps on "dropped off" at the same moment (the driver's phone sends it twice, the
dispatcher corrects at once): the day's plan lock and the booking's row lock serve them one
after the other; the ride is completed once and goes into the ledger once. Proven on
PostgreSQL with two real connections."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection, connections, transaction

from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from opencus.transport import manifests
from opencus.transport.clocks import WARSAW
from opencus.transport.models import Booking, BookingStatus, BookingTransition, PlanStop
from opencus.transport.services import plan_insert
from tests.personas import user_make
from tests.transport import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]

DAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _on_the_day() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=WARSAW), tick=False):
        yield


def test_two_drop_offs_at_once_complete_and_record_once():
    clerk = user_make(Role.CLIENT_OFFICE)
    vehicle = factories.vehicle_make()
    driver_user = user_make(Role.DRIVER)
    factories.shift_make(vehicle, DAY, driver=factories.driver_make(user=driver_user))
    entitlement = factories.entitlement_make(factories.service_make())
    booking = factories.booking_make(entitlement, DAY, dt.time(9, 0), created_by=clerk)
    with transaction.atomic():
        plan_insert(booking, acting_user=clerk)
    stop = PlanStop.objects.select_related("plan").get(booking=booking, kind="dropoff")
    users = [driver_user, user_make(Role.DISPATCHER)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, Any] = {}

    def tap(user: Any) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[user.pk] = manifests.stop_mark(
                stop=stop, what=manifests.DROPPED_OFF, acting_user=user
            )
        except Exception as error:  # noqa: BLE001 - recorded for the assertion below
            outcomes[user.pk] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    results = list(outcomes.values())
    assert all(isinstance(r, manifests.MarkResult) for r in results), results
    assert sorted(r.repeated for r in results) == [False, True]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.COMPLETED
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1
    assert BookingTransition.objects.filter(booking=booking).count() == 2
