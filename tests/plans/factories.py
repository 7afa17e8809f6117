"""Individual plans made through the real services (``plans.services``: transition rows, audit
rows, the entitlements approval links), for every test of plans to reuse:

- ``assessment_make``: a person's application and a needs assessment that asks for a plan;
- ``plan_make``: the draft plan made from it (version 1, the fitting services planned);
- ``draft_complete``: a draft version filled in so that it can be submitted;
- ``plan_submitted`` / ``plan_active``: a plan awaiting approval / approved by the director;
- ``organiser_authorised``: an organiser with the director's authorisation in force.

Dates are relative to today in Warsaw (``clocks.warsaw_today``) and times to now, never in
the future, so the helpers hold whatever the date and hour the suite runs at. Pass
``filed_at`` to ``assessment_make`` to set the application's clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.dates import add_months
from opencus.core.roles import Role
from opencus.intake.models import AssessmentPlace, Channel, NeedsAssessment
from opencus.intake.services import application_file, needs_assessment_record
from opencus.people.models import Person
from opencus.plans import clocks
from opencus.plans.models import (
    ApprovalAuthorisation,
    IndividualPlan,
    PlanGoal,
    PlanReviewDate,
    PlanVersion,
)
from opencus.plans.services import (
    authorisation_grant,
    part_save,
    plan_approve,
    plan_create,
    plan_submit,
    version_update,
)
from tests.catalog.factories import ProgrammeServiceFactory, ServiceLimitFactory
from tests.people.factories import PersonFactory
from tests.personas import user_make


def today() -> dt.date:
    """Today in the law's calendar (Warsaw)."""
    return clocks.warsaw_today()


def coordinator_make(username: str | None = None) -> User:
    return user_make(Role.COORDINATOR, username=username)


def director_make(username: str | None = None) -> User:
    return user_make(Role.DIRECTOR, username=username)


def organiser_make(username: str | None = None) -> User:
    return user_make(Role.SERVICE_ORGANISER, username=username)


def service_make(*, units: int = 4, unit: str = Unit.VISIT, **fields: Any) -> ProgrammeService:
    """A programme service anyone may use, without a limit of places, at most ``units`` ×
    ``unit`` a month per person (``units=0``: no limit at all)."""
    service = ProgrammeServiceFactory.create(**fields)
    if units:
        ServiceLimitFactory.create(service=service, units=units, unit=unit, period=Period.MONTH)
    return service


def assessment_make(
    *services: ProgrammeService,
    by: User | None = None,
    person: Person | None = None,
    filed_at: dt.datetime | None = None,
    plan_needed: bool = True,
    fitting: Sequence[ProgrammeService] | None = None,
) -> NeedsAssessment:
    """A person's application (filed by phone at ``filed_at``, by default a minute ago) for
    ``services`` (by default one new service), and its needs assessment recorded today by
    ``by`` (by default a new coordinator), finding ``fitting`` (by default ``services``)
    fitting and, by default, that a plan is needed."""
    services = services or (service_make(),)
    by = by or coordinator_make()
    at = filed_at or timezone.now() - dt.timedelta(minutes=1)
    application = application_file(
        person=person or PersonFactory.create(),
        services=list(services),
        channel=Channel.PHONE,
        acting_user=user_make(Role.CLIENT_OFFICE),
        filed_at=at,
    )
    return needs_assessment_record(
        application=application,
        acting_user=by,
        assessed_on=timezone.localdate(),
        place=AssessmentPlace.HOME,
        notes="Mieszka sama, potrzebuje pomocy przy zakupach i w domu.",
        fitting_services=list(services if fitting is None else fitting),
        plan_needed=plan_needed,
    )


def plan_make(
    *services: ProgrammeService,
    coordinator: User | None = None,
    assessment: NeedsAssessment | None = None,
    filed_at: dt.datetime | None = None,
    person: Person | None = None,
    fitting: Sequence[ProgrammeService] | None = None,
) -> IndividualPlan:
    """A draft plan (version 1) made by ``coordinator`` (by default a new one) from
    ``assessment`` (by default a new one for ``services``, finding ``fitting`` fitting)."""
    coordinator = coordinator or coordinator_make()
    assessment = assessment or assessment_make(
        *services, by=coordinator, filed_at=filed_at, person=person, fitting=fitting
    )
    return plan_create(assessment=assessment, acting_user=coordinator)


def draft_of(plan: IndividualPlan) -> PlanVersion:
    """The version of ``plan`` being worked on."""
    return PlanVersion.objects.get(plan=plan, state__in=["draft", "submitted"])


def draft_complete(
    plan: IndividualPlan,
    *,
    by: User | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> PlanVersion:
    """Fill in the draft version of ``plan`` so that it can be submitted: the period (by
    default from today, for 6 months), a goal, a review date mid-way, the person's consent
    today. The planned services and the coordinator were filled in by ``plan_create``; their
    dates are moved into the period."""
    by = by or plan.coordinator
    version = draft_of(plan)
    start = starts_on or today()
    end = ends_on or add_months(start, 6) - dt.timedelta(days=1)
    version = version_update(
        version=version,
        acting_user=by,
        starts_on=start,
        ends_on=end,
        situation="Pani Anna mieszka sama, potrzebuje wsparcia w codziennych sprawach.",
        consent_given_on=today(),
        consent_note="Zgoda ustna w czasie wizyty w domu.",
    )
    for planned in version.planned_services.all():
        part_save(
            version=version,
            model=type(planned),
            instance=planned,
            acting_user=by,
            data={"starts_on": start, "ends_on": min(clocks.shortest_end(start), end)},
        )
    if not version.goals.exists():
        part_save(
            version=version,
            model=PlanGoal,
            acting_user=by,
            data={
                "description": "Samodzielne robienie zakupów raz w tygodniu.",
                "measure": "Pani Anna sama robi zakupy co tydzień przez miesiąc.",
            },
        )
    if not version.review_dates.exists():
        part_save(
            version=version,
            model=PlanReviewDate,
            acting_user=by,
            data={"due_on": start + (end - start) / 2},
        )
    return version


def plan_submitted(
    *services: ProgrammeService,
    coordinator: User | None = None,
    delay_reason: str = "",
    **plan_fields: Any,
) -> IndividualPlan:
    """A plan complete and submitted for approval (awaiting approval)."""
    plan = plan_make(*services, coordinator=coordinator, **plan_fields)
    version = draft_complete(plan)
    plan_submit(version=version, acting_user=plan.coordinator, delay_reason=delay_reason)
    plan.refresh_from_db()
    return plan


def plan_active(
    *services: ProgrammeService,
    coordinator: User | None = None,
    approver: User | None = None,
    **plan_fields: Any,
) -> IndividualPlan:
    """A plan approved (by default by a new director): active, version 1 in force, its
    planned services linked to the person's entitlements."""
    plan = plan_submitted(*services, coordinator=coordinator, **plan_fields)
    plan_approve(version=draft_of(plan), acting_user=approver or director_make())
    plan.refresh_from_db()
    return plan


def organiser_authorised(
    *,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    director: User | None = None,
    organiser: User | None = None,
) -> tuple[User, ApprovalAuthorisation]:
    """An organiser (by default a new one) with the director's authorisation to approve plans,
    by default from 30 days ago for a year."""
    organiser = organiser or organiser_make()
    start = valid_from or today() - dt.timedelta(days=30)
    authorisation = authorisation_grant(
        user=organiser,
        valid_from=start,
        valid_until=valid_until or clocks.longest_end(start),
        document="Zarządzenie nr 12/2026 Dyrektora CUS",
        acting_user=director or director_make(),
    )
    return organiser, authorisation
