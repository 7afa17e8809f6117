"""Entitlements (uprawnienia): the place that qualification grants — person × service ×
provider × period, with the units allowed per period copied from the programme's limits.

An entitlement is created by the queue itself whenever a request becomes qualified (a clerk, a
decision, a lottery, a promotion), and closed when the request leaves the qualified state. It
lives here, beside the queue, because ending or suspending one frees a place and promotes the
next person on the waiting list; everything that delivers (the delivery ledger, sessions, rides,
visits, vouchers) points at it from above.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.intake.models import ApplicationItem, ItemState
from opencus.people.models import Person
from opencus.providers.models import Provider
from opencus.providers.selectors import providers_for_service

__all__ = ["Entitlement", "EntitlementStatus"]


class EntitlementStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class EntitlementQuerySet(models.QuerySet["Entitlement"]):
    def in_force(self, on: dt.date) -> EntitlementQuerySet:
        """Active entitlements whose period covers ``on``."""
        return self.filter(status=EntitlementStatus.ACTIVE, starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )


class Entitlement(models.Model):
    """The place a qualified request gives (uprawnienie do usługi): who, which service, which
    provider delivers it, from when to when, and how many units per period (``allowances``:
    ``[{"units": 2, "unit": "ride", "period": "month"}, …]``, a copy of the service's limits
    when it was granted, so a later change of the programme does not change it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.OneToOneField(
        ApplicationItem,
        on_delete=models.PROTECT,
        related_name="entitlement",
        verbose_name=_("request"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("person")
    )
    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        related_name="entitlements",
        verbose_name=_("service"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entitlements",
        verbose_name=_("provider"),
        help_text=_("Chosen by the organiser among the service's contracted providers."),
    )
    allowances = models.JSONField(_("units allowed"), default=list, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EntitlementStatus.choices,
        default=EntitlementStatus.ACTIVE,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    status_note = models.TextField(_("reason for the status"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="entitlement_period_order",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status"], name="entitlement_provider_idx"),
            models.Index(fields=["service", "status"], name="entitlement_service_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.service}"

    def allowance(self, unit: str) -> list[dict[str, Any]]:
        """The limits that apply to ``unit`` (none: not limited)."""
        return [entry for entry in self.allowances if entry.get("unit") == unit]

    @property
    def allowance_text(self) -> str:
        return "; ".join(
            f"{entry['units']} × {Unit(entry['unit']).label} / {Period(entry['period']).label}"
            for entry in self.allowances
        )


class EntitlementError(ValidationError):
    """A rule of entitlements refused the change; the message is for the user."""


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
    entitlement = Entitlement.objects.create(
        item=item,
        person_id=item.person_id,
        service=service,
        provider=providers[0] if len(providers) == 1 else None,
        allowances=[
            {"units": limit.units, "unit": limit.unit, "period": limit.period}
            for limit in service.limits.order_by("id")
        ],
        starts_on=today,
        ends_on=end if end is None or end >= today else today,
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=entitlement)
    return entitlement


def entitlement_close(*, item: ApplicationItem, acting_user: Any, note: str = "") -> None:
    """The request left the qualified state (withdrawn, participation ended): its entitlement
    ends today (called by the queue)."""
    today = timezone.localdate()
    for entitlement in Entitlement.objects.filter(item=item).exclude(
        status=EntitlementStatus.ENDED
    ):
        entitlement.status = EntitlementStatus.ENDED
        entitlement.status_changed_at = timezone.now()
        entitlement.status_note = note
        entitlement.ends_on = max(today, entitlement.starts_on)
        entitlement.save(update_fields=["status", "status_changed_at", "status_note", "ends_on"])
        audit_record(
            actor=acting_user,
            action=AuditAction.TRANSITION,
            obj=entitlement,
            changes={"status": ["", EntitlementStatus.ENDED]},
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
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=entitlement,
        changes={"provider": [previous, provider.pk]},
    )
    return entitlement


@transaction.atomic
def entitlement_suspend(*, entitlement: Entitlement, acting_user: Any, reason: str) -> Entitlement:
    """Suspend (e.g. a hospital stay): the place is freed at once and the next person on the
    waiting list promoted; resuming needs a free place again."""
    from opencus.intake.services import _promote

    reason = (reason or "").strip()
    if not reason:
        raise EntitlementError({"reason": _("Write why it is suspended.")}, code="reason")
    service = ProgrammeService.objects.select_for_update().get(pk=entitlement.service_id)
    updated = Entitlement.objects.filter(pk=entitlement.pk, status=EntitlementStatus.ACTIVE).update(
        status=EntitlementStatus.SUSPENDED, status_changed_at=timezone.now(), status_note=reason
    )
    if not updated:
        raise EntitlementError(_("Only an active entitlement can be suspended."), code="state")
    entitlement.refresh_from_db()
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=entitlement,
        changes={"status": [EntitlementStatus.ACTIVE, EntitlementStatus.SUSPENDED]},
    )
    _promote(service=service, acting_user=acting_user, on=timezone.localdate())
    return entitlement


@transaction.atomic
def entitlement_resume(*, entitlement: Entitlement, acting_user: Any) -> Entitlement:
    """Resume a suspended entitlement, if a place is free (the service is locked meanwhile)."""
    from opencus.intake.services import free_places

    service = ProgrammeService.objects.select_for_update().get(pk=entitlement.service_id)
    current = Entitlement.objects.get(pk=entitlement.pk)
    if current.status != EntitlementStatus.SUSPENDED:
        raise EntitlementError(_("Only a suspended entitlement can be resumed."), code="state")
    if free_places(service) == 0:
        raise EntitlementError(
            _("There is no free place in this service now: it cannot be resumed yet."),
            code="no_place",
        )
    Entitlement.objects.filter(pk=entitlement.pk).update(
        status=EntitlementStatus.ACTIVE, status_changed_at=timezone.now(), status_note=""
    )
    current.refresh_from_db()
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=current,
        changes={"status": [EntitlementStatus.SUSPENDED, EntitlementStatus.ACTIVE]},
    )
    return current


def entitlement_end(*, entitlement: Entitlement, acting_user: Any, reason: str) -> Entitlement:
    """End participation: the request is withdrawn (which frees the place and promotes the
    next person) and the entitlement ends today."""
    from opencus.intake.services import item_withdraw

    reason = (reason or "").strip()
    if not reason:
        raise EntitlementError({"reason": _("Write why it ends.")}, code="reason")
    if entitlement.status == EntitlementStatus.ENDED:
        raise EntitlementError(_("This entitlement has already ended."), code="ended")
    item_withdraw(item=entitlement.item, acting_user=acting_user, note=reason)
    return Entitlement.objects.get(pk=entitlement.pk)


def qualified_items_holding_places(service: ProgrammeService) -> models.QuerySet[ApplicationItem]:
    """Qualified requests that hold a place: a suspended entitlement frees its place."""
    return ApplicationItem.objects.filter(service=service, state=ItemState.QUALIFIED).exclude(
        entitlement__status=EntitlementStatus.SUSPENDED
    )
