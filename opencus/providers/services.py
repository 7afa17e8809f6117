"""Every change to the provider registry and contracts. Each service is atomic, takes
``acting_user`` (who must have ``provider.manage``) and writes the audit row. Nothing is
deleted: providers are archived, staff links and contract lines ended, contracts end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.pl import regon as stdnum_regon

from opencus.core.audit import audit_record, model_changes
from opencus.core.formatting import day_text, money_text
from opencus.core.identifiers import compact_nip, validate_krs, validate_nip, validate_regon
from opencus.core.models import AuditAction
from opencus.core.roles import Role, has_capability
from opencus.providers.capabilities import PROVIDER_MANAGE
from opencus.providers.errors import ProviderError
from opencus.providers.models import (
    Contract,
    ContractLine,
    ContractStatus,
    ContractTransition,
    Provider,
    ProviderStaff,
)

#: Fields of ``Provider`` the registration and edit forms may set.
PROVIDER_FIELDS = (
    "name",
    "short_name",
    "legal_form",
    "kind",
    "nip",
    "regon",
    "krs",
    "street",
    "building_number",
    "flat_number",
    "postcode",
    "locality",
    "terc",
    "simc",
    "ulic",
    "phone",
    "email",
    "website",
    "contact_person",
    "notes",
)

#: Fields of ``Contract`` the create and edit forms may set.
CONTRACT_FIELDS = (
    "number",
    "title",
    "procurement_mode",
    "signed_on",
    "valid_from",
    "valid_to",
    "total_value",
    "status",
    "notes",
)

#: Fields of ``ContractLine`` set when a line is added.
LINE_FIELDS = ("service", "unit", "unit_price", "max_units", "period", "valid_from", "valid_to")

# Allowed status moves: a draft comes into force, a contract in force ends; never back.
_STATUS_MOVES = {
    ContractStatus.DRAFT: {ContractStatus.DRAFT, ContractStatus.ACTIVE, ContractStatus.ENDED},
    ContractStatus.ACTIVE: {ContractStatus.ACTIVE, ContractStatus.ENDED},
    ContractStatus.ENDED: {ContractStatus.ENDED},
}


def _require_manage(user: Any) -> None:
    if not has_capability(user, PROVIDER_MANAGE):
        raise PermissionDenied


def _full_clean(instance: Any, exclude: list[str] | None = None) -> None:
    """Model validation (field validators, choices, check constraints) as a ``ProviderError``."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ProviderError(error.error_dict) from None


# --- Providers -------------------------------------------------------------------------------


def _provider_data(fields: dict[str, Any]) -> dict[str, Any]:
    """Keep the known fields, trim text, and store NIP, REGON and KRS as digits only (NIP may
    be typed with dashes or a "PL" prefix). A wrong number is refused with the validator's
    message under its field."""
    data = {key: value for key, value in fields.items() if key in PROVIDER_FIELDS}
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = value.strip()
    errors: dict[str, Any] = {}
    checks = (
        ("nip", compact_nip, validate_nip, True),
        ("regon", stdnum_regon.compact, validate_regon, True),
        ("krs", lambda v: v.replace(" ", ""), validate_krs, False),
    )
    for name, compact, validate, required in checks:
        if name not in data:
            continue
        value = compact(data[name] or "")
        if not value and not required:
            data[name] = ""
            continue
        try:
            validate(value)
        except ValidationError as error:
            errors[name] = error
        data[name] = value
    if errors:
        raise ProviderError(errors)
    return data


def _duplicate_nip() -> ProviderError:
    return ProviderError(
        {
            "nip": ValidationError(
                _("A provider with this NIP number is already registered."),
                code="duplicate_nip",
            )
        }
    )


def _check_nip_free(nip: str, exclude_pk: int | None = None) -> None:
    others = Provider.objects.active().filter(nip=nip)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise _duplicate_nip()


