"""The staff pages of writing and moving an individual plan: the list of plans, a plan's case
page with its 30-day clock, versions and history, the draft's header and parts, and each step
of the plan's life (submit, return, approve, change, sign, reassign, discontinue).

Thin: each page reads through ``IndividualPlan.objects.visible_to`` (a plan one may not see is
a 404), calls one service and shows its refusal on the form or as a message. Reading a plan's
content writes an audit row (special-category data). Plain POST forms, post/redirect/get."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from opencus.catalog.models import QualificationMode
from opencus.core.access import capability_required
from opencus.core.actions import confirm_page
from opencus.core.audit import audit_record
from opencus.core.formatting import day_text
from opencus.core.forms import GovukForm, ReasonForm, form_add_domain_error
from opencus.core.models import AuditAction
from opencus.core.roles import Role, has_capability, user_roles
from opencus.intake.models import (
    Application,
    NeedsAssessment,
)
from opencus.plans import clocks, ledger, selectors, services
from opencus.plans.capabilities import PLAN_APPROVE, PLAN_VIEW, PLAN_WRITE
from opencus.plans.forms import (
    CommitmentForm,
    GoalForm,
    ParticipantForm,
    PlanFilterForm,
    PlannedServiceForm,
    ReassignForm,
    ReviewDateForm,
    SignForm,
    SubmitForm,
    VersionForm,
)
from opencus.plans.models import (
    IndividualPlan,
    PlanCommitment,
    PlanGoal,
    PlannedService,
    PlanParticipant,
    PlanReview,
    PlanReviewDate,
    PlanState,
    PlanTransition,
    PlanVersion,
    VersionState,
)

# --- Reading ----------------------------------------------------------------------------------


def _plan(request: HttpRequest, uuid: uuid.UUID) -> IndividualPlan:
    """The plan, if the user may see it; a 404 otherwise."""
    return selectors.plan_get(user=request.user, uuid=uuid)


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (bound even when empty, so an empty POST is checked too)."""
    return request.POST if request.method == "POST" else None


def _refused(request: HttpRequest, plan: IndividualPlan, message: str) -> HttpResponse:
    """A step this user may not take on this plan: said in words, with a 403."""
    return render(request, "plans/refused.html", {"plan": plan, "message": message}, status=403)


def _may_write(request: HttpRequest, plan: IndividualPlan) -> bool:
    return selectors.can_write(request.user, plan)


def _write_refusal(request: HttpRequest, plan: IndividualPlan) -> HttpResponse:
    if plan.is_closed:
        return _refused(request, plan, _closed_text(plan))
    return _refused(
        request,
        plan,
        _(
            "Only the plan's coordinator (now %(name)s) or the director may change this plan. "
            "If you are to take it on, ask the director or an organiser to hand it over to you."
        )
        % {"name": _user_name(plan.coordinator)},
    )


def _closed_text(plan: IndividualPlan) -> str:
    return _("The plan is %(state)s: it is kept as it is and can no longer be changed.") % {
        "state": plan.get_state_display()
    }


def _user_name(user: Any) -> str:
    return str(user.get_full_name() or user.username) if user is not None else ""


def _read_audited(request: HttpRequest, plan: IndividualPlan, version: PlanVersion | None) -> None:
    """A plan's content is special-category data: every reading is recorded."""
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW_SENSITIVE,
        obj=plan,
        changes={"version": version.number if version is not None else None},
    )


@dataclass(frozen=True)
class Clock:
    """The law's 30 days from the application, in words (never by colour alone)."""

    text: str
    #: "due" (days left), "today", "overdue", "on_time" (submitted in time), "late".
    state: str
    #: The recorded reason of a late plan.
    reason: str = ""

    @property
    def warns(self) -> bool:
        return self.state in ("overdue", "late", "today")


