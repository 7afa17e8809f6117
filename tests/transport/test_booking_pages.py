"""The client office's booking pages: find the person, find times, book, the ride's page,
cancelling, approvals, a person's rides, and who may see what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.transport import clocks
from opencus.transport.models import Booking, BookingStatus, PlanStop
from tests.people.factories import PersonFactory
from tests.personas import login, user_make
from tests.transport.factories import (
    HOMES,
    booking_make,
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 3, 12)  # a Friday


@pytest.fixture(autouse=True)
def _now() -> Iterator[None]:
    with time_machine.travel(clocks.at(dt.date(2027, 3, 1), dt.time(10)), tick=False):
        yield


@pytest.fixture
def world() -> dict[str, Any]:
    service = service_make(destination_kinds=["day_home", "health", "home"])
    shift_make(vehicle_make(seats=4, wheelchair_places=1), DAY)
    person = PersonFactory.create(
        last_name="Wiśniewska", latitude=HOMES[0][0], longitude=HOMES[0][1]
    )
    entitlement = entitlement_make(service, person)
    place = place_make()
    return {"person": person, "entitlement": entitlement, "place": place}


def ride_data(world: dict[str, Any], **extra: str) -> dict[str, str]:
    data = {
        "entitlement": str(world["entitlement"].pk),
        "pickup": "home",
        "destination": f"place:{world['place'].pk}",
        "day_day": "12",
        "day_month": "3",
        "day_year": "2027",
        "time_mode": "pickup",
        "time": "8:00",
        "return_time": "",
        "booked_by": "family",
        "booker_name": "Jan Wiśniewski",
        "action": "find",
    }
    data.update(extra)
    return data


def test_find_the_person_then_find_times_and_book(world: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    found = clerk.get("/transport/przejazdy/nowy/", {"q": "Wiśniewska"})
    assert found.status_code == 200
    url = f"/transport/przejazdy/nowy/{world['person'].pk}/"
    assert url in found.content.decode()
    page = clerk.get(url)
    assert "Home: Radomska 12" in page.content.decode()
    times = clerk.post(url, ride_data(world, return_time="14:00"))
    text = times.content.decode()
    assert times.status_code == 200, text
    assert "Times that can be promised" in text
    assert 'name="window" type="radio" value="07:45" checked' in text
    assert 'name="return_window"' in text
    booked = clerk.post(
        url,
        ride_data(world, return_time="14:00", action="book", window="07:45", return_window="13:45"),
    )
    assert booked.status_code == 302
    outbound = Booking.objects.get(outbound__isnull=True)
    assert outbound.window_start == clocks.at(DAY, dt.time(7, 45))
    assert outbound.booker_name == "Jan Wiśniewski"
    assert outbound.return_ride.window_start == clocks.at(DAY, dt.time(13, 45))
    detail = clerk.get(booked["Location"])
    text = detail.content.decode()
    assert f"Booked: confirmation number {outbound.number}, return ride" in text
    assert "Free cancellation until" in text
    assert "11.03.2027 12:00" in text
    assert PlanStop.objects.count() == 4


def test_a_refusal_names_the_rule_and_books_nothing(world: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    url = f"/transport/przejazdy/nowy/{world['person'].pk}/"
    response = clerk.post(url, ride_data(world, day_day="2", day_month="3"))
    assert response.status_code == 400
    assert "Rides on 02.03.2027 must be booked before 14:00 on" in response.content.decode()
    other = clerk.post(
        url,
        ride_data(world, destination="other", destination_label="Nowa 5", action="book"),
    )
    assert other.status_code == 400
    assert "An address without coordinates cannot be planned" in other.content.decode()
    bad_time = clerk.post(url, ride_data(world, time="25:00"))
    assert "Enter a time such as 8:00 or 14:30." in bad_time.content.decode()
    assert not Booking.objects.exists()


def test_arrive_by_an_appointment_at_another_address(world: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    url = f"/transport/przejazdy/nowy/{world['person'].pk}/"
    data = ride_data(
        world,
        destination="other",
        destination_label="Przychodnia, Radomska 70",
        destination_latitude="51.0450",
        destination_longitude="21.0590",
        destination_kind="health",
        time_mode="arrive",
        time="10:00",
    )
    times = clerk.post(url, data)
    text = times.content.decode()
    assert times.status_code == 200, text
    start = text.split('name="window" type="radio" value="')[1][:5]
    booked = clerk.post(url, {**data, "action": "book", "window": start})
    assert booked.status_code == 302
    ride = Booking.objects.get()
    assert ride.arrive_by == clocks.at(DAY, dt.time(10))
    assert ride.destination_kind == "health"
    assert ride.window_end <= clocks.at(DAY, dt.time(10))


def test_cancel_with_the_return_and_approvals(world: dict[str, Any]) -> None:
    staff = user_make(Role.CLIENT_OFFICE)
    clerk = login(staff)
    ride = booking_make(world["entitlement"], DAY, dt.time(8), created_by=staff)
    back = booking_make(world["entitlement"], DAY, dt.time(14), outbound=ride, created_by=staff)
    page = clerk.get(f"/transport/przejazdy/{ride.uuid}/anuluj/")
    assert "Cancelling is free until 11.03.2027 12:00" in page.content.decode()
    done = clerk.post(f"/transport/przejazdy/{ride.uuid}/anuluj/", {"cancel_return": "on"})
    assert done.status_code == 302
    back.refresh_from_db()
    assert back.status == BookingStatus.CANCELLED

    waiting = booking_make(
        world["entitlement"],
        DAY,
        dt.time(9),
        status=BookingStatus.AWAITING_APPROVAL,
        approval_reason="Shopping",
        created_by=staff,
    )
    assert clerk.get("/transport/przejazdy/do-zatwierdzenia/").status_code == 403
    official = login(user_make(Role.SERVICE_ORGANISER))
    listing = official.get("/transport/przejazdy/do-zatwierdzenia/")
    assert waiting.number in listing.content.decode()
    refused = official.post(f"/transport/przejazdy/{waiting.uuid}/odmow/", {"reason": ""})
    assert "Give the reason for the refusal." in refused.content.decode()
    approved = official.post(f"/transport/przejazdy/{waiting.uuid}/zatwierdz/")
    assert approved.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED
    assert PlanStop.objects.filter(booking=waiting).count() == 2


def test_a_persons_rides_and_who_may_see_them(world: dict[str, Any]) -> None:
    staff = user_make(Role.CLIENT_OFFICE)
    ride = booking_make(world["entitlement"], DAY, dt.time(8), created_by=staff)
    clerk = login(staff)
    rides = clerk.get(f"/transport/osoby/{world['person'].pk}/przejazdy/")
    assert ride.number in rides.content.decode()
    past = clerk.get(f"/transport/osoby/{world['person'].pk}/przejazdy/", {"past": "1"})
    assert ride.number not in past.content.decode()
    driver = login(user_make(Role.DRIVER))
    assert driver.get(f"/transport/przejazdy/{ride.uuid}/").status_code == 403
    assert login(user_make()).get("/transport/przejazdy/nowy/").status_code == 403


def test_bad_input_gets_a_message_and_books_nothing(world: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    url = f"/transport/przejazdy/nowy/{world['person'].pk}/"
    for extra, message in [
        ({"action": "book"}, "Choose a pickup window."),
        ({"action": "book", "window": "ab:cd"}, "Choose a pickup window."),
        ({"pickup": "place:999999"}, "Select a valid choice."),
        ({"companion_ages": "forty"}, "Give each companion&#x27;s age as a number"),
        ({"companion_ages": "\u00b2"}, "Give each companion&#x27;s age as a number"),
        ({"day_day": "31", "day_month": "2"}, "Enter a real date"),
        (
            {"action": "book", "return_time": "14:00", "window": "08:00"},
            "Choose a pickup window for the return ride.",
        ),
    ]:
        response = clerk.post(url, ride_data(world, **extra))
        assert response.status_code == 400, extra
        assert message in response.content.decode(), extra
    assert not Booking.objects.exists()


def test_a_page_showing_a_passenger_s_health_related_needs_is_audited(
    world: dict[str, Any],
) -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    walking = booking_make(world["entitlement"], DAY, dt.time(8), created_by=clerk)
    wheelchair = booking_make(
        world["entitlement"], DAY, dt.time(12), wheelchair=True, created_by=clerk
    )
    client = login(clerk)
    assert client.get(f"/transport/przejazdy/{walking.uuid}/").status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()
    assert client.get(f"/transport/przejazdy/{wheelchair.uuid}/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE)
    assert (event.actor, event.changes["rides"]) == (clerk, [wheelchair.number])
    dispatcher = login(user_make(Role.DISPATCHER))
    assert dispatcher.get(f"/transport/dyspozycja/{DAY.isoformat()}/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count() == 2
