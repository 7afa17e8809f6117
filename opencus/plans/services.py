"""Every change to individual plans (domain.md §1.4). Each service is atomic and keyword-only,
takes ``acting_user``, locks the plan's row (``select_for_update``) so that two steps on one
plan — two approvals, a submission and an approval — never interleave, writes a
``PlanTransition`` row for each step of the plan's life (not for edits of a draft's parts) and
an audit row for each change. A refusal raises a ``PlanError`` with a stable ``code`` and a
message naming the rule and the dates; nothing changes.

The law's rules (``clocks``): a plan is due within 30 days of the application, counted in the
Warsaw calendar — a plan submitted later needs the reason for the delay, and is counted as
late, but is never refused for it; it runs at least 3 months and at most a year; only the
director or an organiser the director has authorised (on the day) approves it.

Approving a plan links each planned service to the person's entitlement through intake's
services: an entitlement not yet ended is adjusted to the planned frequency and provider; an
open request is qualified through the queue; otherwise a request is filed "through an
individual plan" and qualified. A request that waits for a place, or a service granted by an
administrative decision, stays linked (``PlannedService.item``) and the plan goes on.

The audit rows never carry the plan's text (special-category data): they name the plan, the
version or the part, and the dates and states that changed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Period, ProgrammeService, QualificationMode, Unit
from opencus.core.audit import audit_record
from opencus.core.formatting import day_text, period_text
from opencus.core.models import AuditAction
from opencus.core.roles import Role, has_capability, is_staff_member, user_roles
from opencus.intake.entitlements import entitlement_plan_adjust
from opencus.intake.errors import EntitlementError, IntakeError
from opencus.intake.models import (
    Application,
    ApplicationItem,
    Channel,
    Entitlement,
    EntitlementStatus,
    NeedsAssessment,
)
from opencus.intake.services import application_file, item_qualify
from opencus.plans import clocks
from opencus.plans.capabilities import PLAN_AUTHORISE, PLAN_WRITE
from opencus.plans.errors import PlanError, PlanRuleError, PlanStateError
from opencus.plans.models import (
    ApprovalAuthorisation,
    GoalProgress,
    GoalProgressLevel,
    IndividualPlan,
    ParticipantKind,
    PlanChange,
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
from opencus.plans.selectors import (
    OPEN_VERSION_STATES,
    approval_authorisation,
    authorisation_last,
    can_approve,
    entitlements_open,
    is_writer,
    may_manage,
    requests_queued,
    reviewed_keys,
)
from opencus.plans.versions import version_content
from opencus.providers.models import ContractLine
from opencus.providers.selectors import providers_for_service

#: The parts of a version's content and the fields ``part_save`` accepts for each.
PART_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    PlanGoal: ("description", "measure", "target_on", "position"),
    PlannedService: (
        "service",
        "provider",
        "scope",
        "units",
        "unit",
        "period",
        "starts_on",
        "ends_on",
        "position",
    ),
    PlanCommitment: ("text", "position"),
    PlanParticipant: ("kind", "user", "name", "role", "contact", "position"),
    PlanReviewDate: ("due_on", "position"),
}
#: Fields of free text: the audit log records that they changed, never their words.
TEXT_FIELDS = frozenset(
    {"description", "measure", "scope", "text", "name", "role", "contact", "situation"}
    | {"consent_note", "change_reason"}
)
#: The header of a version ``version_update`` accepts.
HEADER_FIELDS = (
    "starts_on",
    "ends_on",
    "situation",
    "consent_given_on",
    "consent_note",
    "change_reason",
)
REFERENCE_PREFIX = "IPUS"


# --- Helpers ----------------------------------------------------------------------------------


def _today() -> dt.date:
    return clocks.warsaw_today()


def _plan_locked(plan: IndividualPlan) -> IndividualPlan:
    """The plan's row, locked until the transaction ends, as it is in the database now."""
    return IndividualPlan.objects.select_for_update().select_related("application").get(pk=plan.pk)


def _version_locked(version: PlanVersion) -> tuple[IndividualPlan, PlanVersion]:
    """The version's plan locked (every step of a plan locks the plan first), and the version
    as it is now."""
    plan = _plan_locked(version.plan)
    return plan, PlanVersion.objects.select_for_update().get(pk=version.pk)


def _closed_refusal(plan: IndividualPlan) -> PlanStateError:
    closed_on = day_text(plan.closed_on) if plan.closed_on else ""
    if plan.state == PlanState.COMPLETED:
        message = _("The plan %(reference)s was completed on %(date)s: it can only be read now.")
    else:
        message = _("The plan %(reference)s was discontinued on %(date)s: it can only be read now.")
    return PlanStateError(message % {"reference": plan.reference, "date": closed_on}, code="closed")


def _require_writer(user: Any, plan: IndividualPlan) -> None:
    """The plan is open and ``user`` is its coordinator or the director."""
    if plan.is_closed:
        raise _closed_refusal(plan)
    if not is_writer(user, plan):
        raise PlanError(
            _("Only the plan's coordinator or the director may change the plan %(reference)s.")
            % {"reference": plan.reference},
            code="not_allowed",
        )


