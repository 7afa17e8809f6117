"""API keys: issuing, revoking and recognising them (``core.ApiToken``).

A key acts as the user it was issued for, with that user's roles; nothing else is granted by
it. The secret is returned once by ``api_token_issue`` and never stored: the database keeps
its SHA-256, which is what a request's key is looked up by.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.core.audit import audit_record
from opencus.core.models import ApiToken, AuditAction

#: Longer than any key we issue; anything longer is refused without hashing it.
MAX_SECRET_LENGTH = 200
#: ``last_used_at`` is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def secret_hash(secret: str) -> str:
    """What is kept of a secret handed out once (an API key, a calendar feed's address): its
    SHA-256, by which it is looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_issue(*, user: Any, name: str, acting_user: Any) -> tuple[ApiToken, str]:
    """Issue a key for ``user``; returns the row and the secret, which is not kept anywhere.

    The key gets the user's roles, now and as they change; a user who is not active cannot
    be given one (and an existing key stops working when its user is deactivated).
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the key after what will use it.")}, code="name")
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError({"name": _("The name is too long.")}, code="name")
    if not user.is_active:
        raise ValidationError(_("This user account is not active."), code="inactive")
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_prefix=secret[:8], key_hash=secret_hash(secret)
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=token,
        changes={"user": [None, user.get_username()], "name": [None, name]},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user: Any) -> ApiToken:
    """Revoke a key: it stops working at once. The row stays (nothing is deleted)."""
    now = timezone.now()
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if not updated:
        raise ValidationError(_("This key has already been revoked."), code="already_revoked")
    token.revoked_at = now
    audit_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=token,
        changes={"revoked_at": [None, now.isoformat()]},
    )
    return token


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The live key with this secret, its user loaded; ``None`` for an unknown or revoked key
    or an inactive user. Notes the time of use (at most once a minute per key)."""
    if not secret or len(secret) > MAX_SECRET_LENGTH or not secret.isascii():
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=secret_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
