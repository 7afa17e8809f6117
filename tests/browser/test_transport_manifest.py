"""The driver's manifest on a phone (issue 11): the driver opens today's manifest of their
vehicle on a 360 × 740 screen, calls the passenger from the page, marks the pick-up and the
drop-off with big buttons, and the ride is completed into the ledger. The page reflows at
320 px and axe-core finds nothing on every page visited. Today is whatever day the suite runs
(the marks are allowed on the ride's day at any hour)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from opencus.core.roles import Role
from opencus.transport.models import Booking, BookingStatus
from opencus.transport.services import plan_insert
from tests.browser.helpers import NARROW, OVERFLOW, sign_in
from tests.personas import user_make
from tests.transport import factories

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}


def test_the_driver_marks_a_pickup_and_a_drop_off_on_a_phone(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    today = timezone.localdate()
    clerk = user_make(Role.CLIENT_OFFICE)
    driver_user = user_make(Role.DRIVER)
    vehicle = factories.vehicle_make("Bus Senior")
    factories.shift_make(
        vehicle, today, dt.time(7, 0), dt.time(17, 0), factories.driver_make(user=driver_user)
    )
    entitlement = factories.entitlement_make(factories.service_make())
    person = entitlement.person
    booking = factories.booking_make(
        entitlement, today, dt.time(9, 0), created_by=clerk, wheelchair=True, companions=1
    )
    plan_insert(booking, acting_user=clerk)

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, driver_user)
    page.goto(f"{live_server.url}/transport/kierowca/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Manifest of Bus Senior")
    expect(page.get_by_text(person.full_name).first).to_be_visible()
    expect(page.get_by_text("Wheelchair").first).to_be_visible()
    call = page.get_by_role("link", name=person.phone).first
    expect(call).to_have_attribute("href", f"tel:{person.phone.replace(' ', '')}")
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)

    picked = page.get_by_role("button", name=re.compile(f"Picked up\\W+{person.full_name}"))
    box = picked.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 280  # a big target
    picked.click()
    expect(page.get_by_text(f"{person.full_name}: Picked up.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(f"Dropped off\\W+{person.full_name}")).click()
    expect(page.get_by_text(f"{person.full_name}: Dropped off.")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile(f"Dropped off\\W+{person.full_name}"))
    ).to_have_count(0)
    booking = Booking.objects.get(pk=booking.pk)
    assert booking.status == BookingStatus.COMPLETED
    assert booking.delivery_record is not None

    page.set_viewport_size(NARROW)
    page.reload()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
