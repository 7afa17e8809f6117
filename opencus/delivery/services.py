"""Every change of the delivery ledger and the monthly settlements.

Recording a delivery checks, in one transaction, with the entitlement and then the contract
line locked (always in that order, so two writers never wait on each other in a circle):

- who records: a provider's staff only for their own provider's clients; the director and the
  service organiser for any;
- the date: not in the future, inside the entitlement and not while it is suspended, not in a
  month the organiser has approved (locked);
- the units: more than zero, whole — except hours, counted in quarter hours;
- the entitlement's allowances for the period containing the day (week, month, quarter, year,
  the whole entitlement) and the contract line's maximum for its period.

Because both rows are locked before the sums are taken, two people recording the last unit at
the same moment cannot both pass: the second waits, then sees the first one's row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.catalog.models import DeliveredBy, Period, Unit
from opencus.core.audit import audit_record
from opencus.core.formatting import day_text, money_text, month_text, number_text
from opencus.core.models import AuditAction
from opencus.core.roles import Role, has_capability, user_roles
from opencus.delivery.capabilities import DELIVERY_RECORD, SETTLEMENT_APPROVE
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.models import (
    DeliveryRecord,
    DeliveryRequest,
    Settlement,
    SettlementStatus,
    SettlementTransition,
    month_start,
    next_month,
)
from opencus.delivery.statements import Statement, settlement_compute
from opencus.intake.models import Entitlement
from opencus.intake.selectors import entitlement_suspensions
from opencus.providers.models import (
    Contract,
    ContractLine,
    ContractStatus,
    LinePeriod,
    staff_providers,
)

#: Roles that record for any provider's clients (provider staff record for their own only).
CENTRE_RECORDING_ROLES = frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER})
QUARTER_HOUR = Decimal("0.25")
CENT = Decimal("0.01")

__all__ = [
    "Statement",
    "delivery_correct",
    "delivery_record",
    "settlement_approve",
    "settlement_compute",
]


# --- Formatting for messages ------------------------------------------------------------------


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


# --- Periods ----------------------------------------------------------------------------------


def period_window(
    period: str, day: dt.date, whole: tuple[dt.date, dt.date | None]
) -> tuple[dt.date | None, dt.date | None, str]:
    """The days of ``period`` that contain ``day`` and how to name them; ``whole`` is the span
    used for "the whole programme / contract" (its end may be open)."""
    if period == Period.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
        return (
            start,
            end,
            _("the week %(start)s – %(end)s")
            % {
                "start": day_text(start),
                "end": day_text(end),
            },
        )
    if period == Period.MONTH:
        start = month_start(day)
        return start, next_month(start) - dt.timedelta(days=1), month_text(start)
    if period == Period.QUARTER:
        first = (day.month - 1) // 3 * 3 + 1
        start = dt.date(day.year, first, 1)
        end = next_month(next_month(next_month(start))) - dt.timedelta(days=1)
        return (
            start,
            end,
            _("quarter %(quarter)s of %(year)s")
            % {
                "quarter": (day.month - 1) // 3 + 1,
                "year": day.year,
            },
        )
    if period == Period.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), str(day.year)
    return whole[0], whole[1], _("the whole period")


def _window_filter(start: dt.date | None, end: dt.date | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(delivered_on__gte=start)
    if end is not None:
        condition &= Q(delivered_on__lte=end)
    return condition


def _used(records: Any) -> Decimal:
    total = records.aggregate(total=Sum("units"))["total"]
    return Decimal(total or 0)


# --- Checks -----------------------------------------------------------------------------------


def may_record_in_house(user: Any) -> bool:
    """The centre's own deliveries are recorded by its recording staff (director, organiser)."""
    return has_capability(user, DELIVERY_RECORD) and bool(user_roles(user) & CENTRE_RECORDING_ROLES)


def may_record_for(user: Any, provider_id: int | None) -> bool:
    """The director and the organiser record for anyone; a provider's staff member for the
    provider they currently work for only."""
    if provider_id is None or not has_capability(user, DELIVERY_RECORD):
        return False
    if may_record_in_house(user):
        return True
    return staff_providers(user).filter(provider_id=provider_id).exists()


