"""Every change to applications and the queue. Each service is atomic, takes ``acting_user``,
moves an item only through ``TRANSITIONS`` with a conditional update (so two clerks cannot both
move it), writes the transition row and the audit row.

The queue rule (domain.md §1.3): programme services are granted without an administrative
decision, in the order applications were filed, within the service's places. A place is taken
under a row lock on the service, so two clerks qualifying for the last place at the same moment
cannot both get it: the second finds it gone and the item goes on the waiting list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Programme, ProgrammeService, QualificationMode, ServiceStatus
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.intake.entitlements import (
    entitlement_close,
    entitlement_grant,
    qualified_items_holding_places,
)
from opencus.intake.models import (
    OPEN_STATES,
    TRANSITIONS,
    Application,
    ApplicationItem,
    AssessmentPlace,
    Channel,
    FiledBy,
    ItemState,
    ItemTransition,
    NeedsAssessment,
)
from opencus.intake.notices import notice_issue
from opencus.people.models import Person, Representative


class IntakeError(ValidationError):
    """A rule of the queue refused the change; the message is for the user. Nothing changed.

    ``reasons`` lists, for a refusal on eligibility, each condition the person does not meet."""

    reasons: tuple[str, ...] = ()


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


# --- Filing ----------------------------------------------------------------------------------


def _open_request_refusal(services: Sequence[ProgrammeService]) -> IntakeError:
    return IntakeError(
        _(
            "The person already has or is waiting for: %(services)s. "
            "A second application for the same service is not accepted."
        ),
        code="duplicate_request",
        params={"services": ", ".join(service.name for service in services)},
    )


@transaction.atomic
def application_file(
    *,
    person: Person,
    services: Sequence[ProgrammeService],
    channel: str,
    acting_user: Any,
    filed_by: str = FiledBy.SELF,
    representative: Representative | None = None,
    filed_at: dt.datetime | None = None,
    note: str = "",
) -> Application:
    """File an application for one or more services; each becomes an item in state submitted.

    The filing time is the queue key: it is set here once and never changes. A person may not
    request a service they already have or wait for. A representative may file only for the
    person they act for, on the filing day.
    """
    if not services:
        raise IntakeError(_("Choose at least one service."), code="no_services")
    if len({service.pk for service in services}) != len(services):
        raise IntakeError(_("Each service can be requested once."), code="repeated_service")
    if channel not in Channel.values:
        raise IntakeError(_("Choose how the application came in."), code="channel")
    if person.archived_at is not None:
        raise IntakeError(_("This person is archived."), code="archived")
    at = filed_at or timezone.now()
    if at > timezone.now():
        raise IntakeError(_("An application cannot be filed in the future."), code="future")
    if filed_by == FiledBy.SELF:
        representative = None
    else:
        day = timezone.localtime(at).date()
        if (
            representative is None
            or representative.person_id != person.pk
            or representative.kind != filed_by
            or representative.valid_from > day
            or (representative.valid_to is not None and representative.valid_to < day)
        ):
            raise IntakeError(
                _("This representative does not act for the person on the filing day."),
                code="representative",
            )
    offered = set(
        ProgrammeService.objects.filter(
            pk__in=[service.pk for service in services],
            status=ServiceStatus.ACTIVE,
            programme__in=Programme.objects.current(timezone.localtime(at).date()),
        ).values_list("pk", flat=True)
    )
    closed = [service for service in services if service.pk not in offered]
    if closed:
        raise IntakeError(
            _("These services do not take applications now: %(services)s."),
            code="service_closed",
            params={"services": ", ".join(service.name for service in closed)},
        )
    already = [
        service
        for service in services
        if ApplicationItem.objects.filter(
            person=person, service=service, state__in=OPEN_STATES
        ).exists()
    ]
    if already:
        raise _open_request_refusal(already)

    # The reference uses the row's own number, so concurrent filings never collide.
    application = Application.objects.create(
        reference=f"tmp-{timezone.now().timestamp()}-{person.pk}",
        person=person,
        filed_by=filed_by,
        representative=representative,
        channel=channel,
        filed_at=at,
        received_by=_user(acting_user),
        note=note,
    )
    application.reference = f"W/{timezone.localtime(at).year}/{application.pk:06d}"
    application.save(update_fields=["reference"])
    try:
        with transaction.atomic():
            items = [
                ApplicationItem.objects.create(
                    application=application,
                    person=person,
                    service=service,
                    filed_at=at,
                    queue_key=at,
                    state=ItemState.SUBMITTED,
                    state_changed_at=at,
                )
                for service in services
            ]
    except IntegrityError:  # a concurrent application for the same service won
        raise _open_request_refusal(services) from None
    ItemTransition.objects.bulk_create(
        ItemTransition(
            item=item, from_state="", to_state=ItemState.SUBMITTED, at=at, actor=_user(acting_user)
        )
        for item in items
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=application,
        changes={"services": [None, [service.name for service in services]], "channel": channel},
    )
    return application


# --- Moving an item ---------------------------------------------------------------------------


def _move(
    item: ApplicationItem,
    to_state: str,
    *,
    acting_user: Any,
    note: str = "",
    promoted: bool = False,
    **fields: Any,
) -> ApplicationItem:
    """Move ``item`` to ``to_state`` if its current state allows it, by a conditional update,
    and record the notice the new state owes the person."""
    from_state = item.state
    if to_state not in TRANSITIONS[from_state]:
        raise IntakeError(
            _("A request that is %(state)s cannot be moved to %(target)s."),
            code="transition",
            params={
                "state": ItemState(from_state).label,
                "target": ItemState(to_state).label,
            },
        )
    now = timezone.now()
    updated = ApplicationItem.objects.filter(pk=item.pk, state=from_state).update(
        state=to_state, state_changed_at=now, **fields
    )
    if not updated:
        raise IntakeError(
            _("Someone changed this request in the meantime. Reload the page."), code="stale"
        )
    item.state, item.state_changed_at = to_state, now
    for name, value in fields.items():
        setattr(item, name, value)
    ItemTransition.objects.create(
        item=item,
        from_state=from_state,
        to_state=to_state,
        at=now,
        actor=_user(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=item,
        changes={"state": [from_state, to_state], **({"note": note} if note else {})},
    )
    if to_state == ItemState.QUALIFIED:
        entitlement_grant(item=item, acting_user=acting_user)
    elif from_state == ItemState.QUALIFIED:
        entitlement_close(item=item, acting_user=acting_user, note=note)
    notice_issue(item=item, promoted=promoted)
    return item


def _fresh(item: ApplicationItem) -> ApplicationItem:
    """The item as it is in the database now (another clerk may have moved it)."""
    return ApplicationItem.objects.select_related("service", "person", "application").get(
        pk=item.pk
    )


@transaction.atomic
def item_assess_start(*, item: ApplicationItem, acting_user: Any) -> ApplicationItem:
    return _move(_fresh(item), ItemState.ASSESSING, acting_user=acting_user)


def _older_waiting(item: ApplicationItem) -> Q:
    """Waiting requests ahead of ``item`` in its service's queue."""
    return Q(service_id=item.service_id, state=ItemState.WAITING) & (
        Q(queue_key__lt=item.queue_key) | Q(queue_key=item.queue_key, id__lt=item.pk)
    )