def _require_draft(version: PlanVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise PlanStateError(
            _("Version %(number)s of the plan is %(state)s: only a draft version can be changed.")
            % {"number": version.number, "state": VersionState(version.state).label},
            code="not_draft",
        )


def _required_text(value: Any, field: str, message: Any) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        raise PlanError({field: message}, code=field)
    return text


def _not_in_future(day: dt.date, field: str, message: Any) -> None:
    """Refuse a day after today; ``message`` names it (``%(date)s``) and today (``%(today)s``)."""
    today = _today()
    if day > today:
        raise PlanRuleError(
            {field: message % {"today": day_text(today), "date": day_text(day)}},
            code="future",
        )


def _transition(
    *,
    plan: IndividualPlan,
    version: PlanVersion | None,
    change: str,
    from_state: str,
    acting_user: Any,
    note: str = "",
    snapshot: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> PlanTransition:
    return PlanTransition.objects.create(
        plan=plan,
        version=version,
        change=change,
        from_state=from_state,
        to_state=plan.state,
        at=at or timezone.now(),
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        note=note,
        snapshot=snapshot or {},
    )


def _plan_state_set(plan: IndividualPlan, state: str, now: dt.datetime) -> list[str]:
    """Move the plan's state (in memory); the fields to save."""
    if plan.state == state:
        return []
    plan.state = state
    plan.state_changed_at = now
    return ["state", "state_changed_at"]


def _validation_refusal(error: ValidationError) -> PlanError:
    if hasattr(error, "error_dict"):
        return PlanError(
            {field: ValidationError(messages) for field, messages in error.message_dict.items()},
            code="invalid",
        )
    return PlanError(" ".join(error.messages), code="invalid")


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def _changes(instance: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields that change, with free text left out."""
    diff: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new and name not in TEXT_FIELDS and name != "position":
            diff[name] = [_plain(old), _plain(new)]
    return diff


def _part_label(part: models.Model) -> str:
    """How the audit log names a part: its kind, its key and the version — not its words."""
    version = part.version  # type: ignore[attr-defined]
    return f"{part._meta.verbose_name} {part.key} ({version})"  # type: ignore[attr-defined]


# --- Creating a plan --------------------------------------------------------------------------


def _centre_words(text: str) -> str:
    """``text`` translated into the centre's language (``LANGUAGE_CODE``), for text that is
    stored in a record rather than shown once."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(text)


def natural_unit(service: ProgrammeService) -> str:
    """What one delivery of the service counts: the unit the centre records for its own
    service, else the unit of its fee, else that of a contract line for it, else a session."""
    if service.centre_unit:
        return service.centre_unit
    if service.fee_unit:
        return service.fee_unit
    line = ContractLine.objects.filter(service=service).order_by("-valid_from", "id").first()
    return line.unit if line is not None else Unit.SESSION


def _planned_from_catalogue(
    version: PlanVersion, service: ProgrammeService, position: int, today: dt.date
) -> PlannedService:
    limit = service.limits.order_by("id").first()
    if limit is not None:
        units, unit, period = limit.units, limit.unit, limit.period
    else:
        units, unit, period = 1, natural_unit(service), Period.MONTH
    ends_on = clocks.shortest_end(today)
    programme_end = service.programme.valid_to
    if programme_end is not None and programme_end < ends_on:
        ends_on = max(programme_end, today)
    return PlannedService.objects.create(
        version=version,
        position=position,
        service=service,
        scope=service.summary or service.name,
        units=units,
        unit=unit,
        period=period,
        starts_on=today,
        ends_on=ends_on,
    )


@transaction.atomic
def plan_create(
    *, assessment: NeedsAssessment, acting_user: Any, coordinator: Any = None
) -> IndividualPlan:
    """Start the plan an assessment asked for: version 1 as a draft, its period suggested
    (from today, the shortest the law allows), the services the assessment found fitting
    planned, and the coordinator named among the responsible staff. One plan at a time per
    application; the plan is due 30 days from the application."""
    if not has_capability(acting_user, PLAN_WRITE):
        raise PlanError(_("You may not write individual plans."), code="not_allowed")
    if not assessment.plan_needed:
        raise PlanRuleError(
            _("This needs assessment did not find that an individual plan is needed."),
            code="plan_not_needed",
        )
    coordinator = coordinator or acting_user
    if not user_roles(coordinator) & {Role.COORDINATOR, Role.DIRECTOR}:
        raise PlanRuleError(
            {"coordinator": _("Choose a plan coordinator (or the director) to coordinate it.")},
            code="coordinator",
        )
    # The application's row is the lock: two coordinators starting a plan for it at once
    # cannot both succeed.
    application = (
        Application.objects.select_for_update()
        .select_related("person")
        .get(pk=assessment.application_id)
    )
    existing = IndividualPlan.objects.open().filter(application=application).first()
    if existing is not None:
        raise PlanStateError(
            _("The application %(application)s already has the plan %(reference)s.")
            % {"application": application.reference, "reference": existing.reference},
            code="plan_exists",
        )
    if application.person.archived_at is not None:
        raise PlanError(_("This person is archived."), code="archived")
    now = timezone.now()
    today = clocks.warsaw_day(now)
    plan = IndividualPlan.objects.create(
        # Replaced at once by the number of the row (the reference column holds 30 characters).
        reference=f"tmp-{uuid.uuid4().hex[:24]}",
        person=application.person,
        application=application,
        assessment=assessment,
        coordinator=coordinator,
        state=PlanState.DRAFT,
        state_changed_at=now,
        due_on=clocks.plan_due_on(application.filed_at),
        created_by=acting_user,
    )
    plan.reference = f"{REFERENCE_PREFIX}/{today.year}/{plan.pk:06d}"
    plan.save(update_fields=["reference"])
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        state=VersionState.DRAFT,
        starts_on=today,
        ends_on=clocks.shortest_end(today),
        created_by=acting_user,
    )
    services = assessment.fitting_services.select_related("programme").order_by("name", "id")
    for position, service in enumerate(services, start=1):
        _planned_from_catalogue(version, service, position, today)
    PlanParticipant.objects.create(
        version=version,
        position=1,
        kind=ParticipantKind.STAFF,
        user=coordinator,
        # Stored text, read by everyone later: in the centre's language, not the language of
        # whoever (or whichever command) started the plan.
        role=_centre_words(gettext_noop("Coordinator of the plan")),
    )
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.CREATED,
        from_state="",
        acting_user=acting_user,
        at=now,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=plan,
        changes={"coordinator": [None, coordinator.pk], "due_on": [None, str(plan.due_on)]},
    )
    return plan


# --- Editing a draft version ------------------------------------------------------------------


@transaction.atomic
def version_update(*, version: PlanVersion, acting_user: Any, **fields: Any) -> PlanVersion:
    """Change the header of a draft version: its period, the person's situation, their
    consent, what changes and why. The law's period rule is checked on submission."""
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise TypeError(f"version_update() got unexpected fields: {sorted(unknown)}")
    plan, version = _version_locked(version)
    _require_writer(acting_user, plan)
    _require_draft(version)
    for name in ("situation", "consent_note", "change_reason"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    starts_on = fields.get("starts_on", version.starts_on)
    ends_on = fields.get("ends_on", version.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise PlanRuleError(
            {
                "ends_on": _("The plan cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": day_text(ends_on), "start": day_text(starts_on)}
            },
            code="period_order",
        )
    consent = fields.get("consent_given_on")
    if consent is not None:
        _not_in_future(
            consent,
            "consent_given_on",
            _("The person cannot have agreed on %(date)s: that is after today, %(today)s."),
        )
    changes = _changes(version, fields)
    for name, value in fields.items():
        setattr(version, name, value)
    try:
        version.full_clean(exclude=["plan", "created_by"], validate_constraints=False)
    except ValidationError as error:
        raise _validation_refusal(error) from None
    version.save(update_fields=list(fields) or None)
    text_changed = sorted(name for name in fields if name in TEXT_FIELDS)
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=version,
        changes={**changes, **({"fields": text_changed} if text_changed else {})},
    )
    return version


def _contracted_throughout(
    provider: Any, service: ProgrammeService, starts_on: dt.date, ends_on: dt.date
) -> bool:
    return all(
        providers_for_service(service, day).filter(pk=provider.pk).exists()
        for day in {starts_on, ends_on}
    )


def _planned_service_check(version: PlanVersion, part: PlannedService) -> None:
    if version.starts_on and version.ends_on:
        outside = part.starts_on < version.starts_on or part.ends_on > version.ends_on
        if outside:
            raise PlanRuleError(
                {
                    "starts_on" if part.starts_on < version.starts_on else "ends_on": _(
                        "A planned service runs within the plan's period, %(period)s; "
                        "%(dates)s is outside it."
                    )
                    % {
                        "period": period_text(version.starts_on, version.ends_on),
                        "dates": period_text(part.starts_on, part.ends_on),
                    }
                },
                code="service_dates",
            )
    if part.provider_id is not None and not _contracted_throughout(
        part.provider, part.service, part.starts_on, part.ends_on
    ):
        raise PlanRuleError(
            {
                "provider": _(
                    "%(provider)s has no contract for %(service)s covering %(dates)s. "
                    "Choose a provider under contract for those dates, or none."
                )
                % {
                    "provider": part.provider,
                    "service": part.service,
                    "dates": period_text(part.starts_on, part.ends_on),
                }
            },
            code="no_contract",
        )


def _participant_check(part: PlanParticipant) -> None:
    if part.kind == ParticipantKind.STAFF:
        if part.user is None:
            raise PlanError(
                {"user": _("Choose the member of staff responsible.")}, code="staff_user"
            )
        if not is_staff_member(part.user):
            raise PlanRuleError(
                {
                    "user": _("%(user)s is not a member of the centre's staff.")
                    % {"user": part.user}
                },
                code="not_staff",
            )
    else:
        # Only the responsible staff are users of the system; the others are named.
        part.user = None
        if not part.name:
            raise PlanError(
                {"name": _("Write the name of the person or institution.")}, code="name"
            )


def _constraint_checks(part: Any) -> None:
    """The model's own constraints, each with a message for the user."""
    if isinstance(part, PlannedService):
        if part.units is not None and part.units <= 0:
            raise PlanError({"units": _("How many: give a number more than zero.")}, code="units")
        if part.ends_on < part.starts_on:
            raise PlanRuleError(
                {
                    "ends_on": _("The service cannot end (%(end)s) before it starts (%(start)s).")
                    % {"end": day_text(part.ends_on), "start": day_text(part.starts_on)}
                },
                code="period_order",
            )
    elif isinstance(part, PlanParticipant):
        _participant_check(part)


def _review_date_check(version: PlanVersion, part: PlanReviewDate) -> None:
    if (
        version.starts_on
        and version.ends_on
        and not version.starts_on <= part.due_on <= version.ends_on
    ):
        raise PlanRuleError(
            {
                "due_on": _(
                    "A review is held within the plan's period, %(period)s, not on %(date)s."
                )
                % {
                    "period": period_text(version.starts_on, version.ends_on),
                    "date": day_text(part.due_on),
                }
            },
            code="review_dates",
        )


@transaction.atomic
def part_save(
    *,
    version: PlanVersion,
    model: type[models.Model],
    acting_user: Any,
    instance: models.Model | None = None,
    data: dict[str, Any],
) -> Any:
    """Add a part to a draft version (``instance`` None) or change one of its parts: a goal,
    a planned service, a commitment, a person or institution involved, a review date.

    A planned service runs within the version's period (when set) and names a provider only
    if it has a contract for the service covering its dates; the responsible staff are users
    of the system on the centre's staff."""
    if model not in PART_FIELDS:
        raise TypeError(f"part_save() does not save {model.__name__}")
    unknown = set(data) - set(PART_FIELDS[model])
    if unknown:
        raise TypeError(f"part_save() got unexpected fields for {model.__name__}: {unknown}")
    if instance is not None and not isinstance(instance, model):
        raise TypeError(f"part_save() was given a {type(instance).__name__} as a {model.__name__}")
    plan, version = _version_locked(version)
    _require_writer(acting_user, plan)
    _require_draft(version)
    data = {
        name: value.strip() if isinstance(value, str) else value for name, value in data.items()
    }
    if instance is None:
        part: Any = model(version=version)
        if "position" not in data:
            highest = model._default_manager.filter(version=version).aggregate(
                highest=Max("position")
            )["highest"]
            part.position = (highest or 0) + 1
        changes: dict[str, Any] = {name: [None, _plain(v)] for name, v in data.items()}
        changes = {k: v for k, v in changes.items() if k not in TEXT_FIELDS and k != "position"}
        action = AuditAction.CREATE
    else:
        try:
            part = model._default_manager.select_for_update().get(pk=instance.pk, version=version)
        except model.DoesNotExist:  # type: ignore[attr-defined]
            raise PlanError(
                _("This part belongs to another version of the plan."), code="other_version"
            ) from None
        changes = _changes(part, data)
        action = AuditAction.UPDATE
    for name, value in data.items():
        setattr(part, name, value)
    try:
        part.full_clean(exclude=["version", "item", "entitlement"], validate_constraints=False)
    except ValidationError as error:
        raise _validation_refusal(error) from None
    _constraint_checks(part)
    if isinstance(part, PlannedService):
        _planned_service_check(version, part)
    elif isinstance(part, PlanReviewDate):
        _review_date_check(version, part)
    part.save()
    text_changed = sorted(name for name in data if name in TEXT_FIELDS)
    audit_record(
        actor=acting_user,
        action=action,
        obj=part,
        changes={**changes, **({"fields": text_changed} if text_changed else {})},
        label=_part_label(part),
    )
    return part


@transaction.atomic
def part_remove(*, part: Any, acting_user: Any) -> None:
    """Remove a part from a draft version. A draft is a working copy: its part is removed for
    good; the versions submitted or approved before keep theirs, and the audit log names the
    part removed (not its words)."""
    model = type(part)
    if model not in PART_FIELDS:
        raise TypeError(f"part_remove() does not remove {model.__name__}")
    plan, version = _version_locked(part.version)
    _require_writer(acting_user, plan)
    _require_draft(version)
    current = model._default_manager.filter(pk=part.pk, version=version).first()
    if current is None:
        raise PlanError(_("This part has already been removed."), code="gone")
    label = _part_label(current)
    audit_record(
        actor=acting_user,
        action=AuditAction.DELETE,
        obj=current,
        changes={"key": str(current.key)},
        label=label,
    )
    current.delete()


# --- Submitting, returning, approving ---------------------------------------------------------


def _period(version: PlanVersion) -> tuple[dt.date, dt.date]:
    """The version's period, which a submitted or approved version always has."""
    if version.starts_on is None or version.ends_on is None:
        raise PlanRuleError(
            {"starts_on": _("Set the plan's period (from and until).")}, code="incomplete"
        )
    return version.starts_on, version.ends_on


def period_refusal(starts_on: dt.date, ends_on: dt.date) -> PlanRuleError | None:
    """The refusal of a period the law does not allow (at least 3 months, at most a year),
    naming the dates it could end on; ``None`` for a period that fits."""
    if clocks.period_fits(starts_on, ends_on):
        return None
    return PlanRuleError(
        {
            "ends_on": _(
                "A plan runs at least 3 months and at most a year: from %(start)s it may end "
                "between %(earliest)s and %(latest)s, not on %(end)s."
            )
            % {
                "start": day_text(starts_on),
                "earliest": day_text(clocks.shortest_end(starts_on)),
                "latest": day_text(clocks.longest_end(starts_on)),
                "end": day_text(ends_on),
            }
        },
        code="period",
    )


def missing_content(version: PlanVersion) -> list[str]:
    """What the version still lacks before it can be submitted, in words (empty: complete)."""
    missing: list[str] = []
    period_set = version.starts_on is not None and version.ends_on is not None
    if not period_set:
        missing.append(gettext("the plan's period (from and until)"))
    if not version.goals.exists():
        missing.append(gettext("at least one goal"))
    services = list(version.planned_services.select_related("service"))
    if not services:
        missing.append(gettext("at least one planned service"))
    if not version.participants.filter(kind=ParticipantKind.STAFF, user__isnull=False).exists():
        missing.append(gettext("at least one responsible member of staff"))
    if version.starts_on is not None and version.ends_on is not None:
        if not version.review_dates.filter(
            due_on__gte=version.starts_on, due_on__lte=version.ends_on
        ).exists():
            missing.append(
                gettext("a review date within the plan's period, %(period)s")
                % {"period": period_text(version.starts_on, version.ends_on)}
            )
        for service in services:
            if service.starts_on < version.starts_on or service.ends_on > version.ends_on:
                missing.append(
                    gettext("dates of %(service)s within the plan's period (now %(dates)s)")
                    % {
                        "service": service.service,
                        "dates": period_text(service.starts_on, service.ends_on),
                    }
                )
    if version.consent_given_on is None:
        missing.append(gettext("the day the person agreed to the plan"))
    elif version.consent_given_on > _today():
        missing.append(
            gettext("a consent date not later than today (now %(date)s)")
            % {"date": day_text(version.consent_given_on)}
        )
    return missing


@transaction.atomic
def plan_submit(*, version: PlanVersion, acting_user: Any, delay_reason: str = "") -> PlanVersion:
    """Submit a draft version for approval. The content must be complete and the period must
    fit the law (3 months to a year). The first submission after day 30 needs the reason for
    the delay, which is recorded and counted; the deadline never blocks the plan otherwise."""
    plan, version = _version_locked(version)
    _require_writer(acting_user, plan)
    _require_draft(version)
    missing = missing_content(version)
    if missing:
        raise PlanRuleError(
            _("The plan cannot be submitted yet. It still needs: %(missing)s.")
            % {"missing": "; ".join(missing)},
            code="incomplete",
            reasons=missing,
        )
    refusal = period_refusal(*_period(version))
    if refusal is not None:
        raise refusal
    now = timezone.now()
    fields: list[str] = []
    if plan.first_submitted_at is None:
        late = clocks.is_late(plan.application.filed_at, now)
        reason = (delay_reason or "").strip()
        if late and not reason:
            raise PlanRuleError(
                {
                    "delay_reason": _(
                        "The plan was due by %(due)s, 30 days from the application; today, "
                        "%(today)s, is day %(day)s. Write the reason for the delay."
                    )
                    % {
                        "due": day_text(plan.due_on),
                        "today": day_text(clocks.warsaw_day(now)),
                        "day": clocks.plan_day_number(plan.application.filed_at, now),
                    }
                },
                code="late_reason",
            )
        plan.first_submitted_at = now
        plan.submitted_late = late
        plan.delay_reason = reason if late else ""
        fields += ["first_submitted_at", "submitted_late", "delay_reason"]
    from_state = plan.state
    if version.number == 1 or plan.current_version_id is None:
        fields += _plan_state_set(plan, PlanState.AWAITING_APPROVAL, now)
    if fields:
        plan.save(update_fields=fields)
    version.state = VersionState.SUBMITTED
    version.submitted_at = now
    version.submitted_by = acting_user
    version.save(update_fields=["state", "submitted_at", "submitted_by"])
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.SUBMITTED,
        from_state=from_state,
        acting_user=acting_user,
        note=plan.delay_reason if "delay_reason" in fields else "",
        snapshot=version_content(version),
        at=now,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=version,
        changes={
            "state": [VersionState.DRAFT, VersionState.SUBMITTED],
            **({"submitted_late": plan.submitted_late} if "submitted_late" in fields else {}),
        },
    )
    return version


def _require_approver(
    user: Any, plan: IndividualPlan, today: dt.date
) -> ApprovalAuthorisation | None:
    """The director approves any plan; an organiser, while the director's authorisation is in
    force today, any plan they do not coordinate. Returns the authorisation used (none for
    the director)."""
    roles = user_roles(user)
    if Role.DIRECTOR in roles and can_approve(user, today):
        return None
    if Role.SERVICE_ORGANISER not in roles:
        raise PlanRuleError(
            _("Only the director or an organiser the director has authorised approves plans."),
            code="not_authorised",
        )
    authorisation = approval_authorisation(user, today)
    if authorisation is None:
        raise PlanRuleError(_authorisation_missing(user, today), code="not_authorised")
    # Lock it: a revocation at this moment waits for the approval, or the approval sees it.
    authorisation = ApprovalAuthorisation.objects.select_for_update().get(pk=authorisation.pk)
    if not clocks.authorisation_in_force(
        authorisation.valid_from, authorisation.valid_until, authorisation.revoked_on, today
    ):
        raise PlanRuleError(_authorisation_missing(user, today), code="not_authorised")
    if plan.coordinator_id == user.pk:
        raise PlanRuleError(
            _(
                "You coordinate the plan %(reference)s: the director or another authorised "
                "organiser approves it."
            )
            % {"reference": plan.reference},
            code="own_plan",
        )
    return authorisation


def _authorisation_missing(user: Any, today: dt.date) -> str:
    last = authorisation_last(user, today)
    if last is None:
        return gettext("You have no authorisation from the director to approve plans.")
    if last.revoked_on is not None and last.revoked_on <= today:
        return gettext("Your authorisation to approve plans was revoked on %(date)s.") % {
            "date": day_text(last.revoked_on)
        }
    if last.valid_from > today:
        return gettext(
            "Your authorisation to approve plans runs from %(start)s to %(end)s; today is "
            "%(today)s."
        ) % {
            "start": day_text(last.valid_from),
            "end": day_text(last.valid_until),
            "today": day_text(today),
        }
    return gettext(
        "Your authorisation to approve plans ran from %(start)s to %(end)s; today is %(today)s."
    ) % {
        "start": day_text(last.valid_from),
        "end": day_text(last.valid_until),
        "today": day_text(today),
    }


@transaction.atomic
def plan_return(*, version: PlanVersion, acting_user: Any, reason: str) -> PlanVersion:
    """The approver sends a submitted version back to its coordinator for corrections, saying
    why; it becomes a draft again (the content submitted stays in the plan's history)."""
    plan, version = _version_locked(version)
    if plan.is_closed:
        raise _closed_refusal(plan)
    if version.state != VersionState.SUBMITTED:
        raise PlanStateError(
            _("Only a version submitted for approval can be returned."), code="not_submitted"
        )
    _require_approver(acting_user, plan, _today())
    reason = _required_text(reason, "reason", _("Write what should be corrected."))
    now = timezone.now()
    from_state = plan.state
    if plan.state == PlanState.AWAITING_APPROVAL:
        plan.save(update_fields=_plan_state_set(plan, PlanState.DRAFT, now))
    version.state = VersionState.DRAFT
    version.save(update_fields=["state"])
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.RETURNED,
        from_state=from_state,
        acting_user=acting_user,
        note=reason,
        at=now,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=version,
        changes={"state": [VersionState.SUBMITTED, VersionState.DRAFT]},
    )
    return version