def plan_clock(plan: IndividualPlan, today: dt.date) -> Clock:
    """Where the plan stands against the 30 days: before its first submission, the days left
    (or how many days it is overdue); once submitted, on which day it was submitted."""
    filed_at = plan.application.filed_at
    if plan.first_submitted_at is not None:
        day = clocks.plan_day_number(filed_at, plan.first_submitted_at)
        on = day_text(clocks.warsaw_day(plan.first_submitted_at))
        if plan.submitted_late:
            return Clock(
                _(
                    "Submitted late, on day %(day)s after the application (%(date)s); it was "
                    "due by %(due)s."
                )
                % {"day": day, "date": on, "due": day_text(plan.due_on)},
                "late",
                plan.delay_reason,
            )
        return Clock(
            _("Submitted on time, on day %(day)s of 30 (%(date)s).") % {"day": day, "date": on},
            "on_time",
        )
    left = clocks.days_left(plan.due_on, today)
    due = day_text(plan.due_on)
    if left > 0:
        return Clock(
            ngettext(
                "%(n)s day left of the 30 to submit the plan (due by %(date)s).",
                "%(n)s days left of the 30 to submit the plan (due by %(date)s).",
                left,
            )
            % {"n": left, "date": due},
            "due",
        )
    if left == 0:
        return Clock(_("The plan is due today (%(date)s), the 30th day.") % {"date": due}, "today")
    return Clock(
        ngettext(
            "Overdue by %(n)s day: the plan was due by %(date)s.",
            "Overdue by %(n)s days: the plan was due by %(date)s.",
            -left,
        )
        % {"n": -left, "date": due},
        "overdue",
    )


def _version_content(version: PlanVersion) -> dict[str, Any]:
    """The parts of a version, each list read in one query."""
    return {
        "goals": list(version.goals.all()),
        "services": list(
            version.planned_services.select_related(
                "service__programme", "provider", "entitlement", "item"
            )
        ),
        "commitments": list(version.commitments.all()),
        "participants": list(version.participants.select_related("user")),
        "review_dates": list(version.review_dates.all()),
    }


# --- The list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    plan: IndividualPlan
    clock: Clock


def _late_counts(plans: QuerySet[IndividualPlan], today: dt.date) -> list[tuple[int, int]]:
    """How many plans were first submitted after the 30 days, this year and last year (by the
    Warsaw calendar day of the submission)."""
    counts = []
    for year in (today.year, today.year - 1):
        start = dt.datetime(year, 1, 1, tzinfo=clocks.WARSAW)
        end = dt.datetime(year + 1, 1, 1, tzinfo=clocks.WARSAW)
        counts.append(
            (
                year,
                plans.filter(
                    submitted_late=True, first_submitted_at__gte=start, first_submitted_at__lt=end
                ).count(),
            )
        )
    return counts


