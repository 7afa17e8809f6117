"""Unmet demand (niezaspokojone potrzeby): what residents asked for and did not get, for the
needs diagnosis (domain.md §1.1) and the reports.

Three sources, one table:

- every refusal and every entry on a waiting list — derived from the queue's transition log
  (``ItemTransition``) by ``unmet_demand_sync``, so no path that refuses or queues a request
  (a clerk, a decision, an enrolment round, a promotion) can forget to record it; the sync is
  idempotent (one row per request and reason, a database constraint) and can run at any time;
- every request for something the programme does not offer ("sprzątanie", "joga"), written at
  intake as free text by ``unmet_demand_record_request``, with or without a known person (a
  phone enquiry may stay anonymous).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Area, ProgrammeService
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.intake.models import ApplicationItem, ItemState, ItemTransition
from opencus.people.models import Person

__all__ = ["DemandReason", "UnmetDemand"]


class DemandReason(models.TextChoices):
    # The first two values equal the item states they come from (the sync relies on it).
    REFUSED = "refused", _("refused")
    WAITING = "waiting", _("put on the waiting list")
    NOT_OFFERED = "not_offered", _("not offered by the programme")


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
        return f"{self.recorded_on:%d.%m.%Y} {what} ({self.get_reason_display()})"


def _error(message: Any, code: str) -> Exception:
    # Imported here: models.py imports this module at its end (see rounds.py).
    from opencus.intake.services import IntakeError

    if isinstance(message, dict):  # a field's error keeps the code too
        message = {field: ValidationError(text, code=code) for field, text in message.items()}
    return IntakeError(message, code=code)


@transaction.atomic
def unmet_demand_record_request(
    *,
    text: str,
    acting_user: Any,
    person: Person | None = None,
    area: Area | None = None,
    note: str = "",
    recorded_on: dt.date | None = None,
) -> UnmetDemand:
    """Record a request for a service the programme does not offer, in the resident's words."""
    text = " ".join((text or "").split())
    if not text:
        raise _error({"text": _("Write what the person asked for.")}, "text")
    if len(text) > 200:
        raise _error({"text": _("Keep it under 200 characters; add details in the note.")}, "text")
    day = recorded_on or timezone.localdate()
    if day > timezone.localdate():
        raise _error({"recorded_on": _("The date cannot be in the future.")}, "date")
    demand = UnmetDemand.objects.create(
        person=person,
        category=text,
        area=area,
        recorded_on=day,
        reason=DemandReason.NOT_OFFERED,
        note=note.strip(),
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=demand,
        changes={"category": text, "reason": DemandReason.NOT_OFFERED},
    )
    return demand


@transaction.atomic
def unmet_demand_sync(*, acting_user: Any = None) -> int:
    """Record every refusal and every waiting-list entry of the queue not yet recorded; returns
    how many rows were added. Safe to run again and concurrently (one row per item and
    reason). The area is the service's first statutory area (lowest code); the service's
    other areas are on the service itself."""
    first_area = (
        ProgrammeService.areas.through.objects.filter(programmeservice_id=OuterRef("item__service"))
        .order_by("area_id")
        .values("area_id")[:1]
    )
    recorded = UnmetDemand.objects.filter(item=OuterRef("item"), reason=OuterRef("to_state"))
    pending = (
        ItemTransition.objects.filter(to_state__in=[ItemState.REFUSED, ItemState.WAITING])
        .exclude(Exists(recorded))
        .annotate(first_area=Subquery(first_area))
        .select_related("item")
        .order_by("at", "id")
    )
    rows: dict[tuple[int, str], UnmetDemand] = {}
    for transition in pending:
        item = transition.item
        rows.setdefault(
            (item.pk, transition.to_state),
            UnmetDemand(
                person_id=item.person_id,
                service_id=item.service_id,
                area_id=transition.first_area,
                recorded_on=timezone.localtime(transition.at).date(),
                reason=transition.to_state,
                note=item.reason if transition.to_state == ItemState.REFUSED else transition.note,
                item=item,
            ),
        )
    if not rows:
        return 0
    created = UnmetDemand.objects.bulk_create(rows.values(), ignore_conflicts=True)
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        changes={"unmet_demand_recorded": len(created)},
    )
    return len(rows)


def unmet_demand_summary(*, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """Counts of unmet demand in a period by reason, service or category (case-insensitive)
    and area, most frequent first — the table the needs diagnosis starts from."""
    return list(
        UnmetDemand.objects.filter(recorded_on__range=(since, until))
        .values("reason", "service_id", "service__name", "area_id")
        .annotate(category_key=Lower("category"), count=Count("id"))
        .order_by("-count", "reason", "service__name", "category_key")
    )