def _eligibility_refusal(
    plan: IndividualPlan, services: Iterable[PlannedService], acting_user: Any, today: dt.date
) -> PlanRuleError | None:
    """The refusal naming each planned service the person may not have and why, for the
    services that need a qualification (no entitlement yet, granted in the queue)."""
    failures: list[str] = []
    for planned in services:
        if planned.service.qualification_mode == QualificationMode.DECISION:
            continue
        if _entitlement_open(plan, planned.service) is not None:
            continue
        result = eligibility_check(plan.person, planned.service, on=today, acting_user=acting_user)
        if not result.eligible:
            reasons = "; ".join(o.text for o in result.reasons if not o.passed)
            failures.append(f"{planned.service.name}: {reasons}")
    if not failures:
        return None
    return PlanRuleError(
        _(
            "The plan cannot be approved: the person does not meet the conditions of these "
            "services — %(failures)s. Change the planned services and submit the plan again."
        )
        % {"failures": " | ".join(failures)},
        code="not_eligible",
        reasons=failures,
    )


def _entitlement_open(plan: IndividualPlan, service: ProgrammeService) -> Entitlement | None:
    return entitlements_open(plan.person_id, [service.pk]).order_by("-starts_on", "-id").first()


def _request_open(plan: IndividualPlan, service: ProgrammeService) -> ApplicationItem | None:
    return requests_queued(plan.person_id, [service.pk]).order_by("queue_key", "id").first()


