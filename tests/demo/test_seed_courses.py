"""The demo's courses: Starachowice's group activities with a term of sessions (past and
coming), people enrolled on their entitlements, the past registers taken with their presences
in the delivery ledger, the open event's headcounts, a cancelled session and a make-up one.
Seeded once for the module (as test_seed_demo.py does)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from opencus.activities.models import (
    Attendance,
    AttendanceStatus,
    Course,
    CourseKind,
    CourseSession,
    Enrolment,
    HealthDeclaration,
    SessionStatus,
)
from tests.demo.test_seed_demo import on_a_demo_day, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        with on_a_demo_day():
            output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _on_a_demo_day() -> Iterator[None]:
    with on_a_demo_day():
        yield


def test_the_demo_has_the_towns_courses_with_past_and_coming_sessions(demo: str) -> None:
    names = set(Course.objects.values_list("service__slug", flat=True))
    assert {"nauka-plywania", "aqua-aerobik", "kawiarenka-e-seniorek"} <= names
    assert Course.objects.filter(kind=CourseKind.OPEN_EVENT).exists()
    now = timezone.now()
    for course in Course.objects.all():
        assert course.sessions.filter(starts_at__lt=now).exists(), course
        assert course.sessions.filter(starts_at__gt=now).exists(), course
    assert CourseSession.objects.filter(status=SessionStatus.CANCELLED).count() == 1
    assert CourseSession.objects.filter(makeup=True).count() == 1


def test_people_are_enrolled_on_entitlements_within_the_group_sizes(demo: str) -> None:
    for course in Course.objects.filter(kind=CourseKind.COURSE):
        enrolled = Enrolment.objects.filter(course=course)
        assert 0 < enrolled.count() <= course.max_participants, course
        for enrolment in enrolled.select_related("entitlement"):
            assert enrolment.entitlement.service_id == course.service_id
            assert enrolment.entitlement.person_id == enrolment.person_id
        if course.health_declaration_required:
            assert HealthDeclaration.objects.filter(course=course).count() == enrolled.count()


def test_past_registers_are_taken_and_presences_are_in_the_ledger(demo: str) -> None:
    now = timezone.now()
    marked = Attendance.objects.all()
    assert marked.filter(session__starts_at__gt=now).count() == 0
    present = marked.filter(status=AttendanceStatus.PRESENT)
    assert present.count() > 20
    assert marked.filter(status=AttendanceStatus.ABSENT).exists()
    assert marked.filter(status=AttendanceStatus.EXCUSED).exists()
    assert present.filter(delivery_record__isnull=False).count() > 20
    open_sessions = CourseSession.objects.filter(
        course__kind=CourseKind.OPEN_EVENT, ends_at__lt=now
    )
    assert open_sessions.exists()
    assert not open_sessions.filter(headcount__isnull=True).exists()
