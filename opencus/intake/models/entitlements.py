"""The entitlement (uprawnienie) a qualified request gives, with the history of its status.
The services that grant, assign, suspend, resume and end it are in ``entitlements.py`` and
``services.py``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Period, ProgrammeService, Unit
from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.intake.capabilities import APPLICATION_VIEW
from opencus.intake.models.applications import ApplicationItem
from opencus.people.models import Person
from opencus.providers.models import Provider, staff_providers


class EntitlementStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class EntitlementQuerySet(models.QuerySet["Entitlement"]):
    def visible_to(self, user: Any) -> EntitlementQuerySet:
        """For roles with ``application.view``, the entitlements of the people they may see;
        for a provider's staff, their own provider's clients (``staff_providers``, the one
        provider-scope rule); nothing for anyone else."""
        if has_capability(user, APPLICATION_VIEW):
            return self.filter(person__in=Person.objects.visible_to(user))
        return self.filter(provider_id__in=staff_providers(user))

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


class EntitlementChange(models.TextChoices):
    GRANTED = "granted", _("granted")
    PROVIDER_ASSIGNED = "provider_assigned", _("provider assigned")
    SUSPENDED = "suspended", _("suspended")
    RESUMED = "resumed", _("resumed")
    ENDED = "ended", _("ended")
    #: Units allowed (and the provider) set by an approved individual plan.
    PLAN_ADJUSTED = "plan_adjusted", _("adjusted by an individual plan")


class EntitlementTransition(Transition):
    """The history of an entitlement (historia uprawnienia): every change — granted, provider
    assigned, suspended, resumed, ended — with who made it, when and why (``note``). The
    delivery ledger reads the suspension periods from it."""

    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.PROTECT, related_name="transitions"
    )
    change = models.CharField(_("change"), max_length=20, choices=EntitlementChange.choices)
    from_status = models.CharField(max_length=10, choices=EntitlementStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=EntitlementStatus.choices)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )

    class Meta(Transition.Meta):
        verbose_name = _("entitlement change")
        verbose_name_plural = _("entitlement changes")
        indexes = [models.Index(fields=["entitlement", "at"], name="entitlement_history_idx")]

    def __str__(self) -> str:
        return f"{self.entitlement_id}: {self.change} {self.at:%Y-%m-%d %H:%M}"
