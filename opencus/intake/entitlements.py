"""Entitlements (uprawnienia): the place that qualification grants — person × service ×
provider × period, with the units allowed per period copied from the programme's limits.

An entitlement is created by the queue itself whenever a request becomes qualified (a clerk, a
decision, a lottery, a promotion), and closed when the request leaves the qualified state. It
lives here, beside the queue, because ending or suspending one frees a place and promotes the
next person on the waiting list; everything that delivers (the delivery ledger, sessions, rides,
visits, vouchers) points at it from above.

The entitlement's own state machine is here: granting, choosing the provider and moving its
status, each writing a row of its history (``EntitlementTransition``); an approved individual
plan adjusts the units allowed and the provider (``entitlement_plan_adjust``). The changes that
free or need a place — suspending, resuming, ending — are in ``services.py``, above the queue,
because they promote the next person on the waiting list.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.audit import actor_or_none, audit_record
from opencus.core.formatting import day_text
from opencus.core.models import AuditAction
from opencus.intake.errors import EntitlementError
from opencus.intake.models import (
    ApplicationItem,
    Entitlement,
    EntitlementChange,
    EntitlementStatus,
    EntitlementTransition,
)
from opencus.providers.models import Provider
from opencus.providers.selectors import providers_for_service

#: Which status each change may start from, and where it leads.
STATUS_CHANGES: dict[str, tuple[frozenset[str], str]] = {
    EntitlementChange.SUSPENDED: (
        frozenset({EntitlementStatus.ACTIVE}),
        EntitlementStatus.SUSPENDED,
    ),
    EntitlementChange.RESUMED: (
        frozenset({EntitlementStatus.SUSPENDED}),
        EntitlementStatus.ACTIVE,
    ),
    EntitlementChange.ENDED: (
        frozenset({EntitlementStatus.ACTIVE, EntitlementStatus.SUSPENDED}),
        EntitlementStatus.ENDED,
    ),
}


def _programme_end(service: ProgrammeService) -> dt.date | None:
    return service.programme.valid_to


def entitlement_grant(*, item: ApplicationItem, acting_user: Any) -> Entitlement:
    """The entitlement of a request that has just become qualified (called by the queue).

    Units allowed come from the service's limits; it runs from today to the programme's end.
    The provider is set at once when exactly one provider has a contract for the service
    today; otherwise the organiser chooses (``entitlement_assign_provider``)."""
    service = ProgrammeService.objects.select_related("programme").get(pk=item.service_id)
    today = timezone.localdate()
    providers = list(providers_for_service(service, today)[:2])
    end = _programme_end(service)
    provider = providers[0] if len(providers) == 1 else None
    entitlement = Entitlement.objects.create(
        item=item,
        person_id=item.person_id,
        service=service,
        provider=provider,
        allowances=[
            {"units": limit.units, "unit": limit.unit, "period": limit.period}
            for limit in service.limits.order_by("id")
        ],
        starts_on=today,
        ends_on=end if end is None or end >= today else today,
    )
    EntitlementTransition.objects.create(
        entitlement=entitlement,
        change=EntitlementChange.GRANTED,
        to_status=EntitlementStatus.ACTIVE,
        provider=provider,
        at=entitlement.status_changed_at,
        actor=actor_or_none(acting_user),
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=entitlement)
    return entitlement


def entitlement_status_change(
    *, entitlement: Entitlement, change: str, acting_user: Any, reason: str = ""
) -> Entitlement:
    """Move an entitlement's status (suspend, resume, end) by a conditional update, so two
    clerks cannot both move it, and write the history row and the audit row. Ending also ends
    the period today. Callers that free or need a place hold the service's lock."""
    allowed_from, to_status = STATUS_CHANGES[change]
    current = Entitlement.objects.get(pk=entitlement.pk)
    if current.status not in allowed_from:
        messages: dict[str, Any] = {
            EntitlementChange.SUSPENDED: _("Only an active entitlement can be suspended."),
            EntitlementChange.RESUMED: _("Only a suspended entitlement can be resumed."),
            EntitlementChange.ENDED: _("This entitlement has already ended."),
        }
        code = "ended" if change == EntitlementChange.ENDED else "state"
        raise EntitlementError(messages[change], code=code)
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": to_status,
        "status_changed_at": now,
        "status_note": "" if change == EntitlementChange.RESUMED else reason,
    }
    if change == EntitlementChange.ENDED:
        fields["ends_on"] = max(timezone.localdate(), current.starts_on)
    updated = Entitlement.objects.filter(pk=current.pk, status=current.status).update(**fields)
    if not updated:
        raise EntitlementError(
            _("Someone changed this entitlement in the meantime. Reload the page."), code="stale"
        )
    EntitlementTransition.objects.create(
        entitlement=current,
        change=change,
        from_status=current.status,
        to_status=to_status,
        at=now,
        actor=actor_or_none(acting_user),
        note=reason,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=current,
        # The reason (a hospital stay…) may touch on health: it stays in the history, which
        # the entitlement's pages show, and out of the audit log that auditors read.
        changes={"status": [current.status, to_status]},
    )
    current.refresh_from_db()
    return current


