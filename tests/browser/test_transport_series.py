"""Recurring rides and the organiser's rules in a real browser: the clerk arranges rides for a
person with the keyboard (the error summary first), sees the series with its booked rides; the
organiser's rules page shows its errors. axe-core checks every page visited.

Pages are found by their addresses rather than their words: the interface is Polish by default
and its wording may change with the translations. Dates are relative to today."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from opencus.core.roles import Role
from opencus.transport import clocks
from opencus.transport.models import Booking, RideSeries
from tests.browser.test_intake_pages import log_in
from tests.transport.factories import (
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.browser


def test_a_clerk_arranges_recurring_rides_with_the_keyboard(
    live_server, page, make_staff, assert_accessible
):
    make_staff(Role.CLIENT_OFFICE, username="bok")
    entitlement = entitlement_make(service_make())
    person = entitlement.person
    person.street, person.building_number, person.locality = "Radomska", "12", "Starachowice"
    person.latitude, person.longitude = "51.045000", "21.070000"
    person.save()
    place_make()
    bus = vehicle_make()
    first = clocks.next_working_day(timezone.localdate())
    days = [first]
    while len(days) < 5:
        days.append(clocks.next_working_day(days[-1]))
    for day in days:
        shift_make(bus, day)

    log_in(page, live_server, "bok")
    page.goto(live_server.url + reverse("transport:series_create", args=[person.pk]))
    assert_accessible(page)
    submit = page.locator("main form button[type=submit]")
    submit.focus()
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert_accessible(page)

    page.locator("#id_weekdays_0").check()
    page.locator("#id_outbound_time").fill("08:00")
    page.locator("#id_return_time").fill("15:00")
    page.locator("#id_destination").select_option(label="Dzienny Dom Senior+")
    page.locator("#id_destination_kind").select_option("day_home")
    page.locator("#id_starts_on_0").fill(str(first.day))
    page.locator("#id_starts_on_1").fill(str(first.month))
    page.locator("#id_starts_on_2").fill(str(first.year))
    page.locator("#id_weeks_ahead").fill("2")
    page.locator("#id_weeks_ahead").press("Enter")

    series = RideSeries.objects.get(person=person)
    expect(page).to_have_url(
        re.compile(re.escape(reverse("transport:series_detail", args=[series.uuid])) + "$")
    )
    assert_accessible(page)
    mondays = [day for day in days if day.weekday() == 0]
    assert Booking.objects.filter(series=series).count() >= 2 * len(mondays)


def test_the_rules_page_shows_its_errors_accessibly(
    live_server, page, make_staff, assert_accessible
):
    make_staff(Role.SERVICE_ORGANISER, username="organizator")
    service = service_make(quotas=[(2, "month", "legs"), (8, "year", "legs")])
    log_in(page, live_server, "organizator")
    page.goto(live_server.url + reverse("transport:rules_list"))
    assert_accessible(page)
    page.goto(live_server.url + reverse("transport:rules_edit", args=[service.pk]))
    assert_accessible(page)
    page.locator("#id_service_ends").fill("06:00")
    page.locator("#id_book_cutoff").fill("25:61")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    assert dt.time(17) == service.transport_rules.service_ends
