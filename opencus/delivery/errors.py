"""The refusals of the delivery ledger and of settlement (``DomainError``)."""

from __future__ import annotations

from typing import Any

from opencus.core.errors import DomainError
from opencus.delivery.models import DeliveryRecord


class DeliveryError(DomainError):
    """A rule of the ledger or the settlement refused the change; the message is for the
    user. Nothing was written. ``code`` names the rule even when the message is keyed by
    field, so the API can report it."""


class DeliveryAlreadyRecorded(DeliveryError):
    """The submission's key was used already (a second tap on "Record", a resent request):
    nothing is recorded again. ``record`` is what the first submission recorded."""

    default_code = "already_recorded"

    def __init__(self, message: Any, *, record: DeliveryRecord) -> None:
        super().__init__(message, code=self.default_code)
        self.record = record
