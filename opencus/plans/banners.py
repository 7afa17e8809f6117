"""The plans' case banners (core's registry, registered from ``PlansConfig.ready``): the law's
clock of each individual plan at the top of every page of the person's case (issue 10, item 2:
"the days left show on every page of the case").

- A plan not yet submitted: the days left of the 30 (``clocks.plan_due_on`` of the
  application), or how many days it is overdue.
- A plan returned for corrections, or awaiting approval: that, and since when.
- An active plan: its next planned review (or how overdue it is), and its end when it is
  30 days away or less.
- A needs assessment that asked for a plan, with no plan yet: the days left of the 30, with a
  link to write the plan (for those who write plans: ``selectors.plans_for_assessment_missing``).

Only what the reader may see: the plans through ``IndividualPlan.objects.visible_to(user)``,
the assessments through the applications the reader may see, for roles with ``plan.view``.
The banners name dates and states, never a plan's content. One query for the plans, one for
the assessments, whatever the case holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencus.core.formatting import day_text
from opencus.core.registry import BannerTone, CaseBanner, case_banner_source
from opencus.core.roles import has_capability
from opencus.plans import clocks, selectors
from opencus.plans.capabilities import PLAN_VIEW
from opencus.plans.models import (
    IndividualPlan,
    PlanReview,
    PlanReviewDate,
    PlanState,
)

#: A deadline this close (in days) or closer is "due soon".
SOON_DAYS = 7
#: A review this close is announced as due soon.
REVIEW_SOON_DAYS = 14
#: An active plan's end is announced this many days ahead.
ENDING_DAYS = 30


def _tone(days: int, soon: int) -> BannerTone:
    if days < 0:
        return "overdue"
    return "warning" if days <= soon else "info"


def plan_clock_text(reference: str, due_on: dt.date, today: dt.date) -> str:
    """The 30-day clock of a plan (or of an assessment waiting for one) in words."""
    days = clocks.days_left(due_on, today)
    params = {"reference": reference, "due": day_text(due_on), "days": abs(days)}
    if days > 0:
        return (
            ngettext(
                "Individual plan %(reference)s: %(days)s day left of 30 (due %(due)s).",
                "Individual plan %(reference)s: %(days)s days left of 30 (due %(due)s).",
                days,
            )
            % params
        )
    if days == 0:
        return _("Individual plan %(reference)s: due today, the last of the 30 days (%(due)s).") % (
            params
        )
    return (
        ngettext(
            "Individual plan %(reference)s: overdue by %(days)s day (due %(due)s); it is still "
            "written, with the reason for the delay.",
            "Individual plan %(reference)s: overdue by %(days)s days (due %(due)s); it is still "
            "written, with the reason for the delay.",
            -days,
        )
        % params
    )


def assessment_clock_text(reference: str, due_on: dt.date, today: dt.date) -> str:
    """The 30-day clock of an application waiting for its plan, in words."""
    days = clocks.days_left(due_on, today)
    params = {"reference": reference, "due": day_text(due_on), "days": abs(days)}
    if days > 0:
        return (
            ngettext(
                "An individual plan is needed (application %(reference)s): %(days)s day left "
                "of 30 (due %(due)s).",
                "An individual plan is needed (application %(reference)s): %(days)s days left "
                "of 30 (due %(due)s).",
                days,
            )
            % params
        )
    if days == 0:
        return (
            _(
                "An individual plan is needed (application %(reference)s): due today, the last of "
                "the 30 days (%(due)s)."
            )
            % params
        )
    return (
        ngettext(
            "An individual plan is needed (application %(reference)s): overdue by %(days)s day "
            "(due %(due)s).",
            "An individual plan is needed (application %(reference)s): overdue by %(days)s days "
            "(due %(due)s).",
            -days,
        )
        % params
    )


def _review_text(reference: str, due_on: dt.date, today: dt.date) -> str:
    days = clocks.days_left(due_on, today)
    params = {"reference": reference, "due": day_text(due_on), "days": abs(days)}
    if days > 0:
        return (
            ngettext(
                "Individual plan %(reference)s: next review on %(due)s (in %(days)s day).",
                "Individual plan %(reference)s: next review on %(due)s (in %(days)s days).",
                days,
            )
            % params
        )
    if days == 0:
        return _("Individual plan %(reference)s: a review is due today (%(due)s).") % params
    return (
        ngettext(
            "Individual plan %(reference)s: the review is overdue by %(days)s day (due %(due)s).",
            "Individual plan %(reference)s: the review is overdue by %(days)s days (due %(due)s).",
            -days,
        )
        % params
    )


def _ending_text(reference: str, ends_on: dt.date, today: dt.date) -> str:
    days = clocks.days_left(ends_on, today)
    params = {"reference": reference, "end": day_text(ends_on), "days": abs(days)}
    if days >= 0:
        return (
            ngettext(
                "Individual plan %(reference)s: ends on %(end)s (%(days)s day left); plan the "
                "summary interview.",
                "Individual plan %(reference)s: ends on %(end)s (%(days)s days left); plan the "
                "summary interview.",
                days,
            )
            % params
        )
    return (
        ngettext(
            "Individual plan %(reference)s: ended on %(end)s, %(days)s day ago; record the "
            "summary interview and the results.",
            "Individual plan %(reference)s: ended on %(end)s, %(days)s days ago; record the "
            "summary interview and the results.",
            -days,
        )
        % params
    )


def _plan_banners(plan: IndividualPlan, today: dt.date) -> list[CaseBanner]:
    url = reverse("plans:detail", args=[plan.uuid])
    reference = plan.reference
    if plan.state == PlanState.ACTIVE:
        banners = []
        next_review: dt.date | None = getattr(plan, "next_review_on", None)
        if next_review is not None:
            banners.append(
                CaseBanner(
                    _review_text(reference, next_review, today),
                    url,
                    _("Open the plan"),
                    _tone(clocks.days_left(next_review, today), REVIEW_SOON_DAYS),
                )
            )
        version = plan.current_version
        ends_on = version.ends_on if version is not None else None
        if ends_on is not None and clocks.days_left(ends_on, today) <= ENDING_DAYS:
            days = clocks.days_left(ends_on, today)
            banners.append(
                CaseBanner(
                    _ending_text(reference, ends_on, today),
                    url,
                    _("Open the plan"),
                    "overdue" if days < 0 else "warning",
                )
            )
        if not banners and version is not None and ends_on is not None:
            banners.append(
                CaseBanner(
                    _("Individual plan %(reference)s: active until %(end)s.")
                    % {"reference": reference, "end": day_text(ends_on)},
                    url,
                    _("Open the plan"),
                )
            )
        return banners
    if plan.state == PlanState.AWAITING_APPROVAL:
        return [
            CaseBanner(
                _("Individual plan %(reference)s: awaiting approval since %(day)s.")
                % {
                    "reference": reference,
                    "day": day_text(clocks.warsaw_day(plan.state_changed_at)),
                },
                url,
                _("Open the plan"),
            )
        ]
    if plan.first_submitted_at is not None:
        # Returned for corrections: the 30 days were met (or the delay explained) on the
        # first submission; the clock no longer runs.
        return [
            CaseBanner(
                _("Individual plan %(reference)s: returned for corrections.")
                % {"reference": reference},
                url,
                _("Open the plan"),
                "warning",
            )
        ]
    return [
        CaseBanner(
            plan_clock_text(reference, plan.due_on, today),
            url,
            _("Open the plan"),
            _tone(clocks.days_left(plan.due_on, today), SOON_DAYS),
        )
    ]


def next_review_subquery() -> Subquery:
    """For a plan (the outer row), the first review date of its version in force that no review
    has answered yet. A review answers the planned date by its ``key``, which a later version's
    copy of the date keeps."""
    answered = PlanReview.objects.filter(review_date__key=OuterRef("key"))
    return Subquery(
        PlanReviewDate.objects.filter(version=OuterRef("current_version"))
        .exclude(Exists(answered))
        .order_by("due_on", "id")
        .values("due_on")[:1]
    )


def plan_banners(user: Any, person: Any) -> list[CaseBanner]:
    """The clocks of the person's open plans that ``user`` may see (one query)."""
    if not has_capability(user, PLAN_VIEW):
        return []
    plans = (
        IndividualPlan.objects.visible_to(user)
        .open()
        .filter(person=person)
        .select_related("current_version")
        .annotate(next_review_on=next_review_subquery())
        .order_by("due_on", "id")
    )
    today = clocks.warsaw_today()
    return [banner for plan in plans for banner in _plan_banners(plan, today)]


def assessment_banners(user: Any, person: Any) -> list[CaseBanner]:
    """The person's applications whose needs assessment asked for a plan and that have no plan
    yet, with the days left of the 30 and a link to write it (for those who write plans; one
    query)."""
    assessments = selectors.plans_for_assessment_missing(user).filter(application__person=person)
    today = clocks.warsaw_today()
    banners = []
    for assessment in assessments:
        application = assessment.application
        due_on = clocks.plan_due_on(application.filed_at)
        banners.append(
            CaseBanner(
                assessment_clock_text(application.reference, due_on, today),
                reverse("plans:create", args=[assessment.pk]),
                _("Write the plan"),
                _tone(clocks.days_left(due_on, today), SOON_DAYS),
            )
        )
    return banners


def register() -> None:
    case_banner_source("plans_assessments", assessment_banners, app="plans")
    case_banner_source("plans_open", plan_banners, app="plans")
