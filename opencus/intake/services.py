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

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Programme, ProgrammeService, QualificationMode, ServiceStatus
from opencus.core.audit import actor_or_none, audit_record
from opencus.core.models import AuditAction
from opencus.intake.entitlements import entitlement_status_change
from opencus.intake.errors import EntitlementError, IntakeError
from opencus.intake.models import (
    OPEN_STATES,
    TRANSITIONS,
    Application,
    ApplicationItem,
    AssessmentPlace,
    Channel,
    Entitlement,
    EntitlementChange,
    EntitlementStatus,
    FiledBy,
    ItemState,
    ItemTransition,
    NeedsAssessment,
)
from opencus.intake.queue import item_fresh, item_move, waiting_list_fill, waiting_list_plan
from opencus.intake.references import reference_format
from opencus.intake.selectors import free_places, waiting_ahead, waiting_position
from opencus.people.models import Person, Representative

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
        received_by=actor_or_none(acting_user),
        note=note,
    )
    application.reference = reference_format(
        year=timezone.localtime(at).year, number=application.pk
    )
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
            item=item,
            from_state="",
            to_state=ItemState.SUBMITTED,
            at=at,
            actor=actor_or_none(acting_user),
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


@transaction.atomic
def item_assess_start(*, item: ApplicationItem, acting_user: Any) -> ApplicationItem:
    return item_move(item_fresh(item), ItemState.ASSESSING, acting_user=acting_user)


def _eligibility_refusal(result: Any) -> IntakeError:
    failed = [outcome.text for outcome in result.reasons if not outcome.passed]
    return IntakeError(
        _("The person does not meet the service's conditions: %(reasons)s"),
        code="not_eligible",
        params={"reasons": "; ".join(failed)},
        reasons=failed,
    )


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
    item = item_fresh(item)
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
    # A refusal is read on pages, in the API and by whoever runs a round: its reasons say of a
    # condition on special-category data only whether it is met (``explain`` is off).
    result = eligibility_check(item.person, service, on=day, acting_user=acting_user)
    if not result.eligible:
        raise _eligibility_refusal(result)
    places = free_places(service)
    queue_ahead = ApplicationItem.objects.filter(waiting_ahead(item)).exists()
    if places == 0 or queue_ahead:
        if item.state == ItemState.WAITING:
            raise IntakeError(
                _("There is no free place for this request yet: it stays at position %(n)s."),
                code="no_place",
                params={"n": waiting_position(item)},
            )
        note = str(_("no free place")) if places == 0 else str(_("earlier applications wait"))
        return item_move(item, ItemState.WAITING, acting_user=acting_user, note=note)
    return item_move(item, ItemState.QUALIFIED, acting_user=acting_user)


@transaction.atomic
def item_refuse(*, item: ApplicationItem, reason: str, acting_user: Any) -> ApplicationItem:
    """Refuse a request. The reason is written for the person, who will read it."""
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError(
            {"reason": _("Write the reason for the refusal; the person will read it.")},
            code="reason",
        )
    return item_move(item_fresh(item), ItemState.REFUSED, acting_user=acting_user, reason=reason)


@transaction.atomic
def item_withdraw(*, item: ApplicationItem, acting_user: Any, reason: str) -> ApplicationItem:
    """Withdraw a request (the person no longer wants it, or their participation ended).

    The reason is required and kept on the transition row: withdrawing ends the person's
    request for good (a new one goes to the end of the queue), so the record must say why.
    A qualified item frees its place, and the oldest eligible waiting request is promoted.
    """
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError({"reason": _("Write why the request is withdrawn.")}, code="reason")
    item = item_fresh(item)
    if item.state == ItemState.WITHDRAWN:
        raise IntakeError(_("This request has already been withdrawn."), code="already_withdrawn")
    held_place = item.state == ItemState.QUALIFIED
    if held_place:
        ProgrammeService.objects.select_for_update().get(pk=item.service_id)
    item_move(item, ItemState.WITHDRAWN, acting_user=acting_user, note=reason)
    if held_place:
        waiting_list_fill(service=item.service, acting_user=acting_user, on=timezone.localdate())
    return item


