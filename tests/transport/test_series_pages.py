"""The pages of recurring rides: the clerk arranges a series for a person (its rides are
booked at once and the days that do not fit are said), sees it with its rides, adds days
without rides and ends it; bad input is answered on the form and changes nothing; roles
without ``transport.book`` are refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from opencus.core.roles import Role
from opencus.transport import clocks
from opencus.transport.models import Booking, BookingStatus, RideSeries
from tests.personas import login, user_make
from tests.transport.factories import (
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2027, 3, 8)


@pytest.fixture(autouse=True)
def _the_friday_before() -> Iterator[None]:
    moment = clocks.at(dt.date(2027, 3, 5), dt.time(10)).astimezone(dt.UTC)
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def setting() -> dict[str, Any]:
    service = service_make()
    entitlement = entitlement_make(service)
    person = entitlement.person
    person.street, person.building_number, person.locality = "Testowa", "1", "Starachowice"
    person.latitude, person.longitude = "51.030000", "21.090000"
    person.save()
    day_home = place_make()
    bus = vehicle_make()
    for n in range(3):  # Monday to Wednesday; Thursday has no shift yet
        shift_make(bus, MONDAY + dt.timedelta(days=n))
    return {"person": person, "entitlement": entitlement, "place": day_home}


def form_data(setting: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = {
        "entitlement": str(setting["entitlement"].pk),
        "weekdays": ["0", "1", "2", "3"],
        "outbound_time": "08:00",
        "return_time": "15:00",
        "origin": "home",
        "destination": str(setting["place"].pk),
        "destination_kind": "day_home",
        "companions": "0",
        "starts_on_day": "8",
        "starts_on_month": "3",
        "starts_on_year": "2027",
        "ends_on_day": "",
        "ends_on_month": "",
        "ends_on_year": "",
        "weeks_ahead": "1",
    }
    data.update(changes)
    return data


def test_the_clerk_arranges_a_series_and_its_rides_are_booked(setting: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    person = setting["person"]
    assert clerk.get(reverse("transport:person_series", args=[person.pk])).status_code == 200
    url = reverse("transport:series_create", args=[person.pk])
    assert "Arrange recurring rides" in clerk.get(url).content.decode()

    response = clerk.post(url, form_data(setting), follow=True)

    series = RideSeries.objects.get(person=person)
    assert response.redirect_chain[-1][0] == reverse("transport:series_detail", args=[series.uuid])
    page = response.content.decode()
    assert "6 rides booked." in page
    assert "11.03.2027: not booked." in page  # no shift on Thursday
    assert Booking.objects.filter(series=series).count() == 6
    assert series.origin_label == person.address_line
    assert "Dzienny Dom Senior+" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weekdays": ["5"]}, "The service does not run on Saturday."),
        ({"outbound_time": "8 rano"}, "Enter a time as hours and minutes, for example 08:00."),
        ({"return_time": "07:30"}, "The return pickup must be later than the outbound pickup."),
        ({"destination": "home"}, "The ride must go somewhere else than it starts."),
        ({"destination": "other"}, "Type the other address."),
        ({"starts_on_day": "31", "starts_on_month": "2"}, "Enter a real date"),
    ],
)
def test_bad_input_is_answered_on_the_form(
    setting: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    url = reverse("transport:series_create", args=[setting["person"].pk])
    response = clerk.post(url, form_data(setting, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RideSeries.objects.exists() and not Booking.objects.exists()


def test_days_without_rides_and_the_end_of_the_series(setting: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    clerk.post(reverse("transport:series_create", args=[setting["person"].pk]), form_data(setting))
    series = RideSeries.objects.get()
    exception_url = reverse("transport:series_exception", args=[series.uuid])
    bad = clerk.post(
        exception_url,
        {
            "starts_on_day": "10",
            "starts_on_month": "3",
            "starts_on_year": "2027",
            "reason": "sanatorium",
        },
    )
    assert bad.status_code == 400 and "Enter a date." in bad.content.decode()
    response = clerk.post(
        exception_url,
        {
            "starts_on_day": "9",
            "starts_on_month": "3",
            "starts_on_year": "2027",
            "ends_on_day": "9",
            "ends_on_month": "3",
            "ends_on_year": "2027",
            "reason": "wizyta u lekarza rodzinnego",
        },
        follow=True,
    )
    assert "2 rides cancelled." in response.content.decode()
    assert set(
        Booking.objects.filter(day=dt.date(2027, 3, 9)).values_list("status", flat=True)
    ) == {BookingStatus.CANCELLED}

    end_url = reverse("transport:series_end", args=[series.uuid])
    assert clerk.post(end_url, {"reason": ""}).status_code == 400
    ended = clerk.post(end_url, {"reason": "przeprowadzka"}, follow=True)
    assert "The recurring rides have ended; 4 rides cancelled." in ended.content.decode()
    series.refresh_from_db()
    assert not series.is_active


def test_roles_without_booking_are_refused(setting: dict[str, Any]) -> None:
    person = setting["person"]
    for role in (Role.PROVIDER_STAFF, Role.DRIVER, Role.ANIMATOR):
        client = login(user_make(role))
        assert client.get(reverse("transport:series_list")).status_code == 403
        assert (
            client.post(
                reverse("transport:series_create", args=[person.pk]), form_data(setting)
            ).status_code
            == 403
        )
    assert not RideSeries.objects.exists()


def test_an_unknown_series_is_not_found(setting: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    missing = "00000000-0000-0000-0000-000000000000"
    assert clerk.get(reverse("transport:series_detail", args=[missing])).status_code == 404
    assert clerk.get(reverse("transport:series_create", args=[999999])).status_code == 404


def test_the_list_finds_the_person_to_arrange_rides_for(setting: dict[str, Any]) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    person = setting["person"]
    page = clerk.get(reverse("transport:series_list"), {"osoba": person.last_name})
    assert page.status_code == 200
    assert reverse("transport:person_series", args=[person.pk]) in page.content.decode()
    nobody = clerk.get(reverse("transport:series_list"), {"osoba": "Qqqqxyz"})
    assert "Nobody found." in nobody.content.decode()


def test_query_budget_of_the_list_and_the_series_page(
    setting: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    url = reverse("transport:series_create", args=[setting["person"].pk])
    for time in ("08:00", "09:00", "10:00"):
        clerk.post(url, form_data(setting, outbound_time=time, return_time=""))
    series = RideSeries.objects.first()
    assert series is not None and Booking.objects.count() == 9
    with django_assert_max_num_queries(16):
        assert clerk.get(reverse("transport:series_list")).status_code == 200
    with django_assert_max_num_queries(16):
        detail = clerk.get(reverse("transport:series_detail", args=[series.uuid]))
    assert detail.status_code == 200
