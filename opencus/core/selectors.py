from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from opencus.core.audit import person_audit_filter
from opencus.core.capabilities import AUDIT_VIEW
from opencus.core.models import AuditEvent
from opencus.core.roles import has_capability


def audit_events(
    *,
    user: Any,
    action: str | None = None,
    actor: str | None = None,
    person: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log for a reader with ``audit.view``, newest first, filtered by action, by
    staff member (user name, or words of their name), by person (a search of the people the
    reader may see: events about them and their records) and by day (inclusive)."""
    if not has_capability(user, AUDIT_VIEW):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("content_type", "actor")
    if action:
        events = events.filter(action=action)
    if actor:
        by_name = Q()
        for word in actor.split():
            by_name &= Q(actor__first_name__icontains=word) | Q(actor__last_name__icontains=word)
        events = events.filter(Q(actor_username__iexact=actor) | by_name)
    if person:
        events = events.filter(person_audit_filter(user=user, query=person))
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-id")