@transaction.atomic
def provider_register(*, acting_user: Any, fields: dict[str, Any]) -> Provider:
    """Register a provider. NIP, REGON and KRS must have valid check digits (domain.md §6);
    a NIP may belong to one active provider (a database constraint)."""
    _require_manage(acting_user)
    data = _provider_data(fields)
    provider = Provider(**data)
    _full_clean(provider)
    _check_nip_free(provider.nip)
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError:  # a concurrent registration of the same NIP won the race
        raise _duplicate_nip() from None
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=provider,
        changes={name: [None, str(value)] for name, value in data.items() if value},
    )
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, acting_user: Any, fields: dict[str, Any]) -> Provider:
    """Change a provider's data; the same checks as at registration. An archived provider
    cannot be changed."""
    _require_manage(acting_user)
    current = Provider.objects.select_for_update().get(pk=provider.pk)
    if current.archived_at is not None:
        raise ProviderError(_("This provider is archived and cannot be changed."), code="archived")
    data = _provider_data(fields)
    changes = model_changes(current, data)
    for name, value in data.items():
        setattr(current, name, value)
    _full_clean(current)
    if "nip" in changes:
        _check_nip_free(current.nip, exclude_pk=current.pk)
    if changes:
        try:
            with transaction.atomic():
                current.save(update_fields=[*changes, "updated_at"])
        except IntegrityError:
            raise _duplicate_nip() from None
        audit_record(actor=acting_user, action=AuditAction.UPDATE, obj=current, changes=changes)
    return current


@transaction.atomic
def provider_archive(*, provider: Provider, acting_user: Any) -> Provider:
    """Archive a provider instead of deleting it: kept for the record, hidden from the lists.
    Refused while a contract is in force; its staff links end the same day."""
    _require_manage(acting_user)
    if Contract.objects.filter(provider=provider, status=ContractStatus.ACTIVE).exists():
        raise ProviderError(
            _("This provider has a contract in force. End the contract first."),
            code="contract_in_force",
        )
    updated = Provider.objects.filter(pk=provider.pk, archived_at__isnull=True).update(
        archived_at=timezone.now()
    )
    if not updated:
        raise ProviderError(_("This provider is already archived."), code="already_archived")
    provider.refresh_from_db(fields=["archived_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=provider,
        changes={"archived_at": [None, str(provider.archived_at)]},
    )
    for link in ProviderStaff.objects.filter(provider=provider, ended_on__isnull=True):
        _end_link(link, acting_user, timezone.localdate())
    return provider


# --- Provider staff --------------------------------------------------------------------------


@transaction.atomic
def provider_staff_attach(
    *, provider: Provider, user: Any, acting_user: Any, valid_from: dt.date | None = None
) -> ProviderStaff:
    """Tie a user to a provider as its staff and give them the ``provider_staff`` role. A user
    works for one provider at a time (a database constraint on the current link)."""
    _require_manage(acting_user)
    if provider.archived_at is not None:
        raise ProviderError(_("This provider is archived."), code="archived")
    if not user.is_active:
        raise ProviderError({"user": _("This user account is not active.")}, code="inactive")
    current = (
        ProviderStaff.objects.select_for_update()
        .filter(user=user, ended_on__isnull=True)
        .select_related("provider")
        .first()
    )
    if current is not None:
        if current.provider_id == provider.pk:
            message = _("This user already works for this provider.")
        else:
            message = _("This user already works for another provider: %(name)s.")
        raise ProviderError(
            {"user": ValidationError(message, params={"name": current.provider.name})},
            code="already_tied",
        )
    link = ProviderStaff(
        provider=provider, user=user, valid_from=valid_from or timezone.localdate()
    )
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ProviderError(
            {"user": _("This user already works for another provider.")}, code="already_tied"
        ) from None
    user.groups.add(Group.objects.get_or_create(name=Role.PROVIDER_STAFF.value)[0])
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=link,
        changes={
            "provider": [None, str(provider.pk)],
            "user": [None, user.get_username()],
            "valid_from": [None, str(link.valid_from)],
        },
    )
    return link


def _end_link(link: ProviderStaff, acting_user: Any, on: dt.date) -> None:
    link.ended_on = on
    link.save(update_fields=["ended_on"])
    # Without a current link the user has nothing left to see as provider staff.
    if not ProviderStaff.objects.filter(user=link.user, ended_on__isnull=True).exists():
        link.user.groups.remove(*Group.objects.filter(name=Role.PROVIDER_STAFF.value))
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=link,
        changes={"ended_on": [None, str(on)]},
    )


