"""The refusals of the delivery ledger and of settlement (``DomainError``)."""

from __future__ import annotations

from opencus.core.errors import DomainError


class DeliveryError(DomainError):
    """A rule of the ledger or the settlement refused the change; the message is for the
    user. Nothing was written. ``code`` names the rule even when the message is keyed by
    field, so the API can report it."""
