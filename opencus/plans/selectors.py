"""Reads of individual plans. Every read of a plan goes through
``IndividualPlan.objects.visible_to(user)``: a plan someone may not see is a 404.

Who may change a plan (``can_write``) and who may approve one today (``can_approve``,
``approval_authorisation``) are answered here, for the pages (which buttons to show) and for
the services (which refuse the change with a message naming the rule)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from opencus.core.roles import Role, has_capability, user_roles
from opencus.intake.models import (
    Application,
    ApplicationItem,
    Entitlement,
    EntitlementStatus,
    ItemState,
    NeedsAssessment,
)
from opencus.plans import clocks
from opencus.plans.capabilities import PLAN_APPROVE, PLAN_WRITE
from opencus.plans.models import (
    ApprovalAuthorisation,
    IndividualPlan,
    PlanReview,
    PlanReviewDate,
    PlanState,
    PlanVersion,
    VersionState,
)

#: Versions worked on: at most one per plan (a draft, or submitted for approval).
OPEN_VERSION_STATES = (VersionState.DRAFT, VersionState.SUBMITTED)


def plan_get(*, user: Any, uuid: uuid.UUID | str) -> IndividualPlan:
    """The plan ``user`` may see, with its person, application, coordinator and version in
    force; ``Http404`` otherwise (also for a malformed id)."""
    plans = IndividualPlan.objects.visible_to(user).select_related(
        "person", "application", "assessment", "coordinator", "current_version"
    )
    try:
        return plans.get(uuid=uuid)
    except (IndividualPlan.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404("No such plan") from error


def version_get(*, user: Any, plan: IndividualPlan, number: int) -> PlanVersion:
    """Version ``number`` of a plan the caller already got through ``plan_get``; 404 if none."""
    try:
        return PlanVersion.objects.select_related("plan").get(
            plan__in=IndividualPlan.objects.visible_to(user), plan=plan, number=number
        )
    except PlanVersion.DoesNotExist as error:
        raise Http404("No such version") from error


def plan_versions(plan: IndividualPlan) -> QuerySet[PlanVersion]:
    """Every version of the plan, first to last."""
    return PlanVersion.objects.filter(plan=plan).order_by("number")


def open_version(plan: IndividualPlan) -> PlanVersion | None:
    """The version being worked on (a draft, or one submitted for approval), if any."""
    return PlanVersion.objects.filter(plan=plan, state__in=OPEN_VERSION_STATES).first()


def version_in_force(plan: IndividualPlan) -> PlanVersion | None:
    """The approved version in force (none before the first approval)."""
    return PlanVersion.objects.filter(plan=plan, state=VersionState.APPROVED).first()


def is_writer(user: Any, plan: IndividualPlan) -> bool:
    """Whether ``user`` is one who writes this plan: its coordinator or the director (with
    ``plan.write``), whatever the plan's state."""
    if not has_capability(user, PLAN_WRITE):
        return False
    return plan.coordinator_id == user.pk or Role.DIRECTOR in user_roles(user)


def can_write(user: Any, plan: IndividualPlan) -> bool:
    """Whether ``user`` may change the plan now: its coordinator or the director, while the
    plan is not closed (a completed or discontinued plan is read-only)."""
    return not plan.is_closed and is_writer(user, plan)


def may_manage(user: Any) -> bool:
    """The director and the social services organisers hand plans over to another coordinator
    (``plan_reassign``)."""
    return bool(user_roles(user) & {Role.DIRECTOR, Role.SERVICE_ORGANISER})


def authorisations_of(user: Any) -> QuerySet[ApprovalAuthorisation]:
    """The approval authorisations of one organiser, the latest first."""
    return ApprovalAuthorisation.objects.filter(user=user).order_by("-valid_from", "-id")


def authorisation_in_force(authorisation: ApprovalAuthorisation, on: dt.date) -> bool:
    return clocks.authorisation_in_force(
        authorisation.valid_from, authorisation.valid_until, authorisation.revoked_on, on
    )


