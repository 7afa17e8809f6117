from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from opencus.core.capabilities import AUDIT_VIEW
from opencus.core.models import AuditEvent
from opencus.core.roles import has_capability


def audit_events(
    *, user: Any, action: str | None = None, actor: str | None = None
) -> QuerySet[AuditEvent]:
    if not has_capability(user, AUDIT_VIEW):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("content_type")
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_username__iexact=actor)
    return events.order_by("-at", "-id")
