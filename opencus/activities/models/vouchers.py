"""Cinema passes and museum tickets (bony, karnety, bilety) issued to residents against their
entitlements and redeemed once, by code, at the partner venue."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.activities.capabilities import VOUCHER_ISSUE, VOUCHER_REDEEM
from opencus.catalog.models import ProgrammeService
from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.delivery.models import DeliveryRecord
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.providers.models import Provider, staff_providers

__all__ = ["Voucher", "VoucherQuerySet", "VoucherStatus", "VoucherTransition"]


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", _("valid")
    REDEEMED = "redeemed", _("redeemed")
    EXPIRED = "expired", _("expired")


#: The states that count against the entitlement's allowance (an expired voucher returns to the
#: pool).
COUNTED = (VoucherStatus.ISSUED, VoucherStatus.REDEEMED)


class VoucherQuerySet(models.QuerySet["Voucher"]):
    def visible_to(self, user: Any) -> VoucherQuerySet:
        """Staff who issue vouchers see those of the people they may see; a partner venue's
        staff see their own venue's vouchers only (``staff_providers``); no one else any."""
        if has_capability(user, VOUCHER_ISSUE):
            return self.filter(person__in=Person.objects.visible_to(user))
        if has_capability(user, VOUCHER_REDEEM):
            return self.filter(venue_id__in=staff_providers(user))
        return self.none()

    def counted(self) -> VoucherQuerySet:
        return self.filter(status__in=COUNTED)


class Voucher(models.Model):
    """A voucher (bon, karnet, bilet) for one entry at a partner venue: a typed code with a
    check character, a validity period, the entitlement it is issued against. Redeemed once;
    the redemption posts one unit (a ticket) in the delivery ledger."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=16, unique=True)
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="vouchers")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("person")
    )
    service = models.ForeignKey(
        ProgrammeService, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    venue = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("venue")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    redeemed_at = models.DateTimeField(_("redeemed"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    delivery_record = models.ForeignKey(
        DeliveryRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ledger_refusal = models.TextField(_("why the ledger refused the redemption"), blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="voucher_period_order"
            ),
        ]
        indexes = [
            models.Index(fields=["entitlement", "status"], name="voucher_entitlement_idx"),
            models.Index(fields=["status", "valid_until"], name="voucher_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.code_text

    @property
    def code_text(self) -> str:
        """The code in groups of four, as printed: ``K7QF-M2XH-9RC``."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class VoucherTransition(Transition):
    """The history of a voucher (historia bonu): issued, redeemed, expired."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=VoucherStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=VoucherStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("voucher change")
        verbose_name_plural = _("voucher changes")
