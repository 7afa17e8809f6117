"""The monitoring pages of individual plans (issue 10, items 3 and 5): record a review of an
active plan, close it with the summary interview and the written course and results, compare
two versions side by side, and the director's approval authorisations of organisers.

Views are thin: they read the plan through ``selectors.plan_get`` (a plan the user may not see
is a 404), parse a form and call one service; a refusal (``PlanError``) goes into the form's
error summary and changes nothing. Pages that show a plan's content (goals, notes, versions)
write a ``VIEW_SENSITIVE`` audit row: a plan is special-category data.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from opencus.core.access import capability_required
from opencus.core.actions import confirm_page
from opencus.core.audit import audit_record
from opencus.core.formatting import day_text
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.core.models import AuditAction
from opencus.plans import clocks, selectors, services
from opencus.plans.capabilities import PLAN_AUTHORISE, PLAN_VIEW, PLAN_WRITE
from opencus.plans.models import (
    ApprovalAuthorisation,
    GoalProgress,
    IndividualPlan,
    PlanGoal,
    PlanReview,
    PlanReviewDate,
    PlanState,
    PlanVersion,
)
from opencus.plans.monitoring_forms import AuthorisationForm, CompareForm, CompleteForm, ReviewForm
from opencus.plans.versions import version_diff


def _audit_read(user: Any, plan: IndividualPlan, page: str, **what: Any) -> None:
    """A plan's content was shown: special-category data, every read recorded."""
    audit_record(
        actor=user, action=AuditAction.VIEW_SENSITIVE, obj=plan, changes={"page": page, **what}
    )


def _writers_plan(request: HttpRequest, uuid: uuid.UUID) -> IndividualPlan:
    """The plan, if the user may see it (else 404) and is one who writes it, its coordinator
    or the director (else 403). A closed plan still opens: the page says it is read-only, and
    the service refuses a change."""
    plan = selectors.plan_get(user=request.user, uuid=uuid)
    if not selectors.is_writer(request.user, plan):
        raise PermissionDenied
    return plan


def _open_review_dates(version: PlanVersion | None) -> list[PlanReviewDate]:
    """The review dates of the version in force that no review has answered yet (by ``key``:
    a later version's copy of a date is the same planned review)."""
    if version is None:
        return []
    answered = PlanReview.objects.filter(review_date__key=OuterRef("key"))
    return list(version.review_dates.exclude(Exists(answered)).order_by("due_on", "id"))


# --- A review ---------------------------------------------------------------------------------