def _intake_refusal(planned: PlannedService, error: IntakeError | EntitlementError) -> PlanError:
    return PlanRuleError(
        _("The plan cannot be approved: %(service)s — %(reason)s")
        % {"service": planned.service.name, "reason": error.text},
        code=error.code or "intake",
        reasons=error.reasons,
    )


def _planned_link(
    *, plan: IndividualPlan, version: PlanVersion, planned: PlannedService, acting_user: Any
) -> None:
    """Link one planned service to the person's entitlement (adjusted to the plan), or to the
    request that waits for it."""
    service = planned.service
    entitlement = _entitlement_open(plan, service)
    item = entitlement.item if entitlement is not None else None
    if entitlement is None:
        item = _request_open(plan, service)
        try:
            if item is None:
                application = application_file(
                    person=plan.person,
                    services=[service],
                    channel=Channel.PLAN,
                    acting_user=acting_user,
                    note=gettext("Filed through the individual plan %(reference)s.")
                    % {"reference": plan.reference},
                )
                item = application.items.get()
            if service.qualification_mode == QualificationMode.PROGRAMME:
                try:
                    item = item_qualify(item=item, acting_user=acting_user)
                except IntakeError as error:
                    if error.code != "no_place":  # still waiting for a place: kept linked
                        raise
        except IntakeError as error:
            raise _intake_refusal(planned, error) from None
        entitlement = Entitlement.objects.filter(item=item).first()
    if entitlement is not None and entitlement.status != EntitlementStatus.ENDED:
        try:
            entitlement = entitlement_plan_adjust(
                entitlement=entitlement,
                allowances=[
                    {"units": planned.units, "unit": planned.unit, "period": planned.period}
                ],
                provider=planned.provider,
                acting_user=acting_user,
                note=gettext("Individual plan %(reference)s, version %(number)s")
                % {"reference": plan.reference, "number": version.number},
                on=max(_today(), planned.starts_on),
            )
        except EntitlementError as error:
            raise _intake_refusal(planned, error) from None
    planned.item = item
    planned.entitlement = entitlement
    planned.save(update_fields=["item", "entitlement"])


