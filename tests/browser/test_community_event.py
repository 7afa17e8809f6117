"""An animator logs an event from a phone: on a 375 × 740 screen they open their community,
tap "Log an event", keep today's date and the kind, pick the place, say it took place, type the
headcounts and save — a handful of taps. A headcount below the unique participants is refused
in the error summary (nothing stored); the event page then shows what was recorded. The pages
reflow at 320 px and axe-core finds nothing on every page visited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from opencus.community.models import Event, EventStatus
from tests.browser.helpers import NARROW, OVERFLOW, PHONE, sign_in
from tests.community.factories import animator, community_make, place_make

pytestmark = pytest.mark.browser


def test_an_animator_logs_an_event_on_a_phone(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    community = community_make("Mieszkańcy osiedla Wzgórze")
    place_make(community, "Świetlica osiedlowa")
    user = animator()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/pracownicy/spolecznosci/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Communities")
    assert_accessible(page)
    page.get_by_role("link", name="Log an event – Mieszkańcy osiedla Wzgórze").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a meeting or event")
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)

    page.get_by_role("combobox", name=re.compile(r"^Place")).select_option(
        label="Świetlica osiedlowa"
    )
    page.get_by_label("Unique participants").fill("14")
    page.get_by_label("Total attendances").fill("9")
    page.get_by_role("button", name="Save the event").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("attendances cannot be fewer than the unique participants.")
    assert not Event.objects.exists()
    assert_accessible(page)

    page.get_by_label("Total attendances").fill("17")
    page.get_by_role("button", name="Save the event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("residents' meeting")
    event = Event.objects.get()
    assert (event.status, event.participants, event.attendances) == (EventStatus.HELD, 14, 17)
    expect(page.get_by_text("Świetlica osiedlowa")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    assert not page.evaluate(OVERFLOW)
