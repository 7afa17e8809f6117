"""The reads of courses that need scoping (every one through ``visible_to``), the person
card's links and timeline, and what a course's, an instructor's or a location's iCalendar feed
holds (core's ``calendar_source`` seam)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.activities.capabilities import COURSE_MANAGE, COURSE_VIEW
from opencus.activities.models import (
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    EnrolmentTransition,
    SessionStatus,
)
from opencus.activities.models.courses import COURSE_READERS
from opencus.catalog.models import Location
from opencus.core.formatting import moment_text
from opencus.core.registry import CalendarEvent, PersonLink, TimelineEvent
from opencus.core.roles import Role, has_capability, user_roles
from opencus.intake.capabilities import APPLICATION_VIEW
from opencus.people.models import Person
from opencus.providers.models import staff_providers


def courses_instructed(user: Any) -> QuerySet[Course]:
    """The courses ``user`` teaches: as the staff member named instructor, or as a staff
    member of the provider that runs them."""
    if not getattr(user, "is_authenticated", False):
        return Course.objects.none()
    return Course.objects.filter(
        Q(instructor_user_id=user.pk) | Q(provider_id__in=staff_providers(user))
    ).distinct()


def may_read_courses(user: Any) -> bool:
    """Who opens the course pages: the roles that see every course, a provider's staff with a
    current provider (their provider's courses), and any staff member who instructs a course."""
    if user_roles(user) & COURSE_READERS:
        return True
    return staff_providers(user).exists() or courses_instructed(user).exists()


def may_take_registers(user: Any) -> bool:
    """Who opens the register pages at all (which registers: ``Course.may_take_register``):
    the organiser, a provider's staff with a current provider, a staff member who instructs."""
    if user_roles(user) & {Role.DIRECTOR, Role.SERVICE_ORGANISER}:
        return True
    return staff_providers(user).exists() or courses_instructed(user).exists()


def sessions_to_take(user: Any, day: dt.date) -> QuerySet[CourseSession]:
    """The sessions of ``day`` whose register ``user`` takes (an organiser: every course's)."""
    courses = (
        Course.objects.all() if has_capability(user, COURSE_MANAGE) else courses_instructed(user)
    )
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return (
        CourseSession.objects.filter(
            course__in=courses, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        )
        .select_related("course__location")
        .order_by("starts_at")
    )


def person_upcoming_sessions(
    user: Any, person: Person, *, now: dt.datetime, limit: int = 5
) -> list[CourseSession]:
    """The next planned sessions of the courses ``person`` is enrolled in (that ``user`` sees)."""
    enrolled = Enrolment.objects.visible_to(user).filter(
        person=person, status=EnrolmentStatus.ENROLLED
    )
    return list(
        CourseSession.objects.filter(
            course__in=enrolled.values("course_id"),
            status=SessionStatus.PLANNED,
            ends_at__gte=now,
        )
        .select_related("course__location")
        .order_by("starts_at")[:limit]
    )


# --- The person card ------------------------------------------------------------------------

COURSES = gettext_lazy("Courses and group activities")


def person_links(user: Any, person: Any) -> list[PersonLink]:
    """The line "Courses and group activities: next: 02.03.2027 10:00, Aqua aerobik", for the
    roles that open the person's courses page (those who see the person's applications)."""
    if not has_capability(user, APPLICATION_VIEW):
        return []
    upcoming = person_upcoming_sessions(user, person, now=timezone.now(), limit=1)
    count = (
        Enrolment.objects.visible_to(user)
        .filter(person=person, status=EnrolmentStatus.ENROLLED)
        .count()
    )
    if not count:
        return []
    note = (
        _("next: %(when)s, %(course)s")
        % {"when": moment_text(upcoming[0].starts_at), "course": upcoming[0].course.name}
        if upcoming
        else _("no session ahead")
    )
    return [
        PersonLink(
            text=COURSES, url=reverse("activities:person_courses", args=[person.pk]), note=note
        )
    ]


def timeline(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    """Enrolments and withdrawals, and the coming sessions of the person's courses."""
    if not has_capability(user, COURSE_VIEW):
        return []
    steps = (
        EnrolmentTransition.objects.filter(
            enrolment__in=Enrolment.objects.visible_to(user).filter(person=person)
        )
        .select_related("actor", "enrolment__course")
        .order_by("-at", "-id")[:limit]
    )
    events = []
    for step in steps:
        course = step.enrolment.course
        text = (
            _("Enrolled in %(course)s.")
            if step.to_status == EnrolmentStatus.ENROLLED
            else _("Withdrawn from %(course)s.")
        ) % {"course": course.name}
        events.append(
            TimelineEvent(
                at=step.at,
                actor=(step.actor.get_full_name() or step.actor.get_username())
                if step.actor
                else "",
                kind=COURSES,
                text=text,
                url=reverse("activities:course_detail", args=[course.uuid]),
            )
        )
    for session in person_upcoming_sessions(user, person, now=timezone.now(), limit=3):
        events.append(
            TimelineEvent(
                at=session.starts_at,
                actor="",
                kind=COURSES,
                text=_("Upcoming session of %(course)s at %(place)s.")
                % {"course": session.course.name, "place": session.course.location.name},
                url=reverse("activities:course_detail", args=[session.course.uuid]),
            )
        )
    return events


# --- Calendars --------------------------------------------------------------------------------
# A feed names the course, the place and the time, never a participant: nothing in it says
# who takes part (health, disability), so reads are not audited.

KIND_COURSE = "activities.course"
KIND_INSTRUCTOR = "activities.instructor"
KIND_LOCATION = "activities.location"


def _events(
    sessions: QuerySet[CourseSession], first: dt.date, last: dt.date
) -> list[CalendarEvent]:
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    rows = (
        sessions.filter(status=SessionStatus.PLANNED, starts_at__gte=start, starts_at__lt=end)
        .select_related("course__location")
        .order_by("starts_at")
    )
    return [
        CalendarEvent(
            uid=f"activities-session-{session.pk}@opencus",
            start=session.starts_at,
            end=session.ends_at,
            summary=session.course.name,
            location=f"{session.course.location.name}, {session.course.location.address_line}",
            description=(_("Make-up session.") if session.makeup else ""),
        )
        for session in rows
    ]


def _pk(object_id: str) -> int | None:
    try:
        return int(object_id)
    except ValueError:
        return None


def course_events(object_id: str, first: dt.date, last: dt.date) -> list[CalendarEvent]:
    pk = _pk(object_id)
    return _events(CourseSession.objects.filter(course_id=pk), first, last) if pk else []


def instructor_events(object_id: str, first: dt.date, last: dt.date) -> list[CalendarEvent]:
    pk = _pk(object_id)
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None:
        return []
    return _events(CourseSession.objects.filter(course__in=courses_instructed(user)), first, last)


def location_events(object_id: str, first: dt.date, last: dt.date) -> list[CalendarEvent]:
    pk = _pk(object_id)
    return _events(CourseSession.objects.filter(course__location_id=pk), first, last) if pk else []


def course_may_issue(user: Any, object_id: str) -> str | None:
    pk = _pk(object_id)
    course = Course.objects.filter(pk=pk).first() if pk else None
    if course is None or not (
        has_capability(user, COURSE_MANAGE) or course.may_take_register(user)
    ):
        return None
    return course.name


def instructor_may_issue(user: Any, object_id: str) -> str | None:
    pk = _pk(object_id)
    teacher = get_user_model().objects.filter(pk=pk).first() if pk else None
    if teacher is None:
        return None
    if not (has_capability(user, COURSE_MANAGE) or teacher.pk == getattr(user, "pk", None)):
        return None
    return _("Sessions of %(name)s") % {"name": teacher.get_full_name() or teacher.get_username()}


def location_may_issue(user: Any, object_id: str) -> str | None:
    pk = _pk(object_id)
    location = Location.objects.filter(pk=pk).first() if pk else None
    if location is None or not has_capability(user, COURSE_MANAGE):
        return None
    return _("Sessions at %(place)s") % {"place": location.name}
