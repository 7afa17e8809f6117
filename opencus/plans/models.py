"""Individual social services plans (indywidualny plan usług społecznych, IPUS; domain.md §1.4).

A plan is written by a coordinator with one person, from an application whose needs
assessment found that services need coordination for at least three months. Its content —
goals, planned services, the person's commitments, the people and institutions involved,
review dates and the person's consent — lives in numbered **versions**: the first version is
the plan as drafted; changing an active plan starts a new version that needs approval again,
while the approved one stays in force and readable. Nothing is deleted; every step of the plan
and of each version is a row in ``PlanTransition``.

States of the plan: draft → awaiting approval → active → completed | discontinued.
States of a version: draft → submitted → approved → superseded (a submitted version returned
for corrections goes back to draft; a change given up is abandoned).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.models import Transition
from opencus.core.roles import Role, has_capability, user_roles
from opencus.intake.models import Application, ApplicationItem, Entitlement, NeedsAssessment
from opencus.people.models import Person
from opencus.plans.capabilities import PLAN_VIEW
from opencus.providers.models import Provider


class PlanState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan", "draft")
    AWAITING_APPROVAL = "awaiting", pgettext_lazy("plan", "awaiting approval")
    ACTIVE = "active", pgettext_lazy("plan", "active")
    COMPLETED = "completed", pgettext_lazy("plan", "completed")
    DISCONTINUED = "discontinued", pgettext_lazy("plan", "discontinued")


#: States in which the plan is still worked on (not closed).
OPEN_PLAN_STATES = (PlanState.DRAFT, PlanState.AWAITING_APPROVAL, PlanState.ACTIVE)


class VersionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan version", "draft")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved, in force")
    SUPERSEDED = "superseded", _("replaced by a later version")
    ABANDONED = "abandoned", _("change given up")


#: Versions whose content may still be edited.
EDITABLE_VERSION_STATES = (VersionState.DRAFT,)


class IndividualPlanQuerySet(models.QuerySet["IndividualPlan"]):
    def visible_to(self, user: Any) -> IndividualPlanQuerySet:
        """The plans ``user`` may read.

        - The director and the social services organisers (who approve and monitor): all.
        - A coordinator: the plans they coordinate, and those where they are named among the
          responsible staff of any version. A colleague who is not named sees nothing: the
          plan holds special-category data, read only by those who need it (art. 100 of the
          Social Assistance Act; hand a plan over with ``plan_reassign``).
        - Everyone else: nothing.
        """
        if not has_capability(user, PLAN_VIEW):
            return self.none()
        roles = user_roles(user)
        if roles & {Role.DIRECTOR, Role.SERVICE_ORGANISER}:
            return self
        return self.filter(Q(coordinator=user) | Q(versions__participants__user=user)).distinct()

    def open(self) -> IndividualPlanQuerySet:
        return self.filter(state__in=OPEN_PLAN_STATES)


class IndividualPlan(models.Model):
    """An individual social services plan (indywidualny plan usług społecznych, IPUS) of one
    person, with its coordinator, the law's 30-day clock from the application, and its
    versions. ``current_version`` is the approved version in force (none before the first
    approval)."""

    special_category = True

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("plan number"), max_length=30, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="individual_plans", verbose_name=_("person")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="individual_plans",
        verbose_name=_("application"),
    )
    assessment = models.ForeignKey(
        NeedsAssessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="individual_plans",
        verbose_name=_("needs assessment that asked for it"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
        verbose_name=_("coordinator"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=PlanState.choices, default=PlanState.DRAFT
    )
    state_changed_at = models.DateTimeField(_("state changed"))
    #: The last day on time: the application's filing day (Warsaw) + 30 days (``clocks``).
    due_on = models.DateField(_("due by"))
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted after the 30 days"), default=False)
    delay_reason = models.TextField(_("reason for the delay"), blank=True)
    current_version = models.ForeignKey(
        "PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version in force"),
    )
    summary_interview_on = models.DateField(_("summary interview held on"), null=True, blank=True)
    summary = models.TextField(_("course and results of the plan"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.TextField(_("reason for discontinuing"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = IndividualPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="discontinued") | ~Q(closing_reason=""),
                name="plan_discontinued_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(submitted_late=False) | ~Q(delay_reason=""),
                name="plan_late_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["coordinator", "state"], name="plan_coordinator_idx"),
            models.Index(fields=["state", "due_on"], name="plan_due_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.state in (PlanState.COMPLETED, PlanState.DISCONTINUED)


class PlanVersion(models.Model):
    """One version of a plan's content (wersja planu): its period, goals, services,
    commitments, the people involved, the review dates and the person's consent; when it was
    submitted and approved, by whom and under which authorisation; and when the person signed
    it (on paper). An approved version is never edited: a change is a new version."""

    special_category = True

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        IndividualPlan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    change_reason = models.TextField(
        _("what changes and why"),
        blank=True,
        help_text=_("For a change of an active plan: what is different and why."),
    )
    situation = models.TextField(
        _("the person's situation"),
        blank=True,
        help_text=_("A short description of the situation and needs the plan answers."),
    )
    consent_given_on = models.DateField(_("the person agreed on"), null=True, blank=True)
    consent_note = models.CharField(_("how the consent was given"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on paper on"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature recorded by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_under = models.ForeignKey(
        "ApprovalAuthorisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_versions",
        verbose_name=_("under the authorisation"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number"),
            # At most one version is worked on at a time, and one is in force.
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(state__in=["draft", "submitted"]),
                name="plan_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="approved"), name="plan_one_version_in_force"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="plan_version_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.reference} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_VERSION_STATES


class VersionPart(models.Model):
    """What every part of a version's content shares: the version, an order, and a ``key``
    that stays the same when a new version copies the part, so two versions can be compared
    part by part."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class PlanGoal(VersionPart):
    """A goal of the plan (cel): what should change for the person, and how we will know."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="goals")
    description = models.TextField(_("what should change"))
    measure = models.TextField(_("how we will know"))
    target_on = models.DateField(_("by when"), null=True, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description[:60]


class PlannedService(VersionPart):
    """A service the plan provides (usługa w planie): which programme service, who delivers
    it, its scope, how often, and from when to when. On approval it is linked to the person's
    entitlement (``entitlement``) through the entitlement services; until the queue qualifies
    the request, ``item`` is the request that waits."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="planned_services"
    )
    service = models.ForeignKey(
        ProgrammeService, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    scope = models.TextField(_("scope"), help_text=_("What exactly is done for the person."))
    units = models.DecimalField(_("how many"), max_digits=6, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=14, choices=Unit.choices)
    period = models.CharField(_("per"), max_length=10, choices=Period.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    item = models.ForeignKey(
        ApplicationItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    entitlement = models.ForeignKey(
        Entitlement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_services",
        verbose_name=_("entitlement"),
    )

    class Meta(VersionPart.Meta):
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")
        constraints = [
            models.CheckConstraint(condition=Q(units__gt=0), name="planned_service_units"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="planned_service_period_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.service)

    @property
    def frequency_text(self) -> str:
        from opencus.core.formatting import number_text

        return f"{number_text(self.units)} × {Unit(self.unit).label} / {Period(self.period).label}"


class PlanCommitment(VersionPart):
    """What the person undertakes to do (zobowiązanie osoby)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="commitments")
    text = models.TextField(_("the person undertakes to"))

    class Meta(VersionPart.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.text[:60]


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("responsible staff of the centre")
    FAMILY = "family", _("family or a close person")
    INSTITUTION = "institution", _("institution or organisation")
    OTHER = "other", _("someone else")


class PlanParticipant(VersionPart):
    """Someone involved in carrying out the plan: the responsible staff (a user of the system),
    family members, institutions."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="participants")
    kind = models.CharField(_("who"), max_length=12, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role in the plan"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("person or institution involved")
        verbose_name_plural = _("people and institutions involved")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="staff") | Q(user__isnull=False),
                name="plan_participant_staff_user",
            ),
            models.CheckConstraint(
                condition=Q(kind="staff") | ~Q(name=""), name="plan_participant_named"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.user)


class PlanReviewDate(VersionPart):
    """A planned review of the plan (termin przeglądu)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="review_dates")
    due_on = models.DateField(_("review on"))

    class Meta(VersionPart.Meta):
        verbose_name = _("review date")
        verbose_name_plural = _("review dates")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return str(self.due_on)


class PlanReview(models.Model):
    """A review of an active plan (monitorowanie): notes, progress on each goal and the changes
    proposed. ``review_date`` is the planned date it answers, if any."""

    special_category = True

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        IndividualPlan, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("plan")
    )
    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("version")
    )
    review_date = models.ForeignKey(
        PlanReviewDate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("planned review"),
    )
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"))
    proposed_changes = models.TextField(_("changes proposed"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.plan.reference} {self.held_on}"


class GoalProgressLevel(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    SOME = "some", _("some progress")
    MOSTLY = "mostly", _("mostly reached")
    REACHED = "reached", _("reached")
    DROPPED = "dropped", _("no longer pursued")


class GoalProgress(models.Model):
    """Progress on one goal at one review."""

    review = models.ForeignKey(PlanReview, on_delete=models.PROTECT, related_name="progress")
    goal = models.ForeignKey(PlanGoal, on_delete=models.PROTECT, related_name="progress")
    level = models.CharField(_("progress"), max_length=12, choices=GoalProgressLevel.choices)
    note = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("progress on a goal")
        verbose_name_plural = _("progress on goals")
        ordering = ["goal__position", "goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_progress_once"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.level}"


class PlanChange(models.TextChoices):
    CREATED = "created", _("plan drafted")
    SUBMITTED = "submitted", _("submitted for approval")
    RETURNED = "returned", _("returned for corrections")
    APPROVED = "approved", _("approved")
    CHANGE_STARTED = "change_started", _("change started")
    CHANGE_ABANDONED = "change_abandoned", _("change given up")
    SIGNED = "signed", _("signature recorded")
    REVIEWED = "reviewed", _("review recorded")
    REASSIGNED = "reassigned", _("coordinator changed")
    COMPLETED = "completed", _("completed")
    DISCONTINUED = "discontinued", _("discontinued")


class PlanTransition(Transition):
    """The log of a plan (historia planu): each step, the version it concerns, the plan's
    state before and after, who and when, and why (``note``)."""

    plan = models.ForeignKey(IndividualPlan, on_delete=models.PROTECT, related_name="transitions")
    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )
    change = models.CharField(_("change"), max_length=20, choices=PlanChange.choices)
    from_state = models.CharField(max_length=12, choices=PlanState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=PlanState.choices)
    #: On submission, the content submitted (``versions.version_content``): what the approver
    #: saw stays readable even if the version is returned and edited.
    snapshot = models.JSONField(_("content submitted"), default=dict, blank=True)

    class Meta(Transition.Meta):
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        indexes = [models.Index(fields=["plan", "at"], name="plan_history_idx")]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.change}"


class ApprovalAuthorisation(models.Model):
    """The director's authorisation of a social services organiser to approve individual plans
    (upoważnienie do zatwierdzania IPUS), with its dates and the director's document number.
    It is never deleted: it ends on ``valid_until`` or when revoked."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_approval_authorisations",
        verbose_name=_("organiser"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    document = models.CharField(
        _("document"), max_length=120, blank=True, help_text=_("E.g. the director's order no.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("approval authorisation")
        verbose_name_plural = _("approval authorisations")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="authorisation_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.valid_from}–{self.valid_until}"


class ReminderKind(models.TextChoices):
    PLAN_DUE = "plan_due", _("a plan is due")
    REVIEW_DUE = "review_due", _("a review is due")
    PLAN_ENDING = "plan_ending", _("a plan is ending")


class PlanReminder(models.Model):
    """A reminder e-mail sent to a coordinator before a deadline. The row is written before the
    e-mail leaves, under a unique constraint, so each reminder is sent once — not again when
    the worker restarts or two workers run."""

    kind = models.CharField(_("kind"), max_length=12, choices=ReminderKind.choices)
    plan = models.ForeignKey(IndividualPlan, on_delete=models.PROTECT, related_name="reminders")
    deadline = models.DateField(_("deadline"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "plan", "deadline", "recipient"], name="plan_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.plan_id} {self.deadline}"