def _units_parse(units: Any) -> Decimal:
    try:
        value = Decimal(str(units).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DeliveryError(
            {"units": _("Enter the number of units as a number.")}, code="units"
        ) from None
    if not value.is_finite():
        raise DeliveryError({"units": _("Enter the number of units as a number.")}, code="units")
    if value <= 0:
        raise DeliveryError(
            {
                "units": _("The number of units must be more than zero, not %(units)s.")
                % {"units": number_text(value)}
            },
            code="units_positive",
        )
    if value >= Decimal("1000000"):
        raise DeliveryError({"units": _("The number of units is too large.")}, code="units")
    return value


def _units_check(units: Decimal, unit: str) -> None:
    if unit == Unit.HOUR:
        if units % QUARTER_HOUR:
            raise DeliveryError(
                {
                    "units": _(
                        "Hours are recorded in quarter hours (0.25, 0.5, 0.75 …), not %(units)s."
                    )
                    % {"units": units.normalize()}
                },
                code="units_quarter",
            )
    elif units != units.to_integral_value():
        raise DeliveryError(
            {
                "units": _("%(unit)s is counted in whole units, not %(units)s.")
                % {"unit": Unit(unit).label.capitalize(), "units": units.normalize()}
            },
            code="units_whole",
        )


def contract_line_for(entitlement: Entitlement, on: dt.date) -> ContractLine | None:
    """The line that prices the entitlement's service on ``on``: of the entitlement's
    provider's contract in force that day (not a draft), valid that day. When several units
    are contracted for the service, the one the entitlement is counted in comes first."""
    if entitlement.provider_id is None:
        return None
    lines = list(
        ContractLine.objects.filter(
            contract__provider_id=entitlement.provider_id,
            contract__valid_from__lte=on,
            contract__valid_to__gte=on,
            service_id=entitlement.service_id,
            valid_from__lte=on,
            valid_to__gte=on,
        )
        .exclude(contract__status=ContractStatus.DRAFT)
        .order_by("-valid_from", "id")
    )
    allowed_units = {entry.get("unit") for entry in entitlement.allowances}
    lines.sort(key=lambda line: line.unit not in allowed_units)
    return lines[0] if lines else None


def month_locked(contract_id: int, month: dt.date) -> bool:
    return Settlement.objects.filter(
        contract_id=contract_id, month=month, status=SettlementStatus.APPROVED
    ).exists()


def first_open_month(contract_id: int, month: dt.date) -> dt.date:
    """The first month from ``month`` on that the organiser has not approved."""
    locked = set(
        Settlement.objects.filter(
            contract_id=contract_id, month__gte=month, status=SettlementStatus.APPROVED
        ).values_list("month", flat=True)
    )
    while month in locked:
        month = next_month(month)
    return month


def _entitlement_check(entitlement: Entitlement, day: dt.date) -> None:
    if day < entitlement.starts_on or (entitlement.ends_on and day > entitlement.ends_on):
        raise DeliveryError(
            {
                "delivered_on": _(
                    "The delivery is dated %(day)s, outside the entitlement, which runs"
                    " from %(start)s to %(end)s."
                )
                % {
                    "day": day_text(day),
                    "start": day_text(entitlement.starts_on),
                    "end": day_text(entitlement.ends_on) if entitlement.ends_on else "…",
                }
            },
            code="outside_entitlement",
        )
    for suspension in entitlement_suspensions(entitlement):
        if suspension.covers(day):
            if suspension.until is None:
                message = _(
                    "The entitlement is suspended since %(since)s: nothing can be"
                    " delivered under it from that day."
                ) % {"since": day_text(suspension.since)}
            else:
                message = _(
                    "The entitlement was suspended from %(since)s to %(until)s: nothing can"
                    " be delivered under it in that period."
                ) % {
                    "since": day_text(suspension.since),
                    "until": day_text(suspension.until - dt.timedelta(days=1)),
                }
            raise DeliveryError({"delivered_on": message}, code="suspended")


def _allowance_check(entitlement: Entitlement, unit: str, day: dt.date, units: Decimal) -> None:
    whole = (entitlement.starts_on, entitlement.ends_on)
    for allowance in entitlement.allowance(unit):
        allowed = Decimal(str(allowance["units"]))
        period = allowance["period"]
        start, end, window = period_window(period, day, whole)
        used = _used(
            DeliveryRecord.objects.filter(entitlement=entitlement, unit=unit).filter(
                _window_filter(start, end)
            )
        )
        if used + units > allowed:
            raise DeliveryError(
                {
                    "units": _(
                        "%(used)s of %(allowed)s × %(unit)s allowed per %(period)s are used in"
                        " %(window)s; %(units)s more would exceed it."
                    )
                    % {
                        "used": number_text(used),
                        "allowed": number_text(allowed),
                        "unit": Unit(unit).label,
                        "period": Period(period).label,
                        "window": window,
                        "units": number_text(units),
                    }
                },
                code="allowance",
            )


def _line_maximum_check(line: ContractLine, day: dt.date, units: Decimal) -> None:
    period = line.period if line.period != LinePeriod.CONTRACT else "contract"
    start, end, window = period_window(period, day, (line.valid_from, line.valid_to))
    used = _used(
        DeliveryRecord.objects.filter(contract_line=line).filter(_window_filter(start, end))
    )
    if used + units > line.max_units:
        raise DeliveryError(
            {
                "units": _(
                    "%(used)s of the contract's maximum of %(max)s × %(unit)s per %(period)s are"
                    " used in %(window)s; %(units)s more would exceed it."
                )
                % {
                    "used": number_text(used),
                    "max": number_text(line.max_units),
                    "unit": Unit(line.unit).label,
                    "period": LinePeriod(line.period).label,
                    "window": window,
                    "units": number_text(units),
                }
            },
            code="line_maximum",
        )


def _lock_entitlement(entitlement_id: int) -> Entitlement:
    """Lock the entitlement first, then (``_lock_line``) the line: always in this order, so
    two writers never wait on each other in a circle."""
    return Entitlement.objects.select_for_update().get(pk=entitlement_id)


def _lock_line(line_id: int) -> ContractLine:
    return ContractLine.objects.select_for_update().select_related("contract").get(pk=line_id)


# --- Services ---------------------------------------------------------------------------------


@transaction.atomic
def delivery_record(
    *,
    entitlement: Entitlement,
    delivered_on: dt.date,
    units: Decimal | int | str,
    acting_user: Any,
    note: str = "",
    request_key: str = "",
    recorder_checked: bool = False,
) -> DeliveryRecord:
    """Record units delivered under an entitlement, priced by the provider's contract line.

    Refused, with the numbers, when it would exceed the entitlement's allowance for the period
    containing the day or the contract line's maximum; refused when dated in the future,
    outside the entitlement, while it is suspended, or in a month already approved.

    ``request_key`` (a form's one-time token, an API call's ``Idempotency-Key``) makes the
    recording idempotent: a key the user sent before raises ``DeliveryAlreadyRecorded`` with
    the first record and records nothing (``DeliveryError`` ``key_reused`` when the key came
    with another delivery).

    ``recorder_checked``: a higher app's service has already decided that ``acting_user`` may
    record this delivery (the senior taxi's driver marking a drop-off on their own shift, the
    dispatcher): the recording roles are not asked for; every other rule still applies.
    """
    value = _units_parse(units)
    claim = _request_claim(acting_user, request_key, entitlement, delivered_on, value)
    in_house = entitlement.service.delivered_by == DeliveredBy.CENTRE
    if recorder_checked:
        pass
    elif in_house and not may_record_in_house(acting_user):
        raise DeliveryError(
            _("The centre delivers this service itself: only its staff record it."),
            code="not_your_client",
        )
    elif not in_house and not may_record_for(acting_user, entitlement.provider_id):
        raise DeliveryError(
            _("You may record deliveries only for your own provider's clients."),
            code="not_your_client",
        )
    if delivered_on > timezone.localdate():
        raise DeliveryError(
            {
                "delivered_on": _("A delivery cannot be dated in the future (%(day)s).")
                % {"day": day_text(delivered_on)}
            },
            code="future",
        )
    locked_entitlement = _lock_entitlement(entitlement.pk)
    _entitlement_check(locked_entitlement, delivered_on)
    if in_house:
        return _request_attach(
            claim,
            _in_house_record(
                entitlement=locked_entitlement,
                delivered_on=delivered_on,
                units=value,
                note=note,
                acting_user=acting_user,
            ),
        )
    found = contract_line_for(locked_entitlement, delivered_on)
    if found is None:
        raise DeliveryError(
            _(
                "The provider has no contract line for %(service)s in force on %(day)s: the"
                " delivery cannot be priced."
            )
            % {"service": locked_entitlement.service, "day": day_text(delivered_on)},
            code="no_line",
        )
    line = _lock_line(found.pk)
    _units_check(value, line.unit)
    month = month_start(delivered_on)
    if month_locked(line.contract_id, month):
        raise DeliveryError(
            {
                "delivered_on": _(
                    "%(month)s is settled and locked: a delivery dated %(day)s can no longer"
                    " be recorded."
                )
                % {"month": month_text(month), "day": day_text(delivered_on)}
            },
            code="locked",
        )
    _allowance_check(locked_entitlement, line.unit, delivered_on, value)
    _line_maximum_check(line, delivered_on, value)
    record = DeliveryRecord.objects.create(
        entitlement=locked_entitlement,
        contract_line=line,
        provider_id=line.contract.provider_id,
        delivered_on=delivered_on,
        units=value,
        unit=line.unit,
        unit_price=line.unit_price,
        settlement_month=month,
        recorded_by=acting_user,
        note=(note or "").strip(),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=record,
        changes={"units": [None, str(value)], "delivered_on": [None, str(delivered_on)]},
    )
    return _request_attach(claim, record)


def _request_claim(
    user: Any, key: str, entitlement: Entitlement, delivered_on: dt.date, units: Decimal
) -> DeliveryRequest | None:
    """Claim the submission's key for ``user`` before anything is checked or written. The
    unique index makes a concurrent submission with the same key wait for this one; if this
    one is kept, that one then fails here and records nothing."""
    if not key:
        return None
    try:
        with transaction.atomic():
            return DeliveryRequest.objects.create(user=user, key=key)
    except IntegrityError:
        pass
    first = DeliveryRequest.objects.select_related("record").filter(user=user, key=key).first()
    record = first.record if first is not None else None
    if record is None or (record.entitlement_id, record.delivered_on, record.units) != (
        entitlement.pk,
        delivered_on,
        units,
    ):
        raise DeliveryError(
            _(
                "This request's key was already used for another delivery: send each new"
                " delivery with a new key."
            ),
            code="key_reused",
        )
    raise DeliveryAlreadyRecorded(
        _("This delivery was already recorded (%(units)s on %(day)s): it is not recorded twice.")
        % {"units": number_text(record.units), "day": day_text(record.delivered_on)},
        record=record,
    )


def _request_attach(claim: DeliveryRequest | None, record: DeliveryRecord) -> DeliveryRecord:
    if claim is not None:
        claim.record = record
        claim.save(update_fields=["record"])
    return record


def _in_house_record(
    *,
    entitlement: Entitlement,
    delivered_on: dt.date,
    units: Decimal,
    acting_user: Any,
    note: str,
) -> DeliveryRecord:
    """A delivery by the centre itself (design.md: a record with no contract line), after
    the checks every delivery passes (who, date, entitlement period, suspension): the
    allowance in the unit the service counts, no price and no settlement."""
    unit = entitlement.service.centre_unit
    _units_check(units, unit)
    _allowance_check(entitlement, unit, delivered_on, units)
    record = DeliveryRecord.objects.create(
        entitlement=entitlement,
        in_house=True,
        delivered_on=delivered_on,
        units=units,
        unit=unit,
        settlement_month=month_start(delivered_on),
        recorded_by=acting_user,
        note=(note or "").strip(),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=record,
        changes={
            "units": [None, str(units)],
            "delivered_on": [None, str(delivered_on)],
            "in_house": True,
        },
    )
    return record


@transaction.atomic
def delivery_correct(
    *, record: DeliveryRecord, acting_user: Any, note: str, recorder_checked: bool = False
) -> DeliveryRecord:
    """Reverse a record with an entry of minus its units that points at it. It is accounted
    in the first month from the record's own that is not locked, so an approved month keeps
    its total and the correction shows as an adjustment of a later one.

    ``recorder_checked``: as for ``delivery_record``, a higher app's service has decided that
    ``acting_user`` may correct this record (the volunteer coordinator withdrawing confirmed
    hours); every other rule still applies."""
    note = (note or "").strip()
    if not note:
        raise DeliveryError({"note": _("Write why the record is corrected.")}, code="note")
    allowed = recorder_checked or (
        may_record_in_house(acting_user)
        if record.in_house
        else may_record_for(acting_user, record.provider_id)
    )
    if not allowed:
        raise DeliveryError(
            _("You may correct deliveries only for your own provider's clients."),
            code="not_your_client",
        )
    if record.corrects_id is not None:
        raise DeliveryError(
            _("This is a correction already; record the delivery again instead."),
            code="correction_of_correction",
        )
    _lock_entitlement(record.entitlement_id)
    if record.contract_line_id is not None:
        _lock_line(record.contract_line_id)
    earlier = DeliveryRecord.objects.filter(corrects=record).first()
    if earlier is not None:
        raise DeliveryError(
            _("This record was already reversed on %(day)s.")
            % {"day": day_text(timezone.localdate(earlier.recorded_at))},
            code="reversed",
        )
    # The centre's own records are never settled, so nothing locks their month.
    month = record.settlement_month
    if record.contract_line_id is not None:
        contract_id = ContractLine.objects.filter(pk=record.contract_line_id).values_list(
            "contract_id", flat=True
        )[0]
        month = first_open_month(contract_id, record.settlement_month)
    try:
        with transaction.atomic():
            correction = DeliveryRecord.objects.create(
                entitlement_id=record.entitlement_id,
                contract_line_id=record.contract_line_id,
                provider_id=record.provider_id,
                delivered_on=record.delivered_on,
                units=-record.units,
                unit=record.unit,
                unit_price=record.unit_price,
                in_house=record.in_house,
                settlement_month=month,
                corrects=record,
                recorded_by=acting_user,
                note=note,
            )
    except IntegrityError:
        raise DeliveryError(_("This record was already reversed."), code="reversed") from None
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=correction,
        changes={"corrects": [None, str(record.pk)], "units": [None, str(correction.units)]},
    )
    return correction