def free_places(service: ProgrammeService) -> int | None:
    """Places left in the service (``None``: not limited). A place is held by a qualified item
    whose entitlement is not suspended."""
    if service.capacity is None:
        return None
    taken = qualified_items_holding_places(service).count()
    return max(service.capacity - taken, 0)


def waiting_position(item: ApplicationItem) -> int | None:
    """The item's position on its service's waiting list, from 1 (``None`` if not waiting)."""
    if item.state != ItemState.WAITING:
        return None
    return ApplicationItem.objects.filter(_older_waiting(item)).count() + 1


def _eligibility_refusal(result: Any) -> IntakeError:
    failed = [outcome.text for outcome in result.reasons if not outcome.passed]
    error = IntakeError(
        _("The person does not meet the service's conditions: %(reasons)s"),
        code="not_eligible",
        params={"reasons": "; ".join(failed)},
    )
    error.reasons = tuple(failed)
    return error


@transaction.atomic
def item_qualify(
    *, item: ApplicationItem, acting_user: Any, on: dt.date | None = None
) -> ApplicationItem:
    """Qualify an item for its service, in filing order, within the service's places.

    - The person must meet the service's eligibility rules on the day (refused with the
      reasons otherwise, nothing changes).
    - Services qualified by an administrative decision record the decision instead.
    - With no free place, or while an application filed earlier waits on the list, the item
      goes on the waiting list (its position is ``waiting_position``).
    """
    service = ProgrammeService.objects.select_for_update().get(pk=item.service_id)
    item = _fresh(item)
    if service.qualification_mode == QualificationMode.DECISION:
        raise IntakeError(
            _("This service is granted by an administrative decision: record the decision."),
            code="decision_mode",
        )
    if ItemState.QUALIFIED not in TRANSITIONS[item.state]:
        raise IntakeError(
            _("A request that is %(state)s cannot be qualified."),
            code="transition",
            params={"state": ItemState(item.state).label},
        )
    day = on or timezone.localdate()
    result = eligibility_check(item.person, service, on=day, acting_user=acting_user)
    if not result.eligible:
        raise _eligibility_refusal(result)
    places = free_places(service)
    queue_ahead = ApplicationItem.objects.filter(_older_waiting(item)).exists()
    if places == 0 or queue_ahead:
        if item.state == ItemState.WAITING:
            raise IntakeError(
                _("There is no free place for this request yet: it stays at position %(n)s."),
                code="no_place",
                params={"n": waiting_position(item)},
            )
        note = str(_("no free place")) if places == 0 else str(_("earlier applications wait"))
        return _move(item, ItemState.WAITING, acting_user=acting_user, note=note)
    return _move(item, ItemState.QUALIFIED, acting_user=acting_user)