@capability_required(PLAN_WRITE)
def review_new(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Record a review of an active plan (monitorowanie): the date, which planned review it
    answers, notes, progress on each goal of the version in force, and proposed changes."""
    plan = _writers_plan(request, uuid)
    version = plan.current_version if plan.state == PlanState.ACTIVE else None
    goals = list(version.goals.order_by("position", "id")) if version is not None else []
    form = ReviewForm(
        request.POST or None,
        goals=goals,
        review_dates=_open_review_dates(version),
        initial={"held_on": clocks.warsaw_today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(
                plan=plan,
                acting_user=request.user,
                held_on=data["held_on"],
                notes=data["notes"],
                proposed_changes=data["proposed_changes"],
                review_date=data["review_date"],
                progress=form.progress(),
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The review of %(day)s has been recorded.") % {"day": day_text(data["held_on"])},
            )
            return redirect("plans:detail", uuid=plan.uuid)
    if goals:
        _audit_read(request.user, plan, "review", version=version.number)  # type: ignore[union-attr]
    return render(
        request,
        "plans/monitoring/review_form.html",
        {"plan": plan, "version": version, "form": form, "can_review": version is not None},
        status=400 if form.errors else 200,
    )


# --- The end of the plan ----------------------------------------------------------------------


def _last_progress(plan: IndividualPlan) -> list[tuple[PlanGoal, GoalProgress | None]]:
    """Each goal of the version in force with the progress the latest review recorded."""
    version = plan.current_version
    if version is None:
        return []
    goals = list(version.goals.order_by("position", "id"))
    latest: dict[Any, GoalProgress] = {}
    for progress in (
        GoalProgress.objects.filter(review__plan=plan, goal__key__in=[g.key for g in goals])
        .select_related("goal", "review")
        .order_by("review__held_on", "review_id")
    ):
        latest[progress.goal.key] = progress
    return [(goal, latest.get(goal.key)) for goal in goals]


@capability_required(PLAN_WRITE)
def complete(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Close an active plan: the summary interview with the person (rozmowa podsumowująca)
    and the written description of its course and results; the plan is then completed and
    read-only."""
    plan = _writers_plan(request, uuid)
    form = CompleteForm(
        request.POST or None, initial={"summary_interview_on": clocks.warsaw_today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_complete(
                plan=plan,
                acting_user=request.user,
                summary_interview_on=form.cleaned_data["summary_interview_on"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The plan %(reference)s is completed. It can no longer be changed.")
                % {"reference": plan.reference},
            )
            return redirect("plans:detail", uuid=plan.uuid)
    progress = _last_progress(plan) if not plan.is_closed else []
    if progress:
        _audit_read(request.user, plan, "complete")
    return render(
        request,
        "plans/monitoring/complete_form.html",
        {"plan": plan, "form": form, "progress": progress},
        status=400 if form.errors else 200,
    )


# --- Two versions side by side ----------------------------------------------------------------


@capability_required(PLAN_VIEW)
def compare(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Two versions of the plan side by side (``?left=1&right=2``), each row marked in words
    and in colour: unchanged, changed, added or removed."""
    plan = selectors.plan_get(user=request.user, uuid=uuid)
    versions = list(plan.versions.order_by("number"))
    by_number = {version.number: version for version in versions}
    data: Any = request.GET if "left" in request.GET or "right" in request.GET else None
    initial = {}
    if len(versions) >= 2:
        initial = {"left": versions[-2].number, "right": versions[-1].number}
    form = CompareForm(data, versions=versions, initial=initial)
    left = right = None
    if data is None and initial:
        left, right = by_number[initial["left"]], by_number[initial["right"]]
    elif data is not None and form.is_valid():
        left, right = by_number[form.cleaned_data["left"]], by_number[form.cleaned_data["right"]]
    changes_only = bool(data is not None and form.is_valid() and form.cleaned_data["changes_only"])
    sections = []
    if left is not None and right is not None:
        sections = version_diff(left, right)
        if changes_only:
            sections = [
                section
                for section in (
                    type(section)(
                        section.title, [row for row in section.rows if row.status != "same"]
                    )
                    for section in sections
                )
                if section.rows
            ]
        _audit_read(request.user, plan, "compare", versions=[left.number, right.number])
    return render(
        request,
        "plans/monitoring/compare.html",
        {
            "plan": plan,
            "form": form,
            "versions": versions,
            "left": left,
            "right": right,
            "sections": sections,
            "changes_only": changes_only,
        },
        status=400 if form.errors else 200,
    )


# --- Approval authorisations ------------------------------------------------------------------


def authorisation_state(authorisation: ApprovalAuthorisation, today: Any) -> str:
    """``in_force``, ``future``, ``expired`` or ``revoked`` on ``today``."""
    if authorisation.revoked_on is not None and authorisation.revoked_on <= today:
        return "revoked"
    if clocks.authorisation_in_force(
        authorisation.valid_from, authorisation.valid_until, authorisation.revoked_on, today
    ):
        return "in_force"
    return "future" if authorisation.valid_from > today else "expired"


@capability_required(PLAN_AUTHORISE)
def authorisations(request: HttpRequest) -> HttpResponse:
    """The director's authorisations of organisers to approve plans, with their dates and
    state, and the form to grant one."""
    form = AuthorisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            granted = services.authorisation_grant(
                user=data["user"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                document=data["document"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s may approve individual plans from %(start)s to %(end)s.")
                % {
                    "name": granted.user.get_full_name() or granted.user.get_username(),
                    "start": day_text(granted.valid_from),
                    "end": day_text(granted.valid_until),
                },
            )
            return redirect("plans:authorisations")
    today = clocks.warsaw_today()
    rows = ApprovalAuthorisation.objects.select_related(
        "user", "granted_by", "revoked_by"
    ).order_by("-valid_from", "-id")
    page = Paginator(rows, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/monitoring/authorisations.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [(row, authorisation_state(row, today)) for row in page],
            "query_prefix": "",
        },
        status=400 if form.errors else 200,
    )


@capability_required(PLAN_AUTHORISE)
def authorisation_revoke(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Revoke an authorisation, with the reason: from today the organiser approves no plan."""
    authorisation = get_object_or_404(
        ApprovalAuthorisation.objects.select_related("user"), uuid=uuid
    )
    today = clocks.warsaw_today()
    state = authorisation_state(authorisation, today)
    form = ReasonForm(
        request.POST or None,
        label=_("Why is the authorisation revoked?"),
        required=_("Write why the authorisation is revoked."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.authorisation_revoke(
                authorisation=authorisation,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The authorisation has been revoked."))
            return redirect("plans:authorisations")
    name = authorisation.user.get_full_name() or authorisation.user.get_username()
    return confirm_page(
        request,
        "plans/monitoring/revoke_confirm.html",
        title=_("Revoke the authorisation"),
        caption=name,
        button=_("Revoke the authorisation"),
        back_url=reverse("plans:authorisations"),
        warning=_("From today %(name)s approves no individual plan under this authorisation.")
        % {"name": name},
        form=form,
        can_confirm=state in ("in_force", "future") or bool(form.errors),
        authorisation=authorisation,
        state=state,
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:uuid>/przeglady/nowy/", review_new, name="review_new"),
    path("<uuid:uuid>/zakonczenie/", complete, name="complete"),
    path("<uuid:uuid>/porownanie/", compare, name="compare"),
    path("upowaznienia/", authorisations, name="authorisations"),
    path("upowaznienia/<uuid:uuid>/odwolanie/", authorisation_revoke, name="authorisation_revoke"),
]