@transaction.atomic
def settlement_approve(
    *,
    contract: Contract,
    month: dt.date,
    acting_user: Any,
    expected_total: Decimal | None = None,
) -> Settlement:
    """Approve a contract's month once it has ended: the total is kept as approved and the
    month is locked (no new delivery dated in it; corrections go to the next open month).

    The contract's lines are locked first, so a delivery being recorded at the same moment
    either lands before the total is taken or finds the month locked. ``expected_total``: the
    total the approver was shown; if the month's total is no longer that, nothing is approved
    (the approver confirmed that amount, not another)."""
    if not has_capability(acting_user, SETTLEMENT_APPROVE):
        raise DeliveryError(_("You may not approve settlements."), code="forbidden")
    month = month_start(month)
    if next_month(month) > timezone.localdate():
        raise DeliveryError(
            _("%(month)s can be approved only after it has ended, from %(day)s.")
            % {"month": month_text(month), "day": day_text(next_month(month))},
            code="not_ended",
        )
    list(ContractLine.objects.select_for_update().filter(contract=contract).values_list("pk"))
    settlement = (
        Settlement.objects.select_for_update().filter(contract=contract, month=month).first()
    )
    if settlement is not None and settlement.status == SettlementStatus.APPROVED:
        approved_on = timezone.localdate(settlement.approved_at or timezone.now())
        raise DeliveryError(
            _("%(month)s was already approved on %(day)s by %(user)s.")
            % {
                "month": month_text(month),
                "day": day_text(approved_on),
                "user": settlement.approved_by.get_full_name() or settlement.approved_by
                if settlement.approved_by
                else "–",
            },
            code="approved",
        )
    statement = settlement_compute(contract=contract, month=month)
    if expected_total is not None and statement.total != expected_total:
        raise DeliveryError(
            _(
                "The total has changed since the page was opened: it is now %(total)s. "
                "Check the statement and confirm again."
            )
            % {"total": money_text(statement.total)},
            code="stale",
        )
    now = timezone.now()
    if settlement is None:
        settlement = Settlement.objects.create(
            contract=contract,
            month=month,
            status=SettlementStatus.APPROVED,
            approved_by=acting_user,
            approved_at=now,
            total=statement.total,
        )
    else:
        settlement.status = SettlementStatus.APPROVED
        settlement.approved_by = acting_user
        settlement.approved_at = now
        settlement.total = statement.total
        settlement.save(update_fields=["status", "approved_by", "approved_at", "total"])
    SettlementTransition.objects.create(
        settlement=settlement,
        from_status=SettlementStatus.DRAFT,
        to_status=SettlementStatus.APPROVED,
        at=now,
        actor=acting_user,
        note=str(_("total %(total)s PLN") % {"total": statement.total}),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=settlement,
        changes={
            "status": [SettlementStatus.DRAFT, SettlementStatus.APPROVED],
            "total": [None, str(statement.total)],
        },
    )
    return settlement