@transaction.atomic
def item_refuse(*, item: ApplicationItem, reason: str, acting_user: Any) -> ApplicationItem:
    """Refuse a request. The reason is written for the person, who will read it."""
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError(
            {"reason": _("Write the reason for the refusal; the person will read it.")},
            code="reason",
        )
    return _move(_fresh(item), ItemState.REFUSED, acting_user=acting_user, reason=reason)


@transaction.atomic
def item_withdraw(*, item: ApplicationItem, acting_user: Any, note: str = "") -> ApplicationItem:
    """Withdraw a request (the person no longer wants it, or their participation ended).

    A qualified item frees its place, and the oldest eligible waiting request is promoted.
    """
    item = _fresh(item)
    if item.state == ItemState.WITHDRAWN:
        raise IntakeError(_("This request has already been withdrawn."), code="already_withdrawn")
    held_place = item.state == ItemState.QUALIFIED
    if held_place:
        ProgrammeService.objects.select_for_update().get(pk=item.service_id)
    _move(item, ItemState.WITHDRAWN, acting_user=acting_user, note=note)
    if held_place:
        _promote(service=item.service, acting_user=acting_user, on=timezone.localdate())
    return item


def _promote(*, service: ProgrammeService, acting_user: Any, on: dt.date) -> list[ApplicationItem]:
    """Fill free places from the waiting list, oldest eligible first. Caller holds the lock."""
    promoted: list[ApplicationItem] = []
    places = free_places(service)
    waiting = (
        ApplicationItem.objects.filter(service=service, state=ItemState.WAITING)
        .select_related("person", "application", "service")
        .order_by("queue_key", "id")
    )
    for candidate in waiting:
        if places is not None and places <= 0:
            break
        if not eligibility_check(candidate.person, service, on=on).eligible:
            continue
        _move(
            candidate,
            ItemState.QUALIFIED,
            acting_user=acting_user,
            note=str(_("promoted from the waiting list")),
            promoted=True,
        )
        promoted.append(candidate)
        if places is not None:
            places -= 1
    return promoted


