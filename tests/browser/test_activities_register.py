"""The instructor's register on a tablet (issue 12): the instructor opens today's session on an
800 × 1280 screen, taps present, absent and excused for the people with big buttons, and sees
each mark saved (a presence goes into the ledger). axe-core finds nothing on every page
visited. Today is whatever day the suite runs: the session starts at midnight."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from opencus.activities import course_services
from opencus.activities.models import Attendance, AttendanceStatus
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from tests.activities.course_factories import course_service_make, entitled
from tests.browser.helpers import sign_in
from tests.catalog.factories import LocationFactory
from tests.personas import user_make

pytestmark = pytest.mark.browser

TABLET: ViewportSize = {"width": 800, "height": 1280}


def test_the_instructor_takes_todays_register_on_a_tablet(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    today = timezone.localdate()
    organiser = user_make(Role.SERVICE_ORGANISER)
    instructor = user_make(Role.ANIMATOR)
    course = course_services.course_create(
        spec=course_services.CourseSpec(
            service=course_service_make("Kawiarenka e-Seniorek"),
            location=LocationFactory.create(name="Kawiarenka e-Seniorek"),
            name="Smartfon bez tajemnic",
            term_starts_on=today,
            term_ends_on=today,
            weekdays=[today.weekday()],
            starts_at=dt.time(0, 0),
            duration_minutes=90,
            min_participants=1,
            max_participants=8,
            instructor_user=instructor,
        ),
        acting_user=organiser,
    )
    enrolments = [
        course_services.enrolment_create(
            course=course,
            entitlement=entitled(course),
            acting_user=organiser,
            now=course_services.at(today, dt.time(0, 0)) - dt.timedelta(days=1),
        )
        for _ in range(3)
    ]
    names = [e.person.full_name for e in enrolments]

    page.set_viewport_size(TABLET)
    sign_in(page, live_server, instructor)
    page.goto(f"{live_server.url}/zajecia/dziennik/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance registers")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Smartfon bez tajemnic")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Smartfon bez tajemnic")
    expect(page.get_by_text("Marked: 0 of 3")).to_be_visible()
    assert_accessible(page)

    for name, mark in zip(names, ["Present", "Absent", "Excused"], strict=True):
        button = page.get_by_role("button", name=re.compile(f"^{mark}\\W+{re.escape(name)}"))
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44  # a big target for a finger
        button.click()
        expect(page.get_by_text(f"{name}: {mark.lower()}.")).to_be_visible()
    expect(page.get_by_text("Marked: 3 of 3")).to_be_visible()
    pressed = page.get_by_role("button", name=re.compile(f"^Present\\W+{re.escape(names[0])}"))
    expect(pressed).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    marks = dict(Attendance.objects.values_list("enrolment__person__pk", "status"))
    assert marks == {
        enrolments[0].person.pk: AttendanceStatus.PRESENT,
        enrolments[1].person.pk: AttendanceStatus.ABSENT,
        enrolments[2].person.pk: AttendanceStatus.EXCUSED,
    }
    assert DeliveryRecord.objects.filter(entitlement=enrolments[0].entitlement).count() == 1


def test_the_organisers_course_pages_are_accessible(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    today = timezone.localdate()
    organiser = user_make(Role.SERVICE_ORGANISER)
    course = course_services.course_create(
        spec=course_services.CourseSpec(
            service=course_service_make("Aqua aerobik"),
            location=LocationFactory.create(name="Pływalnia miejska"),
            name="Aqua aerobik – grupa 1",
            term_starts_on=today - dt.timedelta(days=7),
            term_ends_on=today + dt.timedelta(days=21),
            weekdays=[0, 2],
            starts_at=dt.time(10),
            duration_minutes=45,
            min_participants=1,
            max_participants=15,
            health_declaration_required=True,
        ),
        acting_user=organiser,
    )
    course_services.enrolment_create(
        course=course,
        entitlement=entitled(course),
        acting_user=organiser,
        now=course_services.at(today - dt.timedelta(days=10), dt.time(9)),
    )
    page.set_viewport_size(TABLET)
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/zajecia/kursy/")
    assert_accessible(page)
    page.get_by_role("link", name="Aqua aerobik – grupa 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aqua aerobik – grupa 1")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Give out an address")).first.click()
    expect(page.get_by_text("copy it now")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/zajecia/kursy/nowy/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
