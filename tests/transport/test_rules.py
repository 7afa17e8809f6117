"""The booking rules at their boundaries: the booking deadline in working days with its
cut-off (public holidays included), how far ahead, service days and hours, eligibility,
who rides along, quotas, and what needs an official's approval. ``now`` is passed explicitly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from opencus.catalog.models import Period
from opencus.core.roles import Role
from opencus.people.models import DisabilityCertificate, DisabilityLevel
from opencus.transport import clocks, rules
from opencus.transport.errors import BookingRuleError
from opencus.transport.models import (
    BookingStatus,
    DestinationKind,
    QuotaCounts,
    RideSeries,
    TransportRules,
)
from tests.people.factories import PersonFactory
from tests.personas import user_make
from tests.transport.factories import (
    DAY_HOME,
    HOMES,
    booking_make,
    entitlement_make,
    service_make,
    shift_make,
    vehicle_make,
)

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2027, 3, 12)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return clocks.at(day, dt.time(hour, minute))


def prospect(entitlement: Any, day: dt.date = FRIDAY, **fields: Any) -> rules.Prospect:
    fields.setdefault("requested_time", dt.time(9, 0))
    fields.setdefault("origin", HOMES[0])
    fields.setdefault("destination", DAY_HOME)
    fields.setdefault("destination_kind", DestinationKind.HEALTH)
    return rules.Prospect(person=entitlement.person, entitlement=entitlement, day=day, **fields)


def refusal(entitlement: Any, now: dt.datetime, **fields: Any) -> BookingRuleError:
    with pytest.raises(BookingRuleError) as caught:
        rules.evaluate(prospect(entitlement, **fields), now=now)
    return caught.value


@pytest.fixture
def entitled() -> Any:
    return entitlement_make(service_make())


# --- Deadlines ------------------------------------------------------------------------------


def test_three_working_days_ahead_by_14_00_is_open_at_13_59_and_closed_at_14_00(
    entitled: Any,
) -> None:
    assert not rules.evaluate(
        prospect(entitled), now=at(dt.date(2027, 3, 9), 13, 59)
    ).needs_approval
    error = refusal(entitled, at(dt.date(2027, 3, 9), 14, 0))
    assert error.code == "too_late"
    assert error.messages == [
        "Rides on 12.03.2027 must be booked before 14:00 on 09.03.2027 (3 working days ahead)."
    ]


@pytest.mark.parametrize(
    ("ride", "last_day"),
    [
        (dt.date(2027, 3, 30), dt.date(2027, 3, 24)),  # Easter Monday 29.03.2027
        (dt.date(2027, 1, 8), dt.date(2027, 1, 4)),  # Epiphany, Wednesday 06.01.2027
        (dt.date(2027, 5, 5), dt.date(2027, 4, 29)),  # 1 May (Saturday), 3 May (Monday)
        (dt.date(2027, 11, 15), dt.date(2027, 11, 9)),  # Independence Day, Thursday 11.11
    ],
)
def test_the_deadline_skips_public_holidays_and_weekends(
    entitled: Any, ride: dt.date, last_day: dt.date
) -> None:
    service_rules = TransportRules.objects.get(service=entitled.service)
    assert rules.booking_deadline(service_rules, ride) == at(last_day, 14)
    rules.evaluate(prospect(entitled, ride), now=at(last_day, 13, 59))
    assert refusal(entitled, at(last_day, 14), day=ride).code == "too_late"


def test_at_most_two_months_ahead(entitled: Any) -> None:
    now = at(dt.date(2027, 1, 11), 10)
    rules.evaluate(prospect(entitled, dt.date(2027, 3, 11)), now=now)
    error = refusal(entitled, now, day=dt.date(2027, 3, 12))
    assert error.code == "too_far_ahead"
    assert "the last day is 11.03.2027" in error.messages[0]


def test_cancellation_deadline_is_noon_of_the_previous_working_day(entitled: Any) -> None:
    service_rules = TransportRules.objects.get(service=entitled.service)
    # A ride on the Tuesday after Easter Monday: cancel by Friday noon.
    assert rules.cancel_deadline(service_rules, dt.date(2027, 3, 30)) == at(
        dt.date(2027, 3, 26), 12
    )


# --- Service days and hours -------------------------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [dt.date(2027, 3, 29), dt.date(2027, 1, 6), dt.date(2027, 5, 3), dt.date(2027, 11, 11)],
)
def test_no_rides_on_public_holidays(entitled: Any, holiday: dt.date) -> None:
    error = refusal(entitled, at(dt.date(2027, 1, 1), 9), day=holiday)
    assert error.code == "holiday"
    assert "is a public holiday" in error.messages[0]


def test_a_holiday_service_runs_on_holidays() -> None:
    entitlement = entitlement_make(service_make(serves_holidays=True))
    rules.evaluate(prospect(entitlement, dt.date(2027, 3, 29)), now=at(dt.date(2027, 3, 1), 9))


def test_no_rides_on_days_outside_the_service_days(entitled: Any) -> None:
    error = refusal(entitled, at(dt.date(2027, 3, 1), 9), day=dt.date(2027, 3, 13))
    assert error.code == "not_service_day"
    assert error.messages == [
        "The senior taxi does not run on Saturday 13.03.2027; it runs on: Monday, Tuesday,"
        " Wednesday, Thursday, Friday."
    ]


@pytest.mark.parametrize(
    ("time", "allowed"),
    [((6, 59), False), ((7, 0), True), ((17, 0), True), ((17, 1), False)],
)
def test_service_hours(entitled: Any, time: tuple[int, int], allowed: bool) -> None:
    now = at(dt.date(2027, 3, 1), 9)
    if allowed:
        rules.evaluate(prospect(entitled, requested_time=dt.time(*time)), now=now)
    else:
        error = refusal(entitled, now, requested_time=dt.time(*time))
        assert error.code == "outside_hours"
        assert "runs from 07:00 to 17:00" in error.messages[0]


# --- Who may ride -------------------------------------------------------------------------------


def test_age_on_the_day_of_the_ride() -> None:
    service = service_make(min_age=65)
    now = at(dt.date(2027, 3, 1), 9)
    sixty_five = entitlement_make(service, PersonFactory.create(birth_date=dt.date(1962, 3, 12)))
    rules.evaluate(prospect(sixty_five), now=now)
    younger = entitlement_make(service, PersonFactory.create(birth_date=dt.date(1962, 3, 13)))
    error = refusal(younger, now)
    assert error.code == "not_eligible"
    assert "aged 65 or over (on 12.03.2027: 64)" in error.messages[0]


def test_any_of_age_disability_or_dependency() -> None:
    service = service_make(
        min_age=65, min_disability_level=DisabilityLevel.MODERATE, dependency_qualifies=True
    )
    now = at(dt.date(2027, 3, 1), 9)
    person = PersonFactory.create(birth_date=dt.date(1980, 1, 1))
    entitlement = entitlement_make(service, person)
    error = refusal(entitlement, now)
    assert error.code == "not_eligible"
    # Without the right to read special-category data, the certificate is named, not its dates.
    assert "a disability certificate of at least moderate level (not met)" in error.messages[0]
    assert "dependency confirmed by the assessment (not confirmed)" in error.messages[0]
    rules.evaluate(prospect(entitlement, dependency_confirmed=True), now=now)
    DisabilityCertificate.objects.create(
        person=person,
        level=DisabilityLevel.MODERATE,
        issued_on=dt.date(2020, 1, 1),
        valid_until=dt.date(2027, 3, 11),
    )
    assert refusal(entitlement, now).code == "not_eligible"  # expired the day before
    DisabilityCertificate.objects.create(
        person=person, level=DisabilityLevel.SIGNIFICANT, issued_on=dt.date(2027, 3, 12)
    )
    rules.evaluate(prospect(entitlement), now=now)


def test_bed_bound_passengers_are_excluded(entitled: Any) -> None:
    error = refusal(entitled, at(dt.date(2027, 3, 1), 9), bed_bound=True)
    assert error.code == "bed_bound"


def test_companions_their_number_and_age(entitled: Any) -> None:
    now = at(dt.date(2027, 3, 1), 9)
    rules.evaluate(prospect(entitled, companion_ages=(16,)), now=now)
    young = refusal(entitled, now, companion_ages=(15,))
    assert young.code == "companion_too_young"
    assert young.messages == ["A companion must be at least 16 years old (given: 15)."]
    assert refusal(entitled, now, companion_ages=(40, 41)).code == "too_many_companions"
    strict = entitlement_make(
        service_make(companion_allowed=False, assistant_allowed=False, guide_dog_allowed=False)
    )
    assert refusal(strict, now, companion_ages=(40,)).code == "companion_not_allowed"
    assert refusal(strict, now, assistant=True).code == "assistant_not_allowed"
    assert refusal(strict, now, guide_dog=True).code == "guide_dog_not_allowed"


def test_a_wheelchair_needs_a_vehicle_with_a_wheelchair_place_that_day(entitled: Any) -> None:
    now = at(dt.date(2027, 3, 1), 9)
    shift_make(vehicle_make("Car", wheelchair_places=0), FRIDAY)
    error = refusal(entitled, now, wheelchair=True)
    assert error.code == "no_wheelchair_vehicle"
    assert error.messages == ["No vehicle with a wheelchair place is in service on 12.03.2027."]
    shift_make(vehicle_make("Bus", wheelchair_places=1), FRIDAY)
    rules.evaluate(prospect(entitled, wheelchair=True), now=now)
    no_wheelchairs = entitlement_make(service_make(wheelchair_allowed=False))
    assert refusal(no_wheelchairs, now, wheelchair=True).code == "wheelchair_not_allowed"


def test_who_booked_and_coordinates(entitled: Any) -> None:
    now = at(dt.date(2027, 3, 1), 9)
    family_only = entitlement_make(service_make(bookers=["family"]))
    error = refusal(family_only, now, booked_by="clinic")
    assert error.code == "booker_not_allowed"
    missing = refusal(entitled, now, origin=(None, None))
    assert missing.code == "origin_without_coordinates"
    missing = refusal(entitled, now, destination=(Decimal("51.05"), None))
    assert missing.code == "destination_without_coordinates"


# --- Quotas and offences ------------------------------------------------------------------------


def test_legs_quota_counts_held_rides_and_offences_not_rides_cancelled_in_time() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    entitlement = entitlement_make(service_make(quotas=[(3, Period.MONTH, QuotaCounts.LEGS)]))
    now = at(dt.date(2027, 3, 1), 9)
    booking_make(entitlement, dt.date(2027, 3, 3), dt.time(8), created_by=clerk)
    booking_make(
        entitlement,
        dt.date(2027, 3, 4),
        dt.time(8),
        status=BookingStatus.CANCELLED,
        created_by=clerk,
    )
    booking_make(  # another month
        entitlement, dt.date(2027, 4, 1), dt.time(8), created_by=clerk
    )
    rules.evaluate(prospect(entitlement, with_return=True), now=now)  # 1 + 2 = 3
    booking_make(
        entitlement,
        dt.date(2027, 3, 5),
        dt.time(8),
        status=BookingStatus.LATE_CANCELLED,
        created_by=clerk,
    )
    error = refusal(entitlement, now, with_return=True)
    assert error.code == "quota"
    assert error.messages == [
        "Over the quota of 3 one-way rides a month: 2 already used from 01.03.2027 to"
        " 31.03.2027, this booking needs 2 more."
    ]
    rules.evaluate(prospect(entitlement), now=now)


def test_rides_of_a_recurring_series_do_not_use_the_quota() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    entitlement = entitlement_make(service_make(quotas=[(2, Period.MONTH, QuotaCounts.LEGS)]))
    series = RideSeries.objects.create(
        person=entitlement.person,
        entitlement=entitlement,
        weekdays=[0, 2],
        origin_label="ul. Testowa 1",
        origin_latitude=Decimal("51.05"),
        origin_longitude=Decimal("21.07"),
        destination_label="Dzienny Dom Senior+",
        destination_latitude=Decimal("51.06"),
        destination_longitude=Decimal("21.08"),
        outbound_time=dt.time(8),
        starts_on=dt.date(2027, 3, 1),
        created_by=clerk,
    )
    for day in (dt.date(2027, 3, 3), dt.date(2027, 3, 8), dt.date(2027, 3, 10)):
        booking_make(entitlement, day, dt.time(8), series=series, created_by=clerk)
    now = at(dt.date(2027, 3, 1), 9)
    rules.evaluate(prospect(entitlement, with_return=True), now=now)
    booking_make(entitlement, dt.date(2027, 3, 4), dt.time(8), created_by=clerk)
    assert refusal(entitlement, now, with_return=True).code == "quota"


def test_round_trip_quota_counts_a_ride_and_its_same_day_return_once() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    entitlement = entitlement_make(
        service_make(quotas=[(2, Period.YEAR, QuotaCounts.ROUND_TRIPS), (8, Period.YEAR, "legs")])
    )
    now = at(dt.date(2027, 3, 1), 9)
    there = booking_make(entitlement, dt.date(2027, 3, 3), dt.time(8), created_by=clerk)
    booking_make(entitlement, dt.date(2027, 3, 3), dt.time(14), outbound=there, created_by=clerk)
    rules.evaluate(prospect(entitlement, with_return=True), now=now)
    booking_make(entitlement, dt.date(2027, 3, 4), dt.time(8), created_by=clerk)
    error = refusal(entitlement, now, with_return=True)
    assert error.code == "quota"
    assert "Over the quota of 2 round trips a year" in error.messages[0]


def test_a_destination_kind_not_allowed_needs_approval() -> None:
    entitlement = entitlement_make(service_make(destination_kinds=["health", "day_home"]))
    now = at(dt.date(2027, 3, 1), 9)
    assert not rules.evaluate(prospect(entitlement), now=now).needs_approval
    verdict = rules.evaluate(prospect(entitlement, destination_kind="shopping"), now=now)
    assert verdict.approval_reasons == [
        "Rides to shopping and services are not among the destinations the rules allow."
    ]


def test_from_the_offence_limit_on_bookings_need_approval(entitled: Any) -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    now = at(dt.date(2027, 3, 8), 9)
    for day, status in [
        (dt.date(2027, 3, 1), BookingStatus.NO_SHOW),
        (dt.date(2027, 3, 2), BookingStatus.LATE_CANCELLED),
        (dt.date(2027, 2, 26), BookingStatus.NO_SHOW),  # last month
    ]:
        booking_make(entitled, day, dt.time(8), status=status, created_by=clerk)
    assert not rules.evaluate(prospect(entitled), now=now).needs_approval
    booking_make(entitled, dt.date(2027, 3, 3), dt.time(8), status="no_show", created_by=clerk)
    verdict = rules.evaluate(prospect(entitled), now=now)
    assert verdict.approval_reasons == [
        "3 late cancellations and no-shows in 03.2027 (the limit is 3): bookings need an"
        " official's approval."
    ]
