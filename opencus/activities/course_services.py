"""Every change of courses, their sessions and enrolments (one service per state change).

Rules, with their sources (domain-services.md §6, the pools' regulations):

- a course's sessions come from its recurrence: weekly on the given weekdays at a time, over
  a term; a recurrence that gives no session, or a smallest group larger than the largest, is
  refused;
- a session may be cancelled or moved (the time it had is kept) and make-up sessions added
  ("make-up inside the course", src 48);
- a place is held on an active entitlement to the course's service; the group's largest size
  is never exceeded (the course row is locked while places are counted, so two clerks taking
  the last place at once cannot both succeed); one person is not enrolled in two courses whose
  sessions overlap;
- the previous course's participants keep priority until a deadline (aqua aerobics: re-enrol
  by the 24th, src 47): before it only they may enrol, after it anyone entitled;
- a health declaration is recorded before the first session of a course that asks for one;
  without it the register refuses to mark the person present (``register_services``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.activities.errors import CourseError, EnrolmentError
from opencus.activities.models import (
    Course,
    CourseKind,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    EnrolmentTransition,
    HealthDeclaration,
    SessionChange,
    SessionChangeKind,
    SessionStatus,
)
from opencus.catalog.models import Location, ProgrammeService
from opencus.core.audit import audit_record
from opencus.core.formatting import day_text, moment_text
from opencus.core.models import AuditAction
from opencus.intake.models import Entitlement, EntitlementStatus
from opencus.people.models import Person
from opencus.providers.models import Provider

#: The longest term a course may have (a school year and a bit): a guard against typing 2207.
LONGEST_TERM = dt.timedelta(days=400)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """``day`` at ``time`` in Europe/Warsaw, aware."""
    return timezone.make_aware(dt.datetime.combine(day, time))


def sessions_plan(
    *,
    term_starts_on: dt.date,
    term_ends_on: dt.date,
    weekdays: list[int],
    starts_at: dt.time,
    duration_minutes: int,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The sessions a weekly recurrence gives: each day of the term that falls on one of
    ``weekdays`` (0 = Monday), at ``starts_at`` for ``duration_minutes``."""
    days = set(weekdays)
    planned = []
    day = term_starts_on
    while day <= term_ends_on:
        if day.weekday() in days:
            start = at(day, starts_at)
            planned.append((start, start + dt.timedelta(minutes=duration_minutes)))
        day += dt.timedelta(days=1)
    return planned


@dataclass(frozen=True)
class CourseSpec:
    """What the organiser sets up a course with (the form's cleaned data)."""

    service: ProgrammeService
    location: Location
    name: str
    term_starts_on: dt.date
    term_ends_on: dt.date
    weekdays: list[int]
    starts_at: dt.time
    duration_minutes: int
    min_participants: int
    max_participants: int
    kind: str = CourseKind.COURSE
    provider: Provider | None = None
    instructor_user: Any = None
    instructor_name: str = ""
    health_declaration_required: bool = False
    cancel_days_before: int = 1
    cancel_by: dt.time = dt.time(18, 0)
    previous_course: Course | None = None
    priority_until: dt.date | None = None


def _spec_check(spec: CourseSpec) -> list[tuple[dt.datetime, dt.datetime]]:
    if spec.min_participants > spec.max_participants:
        raise CourseError(
            {
                "min_participants": _(
                    "The smallest group (%(min)s) is larger than the largest (%(max)s)."
                )
                % {"min": spec.min_participants, "max": spec.max_participants}
            },
            code="group_size",
        )
    if spec.max_participants < 1:
        raise CourseError(
            {"max_participants": _("A group takes at least one person.")}, code="group_size"
        )
    if spec.term_ends_on < spec.term_starts_on:
        raise CourseError({"term_ends_on": _("The term ends before it starts.")}, code="term_order")
    if spec.term_ends_on - spec.term_starts_on > LONGEST_TERM:
        raise CourseError(
            {"term_ends_on": _("A term lasts at most 400 days; set up the next course instead.")},
            code="term_long",
        )
    if spec.duration_minutes < 1:
        raise CourseError(
            {"duration_minutes": _("A session lasts at least a minute.")}, code="duration"
        )
    if spec.previous_course is not None and spec.previous_course.service_id != spec.service.pk:
        raise CourseError(
            {"previous_course": _("The previous course must be of the same service.")},
            code="previous_course",
        )
    planned = sessions_plan(
        term_starts_on=spec.term_starts_on,
        term_ends_on=spec.term_ends_on,
        weekdays=spec.weekdays,
        starts_at=spec.starts_at,
        duration_minutes=spec.duration_minutes,
    )
    if not planned:
        raise CourseError(
            {
                "weekdays": _(
                    "No session falls on the chosen weekdays between %(start)s and %(end)s."
                )
                % {"start": day_text(spec.term_starts_on), "end": day_text(spec.term_ends_on)}
            },
            code="no_sessions",
        )
    return planned


