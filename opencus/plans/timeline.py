"""Plans' part of the person card's timeline (issue 10, item 7; core's registry, registered
from ``declarations``): the plan drafted, each version submitted, returned, approved, signed,
a change started or given up, the coordinator changed, each review held, and the plan
completed after the summary interview or discontinued.

Read through ``IndividualPlan.objects.visible_to(user)``: those who may not see the plan see
none of it. What the plan says is special-category data and stays on the plan's pages: the
timeline tells that a step happened, never the notes, the reasons or the summary."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.core.formatting import day_text, period_text
from opencus.core.registry import TimelineEvent, timeline_source
from opencus.intake.timeline import actor_name
from opencus.plans.models import (
    IndividualPlan,
    PlanChange,
    PlanReview,
    PlanTransition,
    PlanVersion,
)

PLAN = gettext_lazy("Individual plan")


def _version_url(version: PlanVersion | None) -> str:
    """The version's page (``plans:version``); its printed form while that page is not
    mounted."""
    if version is None:
        return ""
    try:
        return reverse("plans:version", args=[version.uuid])
    except NoReverseMatch:
        return reverse("plans:pdf", args=[version.uuid])


def _visible_plans(user: Any, person: Any) -> Any:
    return IndividualPlan.objects.visible_to(user).filter(person=person)


def _step_text(step: PlanTransition) -> str:
    plan, version = step.plan, step.version
    words = {"reference": plan.reference, "number": version.number if version else ""}
    change = step.change
    if change == PlanChange.CREATED:
        return _("Plan %(reference)s drafted.") % words
    if change == PlanChange.REASSIGNED:
        return _("Plan %(reference)s handed over to another coordinator.") % words
    if change == PlanChange.COMPLETED:
        if plan.summary_interview_on is not None:
            return _("Plan %(reference)s completed; the summary interview was held on %(day)s.") % {
                **words,
                "day": day_text(plan.summary_interview_on),
            }
        return _("Plan %(reference)s completed.") % words
    if change == PlanChange.DISCONTINUED:
        return _("Plan %(reference)s discontinued.") % words
    if version is None:
        return _("Plan %(reference)s: %(change)s.") % {
            **words,
            "change": step.get_change_display(),
        }
    if change == PlanChange.SUBMITTED:
        return _("Plan %(reference)s, version %(number)s, submitted for approval.") % words
    if change == PlanChange.RETURNED:
        return _("Plan %(reference)s, version %(number)s, returned for corrections.") % words
    if change == PlanChange.APPROVED:
        text = _("Plan %(reference)s, version %(number)s, approved.") % words
        if version.starts_on is not None and version.ends_on is not None:
            text += " " + _("In force %(period)s.") % {
                "period": period_text(version.starts_on, version.ends_on)
            }
        return text
    if change == PlanChange.CHANGE_STARTED:
        return _("A change of plan %(reference)s started: version %(number)s.") % words
    if change == PlanChange.CHANGE_ABANDONED:
        return _("The change of plan %(reference)s (version %(number)s) was given up.") % words
    if change == PlanChange.SIGNED and version.signed_on is not None:
        return _("Plan %(reference)s, version %(number)s, signed by the person on %(day)s.") % {
            **words,
            "day": day_text(version.signed_on),
        }
    return _("Plan %(reference)s, version %(number)s: %(change)s.") % {
        **words,
        "change": step.get_change_display(),
    }


def _steps(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    # A review is told from its own row (the day it was held), not from its step.
    steps = (
        PlanTransition.objects.filter(plan__in=_visible_plans(user, person))
        .exclude(change=PlanChange.REVIEWED)
        .select_related("actor", "plan__current_version", "version")
        # The content submitted and the notes stay on the plan's pages.
        .defer("snapshot", "note", "plan__summary", "plan__closing_reason", "plan__delay_reason")
        .order_by("-at", "-id")[:limit]
    )
    return [
        TimelineEvent(
            at=step.at,
            actor=actor_name(step.actor),
            kind=PLAN,
            text=_step_text(step),
            url=_version_url(step.version or step.plan.current_version),
        )
        for step in steps
    ]


def _reviews(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    reviews = (
        PlanReview.objects.filter(plan__in=_visible_plans(user, person))
        .select_related("recorded_by", "plan", "version")
        .order_by("-recorded_at", "-id")[:limit]
    )
    return [
        TimelineEvent(
            at=review.recorded_at,
            actor=actor_name(review.recorded_by),
            kind=PLAN,
            text=_("Review of plan %(reference)s held on %(day)s.")
            % {"reference": review.plan.reference, "day": day_text(review.held_on)},
            url=_version_url(review.version),
        )
        for review in reviews
    ]


def register() -> None:
    timeline_source("plans_steps", _steps, app="plans")
    timeline_source("plans_reviews", _reviews, app="plans")