@transaction.atomic
def plan_approve(*, version: PlanVersion, acting_user: Any) -> PlanVersion:
    """Approve a submitted version: by the director, or by an organiser under an authorisation
    in force today (not a plan they coordinate). The period is checked again; each planned
    service is linked to the person's entitlement (adjusted, qualified through the queue, or
    requested through the plan). The version approved before is superseded; the plan is
    active with this version in force."""
    plan, version = _version_locked(version)
    if plan.is_closed:
        raise _closed_refusal(plan)
    if version.state != VersionState.SUBMITTED:
        raise PlanStateError(
            _(
                "Only a version submitted for approval can be approved; version %(number)s is "
                "%(state)s."
            )
            % {"number": version.number, "state": VersionState(version.state).label},
            code="not_submitted",
        )
    today = _today()
    authorisation = _require_approver(acting_user, plan, today)
    refusal = period_refusal(*_period(version))
    if refusal is not None:
        raise refusal
    services = list(
        version.planned_services.select_related("service", "service__programme", "provider")
    )
    refusal = _eligibility_refusal(plan, services, acting_user, today)
    if refusal is not None:
        raise refusal
    for planned in services:
        _planned_link(plan=plan, version=version, planned=planned, acting_user=acting_user)
    now = timezone.now()
    previous = PlanVersion.objects.filter(plan=plan, state=VersionState.APPROVED).first()
    if previous is not None:
        previous.state = VersionState.SUPERSEDED
        previous.save(update_fields=["state"])
    version.state = VersionState.APPROVED
    version.approved_at = now
    version.approved_by = acting_user
    version.approved_under = authorisation
    version.save(update_fields=["state", "approved_at", "approved_by", "approved_under"])
    from_state = plan.state
    plan.current_version = version
    plan.save(update_fields=["current_version", *_plan_state_set(plan, PlanState.ACTIVE, now)])
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.APPROVED,
        from_state=from_state,
        acting_user=acting_user,
        note=(
            gettext("under the authorisation %(document)s") % {"document": authorisation.document}
            if authorisation is not None and authorisation.document
            else ""
        ),
        at=now,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=version,
        changes={
            "state": [VersionState.SUBMITTED, VersionState.APPROVED],
            **({"approved_under": authorisation.pk} if authorisation is not None else {}),
        },
    )
    return version


