"""Volunteer-centre data for the tests, stored through the services (so their transitions and
audit rows are real): volunteers of a given age, agreements, the records an assignment needs,
needs, and the centre's "volunteer help" service with an entitlement. Days are explicit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from opencus.catalog.models import DeliveredBy, ProgrammeService, Unit
from opencus.core.roles import Role
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.volunteering import services
from opencus.volunteering.models import (
    Agreement,
    AgreementForm,
    Assignment,
    CheckKind,
    CheckResult,
    Need,
    Volunteer,
)
from tests.catalog.factories import ProgrammeServiceFactory
from tests.personas import user_make
from tests.transport.factories import entitlement_make

#: The volunteering tests' fixed day (their conftest's clock); the factories use the clock's
#: day, so other tests (the access matrix) may use them on any day.
TODAY = dt.date(2026, 3, 2)


def coordinator() -> User:
    return user_make(Role.VOLUNTEER_COORDINATOR)


def born(age: int, on: dt.date | None = None, *, days_after: int = 0) -> dt.date:
    """A birth date making someone exactly ``age`` on ``on`` (today by default;
    ``days_after``: born that many days later, so a day short of the birthday). On 29 February
    the birthday is the 28th of a common year, so the age is still exact."""
    on = on or timezone.localdate()
    try:
        birthday = on.replace(year=on.year - age)
    except ValueError:  # 29 February, and the year of birth is a common year
        birthday = dt.date(on.year - age, 2, 28)
    return birthday + dt.timedelta(days=days_after)


def volunteer_make(
    *,
    age: int = 30,
    birth_date: dt.date | None = None,
    account: bool = False,
    by: User | None = None,
    **fields: Any,
) -> Volunteer:
    user = user_make(Role.VOLUNTEER) if account else None
    return services.volunteer_save(
        data=services.VolunteerData(
            first_name=fields.pop("first_name", "Ola"),
            last_name=fields.pop("last_name", "Wolontariuszka"),
            birth_date=birth_date or born(age),
            user=user,
            **fields,
        ),
        acting_user=by or coordinator(),
    )


def agreement_make(
    volunteer: Volunteer,
    *,
    starts_on: dt.date | None = None,
    days: int | None = 90,
    form: str = AgreementForm.WRITTEN,
    by: User | None = None,
    **fields: Any,
) -> Agreement:
    starts_on = starts_on or timezone.localdate()
    return services.agreement_conclude(
        volunteer=volunteer,
        data=services.AgreementData(
            form=form,
            starts_on=starts_on,
            ends_on=None if days is None else starts_on + dt.timedelta(days=days - 1),
            scope=fields.pop("scope", "Pomoc w zakupach seniorom"),
            manner=fields.pop("manner", "Dwa razy w tygodniu, po uzgodnieniu z koordynatorką"),
            termination=fields.pop("termination", "Za 7-dniowym wypowiedzeniem"),
            **fields,
        ),
        acting_user=by or coordinator(),
    )


def ready_volunteer(
    *, age: int = 30, account: bool = False, children_checks: bool = False, days: int | None = 90
) -> Volunteer:
    """A volunteer who may be placed from today: an agreement, the briefing, a policy for the
    year, and (if asked) clear child-protection checks."""
    today = timezone.localdate()
    by = coordinator()
    volunteer = volunteer_make(age=age, account=account, by=by, skills=("shopping",))
    extra: dict[str, Any] = {}
    if age < 13:
        extra["representative_name"] = "Anna Rodzic"
    elif age < 18:
        extra |= {"representative_name": "Anna Rodzic", "consent_reference": "Zgoda 1/2026"}
    agreement_make(volunteer, days=days, by=by, starts_on=today - dt.timedelta(days=10), **extra)
    services.briefing_record(
        volunteer=volunteer, held_on=today - dt.timedelta(days=5), held_by="Jan BHP", acting_user=by
    )
    services.insurance_record(
        volunteer=volunteer,
        insurer="PZU",
        number="NNW-1",
        valid_from=today - dt.timedelta(days=30),
        valid_to=today + dt.timedelta(days=335),
        acting_user=by,
    )
    if children_checks:
        for kind in CheckKind:
            services.check_record(
                volunteer=volunteer,
                kind=kind,
                checked_on=today - dt.timedelta(days=20),
                result=CheckResult.CLEAR,
                document_number=f"{kind.value}-1",
                acting_user=by,
            )
    return volunteer


def help_service() -> ProgrammeService:
    existing = ProgrammeService.objects.filter(slug=services.HELP_SERVICE).first()
    if existing is not None:
        return existing
    return ProgrammeServiceFactory.create(
        slug=services.HELP_SERVICE,
        name="Pomoc wolontariusza",
        delivered_by=DeliveredBy.CENTRE,
        centre_unit=Unit.HOUR,
    )


def help_entitlement(person: Person | None = None) -> Entitlement:
    return entitlement_make(help_service(), person)


def need_make(
    *,
    starts_on: dt.date | None = None,
    days: int = 7,
    person: Person | None = None,
    by: User | None = None,
    **fields: Any,
) -> Need:
    starts_on = starts_on or timezone.localdate()
    return services.need_create(
        data=services.NeedData(
            title=fields.pop("title", "Zakupy dla seniorki"),
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=days - 1),
            place=fields.pop("place", "os. Łazy"),
            skills=fields.pop("skills", ("shopping",)),
            **fields,
        ),
        person=person,
        acting_user=by or coordinator(),
    )


def assignment_make(volunteer: Volunteer, need: Need | None = None, **fields: Any) -> Assignment:
    return services.assignment_create(
        need=need or need_make(), volunteer=volunteer, acting_user=coordinator(), **fields
    )