@capability_required(PLAN_VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the user may see, soonest due first, filtered by state, "mine only" and
    "late"; with the counts of late plans this year and last year (counted for the reports)."""
    visible = IndividualPlan.objects.visible_to(request.user)
    form = PlanFilterForm(request.GET or None)
    plans = visible.select_related("person", "coordinator", "application")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            plans = plans.filter(state=data["state"])
        if data["mine"]:
            plans = plans.filter(coordinator_id=request.user.pk)
        if data["late"]:
            plans = plans.filter(submitted_late=True)
    elif form.is_bound:
        plans = plans.none()
    plans = plans.order_by("due_on", "id")
    page = Paginator(plans, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    today = clocks.warsaw_today()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/plan_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [PlanRow(plan, plan_clock(plan, today)) for plan in page.object_list],
            "late_counts": _late_counts(visible, today),
            "query_prefix": (query.urlencode() + "&") if query else "",
            "filtered": form.is_bound,
        },
        status=400 if form.errors else 200,
    )


# --- Creating a plan from an assessment -------------------------------------------------------


def _assessment(request: HttpRequest, pk: int) -> NeedsAssessment:
    return get_object_or_404(
        NeedsAssessment.objects.filter(
            application__in=Application.objects.visible_to(request.user)
        ).select_related("application__person"),
        pk=pk,
    )


@capability_required(PLAN_WRITE)
def plan_create(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """GET: whose plan it will be and how many of the 30 days are left. POST: draft the plan
    (version 1, with the services the assessment found fitting) and open it."""
    assessment = _assessment(request, assessment_pk)
    application = assessment.application
    existing = selectors.open_plan_for(application)
    form = GovukForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(assessment=assessment, acting_user=request.user)
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The plan %(reference)s has been drafted.") % {"reference": plan.reference},
            )
            return redirect("plans:detail", uuid=plan.uuid)
    due_on = clocks.plan_due_on(application.filed_at)
    left = clocks.days_left(due_on, clocks.warsaw_today())
    return confirm_page(
        request,
        "plans/create_confirm.html",
        title=_("Start an individual plan"),
        caption=application.person.full_name,
        button=_("Start the plan"),
        back_url=reverse("intake:application_detail", args=[application.uuid]),
        form=form,
        can_confirm=assessment.plan_needed and existing is None,
        assessment=assessment,
        application=application,
        person=application.person,
        due_on=due_on,
        days_left=left,
        overdue_days=-left,
        existing=existing,
        existing_visible=existing is not None
        and IndividualPlan.objects.visible_to(request.user).filter(pk=existing.pk).exists(),
    )


# --- The case page and its versions -----------------------------------------------------------


def _actions(
    request: HttpRequest, plan: IndividualPlan, open_version: PlanVersion | None
) -> dict[str, bool]:
    """Which steps to offer the user on the plan's page (the services decide in the end)."""
    user = request.user
    writes = not plan.is_closed and _may_write(request, plan)
    approves = has_capability(user, PLAN_APPROVE) and not plan.is_closed
    draft = open_version is not None and open_version.state == VersionState.DRAFT
    submitted = open_version is not None and open_version.state == VersionState.SUBMITTED
    return {
        "edit": writes and draft,
        "submit": writes and draft,
        "return": approves and submitted,
        "approve": approves and submitted,
        "change_start": writes and plan.state == PlanState.ACTIVE and open_version is None,
        "change_abandon": writes and draft and plan.current_version_id is not None,
        "sign": writes and (plan.current_version_id is not None or submitted),
        "reassign": selectors.may_manage(user) and not plan.is_closed,
        "discontinue": writes,
        # Monitoring (``monitoring_views``): reviews and the closing summary of an active plan.
        "review": writes and plan.state == PlanState.ACTIVE,
        "complete": writes and plan.state == PlanState.ACTIVE and open_version is None,
    }


def _reviews(plan: IndividualPlan) -> list[PlanReview]:
    """The plan's reviews, newest first, with the progress on each goal."""
    return list(
        PlanReview.objects.filter(plan=plan)
        .select_related("recorded_by", "review_date", "version")
        .prefetch_related("progress__goal")
        .order_by("-held_on", "-id")
    )


def _history(plan: IndividualPlan) -> list[PlanTransition]:
    return list(plan.transitions.select_related("actor", "version").order_by("at", "id"))


@capability_required(PLAN_VIEW)
def plan_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """The plan's case page: the person, the state, the coordinator, the 30-day clock, the
    version in force and the one worked on, its content, the steps one may take, the history."""
    plan = _plan(request, uuid)
    versions = list(plan.versions.select_related("approved_by", "submitted_by").order_by("number"))
    open_version = next(
        (v for v in versions if v.state in (VersionState.DRAFT, VersionState.SUBMITTED)), None
    )
    current = next((v for v in versions if v.pk == plan.current_version_id), None)
    shown = open_version or current or (versions[-1] if versions else None)
    _read_audited(request, plan, shown)
    today = clocks.warsaw_today()
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "person": plan.person,
            "clock": plan_clock(plan, today),
            "versions": versions,
            "current": current,
            "open_version": open_version,
            "shown": shown,
            "content": _version_content(shown) if shown is not None else None,
            "actions": _actions(request, plan, open_version),
            "history": _history(plan),
            "PlanState": PlanState,
            # What the ledger recorded against the version in force, per planned service.
            "progress": ledger.version_progress(current, today=today) if current else [],
            "reviews": _reviews(plan),
        },
    )


@capability_required(PLAN_VIEW)
def version_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """One version of a plan, read-only: earlier versions stay readable."""
    version = get_object_or_404(
        PlanVersion.objects.filter(
            plan__in=IndividualPlan.objects.visible_to(request.user)
        ).select_related(
            "plan__person",
            "plan__application",
            "plan__coordinator",
            "approved_by",
            "submitted_by",
            "signed_recorded_by",
            "approved_under",
        ),
        uuid=uuid,
    )
    plan = version.plan
    _read_audited(request, plan, version)
    return render(
        request,
        "plans/version_detail.html",
        {
            "plan": plan,
            "person": plan.person,
            "version": version,
            "clock": plan_clock(plan, clocks.warsaw_today()),
            "content": _version_content(version),
            "PlanState": PlanState,
        },
    )


# --- Editing a draft --------------------------------------------------------------------------