@transaction.atomic
def waiting_list_promote(
    *, service: ProgrammeService, acting_user: Any, on: dt.date | None = None
) -> list[ApplicationItem]:
    """Promote from the waiting list into free places (run after places were added)."""
    locked = ProgrammeService.objects.select_for_update().get(pk=service.pk)
    if not ApplicationItem.objects.filter(service=locked, state=ItemState.WAITING).exists():
        raise IntakeError(_("Nobody is waiting for this service."), code="empty_list")
    if free_places(locked) == 0:
        raise IntakeError(_("There is no free place in this service."), code="no_place")
    promoted = _promote(service=locked, acting_user=acting_user, on=on or timezone.localdate())
    if not promoted:
        raise IntakeError(
            _("Nobody on the waiting list meets the service's conditions today."),
            code="none_eligible",
        )
    return promoted


@transaction.atomic
def service_capacity_set(
    *, service: ProgrammeService, capacity: int | None, acting_user: Any
) -> list[ApplicationItem]:
    """Change a service's places; added places are filled from the waiting list at once."""
    locked = ProgrammeService.objects.select_for_update().get(pk=service.pk)
    if capacity is not None and capacity < 0:
        raise IntakeError(_("The number of places cannot be negative."), code="capacity")
    previous = locked.capacity
    locked.capacity = capacity
    locked.save(update_fields=["capacity", "updated_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"capacity": [previous, capacity]},
    )
    return _promote(service=locked, acting_user=acting_user, on=timezone.localdate())


@transaction.atomic
def item_record_decision(
    *,
    item: ApplicationItem,
    number: str,
    decided_on: dt.date,
    granted: bool,
    acting_user: Any,
    reason: str = "",
) -> ApplicationItem:
    """Record the administrative decision for a service of the Social Assistance Act
    (domain.md §1.3: a family interview and a decision, not the programme queue)."""
    item = _fresh(item)
    if item.service.qualification_mode != QualificationMode.DECISION:
        raise IntakeError(
            _("This service is granted in filing order without a decision: qualify it."),
            code="programme_mode",
        )
    if not (number or "").strip():
        raise IntakeError({"number": _("Enter the decision number.")}, code="number")
    if decided_on > timezone.localdate() or decided_on < timezone.localtime(item.filed_at).date():
        raise IntakeError(
            {"decided_on": _("The decision date must be between the filing date and today.")},
            code="date",
        )
    fields: dict[str, Any] = {"decision_number": number.strip(), "decision_date": decided_on}
    if granted:
        return _move(item, ItemState.QUALIFIED, acting_user=acting_user, **fields)
    if not (reason or "").strip():
        raise IntakeError(
            {"reason": _("Write the reason for the refusal; the person will read it.")},
            code="reason",
        )
    return _move(item, ItemState.REFUSED, acting_user=acting_user, reason=reason.strip(), **fields)


# --- Needs assessment -------------------------------------------------------------------------


@transaction.atomic
def needs_assessment_record(
    *,
    application: Application,
    acting_user: Any,
    assessed_on: dt.date,
    place: str,
    place_note: str = "",
    notes: str = "",
    fitting_services: Sequence[ProgrammeService] = (),
    plan_needed: bool = False,
) -> NeedsAssessment:
    """Record the recognition of needs; submitted items of the application move to assessing."""
    if place not in AssessmentPlace.values:
        raise IntakeError({"place": _("Choose where the assessment took place.")}, code="place")
    filed_on = timezone.localtime(application.filed_at).date()
    if assessed_on > timezone.localdate() or assessed_on < filed_on:
        raise IntakeError(
            {"assessed_on": _("The assessment date must be between the filing date and today.")},
            code="date",
        )
    assessment = NeedsAssessment.objects.create(
        application=application,
        assessed_on=assessed_on,
        place=place,
        place_note=place_note,
        assessed_by=acting_user,
        notes=notes,
        plan_needed=plan_needed,
    )
    assessment.fitting_services.set(fitting_services)
    # The audit row names the record, not the notes: the log must not leak special data.
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=assessment)
    for item in application.items.filter(state=ItemState.SUBMITTED):
        _move(item, ItemState.ASSESSING, acting_user=acting_user)
    return assessment
