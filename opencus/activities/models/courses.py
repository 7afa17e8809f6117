"""Courses (kursy i zajęcia grupowe): a series of sessions of a programme service at a
location, the people enrolled on places their entitlements give, the health declarations a
physical course asks for, and the attendance register the instructor takes per session.

An open event (an open afternoon of the Kawiarenka Społeczna) has sessions and a headcount
per session, but no enrolment and no register of names."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Location, ProgrammeService
from opencus.core.models import Transition
from opencus.core.roles import Role, user_roles
from opencus.delivery.models import DeliveryRecord
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.providers.models import Provider, staff_providers

__all__ = [
    "Attendance",
    "AttendanceChange",
    "AttendanceStatus",
    "Course",
    "CourseKind",
    "CourseQuerySet",
    "CourseSession",
    "Enrolment",
    "EnrolmentStatus",
    "EnrolmentTransition",
    "HealthDeclaration",
    "SessionChange",
    "SessionChangeKind",
    "SessionStatus",
]

#: The roles that see every course (and its enrolments) of the centre.
COURSE_READERS = frozenset(
    {
        Role.DIRECTOR,
        Role.SERVICE_ORGANISER,
        Role.COORDINATOR,
        Role.SOCIAL_WORKER,
        Role.CLIENT_OFFICE,
        Role.AUDITOR,
    }
)


class CourseKind(models.TextChoices):
    COURSE = "course", _("course with enrolment")
    OPEN_EVENT = "open_event", _("open event (headcount only)")


class CourseQuerySet(models.QuerySet["Course"]):
    def visible_to(self, user: Any) -> CourseQuerySet:
        """Every course for the centre's case roles; for a provider's staff, the courses
        their provider runs (``staff_providers``); for any staff member, the courses they
        instruct themselves; nothing for anyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user_roles(user) & COURSE_READERS:
            return self.all()
        return self.filter(
            Q(provider_id__in=staff_providers(user)) | Q(instructor_user_id=user.pk)
        ).distinct()


class Course(models.Model):
    """A course (kurs, zajęcia grupowe): a programme service's sessions at one location,
    weekly on given days at a given time over a term, with a group size, an instructor (a
    provider's or the centre's own staff member), how late a participant may cancel a session,
    whether a health declaration is needed, and the re-enrolment priority of the previous
    course's participants until a deadline."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("service"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="courses", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=CourseKind.choices, default=CourseKind.COURSE
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("provider"),
    )
    instructor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses_instructed",
        verbose_name=_("instructor (the centre's staff)"),
    )
    instructor_name = models.CharField(_("instructor"), max_length=200, blank=True)
    term_starts_on = models.DateField(_("term from"))
    term_ends_on = models.DateField(_("term until"))
    weekdays = models.JSONField(_("weekdays"), default=list)
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=45)
    min_participants = models.PositiveSmallIntegerField(_("smallest group"), default=1)
    max_participants = models.PositiveSmallIntegerField(_("largest group"), default=15)
    health_declaration_required = models.BooleanField(
        _("health declaration needed before the first session"), default=False
    )
    cancel_days_before = models.PositiveSmallIntegerField(
        _("cancel at the latest this many days before"), default=1
    )
    cancel_by = models.TimeField(_("cancel at the latest by"), default=dt.time(18, 0))
    previous_course = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_courses",
        verbose_name=_("previous course"),
    )
    priority_until = models.DateField(
        _("previous participants' priority until"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-term_starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_participants__lte=models.F("max_participants")),
                name="course_group_size_order",
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__gte=models.F("term_starts_on")),
                name="course_term_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open_event(self) -> bool:
        return self.kind == CourseKind.OPEN_EVENT

    @property
    def instructor_text(self) -> str:
        if self.instructor_user is not None:
            return self.instructor_user.get_full_name() or self.instructor_user.get_username()
        return self.instructor_name

    def may_take_register(self, user: Any) -> bool:
        """The instructor (a staff member of the course's provider, or the staff user who is
        the instructor) and the organiser (director, service organiser) take the register."""
        if not getattr(user, "is_authenticated", False):
            return False
        if user_roles(user) & {Role.DIRECTOR, Role.SERVICE_ORGANISER}:
            return True
        if self.instructor_user_id is not None and self.instructor_user_id == user.pk:
            return True
        return (
            self.provider_id is not None
            and staff_providers(user).filter(provider_id=self.provider_id).exists()
        )


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")


class CourseSession(models.Model):
    """One session of a course (zajęcia): when, whether it was cancelled or moved (the time
    it had before), whether it is a make-up session, and for an open event the headcount."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    makeup = models.BooleanField(_("make-up session"), default=False)
    moved_from = models.DateTimeField(_("moved from"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="course_session_order"
            ),
        ]
        indexes = [models.Index(fields=["course", "starts_at"], name="course_session_idx")]

    def __str__(self) -> str:
        return f"{self.course} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.starts_at)