def entitlement_close(*, item: ApplicationItem, acting_user: Any, note: str = "") -> None:
    """The request left the qualified state (withdrawn, participation ended): its entitlement
    ends today (called by the queue)."""
    for entitlement in Entitlement.objects.filter(item=item).exclude(
        status=EntitlementStatus.ENDED
    ):
        entitlement_status_change(
            entitlement=entitlement,
            change=EntitlementChange.ENDED,
            acting_user=acting_user,
            reason=note,
        )


@transaction.atomic
def entitlement_assign_provider(
    *, entitlement: Entitlement, provider: Provider, acting_user: Any
) -> Entitlement:
    """Choose who delivers: one of the providers with a contract for the service today."""
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if entitlement.status == EntitlementStatus.ENDED:
        raise EntitlementError(_("This entitlement has ended."), code="ended")
    today = timezone.localdate()
    if not providers_for_service(entitlement.service, today).filter(pk=provider.pk).exists():
        raise EntitlementError(
            {"provider": _("This provider has no contract for this service today.")},
            code="no_contract",
        )
    previous = entitlement.provider_id
    entitlement.provider = provider
    entitlement.save(update_fields=["provider"])
    EntitlementTransition.objects.create(
        entitlement=entitlement,
        change=EntitlementChange.PROVIDER_ASSIGNED,
        from_status=entitlement.status,
        to_status=entitlement.status,
        provider=provider,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=entitlement,
        changes={"provider": [previous, provider.pk]},
    )
    return entitlement


def _allowances_clean(allowances: Any) -> list[dict[str, Any]]:
    """The units allowed as the entitlement stores them (``[{"units", "unit", "period"}]``,
    whole numbers as integers), or a refusal naming what is wrong."""
    cleaned: list[dict[str, Any]] = []
    for entry in allowances or []:
        try:
            units = Decimal(str(entry["units"]))
            unit, period = entry["unit"], entry["period"]
        except (KeyError, TypeError, InvalidOperation):
            units, unit, period = Decimal(0), "", ""
        if not units.is_finite() or units <= 0 or unit not in Unit.values:
            raise EntitlementError(
                {"allowances": _("Give the number of units allowed, more than zero.")},
                code="allowances",
            )
        if period not in Period.values:
            raise EntitlementError(
                {"allowances": _("Give the period the units are allowed per.")},
                code="allowances",
            )
        number: int | float = int(units) if units == units.to_integral_value() else float(units)
        cleaned.append({"units": number, "unit": unit, "period": period})
    return cleaned


@transaction.atomic
def entitlement_plan_adjust(
    *,
    entitlement: Entitlement,
    allowances: list[dict[str, Any]],
    provider: Provider | None,
    acting_user: Any,
    note: str,
    on: dt.date | None = None,
) -> Entitlement:
    """An approved individual plan sets the units allowed to its planned frequency and, when
    it names one, the provider (who must have a contract for the service on ``on``, by default
    today). Writes the history row (``note`` names the plan's version) and the audit row."""
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if entitlement.status == EntitlementStatus.ENDED:
        raise EntitlementError(_("This entitlement has ended."), code="ended")
    cleaned = _allowances_clean(allowances)
    day = on or timezone.localdate()
    if (
        provider is not None
        and provider.pk != entitlement.provider_id
        and not providers_for_service(entitlement.service, day).filter(pk=provider.pk).exists()
    ):
        raise EntitlementError(
            {
                "provider": _("%(provider)s has no contract for %(service)s on %(day)s.")
                % {"provider": provider, "service": entitlement.service, "day": day_text(day)}
            },
            code="no_contract",
        )
    changes: dict[str, Any] = {}
    if cleaned != entitlement.allowances:
        changes["allowances"] = [entitlement.allowances, cleaned]
        entitlement.allowances = cleaned
    if provider is not None and provider.pk != entitlement.provider_id:
        changes["provider"] = [entitlement.provider_id, provider.pk]
        entitlement.provider = provider
    entitlement.save(update_fields=["allowances", "provider"])
    EntitlementTransition.objects.create(
        entitlement=entitlement,
        change=EntitlementChange.PLAN_ADJUSTED,
        from_status=entitlement.status,
        to_status=entitlement.status,
        provider=entitlement.provider,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
        note=note,
    )
    audit_record(
        actor=acting_user, action=AuditAction.UPDATE, obj=entitlement, changes=changes or None
    )
    return entitlement