# --- Changing an active plan ------------------------------------------------------------------


def _copy_parts(source: PlanVersion, target: PlanVersion) -> None:
    for name, model in (
        ("goals", PlanGoal),
        ("planned_services", PlannedService),
        ("commitments", PlanCommitment),
        ("participants", PlanParticipant),
        ("review_dates", PlanReviewDate),
    ):
        copies = []
        for part in getattr(source, name).order_by("position", "id"):
            part.pk = None
            part.id = None
            part.version = target
            copies.append(part)
        model._default_manager.bulk_create(copies)


@transaction.atomic
def plan_change_start(*, plan: IndividualPlan, acting_user: Any, reason: str) -> PlanVersion:
    """Start changing an active plan: a new draft version copied from the one in force, every
    part keeping its ``key``. The version in force stays in force until the change is
    approved."""
    plan = _plan_locked(plan)
    _require_writer(acting_user, plan)
    if plan.state != PlanState.ACTIVE or plan.current_version_id is None:
        raise PlanStateError(
            _("Only an active plan can be changed; this one is %(state)s.")
            % {"state": PlanState(plan.state).label},
            code="not_active",
        )
    pending = PlanVersion.objects.filter(plan=plan, state__in=OPEN_VERSION_STATES).first()
    if pending is not None:
        raise PlanStateError(
            _("Version %(number)s of the plan is already being worked on (%(state)s).")
            % {"number": pending.number, "state": VersionState(pending.state).label},
            code="open_version",
        )
    reason = _required_text(reason, "reason", _("Write what changes in the plan and why."))
    source = PlanVersion.objects.get(pk=plan.current_version_id)
    number = (PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        state=VersionState.DRAFT,
        starts_on=source.starts_on,
        ends_on=source.ends_on,
        situation=source.situation,
        consent_given_on=source.consent_given_on,
        consent_note=source.consent_note,
        change_reason=reason,
        created_by=acting_user,
    )
    _copy_parts(source, version)
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.CHANGE_STARTED,
        from_state=plan.state,
        acting_user=acting_user,
        note=reason,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=version,
        changes={"number": [None, number]},
    )
    return version


@transaction.atomic
def plan_change_abandon(*, version: PlanVersion, acting_user: Any, reason: str) -> PlanVersion:
    """Give up a change of an active plan (a draft or submitted later version); the version
    in force stays."""
    plan, version = _version_locked(version)
    _require_writer(acting_user, plan)
    if (
        version.state not in OPEN_VERSION_STATES
        or version.pk == plan.current_version_id
        or (plan.current_version_id is None)
    ):
        raise PlanStateError(
            _("Only a change of an active plan that is still being worked on can be given up."),
            code="not_change",
        )
    reason = _required_text(reason, "reason", _("Write why the change is given up."))
    previous_state = version.state
    version.state = VersionState.ABANDONED
    version.save(update_fields=["state"])
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.CHANGE_ABANDONED,
        from_state=plan.state,
        acting_user=acting_user,
        note=reason,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=version,
        changes={"state": [previous_state, VersionState.ABANDONED]},
    )
    return version


