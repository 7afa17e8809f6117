"""Hours: logged by the volunteer (or the coordinator for them), confirmed by the
coordinator, rejected or corrected; confirmed hours of help to a person go into the
delivery ledger once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import actor_or_none, audit_record
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.services import delivery_correct, delivery_record
from opencus.volunteering.capabilities import VOLUNTEERING_MANAGE
from opencus.volunteering.errors import HoursError
from opencus.volunteering.models import (
    Assignment,
    AssignmentStatus,
    HoursLog,
    HoursStatus,
    HoursTransition,
)
from opencus.volunteering.services.common import (
    help_entitlement,
    require_manager,
    today,
)


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise HoursError({"hours": _("Enter the hours, e.g. 2,5.")}, code="hours") from None
    if not hours.is_finite() or hours <= 0 or hours > 24:
        raise HoursError({"hours": _("Enter between 0,25 and 24 hours.")}, code="hours")
    if hours * 4 != (hours * 4).to_integral_value():
        raise HoursError({"hours": _("Enter the hours in quarters, e.g. 1,75.")}, code="hours")
    return hours


def _log_step(
    log: HoursLog, to: str, acting_user: Any, note: str = "", *, first: bool = False
) -> None:
    before = "" if first else log.status
    log.status = to
    HoursTransition.objects.create(
        log=log,
        from_status=before,
        to_status=to,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
        note=note,
    )


@transaction.atomic
def hours_log(
    *,
    assignment: Assignment,
    worked_on: dt.date,
    hours: Any,
    scope: str,
    acting_user: Any,
) -> HoursLog:
    """Log hours worked on an assignment: by the volunteer on their own, or by the
    coordinator for them. Refused: a day in the future, a day outside the assignment or the
    agreement in force, a cancelled or withdrawn assignment, no words of what was done."""
    own = assignment.volunteer.user_id is not None and assignment.volunteer.user_id == getattr(
        acting_user, "pk", None
    )
    if not own and not has_capability(acting_user, VOLUNTEERING_MANAGE):
        raise HoursError(_("This is not one of your assignments."), code="who")
    value = _hours(hours)
    if not scope.strip():
        raise HoursError({"scope": _("Write what was done.")}, code="scope")
    if worked_on > today():
        raise HoursError(
            {"worked_on": _("Hours are logged after the work, not for a day to come.")},
            code="future",
        )
    locked = (
        Assignment.objects.select_for_update().select_related("agreement").get(pk=assignment.pk)
    )
    if locked.status in (AssignmentStatus.WITHDRAWN, AssignmentStatus.CANCELLED):
        raise HoursError(
            _("The assignment is %(status)s.") % {"status": locked.get_status_display()},
            code="state",
        )
    if not locked.starts_on <= worked_on <= locked.ends_on:
        raise HoursError(
            {
                "worked_on": _("The assignment runs from %(first)s to %(last)s.")
                % {"first": day_text(locked.starts_on), "last": day_text(locked.ends_on)}
            },
            code="outside_assignment",
        )
    if not locked.agreement.in_force_on(worked_on):
        raise HoursError(
            {
                "worked_on": _(
                    "No agreement was in force on %(day)s: hours are logged only under an"
                    " agreement."
                )
                % {"day": day_text(worked_on)}
            },
            code="outside_agreement",
        )
    log = HoursLog(
        assignment=locked,
        worked_on=worked_on,
        hours=value,
        scope=scope.strip(),
        logged_by=acting_user,
    )
    log.save()
    _log_step(log, HoursStatus.LOGGED, acting_user, first=True)
    audit_record(
        actor=acting_user, action=AuditAction.CREATE, obj=log, changes={"hours": [None, str(value)]}
    )
    return log


def _decidable(log: HoursLog, acting_user: Any) -> HoursLog:
    locked = (
        HoursLog.objects.select_for_update(of=("self",))
        .select_related("assignment__volunteer", "assignment__need__person")
        .get(pk=log.pk)
    )
    volunteer = locked.assignment.volunteer
    if volunteer.user_id is not None and volunteer.user_id == getattr(acting_user, "pk", None):
        raise HoursError(
            _("You cannot confirm your own hours: the volunteer coordinator confirms them."),
            code="own_hours",
        )
    require_manager(acting_user, HoursError)
    return locked


@transaction.atomic
def hours_confirm(*, log: HoursLog, acting_user: Any) -> HoursLog:
    """The coordinator confirms logged hours (never the volunteer whose hours they are).
    Hours of help to a person go into the delivery ledger once, as the centre's own
    delivery in hours with no price (keyed by the log, so a repeat records nothing more);
    the ledger's refusal is kept on the log and shown, the hours stay confirmed."""
    locked = _decidable(log, acting_user)
    if locked.status == HoursStatus.CONFIRMED:
        return locked
    if locked.status != HoursStatus.LOGGED:
        raise HoursError(
            _("These hours are %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    now = timezone.now()
    updated = HoursLog.objects.filter(pk=locked.pk, status=HoursStatus.LOGGED).update(
        status=HoursStatus.CONFIRMED, decided_by=acting_user, decided_at=now
    )
    if updated != 1:
        raise HoursError(_("These hours were decided meanwhile."), code="state")
    _log_step(locked, HoursStatus.CONFIRMED, acting_user)
    locked.decided_by = acting_user
    locked.decided_at = now
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [HoursStatus.LOGGED, HoursStatus.CONFIRMED]},
    )
    _ledger_in(locked, acting_user)
    return locked


