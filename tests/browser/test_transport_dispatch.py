"""The dispatcher's day page in a real browser: the routes as lists and on the Leaflet map,
actions by plain forms, axe-core at zero WCAG 2.1 A/AA violations; and the page usable when
the tile server cannot be reached or JavaScript is off (the lists are the content)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencus.core.roles import Role
from opencus.transport import clocks, dispatch
from opencus.transport.models import Booking
from tests.browser.helpers import sign_in
from tests.personas import user_make
from tests.transport.factories import dispatch_day_make

pytestmark = pytest.mark.browser
#: A working day two weeks ahead (the browser's clock cannot be moved, and a day that is over
#: keeps its plan).
DAY = clocks.next_working_day(timezone.localdate() + dt.timedelta(days=14))
#: Nothing listens there: every tile request is refused at once.
UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


def day_planned() -> tuple[Any, list[Booking]]:
    dispatcher = user_make(Role.DISPATCHER)
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=3)
    dispatch.plan_optimise(DAY, seconds=1, iterations=30, acting_user=dispatcher)
    return dispatcher, rides


def test_the_dispatcher_reads_fixes_and_publishes_the_day_with_tiles_unreachable(
    live_server: Any, page: Page, assert_accessible: Any, settings: Any
) -> None:
    settings.OPENCUS_MAP_TILES_URL = UNREACHABLE_TILES
    dispatcher, rides = day_planned()
    sign_in(page, live_server, dispatcher)
    url = live_server.url + reverse("transport:dispatch_day", args=[DAY.isoformat()])
    page.goto(url)
    for ride in rides:
        expect(page.get_by_role("table").filter(has_text=ride.number).first).to_be_visible()
    # The map is drawn (lines and numbered stops) even without tiles, hidden from screen readers.
    expect(page.locator("#dispatch-map .ocus-stop-marker").first).to_be_visible()
    assert page.locator("#dispatch-map").get_attribute("aria-hidden") == "true"
    assert_accessible(page)

    # Fix a ride to its vehicle with the keyboard-reachable form button.
    first = Booking.objects.get(pk=rides[0].pk)
    page.get_by_role("button", name=f"Fix to this vehicle {first.number}").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        f"Ride {first.number} is fixed to its vehicle."
    )
    first.refresh_from_db()
    assert first.vehicle_pinned
    assert_accessible(page)

    # Publish through the confirmation page.
    page.get_by_role("link", name="Publish the plan").click()
    assert_accessible(page)
    page.locator("main form[method=post] button.govuk-button").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("published")
    assert_accessible(page)


def test_the_day_page_without_javascript_is_the_lists(live_server: Any, browser: Any) -> None:
    dispatcher, rides = day_planned()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, dispatcher)
    page.goto(live_server.url + reverse("transport:dispatch_day", args=[DAY.isoformat()]))
    expect(page.locator("main")).to_contain_text(rides[0].person.full_name)
    expect(page.locator("#dispatch-map")).to_be_hidden()
    page.get_by_role("button", name="Optimise").click()
    expect(page.locator("main")).to_contain_text("The plan has been optimised.")
    context.close()