def approval_authorisation(user: Any, on: dt.date) -> ApprovalAuthorisation | None:
    """The authorisation under which an organiser approves plans on ``on``, if one is in
    force (the one granted last when several are)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if Role.SERVICE_ORGANISER not in user_roles(user):
        return None
    for authorisation in authorisations_of(user).filter(valid_from__lte=on, valid_until__gte=on):
        if authorisation_in_force(authorisation, on):
            return authorisation
    return None


def can_approve(user: Any, on: dt.date) -> bool:
    """Whether ``user`` approves plans on ``on``: the director by right, an organiser while
    the director's authorisation is in force. (An organiser does not approve a plan they
    coordinate: ``plan_approve`` refuses it.)"""
    if not has_capability(user, PLAN_APPROVE):
        return False
    if Role.DIRECTOR in user_roles(user):
        return True
    return approval_authorisation(user, on) is not None


def authorisation_last(user: Any, on: dt.date) -> ApprovalAuthorisation | None:
    """The authorisation that says best why an organiser may not approve on ``on``: the last
    one that had started by then, else the next one to start."""
    started = authorisations_of(user).filter(valid_from__lte=on).first()
    return started or authorisations_of(user).order_by("valid_from", "id").first()


def coordinators() -> QuerySet[Any]:
    """The active staff who may coordinate a plan (the coordinators), by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COORDINATOR.value)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def organisers() -> QuerySet[Any]:
    """The active social services organisers (whom the director may authorise), by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.SERVICE_ORGANISER.value)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def open_plan_for(application: Application) -> IndividualPlan | None:
    """The application's plan still worked on (draft, awaiting approval or active), if any."""
    return IndividualPlan.objects.open().filter(application=application).first()


def plans_for_assessment_missing(user: Any) -> QuerySet[NeedsAssessment]:
    """The needs assessments that asked for a plan whose application has none yet, of the
    applications ``user`` may see, the oldest application first. A discontinued plan answers
    the assessments made before it ended (the person moved away: no new plan is asked for);
    an assessment made after it asks again. The days left of the 30 are
    ``clocks.plan_due_on(assessment.application.filed_at)``."""
    if not has_capability(user, PLAN_WRITE):
        return NeedsAssessment.objects.none()
    planned = IndividualPlan.objects.filter(application=OuterRef("application")).exclude(
        state=PlanState.DISCONTINUED, closed_on__lt=OuterRef("assessed_on")
    )
    later = NeedsAssessment.objects.filter(
        application=OuterRef("application"), plan_needed=True
    ).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    return (
        NeedsAssessment.objects.filter(
            plan_needed=True, application__in=Application.objects.visible_to(user)
        )
        .exclude(Exists(planned))
        .exclude(Exists(later))  # one row per application: its latest assessment
        .select_related("application", "application__person", "assessed_by")
        .order_by("application__filed_at", "id")
    )


def reviewed_keys(plan: IndividualPlan) -> set[uuid.UUID]:
    """The ``key``s of the planned review dates a review has answered, in any version (a new
    version copies the review dates with their keys)."""
    return set(
        PlanReview.objects.filter(plan=plan, review_date__isnull=False).values_list(
            "review_date__key", flat=True
        )
    )


def reviews_due(plan: IndividualPlan) -> list[PlanReviewDate]:
    """The review dates of the version in force that no review has answered yet, soonest
    first."""
    if plan.current_version_id is None or plan.state != PlanState.ACTIVE:
        return []
    done = reviewed_keys(plan)
    return [
        review_date
        for review_date in PlanReviewDate.objects.filter(version_id=plan.current_version_id)
        if review_date.key not in done
    ]


# --- What approving a plan links each planned service to ---------------------------------------

#: The states of a request that a plan's approval qualifies through the queue.
QUEUED_STATES = (ItemState.SUBMITTED, ItemState.ASSESSING, ItemState.WAITING)


def entitlements_open(person_id: int, services: Any) -> QuerySet[Entitlement]:
    """The person's entitlements to ``services`` that have not ended: approving a plan adjusts
    them (``services.plan_approve``; the approval page says so beforehand)."""
    return Entitlement.objects.filter(person_id=person_id, service__in=services).exclude(
        status=EntitlementStatus.ENDED
    )


def requests_queued(person_id: int, services: Any) -> QuerySet[ApplicationItem]:
    """The person's requests for ``services`` still in the queue: approving a plan qualifies
    them when the person holds no entitlement yet."""
    return ApplicationItem.objects.filter(
        person_id=person_id, service__in=services, state__in=QUEUED_STATES
    )
