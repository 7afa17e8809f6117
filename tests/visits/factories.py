"""Home-visit data for the visits tests: the three services (delivered by the centre, a visit
per unit), entitlements, workers with a home base in Starachowice and requests stored through
the service (so their windows and transitions are real). Days are given explicitly."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from opencus.catalog.models import DeliveredBy, ProgrammeService, Unit
from opencus.core.roles import Role
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.visits import services
from opencus.visits.models import SKILL_SERVICES, Skill, VisitRequest, VisitWorker
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory
from tests.personas import user_make
from tests.transport.factories import entitlement_make

_serial = itertools.count(1)

BASE = (Decimal("51.0380"), Decimal("21.0730"))
HOMES = [
    (Decimal("51.0300"), Decimal("21.0900")),
    (Decimal("51.0600"), Decimal("21.0650")),
    (Decimal("51.0410"), Decimal("21.1010")),
    (Decimal("51.0490"), Decimal("21.0450")),
]
WEEKDAYS_8_16 = [(d, dt.time(8), dt.time(16)) for d in range(5)]


def service_make(skill: str = Skill.PHYSIOTHERAPY) -> ProgrammeService:
    existing = ProgrammeService.objects.filter(slug=SKILL_SERVICES[skill]).first()
    if existing is not None:
        return existing
    return ProgrammeServiceFactory.create(
        slug=SKILL_SERVICES[skill],
        name=f"Wizyty {skill}",
        delivered_by=DeliveredBy.CENTRE,
        centre_unit=Unit.VISIT,
    )


def person_make(home: int = 0, **fields: Any) -> Person:
    at = HOMES[home % len(HOMES)]
    fields.setdefault("street", "Radomska")
    fields.setdefault("building_number", str(10 + home))
    fields.setdefault("locality", "Starachowice")
    fields.setdefault("phone", "600 200 300")
    return PersonFactory.create(latitude=at[0], longitude=at[1], **fields)


def visit_entitlement(person: Person, skill: str = Skill.PHYSIOTHERAPY) -> Entitlement:
    return entitlement_make(service_make(skill), person)


def planner() -> User:
    return user_make(Role.DISPATCHER)


def clerk() -> User:
    return user_make(Role.CLIENT_OFFICE)


def worker_make(
    name: str = "Magdalena Fizjo",
    skills: tuple[str, ...] = (Skill.PHYSIOTHERAPY,),
    hours: list[tuple[int, dt.time, dt.time]] | None = None,
    user: User | None = None,
) -> VisitWorker:
    return services.worker_save(
        data=services.WorkerData(
            name=name,
            phone="600 111 222",
            skills=skills,
            hours=WEEKDAYS_8_16 if hours is None else hours,
            base_label="CUS, ul. Radomska 1",
            base_latitude=BASE[0],
            base_longitude=BASE[1],
            user=user,
        ),
        acting_user=planner(),
    )


def staff_worker(**fields: Any) -> tuple[VisitWorker, User]:
    """A worker linked to an account in the home-visit staff role."""
    user = user_make(Role.VISITING_STAFF)
    return worker_make(user=user, **fields), user


def request_make(
    person: Person | None = None,
    *,
    skill: str = Skill.PHYSIOTHERAPY,
    duration: int = 45,
    windows: list[tuple[dt.date, dt.time, dt.time]],
    today: dt.date,
    task: str = "Ćwiczenia chodu",
    place: services.Place | None = None,
) -> VisitRequest:
    person = person or person_make(next(_serial))
    return services.request_create(
        entitlement=visit_entitlement(person, skill),
        skill=skill,
        duration=duration,
        windows=windows,
        task=task,
        place=place,
        acting_user=clerk(),
        today=today,
    )
