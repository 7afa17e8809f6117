"""The attendance register: the instructor or the organiser marks people once the session
has started; a presence is one unit in the ledger, reversed when the mark changes; the health
declaration; cancelling until the deadline; the headcount of open events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from opencus.activities import course_services, register_services
from opencus.activities.errors import RegisterError
from opencus.activities.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Course,
    CourseKind,
    CourseSession,
)
from opencus.catalog.models import Unit
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from opencus.providers.models import ProviderStaff
from tests.activities.course_factories import course_make, enrol
from tests.delivery.factories import entitlement_make as provider_entitlement_make
from tests.delivery.factories import line_make
from tests.personas import provider_staff_make, user_make

pytestmark = pytest.mark.django_db

#: During the first session (Tuesday 2 March 2027, 10:00–10:45 in Warsaw).
DURING = course_services.at(dt.date(2027, 3, 2), dt.time(10, 15))


def first_session(course: Course) -> CourseSession:
    session = course.sessions.order_by("starts_at").first()
    assert session is not None
    return session


@time_machine.travel(DURING)
def test_the_organiser_marks_present_and_the_ledger_gets_one_session() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make()
    enrolment = enrol(course)
    session = first_session(course)
    line = register_services.attendance_mark(
        session=session, enrolment=enrolment, status="present", acting_user=boss
    )
    assert line.status == AttendanceStatus.PRESENT
    record = DeliveryRecord.objects.get(entitlement=enrolment.entitlement)
    assert record.units == 1 and record.delivered_on == dt.date(2027, 3, 2)
    assert line.delivery_record == record
    # Changed to absent: the unit is reversed, nothing deleted.
    line = register_services.attendance_mark(
        session=session, enrolment=enrolment, status="absent", acting_user=boss
    )
    assert line.delivery_record is None
    assert sorted(
        r.units for r in DeliveryRecord.objects.filter(entitlement=enrolment.entitlement)
    ) == [-1, 1]
    assert [
        c.to_status for c in AttendanceChange.objects.filter(attendance=line).order_by("id")
    ] == [
        "present",
        "absent",
    ]


@time_machine.travel(DURING)
def test_marking_the_same_twice_records_once() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make()
    enrolment = enrol(course)
    session = first_session(course)
    for _ in range(2):
        register_services.attendance_mark(
            session=session, enrolment=enrolment, status="present", acting_user=boss
        )
    assert DeliveryRecord.objects.count() == 1
    assert AttendanceChange.objects.count() == 1


def test_a_session_that_has_not_started_is_not_taken() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make()
    enrolment = enrol(course)
    session = first_session(course)
    with pytest.raises(RegisterError) as refused:
        register_services.attendance_mark(
            session=session,
            enrolment=enrolment,
            status="present",
            acting_user=boss,
            now=course_services.at(dt.date(2027, 3, 2), dt.time(9, 59)),
        )
    assert refused.value.code == "not_started"
    assert "02.03.2027 10:00" in refused.value.text
    assert not Attendance.objects.exists()


@time_machine.travel(DURING)
def test_only_the_instructor_and_the_organiser_take_the_register() -> None:
    line = line_make(unit=Unit.SESSION)
    instructor = provider_staff_make(line)
    outsider = provider_staff_make(line_make(unit=Unit.SESSION))
    teacher = user_make(Role.ANIMATOR)
    course = course_make(line.service, provider=line.contract.provider, instructor_user=teacher)
    enrolment = course_services.enrolment_create(
        course=course,
        entitlement=provider_entitlement_make(line=line),
        acting_user=user_make(Role.CLIENT_OFFICE),
        now=course_services.at(dt.date(2027, 2, 1), dt.time(9)),
    )
    session = first_session(course)
    for stranger in (outsider, user_make(Role.CLIENT_OFFICE), user_make(Role.ANIMATOR)):
        with pytest.raises(RegisterError) as refused:
            register_services.attendance_mark(
                session=session, enrolment=enrolment, status="present", acting_user=stranger
            )
        assert refused.value.code == "not_allowed"
    assert ProviderStaff.objects.filter(user=instructor).exists()
    marked = register_services.attendance_mark(
        session=session, enrolment=enrolment, status="present", acting_user=instructor
    )
    # The provider's contract line prices the session.
    assert marked.delivery_record is not None and marked.delivery_record.contract_line == line
    again = register_services.attendance_mark(
        session=session, enrolment=enrolment, status="excused", acting_user=teacher
    )
    assert again.status == AttendanceStatus.EXCUSED


@time_machine.travel(DURING)
def test_without_the_health_declaration_a_person_is_not_marked_present() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make(health_declaration_required=True)
    enrolment = enrol(course)
    session = first_session(course)
    with pytest.raises(RegisterError) as refused:
        register_services.attendance_mark(
            session=session, enrolment=enrolment, status="present", acting_user=boss
        )
    assert refused.value.code == "no_declaration"
    assert not Attendance.objects.exists()
    # Absent needs no declaration.
    register_services.attendance_mark(
        session=session, enrolment=enrolment, status="absent", acting_user=boss
    )
    course_services.health_declaration_record(
        enrolment=enrolment, signed_on=dt.date(2027, 3, 1), acting_user=boss
    )
    line = register_services.attendance_mark(
        session=session, enrolment=enrolment, status="present", acting_user=boss
    )
    assert line.status == AttendanceStatus.PRESENT


def test_cancelling_until_the_deadline_excuses_after_it_is_refused() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    course = course_make()
    enrolment = enrol(course)
    session = first_session(course)  # Tuesday 2 March at 10:00: deadline Monday 18:00
    line = register_services.attendance_cancel(
        session=session,
        enrolment=enrolment,
        acting_user=clerk,
        now=course_services.at(dt.date(2027, 3, 1), dt.time(17, 59)),
    )
    assert line.status == AttendanceStatus.EXCUSED
    second = course.sessions.order_by("starts_at")[1]  # Thursday 4 March: Wednesday 18:00
    with pytest.raises(RegisterError) as refused:
        register_services.attendance_cancel(
            session=second,
            enrolment=enrolment,
            acting_user=clerk,
            now=course_services.at(dt.date(2027, 3, 3), dt.time(18, 1)),
        )
    assert refused.value.code == "late"
    assert "03.03.2027 18:00" in refused.value.text
    assert Attendance.objects.count() == 1


def test_the_deadline_is_set_per_course() -> None:
    course = course_make(cancel_days_before=2, cancel_by=dt.time(12))
    session = first_session(course)
    assert register_services.cancel_deadline(session) == course_services.at(
        dt.date(2027, 2, 28), dt.time(12)
    )


def test_an_open_event_records_a_headcount_once_started() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    event = course_make(kind=CourseKind.OPEN_EVENT, name="Kawiarenka Społeczna")
    session = first_session(event)
    with pytest.raises(RegisterError) as early:
        register_services.session_headcount_record(
            session=session,
            headcount=12,
            acting_user=boss,
            now=session.starts_at - dt.timedelta(minutes=5),
        )
    assert early.value.code == "not_started"
    done = register_services.session_headcount_record(
        session=session, headcount=12, acting_user=boss, now=session.starts_at
    )
    assert done.headcount == 12
    course = course_make(name="Kurs z zapisami")
    with pytest.raises(RegisterError) as refused:
        register_services.session_headcount_record(
            session=first_session(course), headcount=3, acting_user=boss, now=DURING
        )
    assert refused.value.code == "not_open_event"


@time_machine.travel(DURING)
def test_a_staff_instructor_who_changes_a_presence_to_absent_reverses_its_unit() -> None:
    # The animator leading a course of the centre's own may take its register, though their
    # role records no deliveries elsewhere: a presence they undo leaves the ledger too.
    animator = user_make(Role.ANIMATOR)
    course = course_make(instructor_user=animator)
    enrolment = enrol(course)
    session = first_session(course)
    register_services.attendance_mark(
        session=session, enrolment=enrolment, status="present", acting_user=animator
    )
    line = register_services.attendance_mark(
        session=session, enrolment=enrolment, status="absent", acting_user=animator
    )
    assert line.delivery_record is None and line.ledger_refusal == ""
    assert sorted(
        r.units for r in DeliveryRecord.objects.filter(entitlement=enrolment.entitlement)
    ) == [-1, 1]
