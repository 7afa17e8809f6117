"""Core's arrivals seam, implemented by the senior taxi: who the taxi brings to the day home on
a day, with the pickup time of the day's plan when the ride is planned (else the start of the
window promised on the phone); rides to other places, cancelled rides and other days are not
arrivals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.utils import timezone

from opencus.core.registry import arrivals
from opencus.core.roles import Role
from opencus.transport.models import BookingStatus, PlanStop
from opencus.transport.services import plan_insert
from tests.activities.senior_factories import NOW, TODAY
from tests.catalog.factories import LocationFactory
from tests.personas import user_make
from tests.transport.factories import (
    booking_make,
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _on_a_tuesday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_taxi_s_rides_to_the_day_home_are_its_arrivals() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    home, elsewhere = LocationFactory.create(), LocationFactory.create()
    day_home = place_make(location=home)
    other = place_make("Szpital", location=elsewhere)
    service = service_make()
    anna, jan, ewa = (entitlement_make(service) for _ in range(3))
    planned = booking_make(anna, TOMORROW, dt.time(8), created_by=clerk, destination_place=day_home)
    booking_make(jan, TOMORROW, dt.time(9), created_by=clerk, destination_place=day_home)
    booking_make(
        ewa,
        TOMORROW,
        dt.time(9),
        created_by=clerk,
        destination_place=day_home,
        status=BookingStatus.CANCELLED,
    )
    booking_make(ewa, TOMORROW, dt.time(11), created_by=clerk, destination_place=other)
    booking_make(ewa, TODAY, dt.time(11), created_by=clerk, destination_place=day_home)
    shift_make(vehicle_make(), TOMORROW)
    plan_insert(planned, acting_user=clerk)
    pickup = PlanStop.objects.get(booking=planned, kind="pickup").planned_at

    found = arrivals(clerk, TOMORROW, [home.pk])
    assert set(found) == {anna.person_id, jan.person_id}
    assert found[anna.person_id][0].pickup_at == pickup
    jan_at = timezone.localtime(found[jan.person_id][0].pickup_at)
    assert jan_at.time() == dt.time(9)
    assert "Senior taxi, ride" in found[jan.person_id][0].text
    assert arrivals(clerk, TOMORROW, []) == {}
    assert set(arrivals(clerk, TOMORROW, [elsewhere.pk])) == {ewa.person_id}
