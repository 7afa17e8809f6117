"""The plans' section of "my work" (core's registry, registered from ``PlansConfig.ready``):
"My plans", what waits for the user, ordered by the next deadline (issue 10, item 6).

For those who write plans (``plan.write``):

- needs assessments that asked for a plan and have none yet, with the days left of the 30
  (``clocks.plan_due_on`` of the application): a coordinator's own (``assessed_by``), all of
  them for the director;
- draft plans not yet submitted, with the days left of the 30;
- reviews due: the planned review dates of the version in force that no review has answered,
  due within ``REVIEW_DAYS`` days or overdue;
- plans ending within ``ENDING_DAYS`` days (the version in force's ``ends_on``), or ended and
  not yet completed;
- drafts returned for corrections.

For those who approve (the director, an organiser with an authorisation in force today):
versions awaiting approval.

A coordinator's rows are the plans they coordinate; the director's, every plan. Rows with a
deadline come first, the nearest (the most overdue) first; rows without one (returned,
awaiting approval) follow, the longest waiting first. Overdue rows say so in words
("overdue by 3 days") as well as in colour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from opencus.core.formatting import day_text, days_left_text
from opencus.core.registry import WorkSection, my_work_section
from opencus.core.roles import Role, has_capability, user_roles
from opencus.intake.models import NeedsAssessment
from opencus.plans import clocks, selectors
from opencus.plans.capabilities import PLAN_VIEW, PLAN_WRITE
from opencus.plans.models import (
    IndividualPlan,
    PlanChange,
    PlanReview,
    PlanReviewDate,
    PlanState,
    PlanTransition,
    PlanVersion,
    VersionState,
)

#: Reviews due this many days ahead (or overdue) are listed.
REVIEW_DAYS = 14
#: Plans ending this many days ahead (or already ended, not completed) are listed.
ENDING_DAYS = 30
#: A deadline this close is drawn as "due soon".
SOON_DAYS = 7
#: How many rows the section shows (the plans list has the rest).
ROWS = 20


@dataclass(frozen=True)
class PlanWork:
    """One row of "My plans": what to do, for whom, which plan (or application), where to do
    it, and its deadline (``due_on``) or, without one, since when it waits (``since``)."""

    kind: str
    what: str
    person: Any
    reference: str
    url: str
    today: dt.date
    due_on: dt.date | None = None
    since: dt.date | None = None
    #: The deadline is the law's 30 days ("12 days left of 30").
    of_thirty: bool = False

    @property
    def days_left(self) -> int | None:
        return None if self.due_on is None else clocks.days_left(self.due_on, self.today)

    @property
    def overdue(self) -> bool:
        days = self.days_left
        return days is not None and days < 0

    @property
    def tone(self) -> str:
        days = self.days_left
        if days is None:
            return "info"
        if days < 0:
            return "overdue"
        return "warning" if days <= SOON_DAYS else "info"

    @property
    def status(self) -> str:
        """The deadline in words: "12 days left of 30", "overdue by 3 days", "waiting since…"."""
        days = self.days_left
        if days is None:
            return _("waiting since %(day)s") % {"day": day_text(self.since or self.today)}
        if days > 0 and self.of_thirty:
            return ngettext("%(days)s day left of 30", "%(days)s days left of 30", days) % {
                "days": days
            }
        return days_left_text(days)

    @property
    def sort_key(self) -> tuple[int, dt.date, str]:
        if self.due_on is not None:
            return (0, self.due_on, self.reference)
        return (1, self.since or self.today, self.reference)


@dataclass(frozen=True)
class Part:
    rows: list[PlanWork]
    total: int


def _part(queryset: QuerySet[Any], row: Any) -> Part:
    """The first ``ROWS`` of a queryset (ordered by its deadline) as rows, and how many in all
    (counted only when there may be more)."""
    found = list(queryset[:ROWS])
    total = len(found) if len(found) < ROWS else queryset.count()
    return Part([row(item) for item in found], total)


def _sees_all(user: Any) -> bool:
    return Role.DIRECTOR in user_roles(user)


def _own_plans(user: Any) -> QuerySet[IndividualPlan]:
    """The plans whose work is the user's: those they coordinate; every plan for the director."""
    plans = IndividualPlan.objects.visible_to(user)
    return plans if _sees_all(user) else plans.filter(coordinator=user)


def plans_to_write(user: Any, today: dt.date) -> Part:
    """Applications whose needs assessment asked for a plan and that have none yet (one row
    per application, its latest assessment): a coordinator's own assessments, all for the
    director."""
    assessments = selectors.plans_for_assessment_missing(user)
    if not _sees_all(user):
        assessments = assessments.filter(assessed_by=user)

    def row(assessment: NeedsAssessment) -> PlanWork:
        application = assessment.application
        return PlanWork(
            kind="write",
            what=_("Write the plan"),
            person=application.person,
            reference=application.reference,
            url=reverse("plans:create", args=[assessment.pk]),
            today=today,
            due_on=clocks.plan_due_on(application.filed_at),
            of_thirty=True,
        )

    return _part(assessments, row)


