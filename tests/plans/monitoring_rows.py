"""Plans in the states the monitoring pages, "my plans" and the case banners read, written
straight into the tables with dates relative to today (Warsaw): an application filed N days
ago whose assessment asked for a plan, a draft still within (or past) its 30 days, a draft
returned for corrections, a version awaiting approval, and an active plan with its goals and
review dates. The services themselves are tested through the services; these pages call
them on plans made here, so the rows are what the services would have written."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from opencus.core.roles import Role
from opencus.intake.models import Application, AssessmentPlace, NeedsAssessment
from opencus.intake.services import needs_assessment_record
from opencus.plans import clocks
from opencus.plans.models import (
    IndividualPlan,
    ParticipantKind,
    PlanChange,
    PlanGoal,
    PlanParticipant,
    PlanReviewDate,
    PlanState,
    PlanTransition,
    PlanVersion,
    VersionState,
)
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make, noon, senior
from tests.personas import user_make

_serial = itertools.count(1)


def today() -> dt.date:
    return clocks.warsaw_today()


def days(n: int) -> dt.date:
    """Today plus ``n`` days (negative: ago)."""
    return today() + dt.timedelta(days=n)


def coordinator_make(first_name: str = "Celina", last_name: str = "Koordynatorka") -> Any:
    user = user_make(Role.COORDINATOR)
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


def filed_application(by: Any, *, days_ago: int, **person: Any) -> Application:
    """An application filed at noon ``days_ago`` days ago for a new senior."""
    service = ProgrammeServiceFactory.create(name="Asystencja osobista")
    return application_make(
        service,
        by=by,
        person=senior(**person) if person else senior(),
        filed_at=noon(days_ago=days_ago),
    )


def assessment_make(by: Any, *, days_ago: int, **person: Any) -> NeedsAssessment:
    """An application filed ``days_ago`` days ago whose needs assessment (by ``by``, today)
    asks for a plan."""
    application = filed_application(by, days_ago=days_ago, **person)
    return needs_assessment_record(
        application=application,
        acting_user=by,
        assessed_on=today(),
        place=AssessmentPlace.CENTRE,
        plan_needed=True,
    )


def _step(plan: IndividualPlan, version: PlanVersion, change: str, to: str, by: Any) -> None:
    PlanTransition.objects.create(
        plan=plan,
        version=version,
        change=change,
        from_state=plan.state,
        to_state=to,
        actor=by,
        at=timezone.now(),
    )


def plan_make(
    coordinator: Any,
    *,
    filed_days_ago: int = 10,
    state: str = PlanState.DRAFT,
    submitted: bool = False,
    **person: Any,
) -> IndividualPlan:
    """A plan of a new senior's application filed ``filed_days_ago`` days ago, version 1 as a
    draft with two goals (or ``state``); ``submitted``: first submitted already."""
    assessment = assessment_make(coordinator, days_ago=filed_days_ago, **person)
    application = assessment.application
    plan = IndividualPlan.objects.create(
        reference=f"IPUS/T/{next(_serial):05d}",
        person=application.person,
        application=application,
        assessment=assessment,
        coordinator=coordinator,
        state=state,
        state_changed_at=timezone.now(),
        due_on=clocks.plan_due_on(application.filed_at),
        first_submitted_at=timezone.now() if submitted else None,
        created_by=coordinator,
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        starts_on=days(-30),
        ends_on=clocks.shortest_end(days(-30)) + dt.timedelta(days=60),
        situation="Mieszka sama, po udarze chodzi o kulach.",
        created_by=coordinator,
    )
    PlanGoal.objects.create(
        version=version,
        position=1,
        description="Samodzielne wyjścia do sklepu",
        measure="Dwa razy w tygodniu robi zakupy sama",
    )
    PlanGoal.objects.create(
        version=version,
        position=2,
        description="Regularne wizyty u lekarza",
        measure="Nie opuszcza wizyt kontrolnych",
    )
    PlanParticipant.objects.create(
        version=version,
        position=1,
        kind=ParticipantKind.STAFF,
        user=coordinator,
        role="koordynatorka planu",
    )
    _step(plan, version, PlanChange.CREATED, PlanState.DRAFT, coordinator)
    return plan


def version_of(plan: IndividualPlan, number: int = 1) -> PlanVersion:
    return PlanVersion.objects.get(plan=plan, number=number)


def returned_make(coordinator: Any, **kwargs: Any) -> IndividualPlan:
    """A draft plan submitted on time and returned for corrections."""
    plan = plan_make(coordinator, submitted=True, **kwargs)
    version = version_of(plan)
    _step(plan, version, PlanChange.SUBMITTED, PlanState.AWAITING_APPROVAL, coordinator)
    _step(plan, version, PlanChange.RETURNED, PlanState.DRAFT, coordinator)
    return plan


def awaiting_make(coordinator: Any, **kwargs: Any) -> IndividualPlan:
    """A plan whose version 1 waits for approval."""
    plan = plan_make(coordinator, state=PlanState.AWAITING_APPROVAL, submitted=True, **kwargs)
    version = version_of(plan)
    version.state = VersionState.SUBMITTED
    version.submitted_at = timezone.now()
    version.submitted_by = coordinator
    version.save(update_fields=["state", "submitted_at", "submitted_by"])
    _step(plan, version, PlanChange.SUBMITTED, PlanState.AWAITING_APPROVAL, coordinator)
    return plan


def active_make(
    coordinator: Any,
    *,
    starts_in: int = -30,
    ends_in: int | None = None,
    reviews_in: tuple[int, ...] = (),
    **kwargs: Any,
) -> IndividualPlan:
    """An active plan whose version 1 (approved, in force) runs from ``starts_in`` days from
    today (negative: ago) for 3 months and 60 days, or to ``ends_in`` days from today, with
    planned reviews ``reviews_in`` days from today."""
    plan = plan_make(coordinator, state=PlanState.ACTIVE, submitted=True, **kwargs)
    version = version_of(plan)
    version.state = VersionState.APPROVED
    version.starts_on = days(starts_in)
    version.ends_on = (
        days(ends_in)
        if ends_in is not None
        else (clocks.shortest_end(days(starts_in)) + dt.timedelta(days=60))
    )
    version.submitted_at = version.approved_at = timezone.now()
    version.submitted_by = coordinator
    version.approved_by = user_make(Role.DIRECTOR)
    version.save()
    for position, offset in enumerate(reviews_in, start=1):
        PlanReviewDate.objects.create(version=version, position=position, due_on=days(offset))
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    _step(plan, version, PlanChange.SUBMITTED, PlanState.AWAITING_APPROVAL, coordinator)
    _step(plan, version, PlanChange.APPROVED, PlanState.ACTIVE, version.approved_by)
    return plan


def change_make(plan: IndividualPlan, by: Any) -> PlanVersion:
    """A change of an active plan: version 2 copied from the version in force (same keys),
    with its first goal reworded, a goal added and its second goal dropped."""
    old = plan.current_version
    assert old is not None
    new = PlanVersion.objects.create(
        plan=plan,
        number=old.number + 1,
        starts_on=old.starts_on,
        ends_on=old.ends_on,
        situation=old.situation,
        change_reason="Pani chodzi już bez kul.",
        created_by=by,
    )
    first, _second = old.goals.order_by("position")
    PlanGoal.objects.create(
        version=new,
        key=first.key,
        position=1,
        description="Samodzielne wyjścia na targ",
        measure=first.measure,
    )
    PlanGoal.objects.create(
        version=new, position=2, description="Zajęcia w klubie seniora", measure="Raz w tygodniu"
    )
    _step(plan, new, PlanChange.CHANGE_STARTED, plan.state, by)
    return new