@transaction.atomic
def plan_sign(*, version: PlanVersion, signed_on: dt.date, acting_user: Any) -> PlanVersion:
    """Record the day the person signed the version on paper (a submitted or approved
    version; not in the future, not before the version was written)."""
    plan, version = _version_locked(version)
    _require_writer(acting_user, plan)
    if version.state not in (VersionState.SUBMITTED, VersionState.APPROVED):
        raise PlanStateError(
            _("Only a submitted or approved version is signed; version %(number)s is %(state)s.")
            % {"number": version.number, "state": VersionState(version.state).label},
            code="not_signable",
        )
    _not_in_future(
        signed_on,
        "signed_on",
        _("The plan cannot have been signed on %(date)s: that is after today, %(today)s."),
    )
    written_on = clocks.warsaw_day(version.created_at)
    if signed_on < written_on:
        raise PlanRuleError(
            {
                "signed_on": _(
                    "Version %(number)s was written on %(written)s: it cannot have been signed "
                    "on %(date)s."
                )
                % {
                    "number": version.number,
                    "written": day_text(written_on),
                    "date": day_text(signed_on),
                }
            },
            code="before_version",
        )
    previous = version.signed_on
    version.signed_on = signed_on
    version.signed_recorded_by = acting_user
    version.save(update_fields=["signed_on", "signed_recorded_by"])
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.SIGNED,
        from_state=plan.state,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=version,
        changes={"signed_on": [_plain(previous), str(signed_on)]},
    )
    return version


# --- Monitoring and the end -------------------------------------------------------------------


def _require_active(plan: IndividualPlan) -> PlanVersion:
    if plan.state != PlanState.ACTIVE or plan.current_version_id is None:
        raise PlanStateError(
            _("The plan %(reference)s is %(state)s, not active.")
            % {"reference": plan.reference, "state": PlanState(plan.state).label},
            code="not_active",
        )
    return PlanVersion.objects.get(pk=plan.current_version_id)


@transaction.atomic
def review_record(
    *,
    plan: IndividualPlan,
    acting_user: Any,
    held_on: dt.date,
    notes: str,
    proposed_changes: str = "",
    review_date: PlanReviewDate | None = None,
    progress: Sequence[tuple[PlanGoal, str, str]],
) -> PlanReview:
    """Record a review of an active plan: when it was held (not in the future, not before the
    version in force starts), the notes, the progress on every goal of the version in force,
    the changes proposed, and which planned review it answers (once)."""
    plan = _plan_locked(plan)
    _require_writer(acting_user, plan)
    version = _require_active(plan)
    _not_in_future(
        held_on,
        "held_on",
        _("A review cannot have been held on %(date)s: that is after today, %(today)s."),
    )
    starts_on = _period(version)[0]
    if held_on < starts_on:
        raise PlanRuleError(
            {
                "held_on": _(
                    "A review cannot be held before the plan starts: the plan runs from "
                    "%(start)s, the review is dated %(date)s."
                )
                % {"start": day_text(starts_on), "date": day_text(held_on)}
            },
            code="before_start",
        )
    notes = _required_text(notes, "notes", _("Write the notes of the review."))
    if review_date is not None:
        if review_date.version_id != version.pk:
            raise PlanRuleError(
                {"review_date": _("Choose a review date of the version in force.")},
                code="review_date",
            )
        if review_date.key in reviewed_keys(plan):
            raise PlanRuleError(
                {
                    "review_date": _("The review planned for %(date)s has already been recorded.")
                    % {"date": day_text(review_date.due_on)}
                },
                code="already_reviewed",
            )
    goals = list(PlanGoal.objects.filter(version=version).order_by("position", "id"))
    given: dict[int, tuple[str, str]] = {}
    for goal, level, note in progress:
        if goal.version_id != version.pk or goal.pk in given:
            raise PlanRuleError(
                {"progress": _("Record the progress once for each goal of the version in force.")},
                code="progress",
            )
        if level not in GoalProgressLevel.values:
            raise PlanRuleError(
                {"progress": _("Choose how far each goal has come.")}, code="progress"
            )
        given[goal.pk] = (level, (note or "").strip())
    missing = [goal for goal in goals if goal.pk not in given]
    if missing:
        raise PlanRuleError(
            {
                "progress": _("Record the progress on every goal; missing: %(goals)s.")
                % {"goals": "; ".join(goal.description[:80] for goal in missing)}
            },
            code="progress",
        )
    review = PlanReview.objects.create(
        plan=plan,
        version=version,
        review_date=review_date,
        held_on=held_on,
        notes=notes,
        proposed_changes=(proposed_changes or "").strip(),
        recorded_by=acting_user,
    )
    GoalProgress.objects.bulk_create(
        GoalProgress(review=review, goal=goal, level=given[goal.pk][0], note=given[goal.pk][1])
        for goal in goals
    )
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.REVIEWED,
        from_state=plan.state,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=review,
        changes={"held_on": [None, str(held_on)]},
    )
    return review


@transaction.atomic
def plan_complete(
    *, plan: IndividualPlan, acting_user: Any, summary_interview_on: dt.date, summary: str
) -> IndividualPlan:
    """Complete an active plan after the summary interview with the person, with the written
    description of its course and results. No change may be pending. The plan is read-only
    from now on."""
    plan = _plan_locked(plan)
    _require_writer(acting_user, plan)
    version = _require_active(plan)
    pending = PlanVersion.objects.filter(plan=plan, state__in=OPEN_VERSION_STATES).first()
    if pending is not None:
        raise PlanStateError(
            _(
                "Version %(number)s of the plan is still %(state)s: approve it or give the "
                "change up before the plan is completed."
            )
            % {"number": pending.number, "state": VersionState(pending.state).label},
            code="open_change",
        )
    _not_in_future(
        summary_interview_on,
        "summary_interview_on",
        _(
            "The summary interview cannot have been held on %(date)s: that is after today, "
            "%(today)s."
        ),
    )
    starts_on = _period(version)[0]
    if summary_interview_on < starts_on:
        raise PlanRuleError(
            {
                "summary_interview_on": _(
                    "The summary interview cannot be before the plan starts (%(start)s): %(date)s."
                )
                % {"start": day_text(starts_on), "date": day_text(summary_interview_on)}
            },
            code="before_start",
        )
    summary = _required_text(
        summary, "summary", _("Describe the course of the plan and its results.")
    )
    now = timezone.now()
    from_state = plan.state
    plan.summary_interview_on = summary_interview_on
    plan.summary = summary
    plan.closed_on = clocks.warsaw_day(now)
    plan.save(
        update_fields=[
            "summary_interview_on",
            "summary",
            "closed_on",
            *_plan_state_set(plan, PlanState.COMPLETED, now),
        ]
    )
    _transition(
        plan=plan,
        version=version,
        change=PlanChange.COMPLETED,
        from_state=from_state,
        acting_user=acting_user,
        at=now,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=plan,
        changes={
            "state": [from_state, PlanState.COMPLETED],
            "summary_interview_on": [None, str(summary_interview_on)],
        },
    )
    return plan


