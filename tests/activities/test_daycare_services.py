"""The Senior+ day home and club: opening hours per the programme (a club at least 20 hours a
week, a day home at least 8 hours every working day), admission by decision or declaration
against an entitlement and within the places, the membership's history, and the daily register
with meals, posting a day of attendance in the ledger when the service counts days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from opencus.activities.daycare_selectors import month_report
from opencus.activities.daycare_services import (
    attendance_mark,
    facility_hours_set,
    member_admit,
    member_leave,
)
from opencus.activities.errors import DaycareError
from opencus.activities.models import (
    AdmissionBasis,
    AttendanceMark,
    FacilityHours,
    FacilityKind,
    Membership,
    MembershipStatus,
)
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from tests.activities.senior_factories import NOW, TODAY, facility_make, member_make
from tests.people.factories import PersonFactory
from tests.personas import user_make
from tests.transport.factories import entitlement_make

pytestmark = pytest.mark.django_db

T = dt.time


@pytest.fixture(autouse=True)
def _on_a_tuesday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def organiser():
    return user_make(Role.SERVICE_ORGANISER)


# --- Opening hours ----------------------------------------------------------------------------


def test_a_club_open_under_20_hours_a_week_is_refused(organiser) -> None:
    club = facility_make(FacilityKind.CLUB)
    short = {1: (T(10), T(14)), 3: (T(10), T(14)), 5: (T(10), T(14))}  # 12 hours
    with pytest.raises(DaycareError) as refused:
        facility_hours_set(facility=club, hours=short, acting_user=organiser)
    assert refused.value.code == "club_hours"
    assert "at least 20 hours a week" in refused.value.text and "12" in refused.value.text
    assert not FacilityHours.objects.exists()
    enough = {day: (T(10), T(14)) for day in range(1, 6)}  # 20 hours
    rows = facility_hours_set(facility=club, hours=enough, acting_user=organiser)
    assert len(rows) == 5


def test_a_day_home_opens_8_hours_every_working_day(organiser) -> None:
    home = facility_make()
    hours = {day: (T(7, 30), T(15, 30)) for day in range(1, 6)}
    hours[3] = (T(8), T(15))
    with pytest.raises(DaycareError) as refused:
        facility_hours_set(facility=home, hours=hours, acting_user=organiser)
    assert refused.value.code == "day_home_hours"
    assert "Wednesday" in refused.value.text
    hours.pop(3)
    with pytest.raises(DaycareError):
        facility_hours_set(facility=home, hours=hours, acting_user=organiser)
    hours[3] = (T(7), T(16))
    hours[6] = (T(9), T(12))  # a Saturday morning too
    facility_hours_set(facility=home, hours=hours, acting_user=organiser)
    assert home.hours.count() == 6


def test_hours_that_close_before_they_open_are_refused(organiser) -> None:
    club = facility_make(FacilityKind.CLUB)
    with pytest.raises(DaycareError) as refused:
        facility_hours_set(facility=club, hours={1: (T(16), T(8))}, acting_user=organiser)
    assert refused.value.code == "hours_order"


def test_new_hours_replace_the_old_ones(organiser) -> None:
    club = facility_make(FacilityKind.CLUB)
    facility_hours_set(
        facility=club, hours={day: (T(10), T(14)) for day in range(1, 6)}, acting_user=organiser
    )
    facility_hours_set(
        facility=club, hours={1: (T(8), T(18)), 2: (T(8), T(18))}, acting_user=organiser
    )
    assert [(row.weekday, row.opens_at) for row in club.hours.all()] == [(1, T(8)), (2, T(8))]


# --- Members ----------------------------------------------------------------------------------


def test_the_day_home_admits_by_decision_and_the_club_by_declaration(organiser) -> None:
    home = member_make(facility_make(), organiser=organiser)
    club = member_make(facility_make(FacilityKind.CLUB), organiser=organiser)
    assert home.basis == AdmissionBasis.DECISION
    assert club.basis == AdmissionBasis.DECLARATION
    transition = home.transitions.get()
    assert (transition.from_status, transition.to_status) == ("", MembershipStatus.ACTIVE)
    assert transition.actor == organiser


def test_a_person_without_an_entitlement_is_not_admitted(organiser) -> None:
    facility = facility_make()
    with pytest.raises(DaycareError) as refused:
        member_admit(
            facility=facility,
            person=PersonFactory.create(),
            starts_on=TODAY,
            basis_reference="",
            acting_user=organiser,
        )
    assert refused.value.code == "no_entitlement"
    assert not Membership.objects.exists()


def test_a_member_beyond_the_places_is_refused_until_one_leaves(organiser) -> None:
    facility = facility_make(capacity=2)
    first = member_make(facility)
    member_make(facility)
    person = PersonFactory.create()
    entitlement_make(facility.service, person)
    with pytest.raises(DaycareError) as refused:
        member_admit(
            facility=facility,
            person=person,
            starts_on=TODAY,
            basis_reference="",
            acting_user=organiser,
        )
    assert refused.value.code == "capacity"
    assert "All 2 places" in refused.value.text
    assert Membership.objects.filter(facility=facility).count() == 2
    member_leave(membership=first, ends_on=TODAY, reason="Przeprowadzka", acting_user=organiser)
    admitted = member_admit(
        facility=facility, person=person, starts_on=TODAY, basis_reference="", acting_user=organiser
    )
    assert admitted.status == MembershipStatus.ACTIVE
    first.refresh_from_db()
    assert first.status == MembershipStatus.ENDED
    assert first.transitions.order_by("id").values_list("note", flat=True).last() == "Przeprowadzka"


def test_a_member_is_not_admitted_twice(organiser) -> None:
    membership = member_make(facility_make())
    with pytest.raises(DaycareError) as refused:
        member_admit(
            facility=membership.facility,
            person=membership.person,
            starts_on=TODAY,
            basis_reference="",
            acting_user=organiser,
        )
    assert refused.value.code == "already_member"


# --- The register -----------------------------------------------------------------------------


def test_a_day_present_at_the_day_home_serves_its_meals_and_posts_a_day(organiser) -> None:
    membership = member_make(facility_make())
    mark = attendance_mark(
        facility=membership.facility,
        membership=membership,
        day=TODAY,
        present=True,
        acting_user=organiser,
    )
    assert (mark.present, mark.meals) == (True, 3)
    record = DeliveryRecord.objects.get(entitlement=membership.entitlement)
    assert (record.units, record.unit, record.delivered_on) == (1, "day", TODAY)
    # One tap the other way: absent, no meals, the day reversed in the ledger.
    mark = attendance_mark(
        facility=membership.facility,
        membership=membership,
        day=TODAY,
        present=False,
        acting_user=organiser,
    )
    assert (mark.present, mark.meals, mark.delivery_record) == (False, 0, None)
    assert DeliveryRecord.objects.filter(corrects=record).exists()
    assert AttendanceMark.objects.count() == 1


def test_the_club_counted_in_sessions_posts_nothing(organiser) -> None:
    membership = member_make(facility_make(FacilityKind.CLUB))
    mark = attendance_mark(
        facility=membership.facility,
        membership=membership,
        day=TODAY,
        present=True,
        acting_user=organiser,
    )
    assert (mark.present, mark.meals) == (True, 0)
    assert not DeliveryRecord.objects.exists()


def test_attendance_for_a_day_in_the_future_is_refused(organiser) -> None:
    membership = member_make(facility_make())
    with pytest.raises(DaycareError) as refused:
        attendance_mark(
            facility=membership.facility,
            membership=membership,
            day=TODAY + dt.timedelta(days=1),
            present=True,
            acting_user=organiser,
        )
    assert refused.value.code == "future"
    assert not AttendanceMark.objects.exists()


def test_a_non_member_is_not_in_the_register(organiser) -> None:
    home = facility_make()
    other = member_make(facility_make(FacilityKind.CLUB))
    with pytest.raises(DaycareError) as refused:
        attendance_mark(
            facility=home, membership=other, day=TODAY, present=True, acting_user=organiser
        )
    assert refused.value.code == "not_member"
    late = member_make(home, starts_on=TODAY)
    with pytest.raises(DaycareError):
        attendance_mark(
            facility=home,
            membership=late,
            day=TODAY - dt.timedelta(days=1),
            present=True,
            acting_user=organiser,
        )
    assert not AttendanceMark.objects.exists()


def test_the_month_report_counts_days_and_meals(organiser) -> None:
    home = facility_make()
    anna, jan = member_make(home), member_make(home)
    for day in (dt.date(2026, 3, 2), dt.date(2026, 3, 3), TODAY):
        attendance_mark(
            facility=home, membership=anna, day=day, present=True, acting_user=organiser
        )
    attendance_mark(
        facility=home, membership=jan, day=TODAY, present=True, meals=1, acting_user=organiser
    )
    attendance_mark(
        facility=home, membership=jan, day=dt.date(2026, 3, 2), present=False, acting_user=organiser
    )
    report = month_report(home, 2026, 3)
    lines = {line.membership: line for line in report.lines}
    assert (lines[anna].present, lines[anna].meals) == (3, 9)
    assert (lines[jan].present, lines[jan].absent, lines[jan].meals) == (1, 1, 1)
    assert (report.present, report.meals) == (4, 10)
    assert [(d.day.day, d.present, d.meals) for d in report.days] == [
        (2, 1, 3),
        (3, 1, 3),
        (10, 2, 4),
    ]


def test_a_day_already_in_the_ledger_is_not_counted_twice(organiser) -> None:
    from opencus.delivery.services import delivery_record

    membership = member_make(facility_make())
    recorded = delivery_record(
        entitlement=membership.entitlement, delivered_on=TODAY, units=1, acting_user=organiser
    )
    mark = attendance_mark(
        facility=membership.facility,
        membership=membership,
        day=TODAY,
        present=True,
        acting_user=organiser,
    )
    assert mark.delivery_record == recorded
    assert DeliveryRecord.objects.count() == 1
