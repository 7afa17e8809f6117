"""Recurring rides: generated on the series' weekdays that are service days, never on a public
holiday or in an exception, each day's outbound ride and its linked return inserted into the
day's plan or reported with nothing kept; generating again duplicates nothing; ending the
series cancels its future rides in time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.intake.models import EntitlementStatus
from opencus.transport import clocks
from opencus.transport.errors import SeriesError
from opencus.transport.models import (
    Booking,
    BookingStatus,
    BookingTransition,
    DestinationKind,
    PlanStop,
    RideSeries,
    TransportRules,
    Vehicle,
)
from opencus.transport.series import (
    Endpoint,
    series_create,
    series_end,
    series_exception_add,
    series_generate,
)
from tests.personas import user_make
from tests.transport.factories import (
    HOMES,
    entitlement_make,
    place_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2027, 11, 5)
WEEK = [dt.date(2027, 11, 8) + dt.timedelta(days=n) for n in range(5)]  # 11.11: a holiday


def at_ten(day: dt.date) -> Any:
    return time_machine.travel(clocks.at(day, dt.time(10)).astimezone(dt.UTC), tick=False)


@pytest.fixture(autouse=True)
def _friday_before() -> Iterator[None]:
    with at_ten(FRIDAY):
        yield


@pytest.fixture
def clerk() -> Any:
    return user_make(Role.CLIENT_OFFICE)


def bus_with_shifts(days: list[dt.date], *, ends: dt.time = dt.time(17), **fields: Any) -> Vehicle:
    bus = vehicle_make(**fields)
    for day in days:
        shift_make(bus, day, dt.time(7), ends)
    return bus


def series_make(clerk: Any, **fields: Any) -> RideSeries:
    service = fields.pop("service", None) or service_make(pickup_window_minutes=20)
    entitlement = entitlement_make(service)
    day_home = place_make()
    values: dict[str, Any] = {
        "person": entitlement.person,
        "entitlement": entitlement,
        "weekdays": [0, 1, 2, 3, 4],
        "outbound_time": dt.time(8),
        "return_time": dt.time(15),
        "origin": Endpoint("ul. Testowa 1", HOMES[0][0], HOMES[0][1]),
        "destination": Endpoint.of_place(day_home),
        "destination_kind": DestinationKind.DAY_HOME,
        "starts_on": WEEK[0],
        "acting_user": clerk,
    }
    values.update(fields)
    return series_create(**values)


def test_rides_are_generated_on_service_days_skipping_a_public_holiday(clerk: Any) -> None:
    bus_with_shifts(WEEK)
    series = series_make(clerk, weekdays=[0, 2, 3])  # Monday, Wednesday, Thursday

    report = series_generate(series, until=WEEK[-1], acting_user=clerk)

    assert not report.failures
    rides = list(Booking.objects.filter(series=series).order_by("day", "window_start"))
    # 11 November (Independence Day) is a Thursday: no rides.
    assert sorted({ride.day for ride in rides}) == [WEEK[0], WEEK[2]]
    assert len(rides) == len(report.created) == 4
    outbound, back = rides[0], rides[1]
    assert back.outbound == outbound and outbound.outbound is None
    assert (back.origin_label, back.destination_label) == (
        outbound.destination_label,
        outbound.origin_label,
    )
    assert back.destination_kind == DestinationKind.HOME
    assert outbound.window_start == clocks.at(WEEK[0], dt.time(8))
    assert outbound.window_end == clocks.at(WEEK[0], dt.time(8, 20))
    assert back.window_start == clocks.at(WEEK[0], dt.time(15))
    for ride in rides:
        assert ride.status == BookingStatus.BOOKED
        assert re.fullmatch(r"TX-2027-[0-9A-HJKMNP-TV-Z]{6}", ride.number)
        assert ride.vehicle_id is not None
        assert PlanStop.objects.filter(booking=ride).count() == 2
        assert BookingTransition.objects.filter(booking=ride, from_status="").count() == 1
    assert len({ride.number for ride in rides}) == 4
    series.refresh_from_db()
    assert series.generated_until == WEEK[-1]


def test_easter_monday_is_skipped() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    mondays = [dt.date(2027, 3, 22), dt.date(2027, 3, 29), dt.date(2027, 4, 5)]
    with at_ten(dt.date(2027, 3, 19)):
        bus_with_shifts(mondays)
        series = series_make(clerk, weekdays=[0], return_time=None, starts_on=mondays[0])
        report = series_generate(series, until=mondays[-1], acting_user=clerk)
    assert [ride.day for ride in report.created] == [mondays[0], mondays[2]]
    assert Booking.objects.filter(series=series).count() == 2  # no return time: one way


def test_generating_again_creates_no_duplicates(clerk: Any) -> None:
    bus_with_shifts(WEEK)
    series = series_make(clerk)
    first = series_generate(series, until=WEEK[-1], acting_user=clerk)
    assert len(first.created) == 8  # four working days, there and back

    again = series_generate(series, until=WEEK[-1], acting_user=clerk)
    RideSeries.objects.filter(pk=series.pk).update(generated_until=None)
    once_more = series_generate(series, until=WEEK[-1], acting_user=clerk)

    assert again.created == once_more.created == []
    assert Booking.objects.filter(series=series).count() == 8


def test_a_day_that_does_not_fit_is_reported_and_leaves_nothing_behind(clerk: Any) -> None:
    # Shifts end at noon on Tuesday: the outbound ride would fit, its return cannot.
    bus = bus_with_shifts([WEEK[0], WEEK[2]])
    shift_make(bus, WEEK[1], dt.time(7), dt.time(12))
    series = series_make(clerk, weekdays=[0, 1, 2])

    report = series_generate(series, until=WEEK[2], acting_user=clerk)

    assert [failure.day for failure in report.failures] == [WEEK[1]]
    assert "No vehicle can take ride" in report.failures[0].reason
    assert sorted({ride.day for ride in report.created}) == [WEEK[0], WEEK[2]]
    assert not Booking.objects.filter(series=series, day=WEEK[1]).exists()
    assert not PlanStop.objects.filter(plan__day=WEEK[1]).exists()
    series.refresh_from_db()
    assert series.generated_until == WEEK[0]  # the failed day is tried again next time

    # The dispatcher lengthens Tuesday's shift; the next run books the day, and only it.
    bus.shifts.filter(day=WEEK[1]).update(ends_at=dt.time(17))
    retry = series_generate(series, until=WEEK[2], acting_user=clerk)
    assert not retry.failures
    assert {ride.day for ride in retry.created} == {WEEK[1]}
    assert Booking.objects.filter(series=series).count() == 6


def test_an_exception_cancels_generated_rides_in_time_and_is_not_generated(clerk: Any) -> None:
    bus_with_shifts(WEEK)
    series = series_make(clerk, weekdays=[0, 1, 2])
    series_generate(series, until=WEEK[1], acting_user=clerk)
    tuesday = list(Booking.objects.filter(series=series, day=WEEK[1]))
    assert len(tuesday) == 2

    exception, cancelled = series_exception_add(
        series, starts_on=WEEK[1], ends_on=WEEK[2], reason="sanatorium", acting_user=clerk
    )

    assert {ride.pk for ride in cancelled} == {ride.pk for ride in tuesday}
    for ride in tuesday:
        ride.refresh_from_db()
        assert ride.status == BookingStatus.CANCELLED  # in time, not an offence
        step = ride.transitions.latest("id")
        assert "sanatorium" in step.note
        assert not PlanStop.objects.filter(booking=ride).exists()
    assert Booking.objects.get(series=series, day=WEEK[0], outbound=None).status == (
        BookingStatus.BOOKED
    )
    later = series_generate(series, until=WEEK[-1], acting_user=clerk)
    assert later.created == []  # Wednesday is in the exception
    assert AuditEvent.objects.filter(object_id=str(exception.pk)).exists()


def test_an_exception_needs_a_reason_and_a_period_not_yet_over(clerk: Any) -> None:
    series = series_make(clerk)
    with pytest.raises(SeriesError) as refused:
        series_exception_add(
            series, starts_on=WEEK[0], ends_on=WEEK[1], reason=" ", acting_user=clerk
        )
    assert refused.value.code == "reason"
    with pytest.raises(SeriesError) as refused:
        series_exception_add(
            series,
            starts_on=dt.date(2027, 10, 1),
            ends_on=dt.date(2027, 10, 8),
            reason="away",
            acting_user=clerk,
        )
    assert refused.value.code == "period_past"
    assert not series.exceptions.exists()


def test_ending_the_series_cancels_its_future_rides(clerk: Any) -> None:
    bus_with_shifts(WEEK)
    series = series_make(clerk)
    series_generate(series, until=WEEK[-1], acting_user=clerk)

    with at_ten(WEEK[0]):
        cancelled = series_end(series, reason="moved to a care home", acting_user=clerk)

    series.refresh_from_db()
    assert not series.is_active and series.ends_on == WEEK[0]
    assert series.ended_reason == "moved to a care home"
    assert len(cancelled) == 6  # Tuesday, Wednesday and Friday; Monday's rides stay
    assert set(
        Booking.objects.filter(series=series, day=WEEK[0]).values_list("status", flat=True)
    ) == {BookingStatus.BOOKED}
    assert set(
        Booking.objects.filter(series=series, day__gt=WEEK[0]).values_list("status", flat=True)
    ) == {BookingStatus.CANCELLED}
    assert (
        series_generate(series, until=WEEK[-1] + dt.timedelta(weeks=2), acting_user=clerk).created
        == []
    )
    with pytest.raises(SeriesError) as refused:
        series_end(series, reason="again", acting_user=clerk)
    assert refused.value.code == "series_ended"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"weekdays": [5]}, "service_days"),
        ({"weekdays": []}, "weekdays"),
        ({"outbound_time": dt.time(6, 30)}, "service_hours"),
        ({"return_time": dt.time(7, 30)}, "return_order"),
        ({"origin": Endpoint("ul. Bez Współrzędnych 2", None, None)}, "no_coordinates"),
        ({"ends_on": dt.date(2027, 11, 1)}, "period_order"),
        ({"weeks_ahead": 0}, "weeks_ahead"),
        ({"companions": 3}, "companions"),
    ],
)
def test_a_series_outside_the_rules_is_refused_and_nothing_is_made(
    clerk: Any, fields: dict[str, Any], code: str
) -> None:
    with pytest.raises(SeriesError) as refused:
        series_make(clerk, **fields)
    assert refused.value.code == code
    assert not RideSeries.objects.exists()


def test_a_series_needs_an_active_entitlement_to_a_transport_service(clerk: Any) -> None:
    service = service_make()
    entitlement = entitlement_make(service)
    entitlement.status = EntitlementStatus.SUSPENDED
    entitlement.save(update_fields=["status"])
    with pytest.raises(SeriesError) as refused:
        series_make(clerk, entitlement=entitlement, person=entitlement.person)
    assert refused.value.code == "entitlement_inactive"


def test_the_weekly_command_books_every_active_series_ahead(clerk: Any) -> None:
    bus_with_shifts(WEEK[:2])
    series = series_make(clerk, weekdays=[0, 1, 2])
    out, err = StringIO(), StringIO()

    call_command("transport_series", "--until", WEEK[2].isoformat(), stdout=out, stderr=err)

    rides = Booking.objects.filter(series=series)
    assert {ride.day for ride in rides} == {WEEK[0], WEEK[1]}
    assert {ride.created_by for ride in rides} == {clerk}
    assert "rides booked: 4, days that did not fit: 1" in out.getvalue()
    assert WEEK[2].isoformat() in err.getvalue()  # no shift on Wednesday yet
    with pytest.raises(CommandError):
        call_command("transport_series", "--until", "next week")


def test_rides_outside_hours_the_organiser_has_since_shortened_are_reported(clerk: Any) -> None:
    bus_with_shifts(WEEK[:1])
    series = series_make(clerk, weekdays=[0])
    TransportRules.objects.filter(service=series.entitlement.service).update(
        service_ends=dt.time(14)
    )
    report = series_generate(series, until=WEEK[0], acting_user=clerk)
    assert [failure.day for failure in report.failures] == [WEEK[0]]
    assert "outside the service hours" in report.failures[0].reason
    assert not Booking.objects.filter(series=series).exists()


def test_a_suspended_entitlement_books_nothing_and_says_so(clerk: Any) -> None:
    bus_with_shifts(WEEK)
    series = series_make(clerk)
    series.entitlement.status = EntitlementStatus.SUSPENDED
    series.entitlement.save(update_fields=["status"])
    report = series_generate(series, until=WEEK[-1], acting_user=clerk)
    assert report.created == []
    assert "suspended" in report.failures[0].reason
    series.refresh_from_db()
    assert series.generated_until is None


def test_an_archived_person_gets_no_series_and_no_more_rides(clerk: Any) -> None:
    bus_with_shifts(WEEK)
    service = service_make()
    entitlement = entitlement_make(service)
    person = entitlement.person
    person.archived_at = timezone.now()
    person.save(update_fields=["archived_at"])
    with pytest.raises(SeriesError) as refused:
        series_make(clerk, entitlement=entitlement, person=person)
    assert refused.value.code == "archived"
    assert not RideSeries.objects.exists()


def test_rules_without_destination_kinds_allow_a_series_to_any_destination(clerk: Any) -> None:
    service = service_make(destination_kinds=[])
    series = series_make(clerk, service=service, destination_kind=DestinationKind.SHOPPING)
    assert series.destination_kind == DestinationKind.SHOPPING


def test_the_same_series_arranged_twice_is_refused(clerk: Any) -> None:
    first = series_make(clerk)
    assert first.destination_place is not None
    with pytest.raises(SeriesError) as twice:
        series_make(
            clerk,
            entitlement=first.entitlement,
            person=first.person,
            destination=Endpoint.of_place(first.destination_place),
            weekdays=[2],
        )
    assert twice.value.code == "duplicate"
    assert RideSeries.objects.count() == 1
