"""The attendance register (dziennik zajęć) and the headcount of open events.

- The instructor (a staff member of the course's provider, or the staff user who instructs
  it) or the organiser marks each enrolled person present, absent or excused, once the
  session has started (src 48: "attendance entered by the instructor each session").
- A presence is one unit (one session) in the delivery ledger (``delivery_record``), so
  settlement and reports see it; changing the mark away from present reverses it
  (``delivery_correct``). When the ledger refuses (no contract line, an allowance used up),
  the mark stands and the refusal is kept on the line for the organiser.
- A course that asks for a health declaration refuses to mark a person present without one.
- The person (the client office on their behalf) may cancel their attendance until the
  course's deadline (by default 18:00 the day before, src 48): the line becomes excused.
  After the deadline the cancellation is refused, with the deadline in the message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.activities.capabilities import COURSE_ENROL
from opencus.activities.course_services import at
from opencus.activities.errors import RegisterError
from opencus.activities.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    HealthDeclaration,
    SessionChange,
    SessionChangeKind,
)
from opencus.core.audit import audit_record
from opencus.core.formatting import moment_text
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.services import delivery_correct, delivery_record

MARKS = {
    AttendanceStatus.PRESENT: AttendanceStatus.PRESENT.label,
    AttendanceStatus.ABSENT: AttendanceStatus.ABSENT.label,
    AttendanceStatus.EXCUSED: AttendanceStatus.EXCUSED.label,
}


def cancel_deadline(session: CourseSession) -> dt.datetime:
    """Until when a participant may cancel ``session``: the course's time of day, the
    course's number of days before the session's day (18:00 the day before by default)."""
    course = session.course
    return at(session.day - dt.timedelta(days=course.cancel_days_before), course.cancel_by)


def _session_open(session: CourseSession, now: dt.datetime) -> None:
    if session.is_cancelled:
        raise RegisterError(_("This session is cancelled."), code="cancelled")
    if now < session.starts_at:
        raise RegisterError(
            _("The session has not started yet (it starts %(when)s).")
            % {"when": moment_text(session.starts_at)},
            code="not_started",
        )


def _lock(session: CourseSession) -> CourseSession:
    return (
        CourseSession.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk)
    )


def _enrolled(session: CourseSession, enrolment: Enrolment) -> Enrolment:
    if enrolment.course_id != session.course_id or enrolment.status != EnrolmentStatus.ENROLLED:
        raise RegisterError(
            _("%(name)s is not enrolled in this course.") % {"name": enrolment.person.full_name},
            code="not_enrolled",
        )
    return enrolment


def _note(session: CourseSession) -> str:
    return _("%(course)s, session on %(when)s") % {
        "course": session.course.name,
        "when": moment_text(session.starts_at),
    }


def _ledger_in(line: Attendance, session: CourseSession, acting_user: Any) -> None:
    """One unit for the presence; the ledger's refusal kept on the line ("" when recorded)."""
    try:
        record = delivery_record(
            entitlement=line.enrolment.entitlement,
            delivered_on=session.day,
            units=1,
            acting_user=acting_user,
            note=_note(session),
            recorder_checked=True,
        )
    except DeliveryAlreadyRecorded as repeated:
        record = repeated.record
    except DeliveryError as refused:
        line.ledger_refusal = refused.text
        return
    line.delivery_record = record
    line.ledger_refusal = ""


def _ledger_out(line: Attendance, session: CourseSession, acting_user: Any) -> None:
    """Reverse the presence's unit; the ledger's refusal kept on the line."""
    if line.delivery_record is None:
        line.ledger_refusal = ""
        return
    try:
        delivery_correct(
            record=line.delivery_record,
            acting_user=acting_user,
            note=_("Register corrected: %(note)s") % {"note": _note(session)},
            recorder_checked=True,
        )
    except DeliveryError as refused:
        line.ledger_refusal = refused.text
        return
    line.delivery_record = None
    line.ledger_refusal = ""


