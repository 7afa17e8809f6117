"""Every change of a voucher: issue against an entitlement, redeem once at the venue, expire.

Issuing locks the entitlement row and counts the vouchers that still count against its ticket
allowance (valid or redeemed, not expired) in the period containing the first valid day, so
two clerks issuing the last ticket at once cannot both pass. Redeeming locks the voucher row:
two devices confirming the same code at the same moment redeem it once, the second sees it
redeemed. The redemption posts one unit (a ticket) in the delivery ledger; when the ledger
refuses (the contract's maximum, a settled month), the voucher stays redeemed — the visitor is
in — and the refusal is kept on it for the organiser, as the senior taxi does with rides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.activities.errors import VoucherError
from opencus.activities.models import Voucher, VoucherStatus, VoucherTransition
from opencus.activities.voucher_codes import code_is_well_formed, code_new, code_normalise
from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.audit import audit_record
from opencus.core.formatting import day_text, moment_text
from opencus.core.models import AuditAction
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.services import delivery_record, period_window
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.providers.models import staff_providers

#: How long a voucher is valid when the clerk does not say.
DEFAULT_VALIDITY_DAYS = 30


def today() -> dt.date:
    return timezone.localdate()


def _transition(voucher: Voucher, from_status: str, acting_user: Any, note: str = "") -> None:
    VoucherTransition.objects.create(
        voucher=voucher,
        from_status=from_status,
        to_status=voucher.status,
        at=voucher.status_changed_at,
        actor=acting_user if getattr(acting_user, "pk", None) else None,
        note=note,
    )


def _allowance_check(entitlement: Entitlement, day: dt.date) -> None:
    """The entitlement's ticket allowances for the period containing ``day``: the vouchers
    first valid in that period that still count (valid or redeemed) plus this one."""
    whole = (entitlement.starts_on, entitlement.ends_on)
    for allowance in entitlement.allowance(Unit.TICKET):
        allowed = int(allowance["units"])
        start, end, window = period_window(allowance["period"], day, whole)
        counted = Voucher.objects.counted().filter(entitlement=entitlement)
        if start is not None:
            counted = counted.filter(valid_from__gte=start)
        if end is not None:
            counted = counted.filter(valid_from__lte=end)
        used = counted.count()
        if used + 1 > allowed:
            raise VoucherError(
                _(
                    "%(used)s of %(allowed)s tickets allowed per %(period)s are already issued"
                    " for %(window)s: no more vouchers can be issued under this entitlement"
                    " then. An expired voucher returns to the pool."
                )
                % {
                    "used": used,
                    "allowed": allowed,
                    "period": Period(allowance["period"]).label,
                    "window": window,
                },
                code="allowance",
            )


def _unique_code() -> str:
    while True:
        code = code_new()
        if not Voucher.objects.filter(code=code).exists():
            return code


@transaction.atomic
def voucher_issue(
    *,
    person: Person,
    service: ProgrammeService,
    acting_user: Any,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    note: str = "",
) -> Voucher:
    """Issue a voucher for ``service`` to ``person``, at the venue that delivers their
    entitlement. Refused for a person without an active entitlement to the service on the
    first valid day, without a venue assigned, and beyond the entitlement's ticket allowance
    for the period (the catalogue's limits, copied into the entitlement)."""
    start = valid_from or today()
    end = valid_until or start + dt.timedelta(days=DEFAULT_VALIDITY_DAYS)
    if end < start:
        raise VoucherError(
            {
                "valid_until": _("A voucher cannot end before it starts (%(day)s).")
                % {"day": day_text(start)}
            },
            code="period",
        )
    if end < today():
        raise VoucherError(
            {"valid_until": _("A voucher must be valid at least until today.")}, code="period"
        )
    found = (
        Entitlement.objects.in_force(start)
        .filter(person=person, service=service)
        .order_by("starts_on", "id")
        .first()
    )
    if found is None:
        raise VoucherError(
            _(
                "%(person)s has no active entitlement to %(service)s on %(day)s: a voucher is"
                " issued only against one."
            )
            % {"person": person, "service": service, "day": day_text(start)},
            code="no_entitlement",
        )
    entitlement = Entitlement.objects.select_for_update().get(pk=found.pk)
    if entitlement.provider_id is None:
        raise VoucherError(
            _(
                "No venue is assigned to this entitlement yet: the organiser chooses one among"
                " the service's partners first."
            ),
            code="no_venue",
        )
    _allowance_check(entitlement, start)
    now = timezone.now()
    voucher = Voucher.objects.create(
        code=_unique_code(),
        entitlement=entitlement,
        person=person,
        service=service,
        venue_id=entitlement.provider_id,
        valid_from=start,
        valid_until=end,
        status=VoucherStatus.ISSUED,
        status_changed_at=now,
        issued_at=now,
        issued_by=acting_user,
        note=note.strip(),
    )
    _transition(voucher, "", acting_user)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=voucher,
        changes={"voucher": [None, voucher.uuid.hex], "valid_until": [None, end.isoformat()]},
    )
    return voucher