def _draft(request: HttpRequest, plan: IndividualPlan) -> PlanVersion | HttpResponse:
    """The draft version to edit; a refusal page when the user may not change the plan or
    there is no draft (a submitted, approved or closed plan is not edited)."""
    if not _may_write(request, plan):
        return _write_refusal(request, plan)
    version = selectors.open_version(plan)
    if version is None or version.state != VersionState.DRAFT:
        return _refused(request, plan, _not_editable(plan, version))
    return version


def _not_editable(plan: IndividualPlan, version: PlanVersion | None) -> str:
    if plan.is_closed:
        return _("The plan is %(state)s: it is kept as it is and can no longer be changed.") % {
            "state": plan.get_state_display()
        }
    if version is not None and version.state == VersionState.SUBMITTED:
        return _(
            "Version %(number)s is waiting for approval and cannot be changed now. The approver "
            "may return it for corrections."
        ) % {"number": version.number}
    return _(
        "The plan in force is not edited: start a change of the plan, which makes a new "
        "version to approve."
    )


@capability_required(PLAN_WRITE)
def version_edit(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """The header of the draft: its period, the person's situation and consent, and for a
    change what changes and why."""
    plan = _plan(request, uuid)
    version = _draft(request, plan)
    if isinstance(version, HttpResponse):
        return version
    is_change = plan.current_version_id is not None or version.number > 1
    fields = ["starts_on", "ends_on", "situation", "consent_given_on", "consent_note"]
    if is_change:
        fields.append("change_reason")
    form = VersionForm(
        _posted(request),
        is_change=is_change,
        initial={name: getattr(version, name) for name in fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(
                version=version,
                acting_user=request.user,
                **{name: form.cleaned_data[name] for name in fields},
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The plan's details have been saved."))
            return redirect("plans:detail", uuid=plan.uuid)
    return render(
        request,
        "plans/version_form.html",
        {"plan": plan, "person": plan.person, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class PartKind:
    """One kind of part of a version's content, as its pages need it."""

    slug: str
    model: type[Any]
    form: type[GovukForm]
    related: str
    fields: tuple[str, ...]
    anchor: str
    add_title: Any
    edit_title: Any
    remove_title: Any
    saved: Any
    removed: Any


PART_KINDS: dict[str, PartKind] = {
    kind.slug: kind
    for kind in (
        PartKind(
            "cele",
            PlanGoal,
            GoalForm,
            "goals",
            ("description", "measure", "target_on"),
            "goals",
            gettext_lazy("Add a goal"),
            gettext_lazy("Change the goal"),
            gettext_lazy("Remove the goal"),
            gettext_lazy("The goal has been saved."),
            gettext_lazy("The goal has been removed."),
        ),
        PartKind(
            "uslugi",
            PlannedService,
            PlannedServiceForm,
            "planned_services",
            ("service", "provider", "scope", "units", "unit", "period", "starts_on", "ends_on"),
            "services",
            gettext_lazy("Add a planned service"),
            gettext_lazy("Change the planned service"),
            gettext_lazy("Remove the planned service"),
            gettext_lazy("The planned service has been saved."),
            gettext_lazy("The planned service has been removed."),
        ),
        PartKind(
            "zobowiazania",
            PlanCommitment,
            CommitmentForm,
            "commitments",
            ("text",),
            "commitments",
            gettext_lazy("Add a commitment of the person"),
            gettext_lazy("Change the commitment"),
            gettext_lazy("Remove the commitment"),
            gettext_lazy("The commitment has been saved."),
            gettext_lazy("The commitment has been removed."),
        ),
        PartKind(
            "osoby",
            PlanParticipant,
            ParticipantForm,
            "participants",
            ("kind", "user", "name", "role", "contact"),
            "participants",
            gettext_lazy("Add a person or institution involved"),
            gettext_lazy("Change who is involved"),
            gettext_lazy("Remove from the people involved"),
            gettext_lazy("The person or institution involved has been saved."),
            gettext_lazy("The person or institution has been removed from the plan."),
        ),
        PartKind(
            "terminy-przegladow",
            PlanReviewDate,
            ReviewDateForm,
            "review_dates",
            ("due_on",),
            "reviews",
            gettext_lazy("Add a review date"),
            gettext_lazy("Change the review date"),
            gettext_lazy("Remove the review date"),
            gettext_lazy("The review date has been saved."),
            gettext_lazy("The review date has been removed."),
        ),
    )
}


def _part_kind(slug: str) -> PartKind:
    kind = PART_KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _part_form(kind: PartKind, data: Any, instance: Any) -> GovukForm:
    initial = {name: getattr(instance, name) for name in kind.fields} if instance else None
    if initial and isinstance(initial.get("units"), Decimal):
        # 4 visits, not 4.00 visits.
        units = initial["units"]
        initial["units"] = (
            units.to_integral_value() if units == units.to_integral_value() else units
        )
    if kind.model is PlannedService:
        return PlannedServiceForm(data, initial=initial, instance=instance)
    return kind.form(data, initial=initial)


def _part_page(request: HttpRequest, uuid: uuid.UUID, slug: str, pk: int | None) -> HttpResponse:
    plan = _plan(request, uuid)
    kind = _part_kind(slug)
    version = _draft(request, plan)
    if isinstance(version, HttpResponse):
        return version
    instance = get_object_or_404(getattr(version, kind.related), pk=pk) if pk is not None else None
    form = _part_form(kind, _posted(request), instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.part_save(
                version=version,
                model=kind.model,
                acting_user=request.user,
                instance=instance,
                data={name: form.cleaned_data[name] for name in kind.fields},
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, str(kind.saved))
            return redirect(reverse("plans:detail", args=[plan.uuid]) + f"#{kind.anchor}")
    return render(
        request,
        "plans/part_form.html",
        {
            "plan": plan,
            "person": plan.person,
            "version": version,
            "form": form,
            "title": kind.edit_title if instance else kind.add_title,
            "back_url": reverse("plans:detail", args=[plan.uuid]) + f"#{kind.anchor}",
        },
        status=400 if form.errors else 200,
    )


@capability_required(PLAN_WRITE)
def part_add(request: HttpRequest, uuid: uuid.UUID, kind: str) -> HttpResponse:
    return _part_page(request, uuid, kind, None)


@capability_required(PLAN_WRITE)
def part_edit(request: HttpRequest, uuid: uuid.UUID, kind: str, pk: int) -> HttpResponse:
    return _part_page(request, uuid, kind, pk)


@capability_required(PLAN_WRITE)
def part_remove(request: HttpRequest, uuid: uuid.UUID, kind: str, pk: int) -> HttpResponse:
    """GET: which part will be removed from the draft. POST: remove it (an earlier version
    keeps its own copy)."""
    plan = _plan(request, uuid)
    part_kind = _part_kind(kind)
    version = _draft(request, plan)
    if isinstance(version, HttpResponse):
        return version
    part = get_object_or_404(getattr(version, part_kind.related), pk=pk)
    back_url = reverse("plans:detail", args=[plan.uuid]) + f"#{part_kind.anchor}"
    form = GovukForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.part_remove(part=part, acting_user=request.user)
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, str(part_kind.removed))
            return redirect(back_url)
    return confirm_page(
        request,
        "plans/part_remove.html",
        title=str(part_kind.remove_title),
        caption=f"{plan.reference} · {plan.person.full_name}",
        button=str(part_kind.remove_title),
        back_url=back_url,
        form=form,
        part_text=_part_text(part),
        plan=plan,
    )


def _part_text(part: Any) -> str:
    """The part in words, as the remove page names it."""
    if isinstance(part, PlanReviewDate):
        return day_text(part.due_on)
    if isinstance(part, PlanParticipant) and part.user is not None:
        return _user_name(part.user)
    if isinstance(part, PlannedService):
        return f"{part.service.name}: {part.frequency_text}"
    return str(part)


# --- The steps of the plan's life -------------------------------------------------------------


def _step_page(
    request: HttpRequest,
    plan: IndividualPlan,
    *,
    template: str = "plans/step_confirm.html",
    form: Any,
    run: Any,
    done: str,
    title: str,
    button: str,
    can_confirm: bool,
    explanation: str = "",
    warning: str = "",
    **context: Any,
) -> HttpResponse:
    """A step that asks first: a GET shows what will happen (or why it cannot happen now), a
    valid POST runs ``run(data)`` (one service) and goes back to the plan."""
    if request.method == "POST" and can_confirm and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("plans:detail", uuid=plan.uuid)
    elif request.method == "POST" and not can_confirm:
        # Nothing is posted to a step that cannot be taken: the page says why.
        form = GovukForm()
    return confirm_page(
        request,
        template,
        title=title,
        caption=f"{plan.reference} · {plan.person.full_name}",
        button=button,
        back_url=reverse("plans:detail", args=[plan.uuid]),
        warning=warning,
        form=form,
        can_confirm=can_confirm,
        plan=plan,
        explanation=explanation,
        **context,
    )


def _present(version: PlanVersion | None) -> PlanVersion:
    """The version a step runs on (steps with no version are never confirmed)."""
    if version is None:
        raise Http404
    return version


def _submitted_late_if_now(plan: IndividualPlan) -> bool:
    """Whether a first submission today would be late (a resubmission keeps the first)."""
    return plan.first_submitted_at is None and clocks.warsaw_today() > plan.due_on


@capability_required(PLAN_WRITE)
def plan_submit(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Submit the draft for approval; after the 30 days the reason for the delay is asked."""
    plan = _plan(request, uuid)
    if not _may_write(request, plan):
        return _write_refusal(request, plan)
    version = selectors.open_version(plan)
    draft = version is not None and version.state == VersionState.DRAFT
    late = _submitted_late_if_now(plan)
    return _step_page(
        request,
        plan,
        template="plans/submit_confirm.html",
        form=SubmitForm(_posted(request), late=late),
        run=lambda data: services.plan_submit(
            version=_present(version),
            acting_user=request.user,
            delay_reason=data.get("delay_reason", ""),
        ),
        done=_("The plan has been submitted for approval."),
        title=_("Submit the plan for approval"),
        button=_("Submit for approval"),
        can_confirm=draft,
        explanation="" if draft else _not_editable(plan, version),
        version=version,
        late=late,
        clock=plan_clock(plan, clocks.warsaw_today()),
    )


def _approval_refusal(
    request: HttpRequest, plan: IndividualPlan, version: PlanVersion | None
) -> str:
    """Why the user cannot approve or return now ("" when they can)."""
    if version is None or version.state != VersionState.SUBMITTED:
        return _("No version of this plan is waiting for approval.")
    if plan.coordinator_id == request.user.pk and Role.DIRECTOR not in user_roles(request.user):
        return _(
            "You coordinate this plan: the director or another authorised organiser approves it."
        )
    if not selectors.can_approve(request.user, clocks.warsaw_today()):
        return _(
            "Only the director, or an organiser whom the director has authorised to approve "
            "plans, may approve or return a plan; you have no authorisation in force today "
            "(%(date)s)."
        ) % {"date": day_text(clocks.warsaw_today())}
    return ""


@capability_required(PLAN_APPROVE)
def plan_return(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """The approver sends the submitted version back to the coordinator, with the reason."""
    plan = _plan(request, uuid)
    version = selectors.open_version(plan)
    refusal = _approval_refusal(request, plan, version)
    return _step_page(
        request,
        plan,
        form=ReasonForm(
            _posted(request),
            label=_("What should the coordinator correct?"),
            required=_("Write what should be corrected."),
        ),
        run=lambda data: services.plan_return(
            version=_present(version), acting_user=request.user, reason=data["reason"]
        ),
        done=_("The plan has been returned to the coordinator for corrections."),
        title=_("Return the plan for corrections"),
        button=_("Return for corrections"),
        can_confirm=not refusal,
        explanation=refusal
        or _("The version goes back to a draft; the coordinator sees your reason on the plan."),
    )


@dataclass(frozen=True)
class ServiceEffect:
    planned: PlannedService
    text: str


def _approval_effects(plan: IndividualPlan, version: PlanVersion) -> list[ServiceEffect]:
    """What approving will do for each planned service, as ``plan_approve`` does it: the
    person's entitlement to the service is set to the plan's frequency; without one, the
    request waiting in the queue, or a new request filed through the plan, is qualified (a
    service granted by an administrative decision waits for the decision)."""
    planned = list(version.planned_services.select_related("service", "provider"))
    service_ids = [p.service_id for p in planned]
    held = set(
        selectors.entitlements_open(plan.person_id, service_ids).values_list(
            "service_id", flat=True
        )
    )
    waiting = set(
        selectors.requests_queued(plan.person_id, service_ids).values_list("service_id", flat=True)
    )
    effects = []
    for service in planned:
        params = {
            "service": service.service.name,
            "frequency": service.frequency_text,
            "start": day_text(service.starts_on),
            "end": day_text(service.ends_on),
        }
        if service.service_id in held:
            text = _(
                "%(service)s: the person's entitlement is set to %(frequency)s (%(start)s–%(end)s)."
            )
        elif service.service.qualification_mode == QualificationMode.DECISION:
            text = _(
                "%(service)s: the request goes to the queue and waits for the administrative "
                "decision; the plan foresees %(frequency)s (%(start)s–%(end)s)."
            )
        elif service.service_id in waiting:
            text = _(
                "%(service)s: the person's request waiting in the queue is qualified, if a "
                "place is free, with %(frequency)s (%(start)s–%(end)s); otherwise it keeps its "
                "place on the waiting list."
            )
        else:
            text = _(
                "%(service)s: a request is filed through the plan and qualified, if a place is "
                "free, with %(frequency)s (%(start)s–%(end)s); otherwise it waits on the "
                "waiting list."
            )
        effects.append(ServiceEffect(service, text % params))
    return effects


@capability_required(PLAN_APPROVE)
def plan_approve(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET: what approving will do (the entitlements it creates or adjusts). POST: approve."""
    plan = _plan(request, uuid)
    version = selectors.open_version(plan)
    refusal = _approval_refusal(request, plan, version)
    return _step_page(
        request,
        plan,
        template="plans/approve_confirm.html",
        form=GovukForm(_posted(request)),
        run=lambda data: services.plan_approve(version=_present(version), acting_user=request.user),
        done=_("The plan has been approved and is in force."),
        title=_("Approve the plan"),
        button=_("Approve the plan"),
        can_confirm=not refusal,
        explanation=refusal,
        version=version,
        effects=_approval_effects(plan, version) if version is not None and not refusal else [],
        clock=plan_clock(plan, clocks.warsaw_today()),
        replaces=plan.current_version,
    )


@capability_required(PLAN_WRITE)
def change_start(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Start a change of the active plan: a new draft version, copied from the one in force,
    which needs approval again; the approved one stays in force meanwhile."""
    plan = _plan(request, uuid)
    if not _may_write(request, plan):
        return _write_refusal(request, plan)
    open_version = selectors.open_version(plan)
    can = plan.state == PlanState.ACTIVE and open_version is None
    if plan.state != PlanState.ACTIVE:
        explanation = _(
            "Only an active plan is changed by a new version; this plan is %(state)s."
        ) % {"state": plan.get_state_display()}
    elif open_version is not None:
        explanation = _("Version %(number)s is already being worked on.") % {
            "number": open_version.number
        }
    else:
        explanation = _(
            "A new draft version is made from the version in force. The version in force "
            "stays in force until the new one is approved."
        )
    return _step_page(
        request,
        plan,
        form=ReasonForm(
            _posted(request),
            label=_("What should change and why?"),
            required=_("Write what should change and why."),
        ),
        run=lambda data: services.plan_change_start(
            plan=plan, acting_user=request.user, reason=data["reason"]
        ),
        done=_("A new version of the plan has been started."),
        title=_("Change the plan"),
        button=_("Start a new version"),
        can_confirm=can,
        explanation=explanation,
    )


@capability_required(PLAN_WRITE)
def change_abandon(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Give up the change being drafted: the version in force stays as it is."""
    plan = _plan(request, uuid)
    if not _may_write(request, plan):
        return _write_refusal(request, plan)
    version = selectors.open_version(plan)
    can = (
        version is not None
        and version.state == VersionState.DRAFT
        and plan.current_version_id is not None
    )
    return _step_page(
        request,
        plan,
        form=ReasonForm(
            _posted(request),
            label=_("Why is the change given up?"),
            required=_("Write why the change is given up."),
        ),
        run=lambda data: services.plan_change_abandon(
            version=_present(version), acting_user=request.user, reason=data["reason"]
        ),
        done=_("The change has been given up; the version in force stays as it was."),
        title=_("Give up the change"),
        button=_("Give up the change"),
        can_confirm=can,
        explanation=_(
            "The draft version is kept, marked as given up, and the version in force stays "
            "as it is."
        )
        if can
        else _("No change of the plan is being drafted."),
    )


def _signable(plan: IndividualPlan) -> PlanVersion | None:
    """The version the person signs: the one in force, else the one waiting for approval."""
    if plan.current_version is not None:
        return plan.current_version
    version = selectors.open_version(plan)
    return version if version is not None and version.state == VersionState.SUBMITTED else None


@capability_required(PLAN_WRITE)
def plan_sign(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Record the date the person signed the plan on paper."""
    plan = _plan(request, uuid)
    if not _may_write(request, plan):
        return _write_refusal(request, plan)
    version = _signable(plan)
    if version is None:
        explanation = _("The plan has no submitted or approved version for the person to sign.")
    else:
        explanation = _(
            "The person signs the printed plan (version %(number)s, %(state)s); record here "
            "the date written beside the signature."
        ) % {"number": version.number, "state": version.get_state_display()}
    return _step_page(
        request,
        plan,
        form=SignForm(
            _posted(request),
            initial={"signed_on": version.signed_on} if version is not None else None,
        ),
        run=lambda data: services.plan_sign(
            version=_present(version), signed_on=data["signed_on"], acting_user=request.user
        ),
        done=_("The signature has been recorded."),
        title=_("Record the signature"),
        button=_("Record the signature"),
        can_confirm=version is not None,
        explanation=explanation,
    )


@capability_required(PLAN_APPROVE)
def plan_reassign(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Hand the plan over to another coordinator (the director or an organiser does it)."""
    plan = _plan(request, uuid)
    if not selectors.may_manage(request.user):
        return _refused(
            request, plan, _("Only the director or a social services organiser hands a plan over.")
        )
    if plan.is_closed:
        return _refused(request, plan, _closed_text(plan))
    return _step_page(
        request,
        plan,
        form=ReassignForm(_posted(request), current=plan.coordinator),
        run=lambda data: services.plan_reassign(
            plan=plan,
            coordinator=data["coordinator"],
            acting_user=request.user,
            reason=data["reason"],
        ),
        done=_("The plan has been handed over to its new coordinator."),
        title=_("Change the coordinator"),
        button=_("Hand the plan over"),
        can_confirm=True,
        explanation=_("The plan is coordinated by %(name)s now.")
        % {"name": _user_name(plan.coordinator)},
    )


@capability_required(PLAN_WRITE)
def plan_discontinue(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """End the plan before its time, with the reason (the person moved away, withdrew…); a
    version being worked on is given up."""
    plan = _plan(request, uuid)
    if not _may_write(request, plan):
        return _write_refusal(request, plan)
    return _step_page(
        request,
        plan,
        form=ReasonForm(
            _posted(request),
            label=_("Why is the plan discontinued?"),
            help_text=_("For example: the person moved to another municipality."),
            required=_("Write why the plan is discontinued."),
        ),
        run=lambda data: services.plan_discontinue(
            plan=plan, acting_user=request.user, reason=data["reason"]
        ),
        done=_("The plan has been discontinued."),
        title=_("Discontinue the plan"),
        button=_("Discontinue the plan"),
        can_confirm=True,
        warning=_("A discontinued plan is kept as it is and can no longer be changed."),
    )


urlpatterns = [
    path("", plan_list, name="list"),
    path("z-rozpoznania/<int:assessment_pk>/", plan_create, name="create"),
    path("<uuid:uuid>/", plan_detail, name="detail"),
    path("wersje/<uuid:uuid>/", version_detail, name="version"),
    path("<uuid:uuid>/edycja/", version_edit, name="edit"),
    path("<uuid:uuid>/tresc/<slug:kind>/nowy/", part_add, name="part_add"),
    path("<uuid:uuid>/tresc/<slug:kind>/<int:pk>/", part_edit, name="part_edit"),
    path("<uuid:uuid>/tresc/<slug:kind>/<int:pk>/usuniecie/", part_remove, name="part_remove"),
    path("<uuid:uuid>/zlozenie/", plan_submit, name="submit"),
    path("<uuid:uuid>/zwrot/", plan_return, name="return"),
    path("<uuid:uuid>/zatwierdzenie/", plan_approve, name="approve"),
    path("<uuid:uuid>/zmiana/", change_start, name="change_start"),
    path("<uuid:uuid>/zmiana/rezygnacja/", change_abandon, name="change_abandon"),
    path("<uuid:uuid>/podpis/", plan_sign, name="sign"),
    path("<uuid:uuid>/koordynator/", plan_reassign, name="reassign"),
    path("<uuid:uuid>/przerwanie/", plan_discontinue, name="discontinue"),
]