@transaction.atomic
def provider_staff_end(
    *, link: ProviderStaff, acting_user: Any, on: dt.date | None = None
) -> ProviderStaff:
    """End a user's work for a provider (kept for the record); they lose the role's access."""
    _require_manage(acting_user)
    current = ProviderStaff.objects.select_for_update().select_related("user").get(pk=link.pk)
    if current.ended_on is not None:
        raise ProviderError(_("This user no longer works for the provider."), code="ended")
    day = on or timezone.localdate()
    if day < current.valid_from:
        raise ProviderError(
            _("The end date cannot be before the start date."), code="end_before_start"
        )
    _end_link(current, acting_user, day)
    return current


# --- Contracts -------------------------------------------------------------------------------


def _contract_data(fields: dict[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in fields.items() if key in CONTRACT_FIELDS}
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = value.strip()
    return data


def _check_contract(contract: Contract) -> None:
    _full_clean(contract, exclude=["provider"])
    errors: dict[str, Any] = {}
    if contract.valid_to < contract.valid_from:
        errors["valid_to"] = _("The end of the contract cannot be before its start.")
    if contract.total_value <= 0:
        errors["total_value"] = _("The total value must be more than zero.")
    if errors:
        raise ProviderError(errors)
    duplicate = Contract.objects.filter(number=contract.number).exclude(pk=contract.pk)
    if duplicate.exists():
        raise ProviderError(
            {"number": _("A contract with this number is already registered.")},
            code="duplicate_number",
        )


def _lines_total(lines: Any) -> Decimal:
    return sum((line.max_value for line in lines), start=Decimal("0"))


def _value_exceeded(total: Decimal, value: Decimal) -> ProviderError:
    return ProviderError(
        {
            "total_value": ValidationError(
                _(
                    "The lines of this contract may cost up to %(lines)s, more than the "
                    "contract's total value of %(value)s."
                ),
                code="value_exceeded",
                params={"lines": money_text(total), "value": money_text(value)},
            )
        }
    )


@transaction.atomic
def contract_create(*, provider: Provider, acting_user: Any, fields: dict[str, Any]) -> Contract:
    """Register a contract with an active provider; its lines are added one by one."""
    _require_manage(acting_user)
    if provider.archived_at is not None:
        raise ProviderError(_("This provider is archived."), code="archived")
    contract = Contract(provider=provider, **_contract_data(fields))
    _check_contract(contract)
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError:
        raise ProviderError(
            {"number": _("A contract with this number is already registered.")},
            code="duplicate_number",
        ) from None
    ContractTransition.objects.create(
        contract=contract, to_status=contract.status, at=timezone.now(), actor=acting_user
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=contract,
        changes={name: [None, str(getattr(contract, name))] for name in CONTRACT_FIELDS},
    )
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, acting_user: Any, fields: dict[str, Any]) -> Contract:
    """Change a contract. Its lines must stay within its period and within its total value;
    the status moves only forward (draft → in force → ended); an ended contract is final."""
    _require_manage(acting_user)
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.status == ContractStatus.ENDED:
        raise ProviderError(_("This contract has ended and cannot be changed."), code="ended")
    data = _contract_data(fields)
    new_status = data.get("status", current.status)
    if new_status not in _STATUS_MOVES[ContractStatus(current.status)]:
        raise ProviderError(
            {"status": _("A contract in force cannot go back to a draft.")}, code="status_back"
        )
    changes = model_changes(current, data)
    for name, value in data.items():
        setattr(current, name, value)
    _check_contract(current)
    lines = list(current.lines.all())
    outside = [
        line
        for line in lines
        if line.valid_from < current.valid_from or line.valid_to > current.valid_to
    ]
    if outside:
        raise ProviderError(
            {
                "valid_to": ValidationError(
                    _("%(count)s line(s) of this contract would fall outside its period."),
                    params={"count": len(outside)},
                    code="lines_outside",
                )
            }
        )
    total = _lines_total(lines)
    if total > current.total_value:
        raise _value_exceeded(total, current.total_value)
    if changes:
        current.save(update_fields=[*changes, "updated_at"])
        if "status" in changes:
            ContractTransition.objects.create(
                contract=current,
                from_status=changes["status"][0],
                to_status=current.status,
                at=timezone.now(),
                actor=acting_user,
            )
        audit_record(
            actor=acting_user,
            action=AuditAction.TRANSITION if "status" in changes else AuditAction.UPDATE,
            obj=current,
            changes=changes,
        )
    return current


