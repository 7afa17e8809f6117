"""The demo centre's home visits: the mobile physiotherapist, the nurse and the handyman
(„Złota Rączka”), requests of residents entitled to those services, and a published week of
rounds computed by the solver.

- **Staff**: Magdalena Wróbel, physiotherapist (the demo account ``visiting_staff``), Anna
  Nowicka, nurse, and Jan Kowal „Złota Rączka”, each Monday to Friday from the centre's
  building (Armii Krajowej 25) within the service card's hours.
- **Requests**: residents with an entitlement in force to the service (with coordinates on
  their address) ask for a visit; when there are too few, seniors who have not applied for
  anything yet apply and qualify, as on the phone. Each gives two times at home on two working
  days of the week.
- **The week**: the current week from today (the next one at a weekend), computed by the
  solver for a couple of seconds and published by the dispatcher.

Dates are relative to the day the demo is built. Built once: when any worker exists, nothing
is added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, User

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Programme, ProgrammeService
from opencus.core.roles import Role
from opencus.intake import services as intake
from opencus.intake.models import Application, Channel, Entitlement, ItemState
from opencus.people.models import Person
from opencus.visits import services
from opencus.visits.errors import VisitsError
from opencus.visits.models import SKILL_SERVICES, Skill, VisitWorker

#: Seconds the solver spends on the demo week.
SOLVER_SECONDS = 2.0
BASE = ("CUS, Armii Krajowej 25, Starachowice", Decimal("51.037100"), Decimal("21.075800"))
#: (name, phone, skill, username or "", start, end)
WORKERS = (
    ("Magdalena Wróbel", "533 848 501", Skill.PHYSIOTHERAPY, "visiting_staff", 8, 16),
    ("Anna Nowicka", "533 848 502", Skill.NURSING, "", 8, 16),
    ("Jan Kowal „Złota Rączka”", "533 848 503", Skill.HANDYMAN, "", 8, 16),
)
#: Per skill: how many requests, how long each visit takes, what to do.
REQUESTS = {
    Skill.PHYSIOTHERAPY: (
        6,
        60,
        (
            "Ćwiczenia usprawniające po endoprotezie biodra.",
            "Nauka chodzenia z balkonikiem.",
            "Profilaktyka upadków: ćwiczenia równowagi.",
        ),
    ),
    Skill.NURSING: (
        5,
        30,
        (
            "Pomiar ciśnienia i cukru, kontrola leków.",
            "Zmiana opatrunku na podudziu.",
            "Przygotowanie leków na tydzień.",
        ),
    ),
    Skill.HANDYMAN: (
        4,
        90,
        (
            "Wymiana uszczelki w kranie w kuchni.",
            "Montaż poręczy przy wannie.",
            "Wymiana żarówek i naprawa gniazdka.",
        ),
    ),
}
#: Times at home, cycled through: (from, until).
WINDOWS = ((9, 12), (12, 15), (10, 14), (8, 11))


def _service(skill: str, today: dt.date) -> ProgrammeService | None:
    return (
        ProgrammeService.objects.filter(
            slug=SKILL_SERVICES[skill], programme__in=Programme.objects.current(today)
        )
        .order_by("-programme__valid_from", "id")
        .first()
    )


def _entitled(
    service: ProgrammeService, users: dict[Any, Any], today: dt.date, count: int, taken: set[int]
) -> list[Entitlement]:
    """Entitlements to ``service`` in force, of people whose address has coordinates (one
    request per person); seniors who have not applied yet apply and qualify when too few."""
    found = [
        e
        for e in Entitlement.objects.in_force(today)
        .filter(service=service, person__latitude__isnull=False, person__longitude__isnull=False)
        .select_related("person", "service")
        .order_by("id")
        if e.person_id not in taken
    ][:count]
    applied = Application.objects.values("person_id")
    candidates = (
        Person.objects.filter(
            archived_at__isnull=True,
            pesel__isnull=False,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .exclude(pk__in=applied)
        .order_by("-id")
    )
    clerk, organiser = users[Role.CLIENT_OFFICE], users[Role.SERVICE_ORGANISER]
    for person in list(candidates[:1500])[5::11]:
        if len(found) >= count:
            break
        if person.pk in taken or person.age_on(today) < 65:
            continue
        if not eligibility_check(person, service, on=today).eligible:
            continue
        application = intake.application_file(
            person=person, services=[service], channel=Channel.PHONE, acting_user=clerk
        )
        item = intake.item_qualify(item=application.items.get(), acting_user=organiser)
        if item.state == ItemState.QUALIFIED:
            found.append(Entitlement.objects.select_related("person").get(item=item))
    return found


def _week(today: dt.date) -> list[dt.date]:
    """The working days to plan: this week's from today (next week's at a weekend)."""
    monday = services.monday(today)
    if today.weekday() >= 5:
        monday += dt.timedelta(days=7)
    return [
        monday + dt.timedelta(days=i) for i in range(5) if monday + dt.timedelta(days=i) >= today
    ]


def seed_visits(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if VisitWorker.objects.exists():
        return
    organiser, clerk, dispatcher = (
        users[Role.SERVICE_ORGANISER],
        users[Role.CLIENT_OFFICE],
        users[Role.DISPATCHER],
    )
    for name, phone, skill, username, start, end in WORKERS:
        user = User.objects.filter(username=username).first() if username else None
        if user is not None:
            user.groups.add(Group.objects.get(name=Role.VISITING_STAFF.value))
        services.worker_save(
            data=services.WorkerData(
                name=name,
                phone=phone,
                skills=[skill],
                hours=[(d, dt.time(start), dt.time(end)) for d in range(5)],
                base_label=BASE[0],
                base_latitude=BASE[1],
                base_longitude=BASE[2],
                user=user,
            ),
            acting_user=organiser,
        )
        created["visits.VisitWorker"] += 1
    days = _week(today)
    taken: set[int] = set()
    serial = 0
    for skill, (count, duration, tasks) in REQUESTS.items():
        service = _service(skill, today)
        if service is None:
            continue
        for entitlement in _entitled(service, users, today, count, taken):
            taken.add(entitlement.person_id)
            first, second = WINDOWS[serial % len(WINDOWS)], WINDOWS[(serial + 1) % len(WINDOWS)]
            picks = {days[serial % len(days)], days[(serial + 2) % len(days)]}
            windows = [
                (day, dt.time(span[0]), dt.time(span[1]))
                for day, span in zip(sorted(picks), (first, second), strict=False)
            ]
            try:
                services.request_create(
                    entitlement=entitlement,
                    skill=skill,
                    duration=duration,
                    windows=windows,
                    task=tasks[serial % len(tasks)],
                    acting_user=clerk,
                    today=today,
                )
            except VisitsError:
                continue  # an entitlement that does not cover the week: no request
            serial += 1
            created["visits.VisitRequest"] += 1
    if not days:
        return
    plan = services.week_open(day=days[0], acting_user=dispatcher, today=today)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=SOLVER_SECONDS, today=today)
    try:
        services.week_publish(plan=plan, acting_user=dispatcher)
    except VisitsError:
        return  # nothing could be planned (no worker's day left this week)
    created["visits.WeekPlan"] += 1
