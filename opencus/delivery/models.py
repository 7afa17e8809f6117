"""The delivery ledger and the monthly settlement with providers (issue 4, items 4 and 6).

The ledger is append-only: a delivered unit is a row, a mistake is put right by a reversing
row that points at the row it cancels. Nothing is edited or deleted — the queryset and the
model refuse it, and the admin is read-only. A month of a contract, once approved, is locked:
no new delivery is dated into it, and a later correction is accounted in the next open month.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Unit
from opencus.core.models import Transition
from opencus.intake.models import Entitlement
from opencus.providers.models import Contract, ContractLine, Provider


class LedgerEditError(RuntimeError):
    """The ledger is append-only: a programming error, never a user's mistake."""


class DeliveryRecordQuerySet(models.QuerySet["DeliveryRecord"]):
    def visible_to(self, user: Any) -> DeliveryRecordQuerySet:
        """Records of the providers ``user`` may see: every provider for the centre's staff
        with ``provider.view``, their own provider for a provider's staff, none otherwise."""
        return self.filter(provider__in=Provider.objects.visible_to(user))

    def update(self, **kwargs: Any) -> NoReturn:
        raise LedgerEditError("delivery records are never edited; record a correction")

    def delete(self) -> NoReturn:
        raise LedgerEditError("delivery records are never deleted; record a correction")


class DeliveryRecord(models.Model):
    """A delivery of units of a service to a person (rejestr zrealizowanych usług): one row of
    the append-only ledger the monthly settlement is computed from.

    ``unit`` and ``unit_price`` are copied from the contract line when the delivery is recorded,
    so a later price change does not change what was earned. ``settlement_month`` is the first
    day of the month the row is accounted in: the month of delivery or, for a correction of a
    locked month, the next open one. A correction (``corrects``) has minus the units of the row
    it reverses; a row is reversed at most once.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entitlement = models.ForeignKey(
        Entitlement,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("entitlement"),
    )
    #: Delivered by the centre itself (its own staff, volunteers): no contract line, no
    #: provider, no price, and no settlement; the centre's reports still count it.
    in_house = models.BooleanField(_("delivered by the centre"), default=False)
    contract_line = models.ForeignKey(
        ContractLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("contract line"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("provider"),
    )
    delivered_on = models.DateField(_("delivered on"))
    units = models.DecimalField(_("units"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=14, choices=Unit.choices)
    unit_price = models.DecimalField(
        _("unit price (PLN)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    settlement_month = models.DateField(_("accounted in month"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    objects = DeliveryRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery record")
        verbose_name_plural = _("delivery records")
        ordering = ["delivered_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(units=0), name="delivery_units_not_zero"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, units__gt=0)
                | Q(corrects__isnull=False, units__lt=0),
                name="delivery_correction_sign",
            ),
            models.CheckConstraint(
                condition=Q(settlement_month__day=1), name="delivery_month_first_day"
            ),
            models.UniqueConstraint(fields=["corrects"], name="delivery_reversed_once"),
            # Only the centre's own deliveries go without a contract line (and so without a
            # provider and a price); every provider's delivery has all three.
            models.CheckConstraint(
                condition=Q(
                    in_house=True,
                    contract_line__isnull=True,
                    provider__isnull=True,
                    unit_price__isnull=True,
                )
                | Q(
                    in_house=False,
                    contract_line__isnull=False,
                    provider__isnull=False,
                    unit_price__isnull=False,
                ),
                name="delivery_line_unless_in_house",
            ),
        ]
        indexes = [
            models.Index(fields=["contract_line", "settlement_month"], name="delivery_line_month"),
            models.Index(fields=["provider", "settlement_month"], name="delivery_provider_month"),
            models.Index(fields=["entitlement", "delivered_on"], name="delivery_entitlement_day"),
        ]

    def __str__(self) -> str:
        return f"{self.delivered_on:%Y-%m-%d} · {self.units} {self.get_unit_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one guard kept here rather than in a service: it is what "append-only" means.
        if not self._state.adding:
            raise LedgerEditError("delivery records are never edited; record a correction")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LedgerEditError("delivery records are never deleted; record a correction")

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class SettlementQuerySet(models.QuerySet["Settlement"]):
    def visible_to(self, user: Any) -> SettlementQuerySet:
        """Settlements of the contracts ``user`` may see."""
        return self.filter(contract__in=Contract.objects.visible_to(user))


class Settlement(models.Model):
    """The monthly settlement of a contract (rozliczenie miesięczne): approving it locks the
    month and keeps the total as it was approved."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("contract")
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=SettlementStatus.choices, default=SettlementStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    total = models.DecimalField(_("total (PLN)"), max_digits=14, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SettlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-month", "contract_id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "month"], name="settlement_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="settlement_month_first_day"),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="settlement_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.month:%Y-%m}"


class SettlementTransition(Transition):
    """The history of a monthly settlement (historia rozliczenia): who approved it, when."""

    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=SettlementStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=SettlementStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("settlement change")
        verbose_name_plural = _("settlement changes")

    def __str__(self) -> str:
        return f"{self.settlement_id}: {self.from_status} → {self.to_status}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class DeliveryRequest(models.Model):
    """One submission of a delivery (issue 9, item 11): the one-time token of the form it was
    sent from, or the ``Idempotency-Key`` of an API call. The key is unique per user, so a
    second tap on "Record", a resent request or two concurrent ones store one record: the
    second finds the first one's key (or waits for it on the unique index) and records
    nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=64)
    record = models.ForeignKey(
        DeliveryRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery record"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery submission")
        verbose_name_plural = _("delivery submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="delivery_request_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


class DeliveryImport(models.Model):
    """A provider's file of deliveries that was recorded (issue 9, item 11): its content's
    SHA-256 is remembered, so the same file uploaded again is refused instead of recording
    every row twice."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("deliveries recorded"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "sha256"], name="delivery_import_file_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.file_name} ({self.sha256[:12]})"