def _write(
    *,
    session: CourseSession,
    enrolment: Enrolment,
    status: str,
    acting_user: Any,
    now: dt.datetime,
    note: str = "",
) -> tuple[Attendance, bool]:
    """Set the line of ``enrolment`` in ``session`` to ``status`` (a transition row and the
    ledger); returns the line and whether it changed."""
    line = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("enrolment__entitlement__service", "enrolment__person", "delivery_record")
        .filter(session=session, enrolment=enrolment)
        .first()
    )
    if line is not None and line.status == status:
        return line, False
    before = line.status if line is not None else ""
    if line is None:
        line = Attendance(session=session, enrolment=enrolment)
    line.status = status
    line.marked_at = now
    line.marked_by = acting_user
    if status == AttendanceStatus.PRESENT:
        _ledger_in(line, session, acting_user)
    elif before == AttendanceStatus.PRESENT:
        _ledger_out(line, session, acting_user)
    line.save()
    AttendanceChange.objects.create(
        attendance=line,
        from_status=before,
        to_status=status,
        at=now,
        actor=acting_user,
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=line,
        changes={"status": [before or None, status]},
        label=str(session),
    )
    return line, True


@transaction.atomic
def attendance_mark(
    *,
    session: CourseSession,
    enrolment: Enrolment,
    status: str,
    acting_user: Any,
    now: dt.datetime | None = None,
) -> Attendance:
    """Mark an enrolled person present, absent or excused in a session's register. Refused
    to anyone but the course's instructor and the organiser, before the session starts, for
    a cancelled session, and (present) without the health declaration the course asks for."""
    now = now or timezone.now()
    if status not in MARKS:
        raise RegisterError(_("Choose present, absent or excused."), code="mark")
    locked = _lock(session)
    course = locked.course
    if not course.may_take_register(acting_user):
        raise RegisterError(
            _("Only the course's instructor and the organiser take its register."),
            code="not_allowed",
        )
    _session_open(locked, now)
    _enrolled(locked, enrolment)
    if (
        status == AttendanceStatus.PRESENT
        and course.health_declaration_required
        and not HealthDeclaration.objects.filter(course=course, person=enrolment.person).exists()
    ):
        raise RegisterError(
            _(
                "%(name)s has not signed the course's health declaration: record it first, then"
                " mark them present."
            )
            % {"name": enrolment.person.full_name},
            code="no_declaration",
        )
    line, _changed = _write(
        session=locked, enrolment=enrolment, status=status, acting_user=acting_user, now=now
    )
    return line


@transaction.atomic
def attendance_cancel(
    *,
    session: CourseSession,
    enrolment: Enrolment,
    acting_user: Any,
    now: dt.datetime | None = None,
) -> Attendance:
    """The person (the client office on their behalf) cancels their attendance of a session:
    the line is excused. Refused after the course's deadline (18:00 the day before by
    default), with the deadline in the message, and for a cancelled session."""
    now = now or timezone.now()
    if not has_capability(acting_user, COURSE_ENROL):
        raise RegisterError(
            _("Only the client office and the organiser excuse a participant."),
            code="not_allowed",
        )
    locked = _lock(session)
    if locked.is_cancelled:
        raise RegisterError(_("This session is cancelled."), code="cancelled")
    _enrolled(locked, enrolment)
    deadline = cancel_deadline(locked)
    if now > deadline:
        raise RegisterError(
            _("Too late to cancel: the session on %(when)s could be cancelled until %(deadline)s.")
            % {"when": moment_text(locked.starts_at), "deadline": moment_text(deadline)},
            code="late",
        )
    line, _changed = _write(
        session=locked,
        enrolment=enrolment,
        status=AttendanceStatus.EXCUSED,
        acting_user=acting_user,
        now=now,
        note=_("Cancelled by the participant."),
    )
    return line


@transaction.atomic
def session_headcount_record(
    *,
    session: CourseSession,
    headcount: int,
    acting_user: Any,
    now: dt.datetime | None = None,
) -> CourseSession:
    """Record how many came to a session of an open event (no names are taken). Refused to
    anyone but the instructor and the organiser, for a course with enrolment, and before the
    session starts."""
    now = now or timezone.now()
    locked = _lock(session)
    course = locked.course
    if not course.may_take_register(acting_user):
        raise RegisterError(
            _("Only the course's instructor and the organiser take its register."),
            code="not_allowed",
        )
    if not course.is_open_event:
        raise RegisterError(
            _("This course takes a register of names, not a headcount."), code="not_open_event"
        )
    _session_open(locked, now)
    if headcount < 0:
        raise RegisterError({"headcount": _("The headcount cannot be negative.")}, code="count")
    before = locked.headcount
    locked.headcount = headcount
    locked.save(update_fields=["headcount"])
    SessionChange.objects.create(
        session=locked,
        change=SessionChangeKind.HEADCOUNT,
        at=now,
        actor=acting_user,
        note=str(headcount),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"headcount": [before, headcount]},
    )
    return locked