@transaction.atomic
def contract_line_add(
    *, contract: Contract, acting_user: Any, fields: dict[str, Any]
) -> ContractLine:
    """Add a line: a unit price above zero, at least one unit, a period within the contract's,
    and all lines together (unit price × maximum units × periods) within the contract's total
    value. The contract row is locked, so two lines added at once cannot both squeeze in."""
    _require_manage(acting_user)
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.status == ContractStatus.ENDED:
        raise ProviderError(_("This contract has ended: no lines can be added."), code="ended")
    data = {key: value for key, value in fields.items() if key in LINE_FIELDS}
    data.setdefault("valid_from", current.valid_from)
    data.setdefault("valid_to", current.valid_to)
    line = ContractLine(contract=current, **data)
    errors: dict[str, Any] = {}
    if line.unit_price is not None and line.unit_price <= 0:
        errors["unit_price"] = _("The unit price must be more than zero.")
    if line.max_units is not None and line.max_units <= 0:
        errors["max_units"] = _("The maximum number of units must be at least 1.")
    if errors:
        raise ProviderError(errors)
    _full_clean(line, exclude=["contract"])
    if line.valid_to < line.valid_from:
        errors["valid_to"] = _("The end of the line cannot be before its start.")
    period = {"start": day_text(current.valid_from), "end": day_text(current.valid_to)}
    if line.valid_from < current.valid_from:
        errors["valid_from"] = ValidationError(
            _("The line must start within the contract's period (%(start)s – %(end)s)."),
            params=period,
        )
    if line.valid_to > current.valid_to:
        errors["valid_to"] = ValidationError(
            _("The line must end within the contract's period (%(start)s – %(end)s)."),
            params=period,
        )
    if errors:
        raise ProviderError(errors)
    if ContractLine.objects.filter(
        contract=current, service=line.service, unit=line.unit, valid_from=line.valid_from
    ).exists():
        raise ProviderError(
            {"service": _("This contract already has a line for this service and unit.")},
            code="duplicate_line",
        )
    existing = _lines_total(current.lines.all())
    total = existing + line.max_value
    if total > current.total_value:
        raise ProviderError(
            {
                "max_units": ValidationError(
                    _(
                        "This line may cost up to %(line)s; with the other lines, %(total)s. "
                        "That is more than the contract's total value of %(value)s "
                        "(%(left)s left)."
                    ),
                    code="value_exceeded",
                    params={
                        "line": money_text(line.max_value),
                        "total": money_text(total),
                        "value": money_text(current.total_value),
                        "left": money_text(current.total_value - existing),
                    },
                )
            }
        )
    line.save()
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=line,
        changes={
            name: [None, str(getattr(line, "service_id" if name == "service" else name))]
            for name in LINE_FIELDS
        },
    )
    return line


@transaction.atomic
def contract_line_end(*, line: ContractLine, acting_user: Any, on: dt.date) -> ContractLine:
    """End a line early on ``on`` (its last day): kept for the record, its period shortened."""
    _require_manage(acting_user)
    current = ContractLine.objects.select_for_update().get(pk=line.pk)
    if current.ended_at is not None:
        raise ProviderError(_("This line has already ended."), code="ended")
    if on < current.valid_from or on > current.valid_to:
        raise ProviderError(
            {
                "ended_on": ValidationError(
                    _("The last day must be within the line's period (%(start)s – %(end)s)."),
                    params={
                        "start": day_text(current.valid_from),
                        "end": day_text(current.valid_to),
                    },
                    code="outside",
                )
            }
        )
    old_to = current.valid_to
    current.valid_to = on
    current.ended_at = timezone.now()
    current.save(update_fields=["valid_to", "ended_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=current,
        changes={"valid_to": [str(old_to), str(on)], "ended_at": [None, str(current.ended_at)]},
    )
    return current
