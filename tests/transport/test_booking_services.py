"""Booking by the client office: the windows offered, booking one with its return and a
confirmation number, refusals that change nothing, cancelling in time or late, approval."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.transport import clocks, selectors, services
from opencus.transport.errors import BookingRuleError, NoCapacityError, TransportError
from opencus.transport.models import (
    Booking,
    BookingStatus,
    BookingTransition,
    DayPlanTransition,
    PlanStop,
    TimeMode,
    TransportRules,
)
from tests.personas import user_make
from tests.transport import test_concurrency as concurrent
from tests.transport.factories import (
    DAY_HOME,
    HOMES,
    entitlement_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 3, 12)  # a Friday
NOW = clocks.at(dt.date(2027, 3, 1), dt.time(10))
HOME = services.Endpoint("Radomska 12", HOMES[0][0], HOMES[0][1])
DAYHOME = services.Endpoint("Dzienny Dom Senior+", DAY_HOME[0], DAY_HOME[1])


@pytest.fixture(autouse=True)
def _the_week_before() -> Iterator[None]:
    """Rides of a day that is over are not approved or planned: these tests run before DAY."""
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def clerk() -> Any:
    return user_make(Role.CLIENT_OFFICE)


@pytest.fixture
def setup() -> Any:
    service = service_make()
    bus = vehicle_make(seats=3, wheelchair_places=1)
    shift_make(bus, DAY, dt.time(7), dt.time(17))
    return entitlement_make(service)


def window(start: dt.time, width: int = 30) -> services.Leg:
    begin = clocks.at(DAY, start)
    return services.Leg(start, begin, begin + dt.timedelta(minutes=width))


def book(entitlement: Any, clerk: Any, leg: services.Leg, **fields: Any) -> Booking:
    fields.setdefault("destination_kind", "day_home")
    return services.booking_create(
        entitlement=entitlement,
        day=DAY,
        origin=fields.pop("origin", HOME),
        destination=fields.pop("destination", DAYHOME),
        outbound=leg,
        acting_user=clerk,
        now=fields.pop("now", NOW),
        **fields,
    )


def rules_of(entitlement: Any) -> TransportRules:
    return TransportRules.objects.get(service=entitlement.service)


def test_offers_windows_of_the_rules_width_around_the_desired_time(setup: Any) -> None:
    trip = services.ride_trip(
        rules_of(setup),
        origin=(float(HOMES[0][0]), float(HOMES[0][1])),
        destination=(float(DAY_HOME[0]), float(DAY_HOME[1])),
        time_mode=TimeMode.PICKUP,
        time=dt.time(8, 0),
        wheelchair=False,
        seats=1,
    )
    answer = services.offers(DAY, trip, width=30, desired=dt.time(8, 0))
    assert answer.windows
    assert answer.best is not None
    assert answer.best.start <= clocks.at(DAY, dt.time(8)) <= answer.best.end
    for offer in answer.windows:
        assert offer.end - offer.start == dt.timedelta(minutes=30)
        assert offer.start.minute % 15 == 0


def test_arrive_by_offers_reach_the_appointment(setup: Any, clerk: Any) -> None:
    rules = rules_of(setup)
    trip = services.ride_trip(
        rules,
        origin=(float(HOMES[0][0]), float(HOMES[0][1])),
        destination=(float(DAY_HOME[0]), float(DAY_HOME[1])),
        time_mode=TimeMode.ARRIVE,
        time=dt.time(10, 0),
        wheelchair=False,
        seats=1,
    )
    answer = services.offers(DAY, trip, width=30)
    assert answer.windows
    assert all(offer.end <= clocks.at(DAY, dt.time(10)) for offer in answer.windows)
    best = answer.best
    assert best is not None
    booking = book(
        setup,
        clerk,
        services.Leg(dt.time(10), best.start, best.end, TimeMode.ARRIVE),
    )
    assert booking.arrive_by == clocks.at(DAY, dt.time(10))
    dropoff = PlanStop.objects.get(booking=booking, kind="dropoff")
    assert dropoff.planned_at <= clocks.at(DAY, dt.time(10))


def test_booking_with_a_return_gets_numbers_transitions_audit_and_stops(
    setup: Any, clerk: Any
) -> None:
    outbound = book(setup, clerk, window(dt.time(8)), return_leg=window(dt.time(15)))
    assert re.fullmatch(r"TX-2027-[0-9A-HJKMNP-TV-Z]{6}", outbound.number)
    assert outbound.status == BookingStatus.BOOKED
    back = outbound.return_ride
    assert re.fullmatch(r"TX-2027-[0-9A-HJKMNP-TV-Z]{6}", back.number)
    assert back.number != outbound.number
    assert (back.origin_label, back.destination_label) == ("Dzienny Dom Senior+", "Radomska 12")
    assert back.destination_kind == "home"
    assert PlanStop.objects.filter(booking__in=[outbound, back]).count() == 4
    assert BookingTransition.objects.filter(booking=outbound, from_status="").count() == 1
    assert AuditEvent.objects.filter(object_id=str(outbound.pk)).exists()
    assert outbound.vehicle is not None


def test_a_refusal_changes_nothing(setup: Any, clerk: Any) -> None:
    with pytest.raises(BookingRuleError) as caught:
        book(setup, clerk, window(dt.time(8)), now=clocks.at(dt.date(2027, 3, 9), dt.time(14)))
    assert caught.value.code == "too_late"
    no_coordinates = services.Endpoint("Nowa 1", None, None)
    with pytest.raises(BookingRuleError) as caught:
        book(setup, clerk, window(dt.time(8)), destination=no_coordinates)
    assert caught.value.code == "destination_without_coordinates"
    assert not Booking.objects.exists()
    assert not BookingTransition.objects.exists()


def test_no_capacity_rolls_the_whole_booking_back(clerk: Any) -> None:
    service = service_make()
    shift_make(vehicle_make(), DAY, dt.time(7), dt.time(9))
    entitlement = entitlement_make(service)
    # The outbound ride fits; the return at 08:50 cannot be back at the depot by 09:00.
    with pytest.raises(NoCapacityError) as caught:
        book(entitlement, clerk, window(dt.time(8)), return_leg=window(dt.time(8, 50)))
    assert caught.value.code == "no_capacity"
    assert not Booking.objects.exists()
    assert not PlanStop.objects.exists()
    assert not BookingTransition.objects.exists()


def test_cancel_in_time_and_late_and_the_return_with_it(setup: Any, clerk: Any) -> None:
    outbound = book(setup, clerk, window(dt.time(8)), return_leg=window(dt.time(15)))
    before = DayPlanTransition.objects.count()
    # The deadline for a Friday ride: Thursday 12:00.
    cancelled = services.booking_cancel(
        outbound,
        acting_user=clerk,
        cancel_return=False,
        now=clocks.at(dt.date(2027, 3, 11), dt.time(11, 59)),
    )
    assert [b.status for b in cancelled] == [BookingStatus.CANCELLED]
    assert not PlanStop.objects.filter(booking=outbound).exists()
    assert PlanStop.objects.filter(booking=outbound.return_ride).count() == 2
    assert DayPlanTransition.objects.filter(action="removed").count() == 1
    assert DayPlanTransition.objects.count() == before + 1

    second = book(
        entitlement_make(setup.service), clerk, window(dt.time(9)), return_leg=window(dt.time(14))
    )
    late = services.booking_cancel(
        second,
        acting_user=clerk,
        cancel_return=True,
        now=clocks.at(dt.date(2027, 3, 11), dt.time(12)),
    )
    assert [b.status for b in late] == [BookingStatus.LATE_CANCELLED] * 2
    assert selectors.offences_in_month(person_id=second.person_id, month=DAY) == 2
    with pytest.raises(TransportError) as caught:
        services.booking_cancel(second, acting_user=clerk)
    assert caught.value.code == "state"


def test_a_destination_not_allowed_waits_for_approval_then_goes_into_the_plan(
    clerk: Any,
) -> None:
    service = service_make(destination_kinds=["health"])
    shift_make(vehicle_make(), DAY)
    entitlement = entitlement_make(service)
    booking = book(entitlement, clerk, window(dt.time(8)), return_leg=window(dt.time(12)))
    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert "not among the destinations" in booking.approval_reason
    assert not PlanStop.objects.exists()
    assert list(selectors.awaiting_approval(user_make(Role.SERVICE_ORGANISER))) == [booking]
    with pytest.raises(TransportError) as caught:
        services.booking_approve(booking, acting_user=clerk)
    assert caught.value.code == "not_allowed"
    official = user_make(Role.SERVICE_ORGANISER)
    services.booking_approve(booking, acting_user=official)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert booking.approved_by == official
    assert booking.return_ride.status == BookingStatus.BOOKED
    assert PlanStop.objects.count() == 4


def test_an_official_refuses_with_a_reason(clerk: Any) -> None:
    service = service_make(destination_kinds=["health"])
    shift_make(vehicle_make(), DAY)
    booking = book(entitlement_make(service), clerk, window(dt.time(8)))
    official = user_make(Role.SERVICE_ORGANISER)
    with pytest.raises(TransportError) as caught:
        services.booking_refuse(booking, acting_user=official, reason=" ")
    assert caught.value.code == "reason"
    services.booking_refuse(booking, acting_user=official, reason="Not a health trip")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REFUSED


def test_the_return_is_offered_with_the_outbound_in_the_plan(setup: Any) -> None:
    rules = rules_of(setup)
    home = (float(HOMES[0][0]), float(HOMES[0][1]))
    there = (float(DAY_HOME[0]), float(DAY_HOME[1]))
    out = services.ride_trip(
        rules,
        origin=home,
        destination=there,
        time_mode=TimeMode.PICKUP,
        time=dt.time(8),
        wheelchair=False,
        seats=3,
        window=(clocks.at(DAY, dt.time(8)), clocks.at(DAY, dt.time(8, 30))),
        day=DAY,
    )
    back = services.ride_trip(
        rules,
        origin=there,
        destination=home,
        time_mode=TimeMode.PICKUP,
        time=dt.time(8, 15),
        wheelchair=False,
        seats=3,
    )
    answer = services.offers(DAY, back, width=30, desired=dt.time(8, 15), before=(out,))
    assert answer.windows
    late = services.ride_trip(
        rules,
        origin=home,
        destination=there,
        time_mode=TimeMode.PICKUP,
        time=dt.time(17),
        wheelchair=False,
        seats=3,
        window=(clocks.at(DAY, dt.time(17)), clocks.at(DAY, dt.time(17, 30))),
        day=DAY,
    )
    answer = services.offers(DAY, back, width=30, before=(late,))
    assert answer.windows == []
    assert answer.reasons == ["The first ride no longer fits into the plan."]


def test_the_last_place_goes_once_when_booked_one_after_the_other() -> None:
    entitlements, clerks = concurrent.last_place()
    concurrent.book(entitlements[0], clerks[0], HOMES[1])
    with pytest.raises(NoCapacityError):
        concurrent.book(entitlements[1], clerks[1], HOMES[2])
    assert Booking.objects.count() == 1


def test_a_second_booking_at_the_same_time_and_a_return_before_the_ride_are_refused(
    setup: Any, clerk: Any
) -> None:
    first = book(setup, clerk, window(dt.time(8)))
    with pytest.raises(BookingRuleError) as twice:
        book(setup, clerk, window(dt.time(8, 15)))
    assert twice.value.code == "duplicate"
    assert first.number in twice.value.messages[0]
    with pytest.raises(BookingRuleError) as backwards:
        book(setup, clerk, window(dt.time(12)), return_leg=window(dt.time(11)))
    assert backwards.value.code == "return_order"
    assert Booking.objects.count() == 1


def test_a_ride_outside_the_entitlement_s_period_is_refused(setup: Any, clerk: Any) -> None:
    setup.ends_on = DAY - dt.timedelta(days=1)
    setup.save(update_fields=["ends_on"])
    with pytest.raises(BookingRuleError) as refused:
        book(setup, clerk, window(dt.time(8)))
    assert refused.value.code == "outside_entitlement"
    assert "12.03.2027 is outside it" in refused.value.messages[0]
    assert not Booking.objects.exists()


def test_a_plan_that_no_longer_holds_refuses_the_insertion_in_words(
    setup: Any, clerk: Any, monkeypatch: Any
) -> None:
    def rejects(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError("the stored plan breaks a window")

    monkeypatch.setattr(services.adapter, "planned_stops", rejects)
    with pytest.raises(NoCapacityError) as refused:
        book(setup, clerk, window(dt.time(8)))
    assert refused.value.code == "plan_invalid"
    assert not Booking.objects.exists()


def test_a_ride_still_awaiting_approval_when_its_day_is_over_is_not_approved(
    clerk: Any,
) -> None:
    service = service_make(destination_kinds=["health"])
    shift_make(vehicle_make(), DAY)
    booking = book(entitlement_make(service), clerk, window(dt.time(8)))
    assert booking.status == BookingStatus.AWAITING_APPROVAL
    official = user_make(Role.SERVICE_ORGANISER)
    next_morning = clocks.at(DAY + dt.timedelta(days=1), dt.time(9))
    with time_machine.travel(next_morning, tick=False), pytest.raises(TransportError) as refused:
        services.booking_approve(booking, acting_user=official)
    assert refused.value.code == "past"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert not PlanStop.objects.exists()
