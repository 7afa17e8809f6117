"""The fleet (issue 11): vehicles, their days out of service, drivers and shifts, managed by
the dispatcher. What the plan cannot use is refused with a message naming the rule and
nothing changes: a second shift of a vehicle on a day, a driver on two overlapping shifts, a
shift on a day the vehicle is out of service, a driver's account without the driver role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.transport import manifests
from opencus.transport.clocks import WARSAW
from opencus.transport.errors import FleetError
from opencus.transport.models import Driver, Shift, Vehicle, VehicleUnavailability
from opencus.transport.services import plan_insert
from tests.personas import login, user_make
from tests.transport import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)  # a Tuesday
T = dt.time
SEVEN, FIFTEEN = T(7), T(15)


@pytest.fixture(autouse=True)
def _a_week_before() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 0, tzinfo=WARSAW), tick=False):
        yield


@pytest.fixture
def dispatcher():
    return user_make(Role.DISPATCHER)


def shift(vehicle, driver, day=DAY, starts=SEVEN, ends=FIFTEEN, *, by, instance=None):
    return manifests.shift_save(
        shift=instance,
        vehicle=vehicle,
        driver=driver,
        day=day,
        starts_at=starts,
        ends_at=ends,
        acting_user=by,
    )


def test_a_vehicle_has_one_shift_a_day(dispatcher):
    vehicle = factories.vehicle_make()
    first = shift(vehicle, None, by=dispatcher)
    with pytest.raises(FleetError) as refused:
        shift(vehicle, None, starts=T(15), ends=T(19), by=dispatcher)
    assert refused.value.code == "duplicate"
    assert "already has a shift on 10.03.2026 (07:00–15:00)" in refused.value.text
    assert Shift.objects.count() == 1
    # The same shift changed is not a duplicate of itself.
    changed = shift(vehicle, None, starts=T(8), ends=T(16), by=dispatcher, instance=first)
    assert (changed.starts_at, changed.ends_at) == (T(8), T(16))


def test_a_driver_cannot_drive_two_overlapping_shifts(dispatcher):
    driver = factories.driver_make()
    bus1, bus2 = factories.vehicle_make("Bus 1"), factories.vehicle_make("Bus 2")
    shift(bus1, driver, starts=T(7), ends=T(12), by=dispatcher)
    with pytest.raises(FleetError) as refused:
        shift(bus2, driver, starts=T(11), ends=T(16), by=dispatcher)
    assert refused.value.code == "overlap"
    assert "Jan Kierowca already drives Bus 1 on 10.03.2026 from 07:00 to 12:00" in (
        refused.value.text
    )
    # Back to back is fine.
    assert shift(bus2, driver, starts=T(12), ends=T(16), by=dispatcher).vehicle == bus2


def test_a_shift_must_end_after_it_starts(dispatcher):
    with pytest.raises(FleetError) as refused:
        shift(factories.vehicle_make(), None, starts=T(15), ends=T(7), by=dispatcher)
    assert refused.value.code == "order"
    assert "ends_at" in refused.value.fields


def test_no_shift_on_a_day_out_of_service_and_none_out_of_service_on_a_shift(dispatcher):
    vehicle = factories.vehicle_make()
    manifests.unavailability_add(
        vehicle=vehicle,
        starts_on=DAY,
        ends_on=DAY + dt.timedelta(days=2),
        reason="Przegląd",
        acting_user=dispatcher,
    )
    with pytest.raises(FleetError) as refused:
        shift(vehicle, None, by=dispatcher)
    assert refused.value.code == "vehicle_away"
    assert "out of service from 10.03.2026 to 12.03.2026 (Przegląd)" in refused.value.text
    shift(vehicle, None, day=DAY + dt.timedelta(days=7), by=dispatcher)
    with pytest.raises(FleetError) as busy:
        manifests.unavailability_add(
            vehicle=vehicle,
            starts_on=DAY + dt.timedelta(days=6),
            ends_on=DAY + dt.timedelta(days=8),
            reason="Naprawa",
            acting_user=dispatcher,
        )
    assert busy.value.code == "has_shifts"
    assert VehicleUnavailability.objects.count() == 1
    with pytest.raises(FleetError) as inactive:
        manifests.vehicle_save(vehicle=vehicle, acting_user=dispatcher, is_active=False)
    assert inactive.value.code == "has_shifts"


def test_a_shift_with_planned_stops_keeps_them_covered(dispatcher):
    vehicle = factories.vehicle_make()
    planned = factories.shift_make(vehicle, DAY, T(7), T(17))
    clerk = user_make(Role.CLIENT_OFFICE)
    booking = factories.booking_make(
        factories.entitlement_make(factories.service_make()), DAY, T(13), created_by=clerk
    )
    plan_insert(booking, acting_user=clerk)
    with pytest.raises(FleetError) as shorter:
        shift(vehicle, None, starts=T(7), ends=T(11), by=dispatcher, instance=planned)
    assert shorter.value.code == "has_stops"
    with pytest.raises(FleetError) as removed:
        manifests.shift_remove(shift=planned, acting_user=dispatcher)
    assert removed.value.code == "has_stops"
    assert Shift.objects.filter(pk=planned.pk).exists()


def test_a_driver_s_account_must_be_in_the_driver_role_and_free(dispatcher):
    with pytest.raises(FleetError) as not_driver:
        manifests.driver_save(
            driver=None, acting_user=dispatcher, name="Adam", user=user_make(Role.CLIENT_OFFICE)
        )
    assert not_driver.value.code == "not_a_driver"
    account = user_make(Role.DRIVER)
    manifests.driver_save(driver=None, acting_user=dispatcher, name="Adam", user=account)
    with pytest.raises(FleetError) as taken:
        manifests.driver_save(driver=None, acting_user=dispatcher, name="Bartek", user=account)
    assert taken.value.code == "account_taken"
    assert Driver.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_repr="Adam").exists()


# --- The pages --------------------------------------------------------------------------------


def test_the_dispatcher_adds_a_vehicle_a_driver_and_a_shift_through_the_pages(dispatcher):
    client = login(dispatcher)
    depot = factories.place_make("Baza", factories.DEPOT, "other")
    response = client.post(
        reverse("transport:vehicle_add"),
        {
            "name": "Bus 3",
            "seats": "6",
            "wheelchair_places": "2",
            "depot": depot.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(name="Bus 3")
    assert (vehicle.seats, vehicle.wheelchair_places) == (6, 2)
    account = user_make(Role.DRIVER)
    assert (
        client.post(
            reverse("transport:driver_add"),
            {"name": "Ewa Kierowca", "phone": "600 200 300", "user": account.pk, "is_active": "on"},
        ).status_code
        == 302
    )
    driver = Driver.objects.get(name="Ewa Kierowca")
    data = {
        "vehicle": vehicle.pk,
        "driver": driver.pk,
        "day_day": "10",
        "day_month": "3",
        "day_year": "2026",
        "starts_at": "7:00",
        "ends_at": "15:30",
    }
    response = client.post(reverse("transport:shift_add"), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?od=2026-03-09")
    for far in ("9999-12-31", "0001-01-01"):  # out of range: the current week, no error
        assert client.get(reverse("transport:shifts"), {"od": far}).status_code == 200
    assert Shift.objects.get(vehicle=vehicle).ends_at == T(15, 30)
    # The same again: refused on the form, with the rule, nothing added.
    again = client.post(reverse("transport:shift_add"), data)
    assert again.status_code == 400
    assert "already has a shift on 10.03.2026" in again.content.decode()
    assert Shift.objects.count() == 1
    week = client.get(reverse("transport:shifts"), {"od": "2026-03-11"}).content.decode()
    assert "Week of 09.03.2026 to 15.03.2026" in week
    assert "07:00–15:30" in week and "Ewa Kierowca" in week
    assert reverse("transport:manifest", args=[vehicle.uuid, "2026-03-10"]) in week


def test_bad_input_gets_clear_messages_and_never_a_500(dispatcher):
    client = login(dispatcher)
    response = client.post(
        reverse("transport:shift_add"),
        {
            "vehicle": "x",
            "day_day": "31",
            "day_month": "2",
            "day_year": "2026",
            "starts_at": "25:99",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html or "Choose the vehicle" in html
    assert "Enter a time such as 7:00 or 15:30." in html
    assert "Enter when the shift ends." in html
    assert client.get(reverse("transport:shifts"), {"od": "nonsense"}).status_code == 200
    vehicle = factories.vehicle_make()
    bad = client.post(
        reverse("transport:vehicle_unavailable", args=[vehicle.uuid]),
        {
            "starts_on_day": "12",
            "starts_on_month": "3",
            "starts_on_year": "2026",
            "ends_on_day": "10",
            "ends_on_month": "3",
            "ends_on_year": "2026",
            "reason": "Naprawa",
        },
    )
    assert bad.status_code == 400
    assert "The last day cannot be before the first day." in bad.content.decode()


def test_only_the_dispatcher_manages_the_fleet():
    for role in (Role.CLIENT_OFFICE, Role.DRIVER, Role.SOCIAL_WORKER):
        client = login(user_make(role))
        for name in ("transport:shifts", "transport:vehicles", "transport:drivers"):
            assert client.get(reverse(name)).status_code == 403
    html = login(user_make(Role.DISPATCHER)).get(reverse("core:dashboard")).content.decode()
    assert "Vehicles and shifts" in html
    driver_html = login(user_make(Role.DRIVER)).get(reverse("core:dashboard")).content.decode()
    assert "My manifest" in driver_html and "Vehicles and shifts" not in driver_html


def test_removing_a_shift_asks_first(dispatcher):
    vehicle = factories.vehicle_make()
    planned = factories.shift_make(vehicle, DAY)
    client = login(dispatcher)
    url = reverse("transport:shift_remove", args=[planned.pk])
    assert "Remove the shift of Bus 1 on 10.03.2026?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Shift.objects.filter(pk=planned.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_fewer_seats_than_a_planned_ride_needs_are_refused_and_nothing_changes(dispatcher):
    bus = factories.vehicle_make(seats=4)
    factories.shift_make(bus, DAY)
    entitlement = factories.entitlement_make(factories.service_make())
    ride = factories.booking_make(entitlement, DAY, T(9), companions=2, created_by=dispatcher)
    plan_insert(ride, acting_user=dispatcher)
    manifests.vehicle_save(vehicle=bus, acting_user=dispatcher, seats=3)  # still fits
    with pytest.raises(FleetError) as refused:
        manifests.vehicle_save(vehicle=bus, acting_user=dispatcher, seats=2)
    assert refused.value.code == "has_stops"
    assert "10.03.2026" in refused.value.messages[0]
    bus.refresh_from_db()
    assert bus.seats == 3
