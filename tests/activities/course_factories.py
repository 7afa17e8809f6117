"""Courses for the activities tests: a service the centre runs itself (one session a unit), a
location, a course of Tuesday and Thursday sessions in March 2027, people entitled to it.

Days are fixed; tests that need "now" pass it or travel to it (``time_machine``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from opencus.activities import course_services
from opencus.activities.models import Course, Enrolment
from opencus.catalog.models import DeliveredBy, ProgrammeService, Unit
from opencus.core.roles import Role
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from tests.catalog.factories import LocationFactory, ProgrammeServiceFactory
from tests.personas import user_make
from tests.transport.factories import entitlement_make as taxi_entitlement_make

TERM_START = dt.date(2027, 3, 1)  # a Monday
TERM_END = dt.date(2027, 3, 31)
#: Before the term: when the clerks enrol people.
BEFORE = course_services.at(dt.date(2027, 2, 20), dt.time(10))


def course_service_make(name: str = "Aqua aerobik") -> ProgrammeService:
    return ProgrammeServiceFactory.create(
        name=name, delivered_by=DeliveredBy.CENTRE, centre_unit=Unit.SESSION
    )


def course_make(
    service: ProgrammeService | None = None, *, acting_user: Any = None, **fields: Any
) -> Course:
    """A course of ``service`` (a new one if none): Tuesdays and Thursdays at 10:00 for 45
    minutes in March 2027, groups of 2 to 10, unless ``fields`` say otherwise."""
    values: dict[str, Any] = {
        "service": service or course_service_make(),
        "location": fields.pop("location", None) or LocationFactory.create(name="Basen MOSiR"),
        "name": "Aqua aerobik – grupa 1",
        "term_starts_on": TERM_START,
        "term_ends_on": TERM_END,
        "weekdays": [1, 3],
        "starts_at": dt.time(10),
        "duration_minutes": 45,
        "min_participants": 2,
        "max_participants": 10,
    }
    values.update(fields)
    spec = course_services.CourseSpec(**values)
    return course_services.course_create(
        spec=spec, acting_user=acting_user or user_make(Role.SERVICE_ORGANISER)
    )


def entitled(course: Course, person: Person | None = None) -> Entitlement:
    """An active entitlement to the course's service (from 2020): the person's own when they
    have one already."""
    if person is not None:
        held = Entitlement.objects.filter(person=person, service=course.service).first()
        if held is not None:
            return held
    return taxi_entitlement_make(course.service, person)


def enrol(course: Course, person: Person | None = None, *, clerk: Any = None) -> Enrolment:
    return course_services.enrolment_create(
        course=course,
        entitlement=entitled(course, person),
        acting_user=clerk or user_make(Role.CLIENT_OFFICE),
        now=BEFORE,
    )