class SessionChangeKind(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")
    MOVED = "moved", _("moved")
    MAKEUP = "makeup", _("make-up session added")
    HEADCOUNT = "headcount", _("headcount recorded")


class SessionChange(Transition):
    """The history of a session: planned, cancelled, moved (from when to when), added as a
    make-up session, its headcount recorded."""

    session = models.ForeignKey(CourseSession, on_delete=models.PROTECT, related_name="changes")
    change = models.CharField(_("change"), max_length=10, choices=SessionChangeKind.choices)
    from_starts_at = models.DateTimeField(null=True, blank=True)
    to_starts_at = models.DateTimeField(null=True, blank=True)

    class Meta(Transition.Meta):
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    WITHDRAWN = "withdrawn", _("withdrawn")


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def visible_to(self, user: Any) -> EnrolmentQuerySet:
        """The enrolments of the courses ``user`` sees, of people they may see (the
        instructor sees their own course's participants)."""
        return self.filter(course__in=Course.objects.visible_to(user))

    def active(self) -> EnrolmentQuerySet:
        return self.filter(status=EnrolmentStatus.ENROLLED)


class Enrolment(models.Model):
    """A person's place in a course (zapis na kurs), held on their entitlement to the course's
    service; ``priority``: they took part in the previous course and enrolled before its
    participants' priority ended."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="course_enrolments")
    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.PROTECT, related_name="course_enrolments"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    priority = models.BooleanField(_("previous participant"), default=False)
    enrolled_at = models.DateTimeField(_("enrolled"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["person__last_name", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                condition=Q(status="enrolled"),
                name="enrolment_once_per_course",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


class EnrolmentTransition(Transition):
    """The history of an enrolment: enrolled, withdrawn."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("enrolment change")
        verbose_name_plural = _("enrolment changes")


class HealthDeclaration(models.Model):
    """A signed health declaration (oświadczenie o stanie zdrowia) for a course, recorded
    before the first session: only that it was signed and when; the paper is kept on file.
    Without it, a course that asks for one refuses to mark the person present."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("health declaration")
        verbose_name_plural = _("health declarations")
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="declaration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("excused")


class Attendance(models.Model):
    """One line of a session's register (lista obecności): an enrolled person present, absent
    or excused; a presence is one unit in the delivery ledger (``delivery_record``), undone by
    a reversing entry when the mark changes."""

    session = models.ForeignKey(CourseSession, on_delete=models.PROTECT, related_name="register")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="register")
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    marked_at = models.DateTimeField(_("marked"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    delivery_record = models.ForeignKey(
        DeliveryRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ledger_refusal = models.TextField(blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person} · {self.session}: {self.status}"


class AttendanceChange(Transition):
    """The history of one line of the register: each mark, with who made it and when."""

    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="changes")
    from_status = models.CharField(max_length=10, choices=AttendanceStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
