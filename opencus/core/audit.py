"""Writing the audit log. Every service that changes state calls ``audit_record``."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from opencus.core.models import AuditAction, AuditEvent

# Set by RequestContextMiddleware for the duration of a request: where the request came from.
current_ip: ContextVar[str | None] = ContextVar("opencus_current_ip", default=None)


def actor_or_none(acting_user: Any) -> Any:
    """The user to record as the actor of a change: ``None`` for the system (no user, or an
    anonymous visitor of the public pages)."""
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    user = actor_or_none(actor)
    return AuditEvent.objects.create(
        actor=user,
        actor_username=getattr(user, "username", "") or "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        ip_address=ip_address or current_ip.get(),
    )


def model_changes(instance: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """The ``{field: [old, new]}`` diff of applying ``fields`` to ``instance`` (as text)."""
    diff: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new:
            diff[name] = [_plain(old), _plain(new)]
    return diff


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)
