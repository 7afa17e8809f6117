"""A volunteer's agreement flow (the volunteer centre): the coordinator concludes a written
agreement with a 15-year-old — refused with a clear message until the representative's written
consent is recorded — and prints it; the volunteer, on a phone (375 × 740, and 320 px), opens
their page, logs hours on their assignment and sees them wait for the coordinator, who
confirms them. axe-core finds nothing on every page visited. Today is whatever day the suite
runs (every date is relative to it)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencus.volunteering.models import Agreement, HoursLog, HoursStatus
from tests.browser.helpers import NARROW, OVERFLOW, PHONE, sign_in
from tests.volunteering.factories import (
    assignment_make,
    born,
    coordinator,
    need_make,
    ready_volunteer,
    volunteer_make,
)

pytestmark = pytest.mark.browser


def _fill_date(page: Page, name: str, day: dt.date) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_a_minors_agreement_waits_for_the_consent_and_the_volunteer_logs_hours_on_a_phone(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    today = timezone.localdate()
    boss = coordinator()
    minor = volunteer_make(first_name="Zuzanna", last_name="Michalska", birth_date=born(15))

    sign_in(page, live_server, boss)
    page.goto(f"{live_server.url}/wolontariat/{minor.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuzanna Michalska")
    assert_accessible(page)
    page.get_by_role("link", name="Conclude an agreement").click()
    assert_accessible(page)
    _fill_date(page, "ends_on", today + dt.timedelta(days=90))
    page.get_by_label("Scope of the work").fill("Pomoc przy festynach rodzinnych")
    page.get_by_label("Manner of the work").fill("W soboty, z animatorką")
    page.get_by_label("Legal representative").fill("Monika Michalska")
    page.get_by_role("button", name="Conclude the agreement").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text(re.compile("written consent")).first).to_be_visible()
    assert not Agreement.objects.exists()
    assert_accessible(page)
    page.get_by_label("Representative's written consent").fill("Zgoda z dnia 1.03")
    page.get_by_role("button", name="Conclude the agreement").click()
    expect(page.get_by_text("The agreement is concluded.")).to_be_visible()
    agreement = Agreement.objects.get()
    assert agreement.party == "consent"
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Print \\(PDF\\)")).click()
    assert download.value.suggested_filename.endswith(".pdf")

    # The volunteer on a phone: their page, their assignment, hours logged.
    volunteer = ready_volunteer(account=True)
    assert volunteer.user is not None
    assignment = assignment_make(volunteer, need_make(title="Zakupy dla pani Ireny"))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, volunteer.user)
    page.goto(f"{live_server.url}/wolontariat/moje/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My volunteering")
    expect(page.get_by_role("heading", name="Zakupy dla pani Ireny")).to_be_visible()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Log hours\\W+Zakupy")).click()
    page.get_by_label("Hours").fill("2")
    page.get_by_label("What was done").fill("Zakupy w Biedronce")
    page.get_by_role("button", name="Log the hours").click()
    expect(page.get_by_text("The hours are logged and wait for confirmation.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    page.reload()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
    log = HoursLog.objects.get(assignment=assignment)
    assert log.status == HoursStatus.LOGGED

    # The coordinator confirms them.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, boss)
    page.goto(f"{live_server.url}/wolontariat/godziny/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(f"Confirm\\W+{volunteer.full_name}")).click()
    expect(page.get_by_text("The hours are confirmed.")).to_be_visible()
    log.refresh_from_db()
    assert log.status == HoursStatus.CONFIRMED