def plans_to_submit(user: Any, today: dt.date) -> Part:
    """Draft plans never submitted: the 30 days still run."""
    plans = (
        _own_plans(user)
        .filter(state=PlanState.DRAFT, first_submitted_at__isnull=True)
        .select_related("person")
        .order_by("due_on", "id")
    )

    def row(plan: IndividualPlan) -> PlanWork:
        return PlanWork(
            kind="submit",
            what=_("Finish and submit the plan"),
            person=plan.person,
            reference=plan.reference,
            url=reverse("plans:detail", args=[plan.uuid]),
            today=today,
            due_on=plan.due_on,
            of_thirty=True,
        )

    return _part(plans, row)


def reviews_due(user: Any, today: dt.date) -> Part:
    """Planned reviews of the versions in force that no review answered (by the date's
    ``key``, which a later version's copy keeps), due within ``REVIEW_DAYS`` or overdue."""
    answered = PlanReview.objects.filter(review_date__key=OuterRef("key"))
    dates = (
        PlanReviewDate.objects.filter(
            version__plan__in=_own_plans(user).filter(state=PlanState.ACTIVE),
            version__plan__current_version=F("version"),
            due_on__lte=today + dt.timedelta(days=REVIEW_DAYS),
        )
        .exclude(Exists(answered))
        .select_related("version__plan__person")
        .order_by("due_on", "id")
    )

    def row(date: PlanReviewDate) -> PlanWork:
        plan = date.version.plan
        return PlanWork(
            kind="review",
            what=_("Review the plan"),
            person=plan.person,
            reference=plan.reference,
            url=reverse("plans:review_new", args=[plan.uuid]),
            today=today,
            due_on=date.due_on,
        )

    return _part(dates, row)


def plans_ending(user: Any, today: dt.date) -> Part:
    """Active plans whose version in force ends within ``ENDING_DAYS`` days, or has ended (the
    summary interview is due)."""
    plans = (
        _own_plans(user)
        .filter(
            state=PlanState.ACTIVE,
            current_version__ends_on__lte=today + dt.timedelta(days=ENDING_DAYS),
        )
        .select_related("person", "current_version")
        .order_by("current_version__ends_on", "id")
    )

    def row(plan: IndividualPlan) -> PlanWork:
        ends_on = plan.current_version.ends_on  # type: ignore[union-attr]
        return PlanWork(
            kind="ending",
            what=_("The plan ends: hold the summary interview"),
            person=plan.person,
            reference=plan.reference,
            url=reverse("plans:detail", args=[plan.uuid]),
            today=today,
            due_on=ends_on,
        )

    return _part(plans, row)


def drafts_returned(user: Any, today: dt.date) -> Part:
    """Versions sent back for corrections (a draft with a "returned" step), longest first."""
    returns = PlanTransition.objects.filter(version=OuterRef("pk"), change=PlanChange.RETURNED)
    versions = (
        PlanVersion.objects.filter(plan__in=_own_plans(user), state=VersionState.DRAFT)
        .filter(Exists(returns))
        .annotate(returned_at=Subquery(returns.order_by("-at", "-id").values("at")[:1]))
        .select_related("plan__person")
        .order_by("returned_at", "id")
    )

    def row(version: PlanVersion) -> PlanWork:
        return PlanWork(
            kind="returned",
            what=_("Correct the plan: it was returned"),
            person=version.plan.person,
            reference=version.plan.reference,
            url=reverse("plans:detail", args=[version.plan.uuid]),
            today=today,
            since=clocks.warsaw_day(version.returned_at),  # type: ignore[attr-defined]
        )

    return _part(versions, row)


def awaiting_approval(user: Any, today: dt.date) -> Part:
    """Versions submitted for approval, longest waiting first (for approvers)."""
    versions = (
        PlanVersion.objects.filter(
            plan__in=IndividualPlan.objects.visible_to(user), state=VersionState.SUBMITTED
        )
        .select_related("plan__person")
        .order_by("submitted_at", "id")
    )

    def row(version: PlanVersion) -> PlanWork:
        submitted = version.submitted_at
        return PlanWork(
            kind="approve",
            what=_("Approve or return the plan"),
            person=version.plan.person,
            reference=version.plan.reference,
            url=reverse("plans:detail", args=[version.plan.uuid]),
            today=today,
            since=clocks.warsaw_day(submitted) if submitted else today,
        )

    return _part(versions, row)


def my_plans(user: Any) -> Part | None:
    """Everything in "My plans" for ``user``, the nearest deadline first; ``None`` for roles
    without ``plan.view``."""
    if not has_capability(user, PLAN_VIEW):
        return None
    today = clocks.warsaw_today()
    parts: list[Part] = []
    if has_capability(user, PLAN_WRITE):
        parts += [
            plans_to_write(user, today),
            plans_to_submit(user, today),
            reviews_due(user, today),
            plans_ending(user, today),
            drafts_returned(user, today),
        ]
    if selectors.can_approve(user, today):
        parts.append(awaiting_approval(user, today))
    rows = sorted((row for part in parts for row in part.rows), key=lambda row: row.sort_key)
    return Part(rows[:ROWS], sum(part.total for part in parts))


TITLE = gettext_lazy("My plans")


def build(user: Any) -> WorkSection | None:
    found = my_plans(user)
    if found is None:
        return None
    return WorkSection(
        key="my-plans",
        title=TITLE,
        template="plans/work/my_plans.html",
        total=found.total,
        rows=found.rows,
        more_url=reverse("plans:list"),
    )


def register() -> None:
    # Before intake's sections (101…): the coordinator's day starts with the law's deadlines.
    my_work_section("my_plans", build, order=50, app="plans")