@transaction.atomic
def waiting_list_promote(
    *,
    service: ProgrammeService,
    acting_user: Any,
    on: dt.date | None = None,
    expected: Sequence[int] | None = None,
) -> list[ApplicationItem]:
    """Promote from the waiting list into free places (run after places were added).

    ``expected``: the requests the confirmation page showed, in order. If the list has changed
    since (someone was qualified, withdrew, a place was taken), nobody is moved: the organiser
    confirmed those people, not others."""
    locked = ProgrammeService.objects.select_for_update().get(pk=service.pk)
    if not ApplicationItem.objects.filter(service=locked, state=ItemState.WAITING).exists():
        raise IntakeError(_("Nobody is waiting for this service."), code="empty_list")
    if free_places(locked) == 0:
        raise IntakeError(_("There is no free place in this service."), code="no_place")
    on = on or timezone.localdate()
    if expected is not None:
        planned = waiting_list_plan(service=locked, on=on, places=free_places(locked))
        if [item.pk for item in planned] != list(expected):
            raise IntakeError(
                _(
                    "The waiting list has changed since the page was opened. Check who will "
                    "be moved now and confirm again."
                ),
                code="stale",
            )
    promoted = waiting_list_fill(service=locked, acting_user=acting_user, on=on)
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
    return waiting_list_fill(service=locked, acting_user=acting_user, on=timezone.localdate())


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
    item = item_fresh(item)
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
        return item_move(item, ItemState.QUALIFIED, acting_user=acting_user, **fields)
    if not (reason or "").strip():
        raise IntakeError(
            {"reason": _("Write the reason for the refusal; the person will read it.")},
            code="reason",
        )
    return item_move(
        item, ItemState.REFUSED, acting_user=acting_user, reason=reason.strip(), **fields
    )


# --- Entitlements that free or need a place -------------------------------------------------


@transaction.atomic
def entitlement_suspend(*, entitlement: Entitlement, acting_user: Any, reason: str) -> Entitlement:
    """Suspend (e.g. a hospital stay): the place is freed at once and the next person on the
    waiting list promoted; resuming needs a free place again. Nothing can be delivered under
    it while it is suspended (the history keeps the period for the delivery ledger)."""
    reason = (reason or "").strip()
    if not reason:
        raise EntitlementError({"reason": _("Write why it is suspended.")}, code="reason")
    service = ProgrammeService.objects.select_for_update().get(pk=entitlement.service_id)
    suspended = entitlement_status_change(
        entitlement=entitlement,
        change=EntitlementChange.SUSPENDED,
        acting_user=acting_user,
        reason=reason,
    )
    waiting_list_fill(service=service, acting_user=acting_user, on=timezone.localdate())
    return suspended


@transaction.atomic
def entitlement_resume(*, entitlement: Entitlement, acting_user: Any) -> Entitlement:
    """Resume a suspended entitlement, if a place is free (the service is locked meanwhile)."""
    service = ProgrammeService.objects.select_for_update().get(pk=entitlement.service_id)
    current = Entitlement.objects.get(pk=entitlement.pk)
    if current.status != EntitlementStatus.SUSPENDED:
        raise EntitlementError(_("Only a suspended entitlement can be resumed."), code="state")
    if free_places(service) == 0:
        raise EntitlementError(
            _("There is no free place in this service now: it cannot be resumed yet."),
            code="no_place",
        )
    return entitlement_status_change(
        entitlement=current, change=EntitlementChange.RESUMED, acting_user=acting_user
    )


def entitlement_end(*, entitlement: Entitlement, acting_user: Any, reason: str) -> Entitlement:
    """End participation: the request is withdrawn (which frees the place and promotes the
    next person) and the entitlement ends today."""
    reason = (reason or "").strip()
    if not reason:
        raise EntitlementError({"reason": _("Write why it ends.")}, code="reason")
    if entitlement.status == EntitlementStatus.ENDED:
        raise EntitlementError(_("This entitlement has already ended."), code="ended")
    item_withdraw(item=entitlement.item, acting_user=acting_user, reason=reason)
    return Entitlement.objects.get(pk=entitlement.pk)


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
        item_move(item, ItemState.ASSESSING, acting_user=acting_user)
    return assessment
