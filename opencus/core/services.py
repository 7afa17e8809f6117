"""Services of the core app: staff two-factor authentication."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction


def otp_pending_device(*, user: Any) -> TOTPDevice:
    """The unconfirmed TOTP device being set up for ``user`` (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def otp_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a new device with a code from it; older devices of the user are replaced."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit_record(actor=request.user, action=AuditAction.OTP_CONFIGURED, obj=device)
    return True


def otp_throttled(*, user: Any) -> bool:
    """After a wrong code django-otp makes the user wait (1 s, doubling per failure)."""
    devices = list(devices_for_user(user))
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)


def otp_verify(*, request: HttpRequest, token: str) -> bool:
    device = match_token(request.user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True
