"""The demo centre's courses (issue 12): Starachowice's group activities with a term of
sessions from three weeks back to five weeks ahead, the people enrolled on their entitlements,
and the registers of the past sessions taken (presences in the delivery ledger).

- **Nauka pływania** at the municipal pool: Tuesdays and Thursdays 9:00, 45 minutes, groups of
  4 to 8, health declaration needed (src 48 of domain-services.md §6);
- **Aqua aerobik** at the pool: Mondays and Wednesdays 10:00, groups of 10 to 15, health
  declaration needed, cancelling by 18:00 the day before; one coming session cancelled (the pool
  closed for maintenance) and a make-up session added (src 47);
- **Kawiarenka e-Seniorek**: Tuesdays and Thursdays 11:00 in the Galeria „Skałka”, taught by the
  centre's animator (a staff member, not a provider);
- **Warsztaty w Muzeum Przyrody i Techniki**: Fridays 10:00, 90 minutes;
- **Kawiarenka Społeczna**: open afternoons on Fridays 16:00, a headcount per session, no
  enrolment;
- **Lokalny Klub Rodzinny**: parents with children under 6, Wednesdays 16:00, 90 minutes, led
  by the centre's animator (the service is the centre's own: its presences are in the ledger
  with no contract).

The courses of services a provider delivers name that provider (its contract line prices each
presence); its staff login takes their registers. People are enrolled on entitlements in
force; when too few exist, eligible residents who have not applied yet apply and qualify, as
the transport demo does. Past registers: most present, some absent or excused (a fixed
pattern).

Dates are relative to the day the demo is built. Built once: when any course exists, nothing is
added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from opencus.activities import course_services, register_services
from opencus.activities.errors import CourseError, EnrolmentError, RegisterError
from opencus.activities.models import (
    Attendance,
    Course,
    CourseKind,
    CourseSession,
    Enrolment,
    SessionStatus,
)
from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Programme, ProgrammeService
from opencus.core.roles import Role
from opencus.intake import services as intake
from opencus.intake.models import Application, Channel, Entitlement, ItemState
from opencus.people.models import Person
from opencus.providers.models import ContractLine, ProviderStaff

#: The term: from this many days back to this many days ahead of the demo's day.
DAYS_BACK, DAYS_AHEAD = 21, 35


@dataclass(frozen=True)
class CourseDemo:
    slug: str
    name: str
    weekdays: tuple[int, ...]
    starts_at: dt.time
    minutes: int
    min_people: int
    max_people: int
    enrol: int
    declaration: bool = False
    open_event: bool = False
    animator: bool = False


COURSES = (
    CourseDemo(
        "nauka-plywania", "Nauka pływania – grupa poranna", (1, 3), dt.time(9), 45, 4, 8, 6, True
    ),
    CourseDemo("aqua-aerobik", "Aqua aerobik – grupa 1", (0, 2), dt.time(10), 45, 10, 15, 12, True),
    CourseDemo(
        "kawiarenka-e-seniorek",
        "Smartfon bez tajemnic",
        (1, 3),
        dt.time(11),
        90,
        3,
        8,
        6,
        animator=True,
    ),
    CourseDemo(
        "muzeum-przyrody-i-techniki",
        "Warsztaty w Muzeum Przyrody i Techniki",
        (4,),
        dt.time(10),
        90,
        5,
        20,
        8,
    ),
    CourseDemo(
        "lokalny-klub-rodzinny",
        "Lokalny Klub Rodzinny – środowe spotkania",
        (2,),
        dt.time(16),
        90,
        3,
        12,
        6,
        animator=True,
    ),
    CourseDemo(
        "kawiarenka-spoleczna",
        "Popołudnia w Kawiarence Społecznej",
        (4,),
        dt.time(16),
        120,
        1,
        60,
        0,
        open_event=True,
    ),
)

#: The past registers' pattern: the n-th person of a session is absent or excused.
ABSENT_EVERY, EXCUSED_EVERY = 7, 11


def _service(slug: str, today: dt.date) -> ProgrammeService | None:
    return (
        ProgrammeService.objects.filter(slug=slug, programme__in=Programme.objects.current(today))
        .prefetch_related("locations")
        .order_by("-programme__valid_from", "id")
        .first()
    )


def _entitlements(
    service: ProgrammeService, users: dict[Any, Any], today: dt.date, count: int, taken: set[int]
) -> list[Entitlement]:
    """Entitlements to ``service`` in force, of people not yet in a demo course; eligible
    people who have not applied yet apply and qualify when there are too few."""
    found = [
        entitlement
        for entitlement in Entitlement.objects.in_force(today)
        .filter(service=service)
        .select_related("person")
        .order_by("id")
        if entitlement.person_id not in taken
    ][:count]
    if len(found) >= count:
        return found
    applied = Application.objects.values("person_id")
    candidates = (
        Person.objects.filter(archived_at__isnull=True, pesel__isnull=False)
        .exclude(pk__in=applied)
        .exclude(pk__in=taken)
        .order_by("id")
    )
    clerk, organiser = users[Role.CLIENT_OFFICE], users[Role.SERVICE_ORGANISER]
    for person in list(candidates[:3000])[5::5]:
        if len(found) >= count:
            break
        if not eligibility_check(person, service, on=today).eligible:
            continue
        application = intake.application_file(
            person=person, services=[service], channel=Channel.PHONE, acting_user=clerk
        )
        item = intake.item_qualify(item=application.items.get(), acting_user=organiser)
        if item.state == ItemState.QUALIFIED:
            found.append(Entitlement.objects.select_related("person").get(item=item))
    return found


def _provider_and_instructor(service: ProgrammeService) -> tuple[Any, Any, str]:
    """The provider whose contract line covers the service, one of its current staff (the
    register taker), and the instructor's name for the list."""
    line = (
        ContractLine.objects.filter(service=service)
        .select_related("contract__provider")
        .order_by("id")
        .first()
    )
    if line is None:
        return None, None, ""
    provider = line.contract.provider
    link = (
        ProviderStaff.objects.filter(provider=provider, ended_on__isnull=True)
        .select_related("user")
        .first()
    )
    staff = link.user if link is not None else None
    return provider, staff, (staff.get_full_name() if staff is not None else provider.name)


