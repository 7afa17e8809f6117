"""Certificates and opinions: requested by the volunteer (or for them), issued by the
coordinator."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.audit import actor_or_none, audit_record
from opencus.core.models import AuditAction
from opencus.volunteering import selectors
from opencus.volunteering.errors import DocumentError
from opencus.volunteering.models import (
    DocumentKind,
    DocumentRequest,
    DocumentStatus,
    DocumentTransition,
    Volunteer,
)
from opencus.volunteering.services.common import (
    require_manager,
    require_own_or_manager,
    today,
)


@transaction.atomic
def document_request(*, volunteer: Volunteer, kind: str, acting_user: Any) -> DocumentRequest:
    """The volunteer asks for a certificate or an opinion (or the coordinator records their
    request). A second request of a kind still waiting is the same request."""
    require_own_or_manager(volunteer, acting_user, DocumentError)
    if kind not in DocumentKind.values:
        raise DocumentError({"kind": _("Choose a certificate or an opinion.")}, code="kind")
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    waiting = DocumentRequest.objects.filter(
        volunteer=volunteer, kind=kind, status=DocumentStatus.REQUESTED
    ).first()
    if waiting is not None:
        return waiting
    document = DocumentRequest.objects.create(
        volunteer=volunteer, kind=kind, requested_by=acting_user
    )
    DocumentTransition.objects.create(
        document=document,
        to_status=DocumentStatus.REQUESTED,
        at=document.requested_at,
        actor=actor_or_none(acting_user),
    )
    audit_record(actor=acting_user, action=AuditAction.CREATE, obj=document)
    return document


@transaction.atomic
def document_issue(
    *, document: DocumentRequest, acting_user: Any, opinion: str = ""
) -> DocumentRequest:
    """The coordinator issues a requested certificate (the scope of the work and the hours
    confirmed, frozen on the day) or an opinion (their evaluation, required)."""
    require_manager(acting_user, DocumentError)
    locked = DocumentRequest.objects.select_for_update().get(pk=document.pk)
    if locked.status != DocumentStatus.REQUESTED:
        raise DocumentError(_("This document was issued already."), code="issued")
    if locked.kind == DocumentKind.OPINION and not opinion.strip():
        raise DocumentError(
            {"opinion": _("Write the opinion on the volunteer's work.")}, code="opinion"
        )
    locked.status = DocumentStatus.ISSUED
    locked.opinion = opinion.strip() if locked.kind == DocumentKind.OPINION else ""
    locked.hours_total = selectors.hours_confirmed(locked.volunteer)
    locked.issued_on = today()
    locked.issued_by = acting_user
    locked.save(update_fields=["status", "opinion", "hours_total", "issued_on", "issued_by"])
    DocumentTransition.objects.create(
        document=locked,
        from_status=DocumentStatus.REQUESTED,
        to_status=DocumentStatus.ISSUED,
        at=timezone.now(),
        actor=actor_or_none(acting_user),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [DocumentStatus.REQUESTED, DocumentStatus.ISSUED]},
    )
    return locked