@transaction.atomic
def plan_discontinue(*, plan: IndividualPlan, acting_user: Any, reason: str) -> IndividualPlan:
    """Discontinue a plan in any open state, with the reason; a version being worked on is
    given up. The plan is read-only from now on."""
    plan = _plan_locked(plan)
    _require_writer(acting_user, plan)
    reason = _required_text(reason, "reason", _("Write why the plan is discontinued."))
    now = timezone.now()
    pending = PlanVersion.objects.filter(plan=plan, state__in=OPEN_VERSION_STATES).first()
    if pending is not None:
        pending.state = VersionState.ABANDONED
        pending.save(update_fields=["state"])
    from_state = plan.state
    plan.closing_reason = reason
    plan.closed_on = clocks.warsaw_day(now)
    plan.save(
        update_fields=[
            "closing_reason",
            "closed_on",
            *_plan_state_set(plan, PlanState.DISCONTINUED, now),
        ]
    )
    _transition(
        plan=plan,
        version=pending or plan.current_version,
        change=PlanChange.DISCONTINUED,
        from_state=from_state,
        acting_user=acting_user,
        note=reason,
        at=now,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=plan,
        changes={"state": [from_state, PlanState.DISCONTINUED]},
    )
    return plan


@transaction.atomic
def plan_reassign(
    *, plan: IndividualPlan, coordinator: Any, acting_user: Any, reason: str
) -> IndividualPlan:
    """Hand the plan over to another coordinator (the director or an organiser does it)."""
    plan = _plan_locked(plan)
    if plan.is_closed:
        raise _closed_refusal(plan)
    if not may_manage(acting_user):
        raise PlanError(
            _("Only the director or a social services organiser hands a plan over."),
            code="not_allowed",
        )
    if Role.COORDINATOR not in user_roles(coordinator):
        raise PlanRuleError(
            {"coordinator": _("%(user)s is not a plan coordinator.") % {"user": coordinator}},
            code="coordinator",
        )
    if coordinator.pk == plan.coordinator_id:
        raise PlanRuleError(
            {"coordinator": _("%(user)s already coordinates this plan.") % {"user": coordinator}},
            code="same_coordinator",
        )
    reason = _required_text(reason, "reason", _("Write why the plan is handed over."))
    previous = plan.coordinator_id
    plan.coordinator = coordinator
    plan.save(update_fields=["coordinator"])
    _transition(
        plan=plan,
        version=None,
        change=PlanChange.REASSIGNED,
        from_state=plan.state,
        acting_user=acting_user,
        note=reason,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=plan,
        changes={"coordinator": [previous, coordinator.pk]},
    )
    return plan


# --- Approval authorisations ------------------------------------------------------------------


def _require_director(user: Any) -> None:
    if not has_capability(user, PLAN_AUTHORISE):
        raise PlanError(
            _("Only the director authorises organisers to approve plans."), code="not_allowed"
        )


@transaction.atomic
def authorisation_grant(
    *,
    user: Any,
    valid_from: dt.date,
    valid_until: dt.date,
    document: str,
    acting_user: Any,
) -> ApprovalAuthorisation:
    """The director authorises a social services organiser to approve plans between two
    dates (both included), under a document (e.g. the director's order)."""
    _require_director(acting_user)
    if Role.SERVICE_ORGANISER not in user_roles(user):
        raise PlanRuleError(
            {"user": _("%(user)s is not a social services organiser.") % {"user": user}},
            code="not_organiser",
        )
    if valid_until < valid_from:
        raise PlanRuleError(
            {
                "valid_until": _(
                    "The authorisation cannot end (%(end)s) before it starts (%(start)s)."
                )
                % {"end": day_text(valid_until), "start": day_text(valid_from)}
            },
            code="dates",
        )
    authorisation = ApprovalAuthorisation.objects.create(
        user=user,
        valid_from=valid_from,
        valid_until=valid_until,
        document=(document or "").strip(),
        granted_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=authorisation,
        changes={
            "user": [None, user.pk],
            "valid_from": [None, str(valid_from)],
            "valid_until": [None, str(valid_until)],
        },
    )
    return authorisation


@transaction.atomic
def authorisation_revoke(
    *, authorisation: ApprovalAuthorisation, acting_user: Any, reason: str
) -> ApprovalAuthorisation:
    """The director revokes an authorisation from today, with the reason."""
    _require_director(acting_user)
    authorisation = ApprovalAuthorisation.objects.select_for_update().get(pk=authorisation.pk)
    today = _today()
    if authorisation.revoked_on is not None:
        raise PlanStateError(
            _("This authorisation was already revoked on %(date)s.")
            % {"date": day_text(authorisation.revoked_on)},
            code="revoked",
        )
    if authorisation.valid_until < today:
        raise PlanStateError(
            _("This authorisation ended on %(date)s.")
            % {"date": day_text(authorisation.valid_until)},
            code="ended",
        )
    reason = _required_text(reason, "reason", _("Write why the authorisation is revoked."))
    authorisation.revoked_on = today
    authorisation.revoked_by = acting_user
    authorisation.revoke_reason = reason
    authorisation.save(update_fields=["revoked_on", "revoked_by", "revoke_reason"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=authorisation,
        changes={"revoked_on": [None, str(today)]},
    )
    return authorisation
