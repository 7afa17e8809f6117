"""Rides on the person card's timeline: booked, completed, no-show and cancelled rides, and the
recurring series with its days without rides, each with who and when and a link. Only those
who may see the person's rides see them; the notes for the driver never show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from opencus.core.registry import person_timeline
from opencus.core.roles import Role
from opencus.transport import clocks
from opencus.transport.models import BookingStatus, DestinationKind
from opencus.transport.series import Endpoint, series_create, series_exception_add
from opencus.transport.services import booking_created, booking_step
from tests.personas import login, user_make
from tests.transport.factories import (
    HOMES,
    booking_make,
    entitlement_make,
    place_make,
    service_make,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 3, 10)
SECRET = "Klucz pod wycieraczką"


@pytest.fixture
def story() -> dict[str, Any]:
    with time_machine.travel(clocks.at(dt.date(2027, 3, 5), dt.time(10)).astimezone(dt.UTC)):
        clerk = user_make(Role.CLIENT_OFFICE)
        clerk.first_name, clerk.last_name = "Joanna", "Sikora"
        clerk.save()
        service = service_make()
        entitlement = entitlement_make(service)
        done = booking_make(entitlement, DAY, dt.time(9), created_by=clerk, note=SECRET)
        booking_created(done, acting_user=clerk)
        booking_step(done, BookingStatus.ON_BOARD, acting_user=clerk)
        booking_step(done, BookingStatus.COMPLETED, acting_user=clerk)
        missed = booking_make(entitlement, DAY, dt.time(13), created_by=clerk)
        booking_created(missed, acting_user=clerk)
        booking_step(missed, BookingStatus.NO_SHOW, acting_user=clerk, note=SECRET)
        series = series_create(
            person=entitlement.person,
            entitlement=entitlement,
            weekdays=[0, 2],
            outbound_time=dt.time(8),
            return_time=dt.time(15),
            origin=Endpoint("ul. Testowa 1", HOMES[0][0], HOMES[0][1]),
            destination=Endpoint.of_place(place_make()),
            destination_kind=DestinationKind.DAY_HOME,
            starts_on=dt.date(2027, 3, 15),
            acting_user=clerk,
        )
        series_exception_add(
            series,
            starts_on=dt.date(2027, 3, 22),
            ends_on=dt.date(2027, 3, 26),
            reason=SECRET,
            acting_user=clerk,
        )
    return {"person": entitlement.person, "done": done, "missed": missed, "series": series}


def test_rides_and_series_are_on_the_timeline(story: dict[str, Any]) -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    events, more = person_timeline(clerk, story["person"], limit=20)
    texts = [event.text for event in events]
    number = story["done"].number
    assert f"Ride {number} on 10.03.2027 at 09:00 to Dzienny Dom Senior+ booked." in texts
    assert f"Ride {number} on 10.03.2027 to Dzienny Dom Senior+ completed." in texts
    assert f"No-show for ride {story['missed'].number} on 10.03.2027 at 13:00." in texts
    assert (
        "Recurring rides arranged: Mon, Wed at 08:00 to Dzienny Dom Senior+, from 15.03.2027."
        in texts
    )
    assert "No recurring rides to Dzienny Dom Senior+ from 22.03.2027 to 26.03.2027." in texts
    assert not any(SECRET in text for text in texts)
    series_url = reverse("transport:series_detail", args=[story["series"].uuid])
    assert {e.url for e in events if "ecurring" in e.text} == {series_url}
    assert {e.actor for e in events if e.kind == "Senior taxi"} == {"Joanna Sikora"}
    assert not more


def test_someone_who_may_not_see_rides_sees_none(story: dict[str, Any]) -> None:
    for role in (Role.PROVIDER_STAFF, Role.DRIVER, Role.ANIMATOR):
        events, _more = person_timeline(user_make(role), story["person"], limit=20)
        assert not [event for event in events if event.kind == "Senior taxi"]


def test_the_person_card_shows_the_rides(story: dict[str, Any]) -> None:
    page = login(user_make(Role.CLIENT_OFFICE)).get(
        reverse("people:detail", args=[story["person"].pk])
    )
    assert page.status_code == 200
    assert "Recurring rides arranged" in page.content.decode()


def test_the_person_card_links_to_the_rides_with_their_counts(story: dict[str, Any]) -> None:
    person = story["person"]
    with time_machine.travel(clocks.at(dt.date(2027, 3, 8), dt.time(10)).astimezone(dt.UTC)):
        coming = booking_make(
            story["done"].entitlement, DAY, dt.time(11), created_by=user_make(Role.CLIENT_OFFICE)
        )
        page = login(user_make(Role.CLIENT_OFFICE)).get(reverse("people:detail", args=[person.pk]))
        text = page.content.decode()
        assert reverse("transport:person_rides", args=[person.pk]) in text
        assert "1 upcoming" in text and coming.number not in text
        assert reverse("transport:person_series", args=[person.pk]) in text
        assert "1 active" in text
        assert reverse("transport:book", args=[person.pk]) in text
        auditor = login(user_make(Role.AUDITOR)).get(reverse("people:detail", args=[person.pk]))
        assert reverse("transport:person_rides", args=[person.pk]) not in auditor.content.decode()