@transaction.atomic
def course_create(*, spec: CourseSpec, acting_user: Any) -> Course:
    """Set up a course and plan its sessions from the recurrence. Refused when the smallest
    group is larger than the largest, or the recurrence gives no session."""
    planned = _spec_check(spec)
    course = Course.objects.create(
        service=spec.service,
        location=spec.location,
        name=spec.name,
        kind=spec.kind,
        provider=spec.provider,
        instructor_user=spec.instructor_user,
        instructor_name=spec.instructor_name,
        term_starts_on=spec.term_starts_on,
        term_ends_on=spec.term_ends_on,
        weekdays=sorted(set(spec.weekdays)),
        starts_at=spec.starts_at,
        duration_minutes=spec.duration_minutes,
        min_participants=spec.min_participants,
        max_participants=spec.max_participants,
        health_declaration_required=spec.health_declaration_required,
        cancel_days_before=spec.cancel_days_before,
        cancel_by=spec.cancel_by,
        previous_course=spec.previous_course,
        priority_until=spec.priority_until,
        created_by=acting_user,
    )
    now = timezone.now()
    sessions = CourseSession.objects.bulk_create(
        CourseSession(course=course, starts_at=start, ends_at=end) for start, end in planned
    )
    SessionChange.objects.bulk_create(
        SessionChange(
            session=session,
            change=SessionChangeKind.PLANNED,
            to_starts_at=session.starts_at,
            at=now,
            actor=acting_user,
        )
        for session in sessions
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=course,
        changes={"sessions": [None, len(sessions)], "service": [None, spec.service.pk]},
    )
    return course


def _lock_session(session: CourseSession) -> CourseSession:
    return (
        CourseSession.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk)
    )


@transaction.atomic
def session_cancel(*, session: CourseSession, note: str, acting_user: Any) -> CourseSession:
    """Cancel a session (the pool closed, the instructor is ill); a cancelled session is not
    taken in the register and not in the calendars. Refused once it has started."""
    locked = _lock_session(session)
    if locked.is_cancelled:
        raise CourseError(_("This session is cancelled already."), code="cancelled")
    if locked.starts_at <= timezone.now():
        raise CourseError(_("A session that has started cannot be cancelled."), code="started")
    locked.status = SessionStatus.CANCELLED
    locked.note = note.strip()[:300]
    locked.save(update_fields=["status", "note"])
    SessionChange.objects.create(
        session=locked,
        change=SessionChangeKind.CANCELLED,
        from_starts_at=locked.starts_at,
        at=timezone.now(),
        actor=acting_user,
        note=locked.note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [SessionStatus.PLANNED, SessionStatus.CANCELLED]},
    )
    return locked


def _future(start: dt.datetime, field: str = "starts_at") -> None:
    if start <= timezone.now():
        raise CourseError({field: _("Choose a time that has not passed yet.")}, code="in_the_past")