# --- Redemption --------------------------------------------------------------------------------


def _unknown() -> VoucherError:
    return VoucherError(
        {"code": _("No voucher for your venue has this code. Check the code with the visitor.")},
        code="unknown",
    )


def _state_check(voucher: Voucher) -> None:
    """A voucher that can be redeemed today; refusals name the voucher's dates, never whose
    it is."""
    if voucher.status == VoucherStatus.REDEEMED:
        raise VoucherError(
            {
                "code": _("This voucher was already redeemed (%(at)s). It can be used once.")
                % {"at": moment_text(voucher.redeemed_at or voucher.status_changed_at)}
            },
            code="redeemed",
        )
    if voucher.status == VoucherStatus.EXPIRED or voucher.valid_until < today():
        raise VoucherError(
            {
                "code": _("This voucher expired on %(day)s and can no longer be used.")
                % {"day": day_text(voucher.valid_until)}
            },
            code="expired",
        )
    if voucher.valid_from > today():
        raise VoucherError(
            {
                "code": _("This voucher is valid from %(day)s, not yet today.")
                % {"day": day_text(voucher.valid_from)}
            },
            code="not_yet",
        )


def voucher_find(*, code: str, user: Any) -> Voucher:
    """The voucher of the user's venue with ``code`` that can be redeemed now. A mistyped code
    (the check character does not match), an unknown one, or another venue's (told as unknown,
    so nothing of it shows) is refused; so are redeemed and expired ones."""
    typed = code_normalise(code)
    if not typed:
        raise VoucherError({"code": _("Enter the code printed on the voucher.")}, code="empty")
    if not code_is_well_formed(typed):
        raise VoucherError(
            {
                "code": _(
                    "This is not a valid voucher code: a character is probably mistyped. A code"
                    " has 11 letters and digits, for example K7QF-M2XH-9RC."
                )
            },
            code="typo",
        )
    voucher = (
        Voucher.objects.filter(venue_id__in=staff_providers(user), code=typed)
        .select_related("person", "service", "venue")
        .first()
    )
    if voucher is None:
        raise _unknown()
    _state_check(voucher)
    return voucher


def _ledger(voucher: Voucher, acting_user: Any) -> None:
    try:
        record = delivery_record(
            entitlement=voucher.entitlement,
            delivered_on=today(),
            units=1,
            acting_user=acting_user,
            note=_("Voucher %(code)s") % {"code": voucher.code_text},
            recorder_checked=True,
        )
    except DeliveryAlreadyRecorded as repeated:
        record = repeated.record
    except DeliveryError as refused:
        voucher.ledger_refusal = refused.text
        voucher.save(update_fields=["ledger_refusal"])
        return
    voucher.delivery_record = record
    voucher.save(update_fields=["delivery_record"])


@transaction.atomic
def voucher_redeem(*, voucher: Voucher, acting_user: Any) -> Voucher:
    """Redeem ``voucher`` at the venue of ``acting_user``: once. The row is locked first, so a
    second device confirming the same voucher at the same time waits and is then refused; one
    unit is posted in the delivery ledger."""
    locked = (
        Voucher.objects.select_for_update()
        .filter(pk=voucher.pk, venue_id__in=staff_providers(acting_user))
        .first()
    )
    if locked is None:
        raise _unknown()
    _state_check(locked)
    now = timezone.now()
    locked.status = VoucherStatus.REDEEMED
    locked.status_changed_at = now
    locked.redeemed_at = now
    locked.redeemed_by = acting_user
    locked.save(update_fields=["status", "status_changed_at", "redeemed_at", "redeemed_by"])
    _transition(locked, VoucherStatus.ISSUED, acting_user)
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [VoucherStatus.ISSUED, VoucherStatus.REDEEMED]},
    )
    _ledger(locked, acting_user)
    return locked


# --- Expiry ----------------------------------------------------------------------------------


@transaction.atomic
def vouchers_expire(*, on: dt.date | None = None) -> int:
    """Mark the vouchers still unredeemed after their last valid day as expired (so they no
    longer count against the allowance): those ending before ``on`` (today). Rows locked by a
    redemption under way are left for the next run. Returns how many expired."""
    day = on or today()
    due = list(
        Voucher.objects.select_for_update(skip_locked=True).filter(
            status=VoucherStatus.ISSUED, valid_until__lt=day
        )
    )
    now = timezone.now()
    for voucher in due:
        voucher.status = VoucherStatus.EXPIRED
        voucher.status_changed_at = now
        voucher.save(update_fields=["status", "status_changed_at"])
        _transition(voucher, VoucherStatus.ISSUED, None, note=_("Not redeemed in time."))
        audit_record(
            actor=None,
            action=AuditAction.TRANSITION,
            obj=voucher,
            changes={"status": [VoucherStatus.ISSUED, VoucherStatus.EXPIRED]},
        )
    return len(due)
