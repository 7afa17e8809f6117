"""The day home's register on a tablet (768 × 1024) and a phone: one tap per member, present
or absent, "comes by bus, pickup at …" from the senior taxi, and the monthly report; axe-core
finds nothing on every page visited and nothing scrolls sideways at 320 px. Today is whatever
day the suite runs (members joined a week earlier)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from opencus.activities.models import AttendanceMark
from opencus.core.roles import Role
from tests.browser.test_activities_vouchers import OVERFLOW, sign_in
from tests.personas import user_make

pytestmark = pytest.mark.browser

TABLET: ViewportSize = {"width": 768, "height": 1024}
NARROW: ViewportSize = {"width": 320, "height": 640}


def test_the_register_on_a_tablet_one_tap_per_member(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    from tests.activities.senior_factories import facility_make, member_make
    from tests.transport.factories import booking_make, entitlement_make, place_make, service_make

    today = timezone.localdate()
    organiser = user_make(Role.SERVICE_ORGANISER)
    home = facility_make()
    start = today - dt.timedelta(days=7)
    anna = member_make(home, starts_on=start, organiser=organiser)
    jan = member_make(home, starts_on=start, organiser=organiser)
    booking_make(
        entitlement_make(service_make(), anna.person),
        today,
        dt.time(8, 10),
        created_by=organiser,
        destination_place=place_make(location=home.location),
    )

    page.set_viewport_size(TABLET)
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/zajecia/senior/{home.uuid}/obecnosc/{today.isoformat()}/")
    expect(page.get_by_text("Comes by bus, pickup at 08:10")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(f"Present\\W+{anna.person.full_name}")).click()
    expect(page.get_by_text(f"{anna.person.full_name}: present.")).to_be_visible()
    page.get_by_role("button", name=re.compile(f"Absent\\W+{jan.person.full_name}")).click()
    expect(page.get_by_text(f"{jan.person.full_name}: absent.")).to_be_visible()
    expect(page.get_by_text("1 member present.")).to_be_visible()
    assert_accessible(page)
    assert AttendanceMark.objects.get(membership=anna).present
    assert not AttendanceMark.objects.get(membership=jan).present

    page.set_viewport_size(NARROW)
    page.reload()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)

    page.goto(f"{live_server.url}/zajecia/senior/{home.uuid}/raport/{today.year}/{today.month}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance and meals")
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
    page.goto(f"{live_server.url}/zajecia/senior/{home.uuid}/")
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
