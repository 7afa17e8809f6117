"""Consultations: who took part, and the opinions and requests voiced."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Programme, ProgrammeService
from opencus.community.errors import RecordError
from opencus.community.models import (
    Consultation,
    ConsultationEntry,
    ConsultationParticipant,
    EntryKind,
)
from opencus.community.services.common import clean, not_future
from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.intake.demand import unmet_demand_record_request
from opencus.intake.models import DemandSource


@transaction.atomic
def consultation_create(
    *,
    title: str,
    held_on: dt.date,
    place: str = "",
    programme: Programme | None = None,
    topics: str = "",
    acting_user: Any,
) -> Consultation:
    """Record a consultation (of a draft programme, or a meeting to assess services)."""
    title = " ".join(title.split())
    if not title:
        raise RecordError({"title": _("Enter the consultation's title.")}, code="title")
    not_future(held_on, "held_on")
    consultation = Consultation.objects.create(
        title=title,
        held_on=held_on,
        place=clean(place),
        programme=programme,
        topics=clean(topics),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=consultation,
        changes={"held_on": held_on.isoformat(), "programme": programme.pk if programme else None},
    )
    return consultation


@transaction.atomic
def consultation_participant_add(
    *, consultation: Consultation, kind: str, name: str, count: int, acting_user: Any
) -> ConsultationParticipant:
    """Record who took part, by organisation or role."""
    name = " ".join(name.split())
    if not name:
        raise RecordError({"name": _("Enter the organisation or role.")}, code="name")
    if not 1 <= count <= 10_000:
        raise RecordError({"count": _("Enter how many, from 1.")}, code="count")
    participant = ConsultationParticipant.objects.create(
        consultation=consultation, kind=kind, name=name, count=count
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=participant,
        changes={"consultation": consultation.pk, "kind": kind, "count": count},
    )
    return participant


@transaction.atomic
def consultation_entry_add(
    *,
    consultation: Consultation,
    kind: str,
    text: str,
    by: str = "",
    service: ProgrammeService | None = None,
    acting_user: Any,
) -> ConsultationEntry:
    """Record an opinion or a request voiced at a consultation. A request for a service the
    programme does not offer enters the unmet-demand register with the consultation as its
    source; a request about a service it offers (``service`` named) is kept as an opinion on
    that service, not as unmet demand."""
    text = " ".join(text.split())
    if not text:
        raise RecordError({"text": _("Write what was said.")}, code="text")
    if len(text) > 200:
        raise RecordError({"text": _("Keep it under 200 characters.")}, code="text")
    if kind not in EntryKind.values:
        raise RecordError({"kind": _("Choose opinion or request.")}, code="kind")
    demand = None
    if kind == EntryKind.REQUEST and service is not None:
        kind = EntryKind.OPINION
    if kind == EntryKind.REQUEST:
        demand = unmet_demand_record_request(
            text=text,
            acting_user=acting_user,
            recorded_on=consultation.held_on,
            note=clean(by),
            source_kind=DemandSource.CONSULTATION,
            source=consultation.source_label,
        )
    entry = ConsultationEntry.objects.create(
        consultation=consultation,
        kind=kind,
        text=text,
        by=" ".join(by.split()),
        service=service,
        demand=demand,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=entry,
        changes={"consultation": consultation.pk, "kind": kind},
    )
    return entry
