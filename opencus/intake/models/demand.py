"""Unmet demand (niezaspokojone potrzeby): one table for every need the programme did not
meet; the services that record and summarise it are in ``demand.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Area, ProgrammeService
from opencus.core.formatting import day_text
from opencus.intake.models.applications import ApplicationItem
from opencus.people.models import Person


class DemandReason(models.TextChoices):
    # The first two values equal the item states they come from (the sync relies on it).
    REFUSED = "refused", _("refused")
    WAITING = "waiting", _("put on the waiting list")
    NOT_OFFERED = "not_offered", _("not offered by the programme")


class DemandSource(models.TextChoices):
    INTAKE = "intake", _("intake (in person, phone, portal)")
    QUEUE = "queue", _("the queue (refusals and waiting lists)")
    CONSULTATION = "consultation", _("consultation")


class UnmetDemand(models.Model):
    """One unmet need: a service (or, when the programme has none, a category in the
    resident's words), the area, the day and why it was not met."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
        help_text=_("Empty for an anonymous enquiry."),
    )
    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    category = models.CharField(
        _("what was asked for"),
        max_length=200,
        blank=True,
        help_text=_("In the resident's words, for a service the programme does not offer."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    recorded_on = models.DateField(_("date"), db_index=True)
    reason = models.CharField(_("reason"), max_length=12, choices=DemandReason.choices)
    note = models.TextField(_("note"), blank=True)
    item = models.ForeignKey(
        ApplicationItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested service"),
    )
    source_kind = models.CharField(
        _("source"), max_length=12, choices=DemandSource.choices, default=DemandSource.INTAKE
    )
    source = models.CharField(
        _("source in words"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the consultation meeting of 15.12.2021."),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("unmet demand")
        verbose_name_plural = _("unmet demand")
        ordering = ["-recorded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "reason"],
                condition=Q(item__isnull=False),
                name="unmet_demand_once_per_item_reason",
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=False) | ~Q(category=""),
                name="unmet_demand_names_what",
            ),
            models.CheckConstraint(
                condition=Q(reason="not_offered") | Q(item__isnull=False),
                name="unmet_demand_queue_rows_have_item",
            ),
        ]

    def __str__(self) -> str:
        what = self.service.name if self.service_id and self.service else self.category
        return f"{day_text(self.recorded_on)} {what} ({self.get_reason_display()})"
