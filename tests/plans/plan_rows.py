"""Plans written straight into the tables, for the tests of what reads them (the comparison
of versions, the printed plan, the timeline): a plan with one version and one part of each
kind, a second version copied with the same part keys, and the steps of its history as the
services write them. The services themselves are tested through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.roles import Role
from opencus.people.models import Person
from opencus.plans.models import (
    IndividualPlan,
    ParticipantKind,
    PlanChange,
    PlanCommitment,
    PlanGoal,
    PlannedService,
    PlanParticipant,
    PlanReviewDate,
    PlanState,
    PlanTransition,
    PlanVersion,
    VersionState,
)
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make, senior
from tests.personas import user_make

_serial = itertools.count(1)

#: A fixed period, far from any clock the suite runs at: nothing here depends on today.
STARTS_ON = dt.date(2026, 3, 2)
ENDS_ON = dt.date(2026, 12, 31)


def coordinator_make(first_name: str = "Celina", last_name: str = "Koordynatorka") -> Any:
    user = user_make(Role.COORDINATOR)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{user.username}@cus.example.org"
    user.save()
    return user


def plan_make(
    *,
    coordinator: Any | None = None,
    person: Person | None = None,
    service: ProgrammeService | None = None,
    state: str = PlanState.DRAFT,
) -> IndividualPlan:
    """A plan with version 1 as a draft holding one part of each kind."""
    coordinator = coordinator or coordinator_make()
    service = service or ProgrammeServiceFactory.create(name="Asystencja osobista")
    person = person or senior(first_name="Łucja", last_name="Żółkiewska")
    application = application_make(service, by=coordinator, person=person)
    now = timezone.now()
    plan = IndividualPlan.objects.create(
        reference=f"IPUS/2026/{next(_serial):05d}",
        person=person,
        application=application,
        coordinator=coordinator,
        state=state,
        state_changed_at=now,
        due_on=STARTS_ON + dt.timedelta(days=30),
        created_by=coordinator,
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        situation="Pani Łucja mieszka sama, po udarze chodzi o kulach.",
        consent_given_on=STARTS_ON,
        consent_note="ustnie, w domu",
        created_by=coordinator,
    )
    PlanGoal.objects.create(
        version=version,
        position=1,
        description="Samodzielne wyjścia do sklepu",
        measure="Dwa razy w tygodniu robi zakupy sama",
        target_on=dt.date(2026, 9, 30),
    )
    PlanGoal.objects.create(
        version=version,
        position=2,
        description="Regularne wizyty u lekarza",
        measure="Nie opuszcza wizyt kontrolnych",
    )
    PlannedService.objects.create(
        version=version,
        position=1,
        service=service,
        scope="Pomoc w zakupach i w drodze do przychodni",
        units=Decimal("4"),
        unit=Unit.HOUR,
        period=Period.WEEK,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
    )
    PlanCommitment.objects.create(
        version=version, position=1, text="Codziennie ćwiczę według zaleceń rehabilitanta"
    )
    PlanParticipant.objects.create(
        version=version,
        position=1,
        kind=ParticipantKind.STAFF,
        user=coordinator,
        role="koordynatorka planu",
        contact="41 275 00 10",
    )
    PlanParticipant.objects.create(
        version=version,
        position=2,
        kind=ParticipantKind.FAMILY,
        name="Marek Żółkiewski",
        role="syn, robi większe zakupy",
        contact="600 100 200",
    )
    PlanReviewDate.objects.create(version=version, due_on=dt.date(2026, 6, 1))
    step(plan, version, PlanChange.CREATED, "", PlanState.DRAFT, by=coordinator)
    return plan


def step(
    plan: IndividualPlan,
    version: PlanVersion | None,
    change: str,
    from_state: str,
    to_state: str,
    *,
    by: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> PlanTransition:
    """A row of the plan's history, as the services write it."""
    return PlanTransition.objects.create(
        plan=plan,
        version=version,
        change=change,
        from_state=from_state,
        to_state=to_state,
        actor=by,
        note=note,
        at=at or timezone.now(),
    )


def version_copy(version: PlanVersion, *, by: Any, change_reason: str = "") -> PlanVersion:
    """The next version as a draft, every part copied with its key (as ``plan_change_start``)."""
    copy = PlanVersion.objects.create(
        plan=version.plan,
        number=version.number + 1,
        starts_on=version.starts_on,
        ends_on=version.ends_on,
        situation=version.situation,
        consent_given_on=version.consent_given_on,
        consent_note=version.consent_note,
        change_reason=change_reason,
        created_by=by,
    )
    for related in ("goals", "planned_services", "commitments", "participants", "review_dates"):
        for part in getattr(version, related).all():
            part.pk = None
            part.id = None
            part.version = copy
            part._state.adding = True
            part.save()
    return copy


def approve(version: PlanVersion, *, by: Any) -> PlanVersion:
    """Version submitted and approved, in force (history rows as the services write them)."""
    plan = version.plan
    now = timezone.now()
    previous = plan.state
    step(plan, version, PlanChange.SUBMITTED, previous, PlanState.AWAITING_APPROVAL, by=by)
    PlanVersion.objects.filter(plan=plan, state=VersionState.APPROVED).update(
        state=VersionState.SUPERSEDED
    )
    version.state = VersionState.APPROVED
    version.submitted_at = version.approved_at = now
    version.submitted_by = plan.coordinator
    version.approved_by = by
    version.save()
    plan.state = PlanState.ACTIVE
    plan.current_version = version
    plan.state_changed_at = now
    plan.save()
    step(plan, version, PlanChange.APPROVED, PlanState.AWAITING_APPROVAL, PlanState.ACTIVE, by=by)
    return version