def _ledger_note(log: HoursLog) -> str:
    return _("Volunteer help: %(need)s, %(day)s") % {
        "need": log.assignment.need.title,
        "day": day_text(log.worked_on),
    }


def _ledger_in(log: HoursLog, acting_user: Any) -> None:
    person = log.assignment.need.person
    if person is None:
        return
    entitlement = help_entitlement(person, log.worked_on)
    if entitlement is None:
        log.ledger_refusal = _(
            "%(name)s has no entitlement to volunteer help on %(day)s: the hours are not on"
            " their card."
        ) % {"name": person.full_name, "day": day_text(log.worked_on)}
        log.save(update_fields=["ledger_refusal"])
        return
    try:
        record = delivery_record(
            entitlement=entitlement,
            delivered_on=log.worked_on,
            units=log.hours,
            acting_user=acting_user,
            note=_ledger_note(log),
            request_key=f"volunteering-hours-{log.pk}",
            recorder_checked=True,
        )
    except DeliveryAlreadyRecorded as repeated:
        record = repeated.record
    except DeliveryError as refused:
        log.ledger_refusal = refused.text
        log.save(update_fields=["ledger_refusal"])
        return
    log.delivery_record = record
    log.ledger_refusal = ""
    log.save(update_fields=["delivery_record", "ledger_refusal"])


@transaction.atomic
def hours_reject(*, log: HoursLog, reason: str, acting_user: Any) -> HoursLog:
    """The coordinator does not confirm logged hours (with the reason)."""
    if not reason.strip():
        raise HoursError({"reason": _("Write why the hours are not confirmed.")}, code="reason")
    locked = _decidable(log, acting_user)
    if locked.status != HoursStatus.LOGGED:
        raise HoursError(
            _("These hours are %(status)s already.") % {"status": locked.get_status_display()},
            code="state",
        )
    _log_step(locked, HoursStatus.REJECTED, acting_user, reason.strip())
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [HoursStatus.LOGGED, HoursStatus.REJECTED]},
    )
    return locked


@transaction.atomic
def hours_correct(*, log: HoursLog, reason: str, acting_user: Any) -> HoursLog:
    """Withdraw confirmed hours logged wrongly (the volunteer logs the right ones again): their
    units in the ledger are reversed by a correcting entry."""
    if not reason.strip():
        raise HoursError({"reason": _("Write why the hours are corrected.")}, code="reason")
    locked = _decidable(log, acting_user)
    if locked.status != HoursStatus.CONFIRMED:
        raise HoursError(_("Only confirmed hours are corrected."), code="state")
    if locked.delivery_record is not None:
        try:
            delivery_correct(
                record=locked.delivery_record,
                acting_user=acting_user,
                note=_("Corrected: %(note)s") % {"note": _ledger_note(locked)},
                recorder_checked=True,
            )
        except DeliveryError as refused:
            raise HoursError(refused.text, code="ledger") from None
    _log_step(locked, HoursStatus.CORRECTED, acting_user, reason.strip())
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "reason"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [HoursStatus.CONFIRMED, HoursStatus.CORRECTED]},
    )
    return locked
