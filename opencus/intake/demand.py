"""Unmet demand (niezaspokojone potrzeby): what residents asked for and did not get, for the
needs diagnosis (domain.md §1.1) and the reports.

Three sources, one table:

- every refusal and every entry on a waiting list — derived from the queue's transition log
  (``ItemTransition``) by ``unmet_demand_sync``, so no path that refuses or queues a request
  (a clerk, a decision, an enrolment round, a promotion) can forget to record it; the sync is
  idempotent (one row per request and reason, a database constraint) and can run at any time;
- every request for something the programme does not offer ("sprzątanie", "joga"), written at
  intake as free text by ``unmet_demand_record_request``, with or without a known person (a
  phone enquiry may stay anonymous) — or voiced at a consultation, which the apps above record
  through the same service with ``source_kind`` "consultation" and the meeting as ``source``.

Each row says where it came from (``source_kind``, and ``source`` in words).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Area, ProgrammeService
from opencus.core.audit import actor_or_none, audit_record
from opencus.core.models import AuditAction
from opencus.intake.errors import IntakeError
from opencus.intake.models import DemandReason, DemandSource, ItemState, ItemTransition, UnmetDemand
from opencus.people.models import Person


@transaction.atomic
def unmet_demand_record_request(
    *,
    text: str,
    acting_user: Any,
    person: Person | None = None,
    area: Area | None = None,
    note: str = "",
    recorded_on: dt.date | None = None,
    source_kind: str = DemandSource.INTAKE,
    source: str = "",
) -> UnmetDemand:
    """Record a request for a service the programme does not offer, in the resident's words,
    with where it was voiced (``source_kind``: intake or consultation; ``source`` in words,
    e.g. "Spotkanie konsultacyjne 15.12.2021")."""
    text = " ".join((text or "").split())
    if not text:
        raise IntakeError({"text": _("Write what the person asked for.")}, code="text")
    if len(text) > 200:
        raise IntakeError(
            {"text": _("Keep it under 200 characters; add details in the note.")}, code="text"
        )
    if source_kind not in (DemandSource.INTAKE, DemandSource.CONSULTATION):
        raise IntakeError(_("Choose where the request was voiced."), code="source")
    source = " ".join((source or "").split())[:200]
    day = recorded_on or timezone.localdate()
    if day > timezone.localdate():
        raise IntakeError({"recorded_on": _("The date cannot be in the future.")}, code="date")
    demand = UnmetDemand.objects.create(
        person=person,
        category=text,
        area=area,
        recorded_on=day,
        reason=DemandReason.NOT_OFFERED,
        note=note.strip(),
        source_kind=source_kind,
        source=source,
        recorded_by=actor_or_none(acting_user),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=demand,
        changes={"category": text, "reason": DemandReason.NOT_OFFERED, "source": source},
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
                source_kind=DemandSource.QUEUE,
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