@transaction.atomic
def session_move(
    *, session: CourseSession, starts_at: dt.datetime, note: str, acting_user: Any
) -> CourseSession:
    """Move a planned session to another time (its length kept, the old time remembered).
    Refused for a cancelled or started session and for a time that has passed."""
    locked = _lock_session(session)
    if locked.is_cancelled:
        raise CourseError(_("A cancelled session cannot be moved."), code="cancelled")
    if locked.starts_at <= timezone.now():
        raise CourseError(_("A session that has started cannot be moved."), code="started")
    _future(starts_at)
    length = locked.ends_at - locked.starts_at
    before = locked.starts_at
    locked.moved_from = locked.moved_from or before
    locked.starts_at = starts_at
    locked.ends_at = starts_at + length
    locked.note = note.strip()[:300]
    locked.save(update_fields=["moved_from", "starts_at", "ends_at", "note"])
    SessionChange.objects.create(
        session=locked,
        change=SessionChangeKind.MOVED,
        from_starts_at=before,
        to_starts_at=starts_at,
        at=timezone.now(),
        actor=acting_user,
        note=locked.note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"starts_at": [before.isoformat(), starts_at.isoformat()]},
    )
    return locked


@transaction.atomic
def session_makeup_add(
    *, course: Course, starts_at: dt.datetime, note: str, acting_user: Any
) -> CourseSession:
    """Add a make-up session to a course (of the course's usual length), for one cancelled.
    Refused for a time that has passed."""
    _future(starts_at)
    length = dt.timedelta(minutes=course.duration_minutes)
    session = CourseSession.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + length,
        makeup=True,
        note=note.strip()[:300],
    )
    SessionChange.objects.create(
        session=session,
        change=SessionChangeKind.MAKEUP,
        to_starts_at=starts_at,
        at=timezone.now(),
        actor=acting_user,
        note=session.note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=session,
        changes={"makeup": [None, starts_at.isoformat()]},
    )
    return session


# --- Enrolment --------------------------------------------------------------------------------


def _overlap(course: Course, person: Person) -> CourseSession | None:
    """A planned session of another course ``person`` is enrolled in that overlaps one of
    ``course``'s planned sessions (None: none)."""
    mine = list(
        course.sessions.filter(status=SessionStatus.PLANNED).values_list("starts_at", "ends_at")
    )
    if not mine:
        return None
    overlapping = Q()
    for start, end in mine:
        overlapping |= Q(starts_at__lt=end, ends_at__gt=start)
    others = Enrolment.objects.filter(person=person, status=EnrolmentStatus.ENROLLED).exclude(
        course=course
    )
    return (
        CourseSession.objects.filter(
            course__in=others.values("course_id"), status=SessionStatus.PLANNED
        )
        .filter(overlapping)
        .select_related("course")
        .order_by("starts_at")
        .first()
    )


def _entitlement_check(course: Course, entitlement: Entitlement, on: dt.date) -> None:
    if entitlement.service_id != course.service_id:
        raise EnrolmentError(
            _("The entitlement is to another service than the course's (%(service)s).")
            % {"service": course.service.name},
            code="not_entitled",
        )
    in_force = (
        entitlement.status == EntitlementStatus.ACTIVE
        and entitlement.starts_on <= on
        and (entitlement.ends_on is None or entitlement.ends_on >= on)
    )
    if not in_force:
        raise EnrolmentError(
            _("%(name)s has no active entitlement to %(service)s on %(day)s.")
            % {
                "name": entitlement.person.full_name,
                "service": course.service.name,
                "day": day_text(on),
            },
            code="not_entitled",
        )


