"""Courses: sessions from the recurrence, exceptions and make-up sessions, and enrolment on
entitlements (group size, overlaps, the previous participants' priority). Each refusal says
why and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from opencus.activities import course_services
from opencus.activities.errors import CourseError, EnrolmentError
from opencus.activities.models import (
    Course,
    CourseKind,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    SessionChange,
    SessionStatus,
)
from opencus.core.roles import Role
from opencus.intake.models import EntitlementStatus
from tests.activities.course_factories import (
    BEFORE,
    course_make,
    course_service_make,
    enrol,
    entitled,
)
from tests.personas import user_make

pytestmark = pytest.mark.django_db

PAST_TERM = dt.datetime(2027, 2, 20, 9, tzinfo=dt.UTC)


def test_a_weekly_recurrence_plans_every_tuesday_and_thursday_of_the_term() -> None:
    course = course_make()
    starts = [s.starts_at for s in course.sessions.all()]
    # March 2027: Tuesdays 2, 9, 16, 23, 30 and Thursdays 4, 11, 18, 25.
    assert len(starts) == 9
    first = starts[0]
    assert first == course_services.at(dt.date(2027, 3, 2), dt.time(10))
    assert (course.sessions.first().ends_at - first) == dt.timedelta(minutes=45)  # type: ignore[union-attr]
    assert SessionChange.objects.filter(session__course=course).count() == 9


def test_a_recurrence_with_no_session_is_refused_and_nothing_is_created() -> None:
    with pytest.raises(CourseError) as refused:
        course_make(
            term_starts_on=dt.date(2027, 3, 2), term_ends_on=dt.date(2027, 3, 3), weekdays=[4]
        )
    assert refused.value.code == "no_sessions"
    assert "No session falls" in refused.value.text
    assert not Course.objects.exists()


def test_a_smallest_group_larger_than_the_largest_is_refused() -> None:
    with pytest.raises(CourseError) as refused:
        course_make(min_participants=12, max_participants=8)
    assert refused.value.code == "group_size"
    assert "12" in refused.value.text and "8" in refused.value.text
    assert not Course.objects.exists()


@time_machine.travel(PAST_TERM)
def test_a_session_is_cancelled_moved_and_a_makeup_added_with_their_history() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make()
    first, second = list(course.sessions.all()[:2])
    course_services.session_cancel(session=first, note="Basen zamknięty", acting_user=boss)
    first.refresh_from_db()
    assert first.status == SessionStatus.CANCELLED
    with pytest.raises(CourseError) as again:
        course_services.session_cancel(session=first, note="", acting_user=boss)
    assert again.value.code == "cancelled"
    new_start = course_services.at(dt.date(2027, 3, 5), dt.time(12))
    course_services.session_move(session=second, starts_at=new_start, note="", acting_user=boss)
    second.refresh_from_db()
    assert second.starts_at == new_start
    assert second.moved_from == course_services.at(dt.date(2027, 3, 4), dt.time(10))
    assert second.ends_at - second.starts_at == dt.timedelta(minutes=45)
    makeup = course_services.session_makeup_add(
        course=course,
        starts_at=course_services.at(dt.date(2027, 4, 1), dt.time(10)),
        note="Za 2 marca",
        acting_user=boss,
    )
    assert makeup.makeup
    assert [c.change for c in SessionChange.objects.filter(session=second).order_by("id")] == [
        "planned",
        "moved",
    ]


@time_machine.travel(PAST_TERM)
def test_a_session_cannot_move_into_the_past() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    session = course_make().sessions.first()
    assert session is not None
    with pytest.raises(CourseError) as refused:
        course_services.session_move(
            session=session,
            starts_at=course_services.at(dt.date(2027, 2, 1), dt.time(10)),
            note="",
            acting_user=boss,
        )
    assert refused.value.code == "in_the_past"


def test_only_people_with_an_active_entitlement_to_the_service_are_enrolled() -> None:
    course = course_make()
    enrolment = enrol(course)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.entitlement.service == course.service
    assert enrolment.transitions.count() == 1
    other = entitled(course_make(course_service_make("Inna")))
    with pytest.raises(EnrolmentError) as wrong_service:
        course_services.enrolment_create(
            course=course, entitlement=other, acting_user=user_make(Role.CLIENT_OFFICE), now=BEFORE
        )
    assert wrong_service.value.code == "not_entitled"
    ended = entitled(course)
    ended.status = EntitlementStatus.ENDED
    ended.save()
    with pytest.raises(EnrolmentError) as inactive:
        course_services.enrolment_create(
            course=course, entitlement=ended, acting_user=user_make(Role.CLIENT_OFFICE), now=BEFORE
        )
    assert inactive.value.code == "not_entitled"
    assert Enrolment.objects.filter(course=course).count() == 1


def test_enrolling_beyond_the_group_size_is_refused_with_the_numbers() -> None:
    course = course_make(min_participants=1, max_participants=2)
    enrol(course)
    enrol(course)
    with pytest.raises(EnrolmentError) as refused:
        enrol(course)
    assert refused.value.code == "full"
    assert "2 of 2" in refused.value.text
    assert Enrolment.objects.filter(course=course).count() == 2


def test_a_person_is_enrolled_once() -> None:
    course = course_make()
    first = enrol(course)
    with pytest.raises(EnrolmentError) as refused:
        enrol(course, first.person)
    assert refused.value.code == "enrolled"


def test_a_course_whose_sessions_overlap_a_course_the_person_is_in_is_refused() -> None:
    morning = course_make(name="Pływanie")
    person = enrol(morning).person
    # Thursdays 10:30 overlap the other course's Thursdays 10:00–10:45.
    later = course_make(name="Aerobik", weekdays=[3], starts_at=dt.time(10, 30))
    with pytest.raises(EnrolmentError) as refused:
        enrol(later, person)
    assert refused.value.code == "overlap"
    assert "Pływanie" in refused.value.text
    # An hour later does not overlap.
    afternoon = course_make(name="Taniec", weekdays=[3], starts_at=dt.time(11))
    assert enrol(afternoon, person).status == EnrolmentStatus.ENROLLED


def test_an_open_event_takes_no_enrolment() -> None:
    event = course_make(kind=CourseKind.OPEN_EVENT, name="Kawiarenka Społeczna")
    with pytest.raises(EnrolmentError) as refused:
        enrol(event)
    assert refused.value.code == "open_event"


def test_the_previous_participants_have_priority_until_the_deadline() -> None:
    service = course_service_make()
    february = course_make(
        service,
        term_starts_on=dt.date(2027, 2, 1),
        term_ends_on=dt.date(2027, 2, 26),
    )
    previous = enrol(february).person
    march = course_make(service, previous_course=february, priority_until=dt.date(2027, 2, 24))
    clerk = user_make(Role.CLIENT_OFFICE)
    newcomer = entitled(march)
    before_deadline = course_services.at(dt.date(2027, 2, 24), dt.time(12))
    with pytest.raises(EnrolmentError) as refused:
        course_services.enrolment_create(
            course=march, entitlement=newcomer, acting_user=clerk, now=before_deadline
        )
    assert refused.value.code == "priority"
    assert "24.02.2027" in refused.value.text
    kept = course_services.enrolment_create(
        course=march,
        entitlement=entitled(march, previous),
        acting_user=clerk,
        now=before_deadline,
    )
    assert kept.priority
    after = course_services.at(dt.date(2027, 2, 25), dt.time(8))
    late = course_services.enrolment_create(
        course=march, entitlement=newcomer, acting_user=clerk, now=after
    )
    assert not late.priority


def test_withdrawing_frees_the_place() -> None:
    course = course_make(min_participants=1, max_participants=1)
    first = enrol(course)
    course_services.enrolment_withdraw(
        enrolment=first, note="Przeprowadzka", acting_user=user_make(Role.CLIENT_OFFICE)
    )
    assert enrol(course).status == EnrolmentStatus.ENROLLED
    with pytest.raises(EnrolmentError):
        course_services.enrolment_withdraw(
            enrolment=first, note="", acting_user=user_make(Role.CLIENT_OFFICE)
        )
    assert CourseSession.objects.filter(course=course).count() == 9
