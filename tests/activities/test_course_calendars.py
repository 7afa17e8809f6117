"""iCalendar feeds of a course, an instructor and a location (core's ``calendar_source``):
given out and stopped on the course page, holding the planned sessions (a cancelled one
leaves, a moved one keeps its uid), never a participant's name."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from opencus.activities import course_services
from opencus.core import calendars
from opencus.core.models import CalendarFeed
from opencus.core.roles import Role
from tests.activities.course_factories import course_make, enrol
from tests.personas import login, user_make

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2027, 2, 25, 9, tzinfo=dt.UTC)


def secret_from(response_text: str) -> str:
    found = re.search(r"/kalendarz/([A-Za-z0-9_-]+)\.ics", response_text)
    assert found is not None, response_text
    return found.group(1)


@time_machine.travel(BEFORE)
def test_the_organiser_gives_out_a_course_feed_that_lists_its_sessions_and_no_names() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make(name="Aqua aerobik – grupa 2", acting_user=boss)
    person = enrol(course).person
    first = course.sessions.order_by("starts_at")[0]
    course_services.session_cancel(session=first, note="Awaria", acting_user=boss)
    client = login(boss)
    response = client.post(
        reverse("activities:course_feed_issue", args=[course.uuid, "kurs"]), follow=True
    )
    secret = secret_from(response.content.decode())
    feed = Client().get(reverse("core:calendar_feed", args=[secret]))
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = list(calendar.events)
    assert len(events) == 8  # nine sessions, one cancelled
    assert str(events[0]["summary"]) == "Aqua aerobik – grupa 2"
    assert person.last_name not in feed.content.decode()
    # Stopped on the same page: the address is not found any more.
    stored = CalendarFeed.objects.get(kind="activities.course")
    client.post(reverse("activities:course_feed_revoke", args=[course.uuid, stored.pk]))
    assert Client().get(reverse("core:calendar_feed", args=[secret])).status_code == 404


@time_machine.travel(BEFORE)
def test_the_instructor_and_location_feeds_hold_every_course_of_theirs() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    teacher = user_make(Role.ANIMATOR)
    one = course_make(name="Kurs A", instructor_user=teacher)
    course_make(name="Kurs B", instructor_user=teacher, location=one.location, weekdays=[0])
    course_make(name="Kurs C")
    _feed, secret = calendars.calendar_feed_issue(
        kind="activities.instructor", object_id=str(teacher.pk), acting_user=teacher
    )
    body = Client().get(reverse("core:calendar_feed", args=[secret])).content.decode()
    assert "Kurs A" in body and "Kurs B" in body and "Kurs C" not in body
    _feed, secret = calendars.calendar_feed_issue(
        kind="activities.location", object_id=str(one.location_id), acting_user=boss
    )
    body = Client().get(reverse("core:calendar_feed", args=[secret])).content.decode()
    assert "Kurs A" in body and "Kurs B" in body and "Kurs C" not in body


@time_machine.travel(BEFORE)
def test_only_the_organiser_or_the_instructor_gives_out_feeds() -> None:
    teacher = user_make(Role.ANIMATOR)
    course = course_make(instructor_user=teacher)
    clerk = user_make(Role.CLIENT_OFFICE)
    for kind, object_id in (
        ("activities.course", course.pk),
        ("activities.instructor", teacher.pk),
        ("activities.location", course.location_id),
    ):
        with pytest.raises(calendars.CalendarFeedError):
            calendars.calendar_feed_issue(kind=kind, object_id=str(object_id), acting_user=clerk)
    # The instructor gives out their own course's and their own feeds, not the location's.
    calendars.calendar_feed_issue(
        kind="activities.course", object_id=str(course.pk), acting_user=teacher
    )
    with pytest.raises(calendars.CalendarFeedError):
        calendars.calendar_feed_issue(
            kind="activities.location", object_id=str(course.location_id), acting_user=teacher
        )
    refused = login(clerk).post(
        reverse("activities:course_feed_issue", args=[course.uuid, "kurs"]), follow=True
    )
    assert "You cannot give out a calendar of this record." in refused.content.decode()
    assert CalendarFeed.objects.count() == 1


@time_machine.travel(BEFORE)
def test_a_moved_session_keeps_its_uid_in_the_feed() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make()
    session = course.sessions.order_by("starts_at")[0]
    _feed, secret = calendars.calendar_feed_issue(
        kind="activities.course", object_id=str(course.pk), acting_user=boss
    )
    course_services.session_move(
        session=session,
        starts_at=course_services.at(dt.date(2027, 3, 3), dt.time(9)),
        note="",
        acting_user=boss,
    )
    calendar = icalendar.Calendar.from_ical(
        Client().get(reverse("core:calendar_feed", args=[secret])).content
    )
    moved = [
        e for e in calendar.events if str(e["uid"]) == f"activities-session-{session.pk}@opencus"
    ]
    assert len(moved) == 1
    assert moved[0].decoded("dtstart").hour == 9


@time_machine.travel(BEFORE)
def test_an_instructor_gives_out_and_stops_their_own_calendar_on_the_register_page() -> None:
    teacher = user_make(Role.ANIMATOR)
    course_make(name="Smartfon bez tajemnic", instructor_user=teacher)
    client = login(teacher)
    response = client.post(reverse("activities:register_feed_issue"), follow=True)
    secret = secret_from(response.content.decode())
    body = Client().get(reverse("core:calendar_feed", args=[secret])).content.decode()
    assert "Smartfon bez tajemnic" in body
    feed = CalendarFeed.objects.get(kind="activities.instructor")
    # Someone else's address is not theirs to stop.
    other = login(user_make(Role.SERVICE_ORGANISER))
    other.post(reverse("activities:register_feed_revoke"), {"feed": feed.pk})
    assert Client().get(reverse("core:calendar_feed", args=[secret])).status_code == 200
    client.post(reverse("activities:register_feed_revoke"), {"feed": feed.pk})
    assert Client().get(reverse("core:calendar_feed", args=[secret])).status_code == 404
