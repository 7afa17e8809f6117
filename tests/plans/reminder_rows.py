"""Plan rows written straight with the ORM, as the plan services would leave them: for tests of
code that only reads plans (the reminders, the ledger against the plan). Dates are relative to
the day each test passes in, so the tests hold whatever day the suite runs on."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from opencus.intake.models import Application, Channel, Entitlement
from opencus.people.models import Person
from opencus.plans.models import (
    IndividualPlan,
    PlannedService,
    PlanReview,
    PlanReviewDate,
    PlanState,
    PlanVersion,
    VersionState,
)
from tests.people.factories import PersonFactory

_serial = itertools.count(1)


def plan_make(
    *,
    coordinator: Any,
    due_on: dt.date,
    state: str = PlanState.DRAFT,
    person: Person | None = None,
    application: Application | None = None,
    submitted: bool = False,
) -> IndividualPlan:
    """A plan in ``state`` with its first version (a draft for a draft plan; else approved and
    in force, from ``due_on`` for six months)."""
    now = timezone.now()
    n = next(_serial)
    if application is None:
        person = person or PersonFactory.create()
        application = Application.objects.create(
            reference=f"TP/{n}/2026", person=person, channel=Channel.PHONE, filed_at=now
        )
    plan = IndividualPlan.objects.create(
        reference=f"IPUS/{n}/2026",
        person=application.person,
        application=application,
        coordinator=coordinator,
        state=state,
        state_changed_at=now,
        due_on=due_on,
        first_submitted_at=now if submitted or state != PlanState.DRAFT else None,
        closing_reason="The person moved away." if state == PlanState.DISCONTINUED else "",
        created_by=coordinator,
    )
    in_force = state in (PlanState.ACTIVE, PlanState.COMPLETED, PlanState.DISCONTINUED)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        state=VersionState.APPROVED if in_force else VersionState.DRAFT,
        starts_on=due_on,
        ends_on=due_on + dt.timedelta(days=182),
        created_by=coordinator,
    )
    if in_force:
        plan.current_version = version
        plan.save(update_fields=["current_version"])
    return plan


def version_of(plan: IndividualPlan) -> PlanVersion:
    return plan.current_version or plan.versions.get()


def period_set(plan: IndividualPlan, starts_on: dt.date, ends_on: dt.date) -> PlanVersion:
    version = version_of(plan)
    version.starts_on, version.ends_on = starts_on, ends_on
    version.save(update_fields=["starts_on", "ends_on"])
    return version


def review_date_add(plan: IndividualPlan, due_on: dt.date) -> PlanReviewDate:
    return PlanReviewDate.objects.create(version=version_of(plan), due_on=due_on)


def review_hold(review_date: PlanReviewDate, by: Any) -> PlanReview:
    return PlanReview.objects.create(
        plan=review_date.version.plan,
        version=review_date.version,
        review_date=review_date,
        held_on=review_date.due_on,
        notes="Held as planned.",
        recorded_by=by,
    )


def planned_service_add(
    plan: IndividualPlan,
    *,
    entitlement: Entitlement | None,
    units: str | int,
    unit: str,
    period: str,
    starts_on: dt.date,
    ends_on: dt.date,
    service: Any = None,
    position: int = 0,
) -> PlannedService:
    if service is None:
        assert entitlement is not None, "give the service or the entitlement"
        service = entitlement.service
    return PlannedService.objects.create(
        version=version_of(plan),
        service=service,
        provider=entitlement.provider if entitlement else None,
        scope="As agreed with the person.",
        units=Decimal(str(units)),
        unit=unit,
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        entitlement=entitlement,
        position=position,
    )
