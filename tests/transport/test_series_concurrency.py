"""Generating recurring rides at the same moment, on PostgreSQL with real connections: the
same series generated twice at once books each ride once (the series' row lock), and two
series booked at once over the same days both complete (the days' locks are taken one day at
a time and confirmation numbers need no shared counter, so neither waits for the other
forever)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection

from opencus.core.roles import Role
from opencus.transport import clocks
from opencus.transport.models import Booking, DestinationKind, PlanStop, RideSeries
from opencus.transport.series import Endpoint, series_create, series_generate
from tests.concurrency import at_once
from tests.personas import user_make
from tests.transport.factories import (
    HOMES,
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]

WEEK = [dt.date(2027, 11, 15) + dt.timedelta(days=n) for n in range(5)]
NOW = clocks.at(dt.date(2027, 11, 12), dt.time(10)).astimezone(dt.UTC)


def series_for(clerk: Any, service: Any, home: int, day_home: Any) -> RideSeries:
    entitlement = entitlement_make(service)
    return series_create(
        person=entitlement.person,
        entitlement=entitlement,
        weekdays=[0, 1, 2, 3, 4],
        outbound_time=dt.time(8),
        return_time=dt.time(15),
        origin=Endpoint("ul. Testowa 1", HOMES[home][0], HOMES[home][1]),
        destination=Endpoint.of_place(day_home),
        destination_kind=DestinationKind.DAY_HOME,
        starts_on=WEEK[0],
        acting_user=clerk,
    )


@pytest.fixture
def setting() -> dict[str, Any]:
    with time_machine.travel(NOW, tick=False):
        clerk = user_make(Role.CLIENT_OFFICE)
        service = service_make()
        day_home = place_make()
        bus = vehicle_make(seats=8)
        for day in WEEK:
            shift_make(bus, day)
    return {"clerk": clerk, "service": service, "day_home": day_home}


def test_the_same_series_generated_twice_at_once_books_each_ride_once(
    setting: dict[str, Any],
) -> None:
    clerk = setting["clerk"]
    with time_machine.travel(NOW, tick=False):
        series = series_for(clerk, setting["service"], 0, setting["day_home"])
        outcomes = at_once(
            *[lambda: series_generate(series, until=WEEK[-1], acting_user=clerk)] * 2
        )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(len(report.created) for report in outcomes) == [0, 10]
    assert Booking.objects.filter(series=series).count() == 10
    assert PlanStop.objects.count() == 20


def test_two_series_over_the_same_days_at_once_both_complete(setting: dict[str, Any]) -> None:
    clerk = setting["clerk"]
    with time_machine.travel(NOW, tick=False):
        both = [series_for(clerk, setting["service"], n, setting["day_home"]) for n in (0, 1)]
        calls: list[Callable[[], Any]] = [
            functools.partial(series_generate, series, until=WEEK[-1], acting_user=clerk)
            for series in both
        ]
        outcomes = at_once(*calls)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert [len(report.created) for report in outcomes] == [10, 10]
    numbers = list(Booking.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 20
    for day in WEEK:
        assert PlanStop.objects.filter(plan__day=day).count() == 8
