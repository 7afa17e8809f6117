"""A phone booking of the senior taxi with the keyboard only (Tab, arrows, Space and Enter;
no clicks): the clerk finds the person, says where and when, finds the times, chooses a
window and books; the confirmation number shows. axe-core checks every page visited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencus.core.roles import Role
from opencus.transport import clocks
from opencus.transport.models import Booking
from tests.browser.helpers import sign_in
from tests.people.factories import PersonFactory
from tests.personas import user_make
from tests.transport.factories import (
    HOMES,
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.browser


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def ride_day() -> dt.date:
    """A working day ten or more days ahead: bookable whatever day the suite runs."""
    day = timezone.localdate() + dt.timedelta(days=10)
    while not clocks.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def test_a_phone_booking_with_the_keyboard_only(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    day = ride_day()
    service = service_make()
    shift_make(vehicle_make(seats=4, wheelchair_places=1), day)
    person = PersonFactory.create(
        last_name="Kowalczyk", latitude=HOMES[0][0], longitude=HOMES[0][1]
    )
    entitlement_make(service, person)
    place_make()
    sign_in(page, live_server, user_make(Role.CLIENT_OFFICE))

    page.goto(f"{live_server.url}/transport/przejazdy/nowy/")
    assert_accessible(page)
    tab_to(page, "#id_q")
    page.keyboard.type("Kowalczyk")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 person found")).to_be_visible()
    assert_accessible(page)
    tab_to(page, f"a[href='/transport/przejazdy/nowy/{person.pk}/']")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Book a ride")
    assert_accessible(page)
    tab_to(page, "#id_destination_0")
    page.keyboard.press("ArrowDown")  # the day home, a frequent place
    tab_to(page, "#id_day_0")
    page.keyboard.type(str(day.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.year))
    tab_to(page, "#id_time")
    page.keyboard.type("8:00")
    tab_to(page, "#id_companion_ages")
    page.keyboard.type("45")
    tab_to(page, "button[value=find]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Times that can be promised")).to_be_visible()
    assert_accessible(page)
    tab_to(page, "input[name=window]")
    page.keyboard.press("Space")
    tab_to(page, "button[value=book]")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Booked: confirmation number TX-")).to_be_visible()
    assert_accessible(page)
    booking = Booking.objects.get()
    assert booking.person == person
    assert booking.companions == 1
    assert booking.destination_label == "Dzienny Dom Senior+"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ride {booking.number}")