@transaction.atomic
def enrolment_create(
    *, course: Course, entitlement: Entitlement, acting_user: Any, now: dt.datetime | None = None
) -> Enrolment:
    """Enrol the entitlement's holder in ``course`` on a place of the group. Refused, changing
    nothing: an open event (no enrolment), no active entitlement to the course's service, a
    full group, enrolled already, sessions overlapping a course they are in, or — before the
    priority deadline — someone who was not in the previous course."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # The lock serialises everyone taking a place in this course: the count below is exact.
    locked = Course.objects.select_for_update().get(pk=course.pk)
    person = entitlement.person
    if locked.kind == CourseKind.OPEN_EVENT:
        raise EnrolmentError(
            _("An open event takes no enrolment: its headcount is recorded per session."),
            code="open_event",
        )
    if locked.term_ends_on < today:
        raise EnrolmentError(
            _("The course ended on %(day)s.") % {"day": day_text(locked.term_ends_on)},
            code="ended",
        )
    _entitlement_check(locked, entitlement, max(today, locked.term_starts_on))
    active = Enrolment.objects.filter(course=locked, status=EnrolmentStatus.ENROLLED)
    if active.filter(person=person).exists():
        raise EnrolmentError(
            _("%(name)s is enrolled in this course already.") % {"name": person.full_name},
            code="enrolled",
        )
    taken = active.count()
    if taken >= locked.max_participants:
        raise EnrolmentError(
            _("The group is full: %(taken)s of %(max)s places are taken.")
            % {"taken": taken, "max": locked.max_participants},
            code="full",
        )
    previous = (
        locked.previous_course_id is not None
        and Enrolment.objects.filter(
            course_id=locked.previous_course_id, person=person, status=EnrolmentStatus.ENROLLED
        ).exists()
    )
    in_priority = locked.priority_until is not None and today <= locked.priority_until
    if in_priority and locked.previous_course_id is not None and not previous:
        raise EnrolmentError(
            _(
                "Until %(day)s only the participants of the previous course may enrol; others"
                " may enrol from the next day."
            )
            % {"day": day_text(locked.priority_until)},  # type: ignore[arg-type]
            code="priority",
        )
    clash = _overlap(locked, person)
    if clash is not None:
        raise EnrolmentError(
            _(
                "%(name)s is enrolled in %(course)s, whose session on %(when)s overlaps this"
                " course's sessions."
            )
            % {
                "name": person.full_name,
                "course": clash.course.name,
                "when": moment_text(clash.starts_at),
            },
            code="overlap",
        )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                course=locked,
                person=person,
                entitlement=entitlement,
                priority=previous and in_priority,
                enrolled_at=now,
                created_by=acting_user,
            )
    except IntegrityError:
        raise EnrolmentError(
            _("%(name)s is enrolled in this course already.") % {"name": person.full_name},
            code="enrolled",
        ) from None
    EnrolmentTransition.objects.create(
        enrolment=enrolment, to_status=EnrolmentStatus.ENROLLED, at=now, actor=acting_user
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=enrolment,
        changes={"course": [None, locked.pk], "entitlement": [None, entitlement.pk]},
    )
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, note: str, acting_user: Any) -> Enrolment:
    """Take a person off a course: the place is free again; their register stays."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status != EnrolmentStatus.ENROLLED:
        raise EnrolmentError(_("This person is no longer enrolled."), code="withdrawn")
    locked.status = EnrolmentStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    EnrolmentTransition.objects.create(
        enrolment=locked,
        from_status=EnrolmentStatus.ENROLLED,
        to_status=EnrolmentStatus.WITHDRAWN,
        at=timezone.now(),
        actor=acting_user,
        note=note.strip(),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN]},
    )
    return locked


@transaction.atomic
def health_declaration_record(
    *, enrolment: Enrolment, signed_on: dt.date, acting_user: Any
) -> HealthDeclaration:
    """Record that the enrolled person signed the course's health declaration. Refused when
    the course asks for none, the date is in the future, or it is recorded already."""
    course = enrolment.course
    if not course.health_declaration_required:
        raise CourseError(_("This course asks for no health declaration."), code="not_needed")
    if signed_on > timezone.localdate():
        raise CourseError(
            {"signed_on": _("The declaration cannot be signed in the future.")}, code="future"
        )
    try:
        with transaction.atomic():
            declaration = HealthDeclaration.objects.create(
                course=course,
                person=enrolment.person,
                signed_on=signed_on,
                recorded_at=timezone.now(),
                recorded_by=acting_user,
            )
    except IntegrityError:
        raise CourseError(
            _("The health declaration of %(name)s is recorded already.")
            % {"name": enrolment.person.full_name},
            code="recorded",
        ) from None
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=declaration,
        changes={"signed_on": [None, signed_on.isoformat()]},
        label=str(course),
    )
    return declaration