def seed_courses(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if Course.objects.exists():
        return
    organiser = users[Role.SERVICE_ORGANISER]
    start, end = today - dt.timedelta(days=DAYS_BACK), today + dt.timedelta(days=DAYS_AHEAD)
    now = course_services.at(today, dt.time(8))
    taken: set[int] = set()
    for spec in COURSES:
        service = _service(spec.slug, today)
        if service is None or not service.locations.exists():
            continue
        provider, provider_staff, instructor_name = _provider_and_instructor(service)
        animator = users[Role.ANIMATOR] if spec.animator else None
        try:
            course = course_services.course_create(
                spec=course_services.CourseSpec(
                    service=service,
                    location=service.locations.order_by("id").first(),  # type: ignore[arg-type]
                    name=spec.name,
                    term_starts_on=start,
                    term_ends_on=end,
                    weekdays=list(spec.weekdays),
                    starts_at=spec.starts_at,
                    duration_minutes=spec.minutes,
                    min_participants=spec.min_people,
                    max_participants=spec.max_people,
                    kind=CourseKind.OPEN_EVENT if spec.open_event else CourseKind.COURSE,
                    provider=None if animator else provider,
                    instructor_user=animator,
                    instructor_name="" if animator else instructor_name,
                    health_declaration_required=spec.declaration,
                ),
                acting_user=organiser,
            )
        except CourseError:
            continue
        created[Course._meta.label] += 1
        created[CourseSession._meta.label] += course.sessions.count()
        taker = animator or provider_staff or organiser
        if not course.may_take_register(taker):
            taker = organiser
        past = list(
            course.sessions.filter(ends_at__lte=now, status=SessionStatus.PLANNED).order_by(
                "starts_at"
            )
        )
        if spec.open_event:
            for index, session in enumerate(past):
                register_services.session_headcount_record(
                    session=session, headcount=14 + (index * 5) % 11, acting_user=taker, now=now
                )
            continue
        enrolments = _enrol(course, spec, users, today, taken, start, created)
        _registers(enrolments, past, taker, now, created)
        if spec.slug == "aqua-aerobik":
            _exceptions(course, organiser, now)


def _enrol(
    course: Course,
    spec: CourseDemo,
    users: dict[Any, Any],
    today: dt.date,
    taken: set[int],
    start: dt.date,
    created: Counter[str],
) -> list[Enrolment]:
    enrolments = []
    clerk = users[Role.CLIENT_OFFICE]
    for entitlement in _entitlements(course.service, users, today, spec.enrol, taken):
        # Before the term, or on the day the entitlement began (a place in a running course).
        enrolled_at = course_services.at(
            max(start - dt.timedelta(days=7), entitlement.starts_on), dt.time(8)
        )
        try:
            enrolment = course_services.enrolment_create(
                course=course, entitlement=entitlement, acting_user=clerk, now=enrolled_at
            )
        except EnrolmentError:
            continue
        taken.add(entitlement.person_id)
        enrolments.append(enrolment)
        if course.health_declaration_required:
            course_services.health_declaration_record(
                enrolment=enrolment,
                signed_on=timezone.localdate(enrolled_at),
                acting_user=clerk,
            )
    created[Enrolment._meta.label] += len(enrolments)
    return enrolments


def _registers(
    enrolments: list[Enrolment],
    past: list[CourseSession],
    taker: Any,
    now: dt.datetime,
    created: Counter[str],
) -> None:
    for index, session in enumerate(past):
        for position, enrolment in enumerate(enrolments):
            if enrolment.enrolled_at > session.starts_at:
                continue  # joined the course later
            serial = index * len(enrolments) + position + 1
            status = (
                "absent"
                if serial % ABSENT_EVERY == 0
                else "excused"
                if serial % EXCUSED_EVERY == 0
                else "present"
            )
            try:
                register_services.attendance_mark(
                    session=session,
                    enrolment=enrolment,
                    status=status,
                    acting_user=taker,
                    now=now,
                )
            except RegisterError:
                continue
            created[Attendance._meta.label] += 1


def _exceptions(course: Course, organiser: Any, now: dt.datetime) -> None:
    """The next session but one is cancelled (the pool closed for maintenance) and a make-up
    session is added on the Friday after it."""
    coming = list(
        course.sessions.filter(starts_at__gt=now, status=SessionStatus.PLANNED).order_by(
            "starts_at"
        )[:2]
    )
    if len(coming) < 2:
        return
    cancelled = course_services.session_cancel(
        session=coming[1], note="Przerwa techniczna pływalni", acting_user=organiser
    )
    day = cancelled.day + dt.timedelta(days=(4 - cancelled.day.weekday()) % 7 or 7)
    course_services.session_makeup_add(
        course=course,
        starts_at=course_services.at(day, course.starts_at),
        note="Za zajęcia odwołane z powodu przerwy technicznej",
        acting_user=organiser,
    )
