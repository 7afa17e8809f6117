"""The refusals of the provider registry and of contracts (``DomainError``)."""

from __future__ import annotations

from opencus.core.errors import DomainError


class ProviderError(DomainError):
    """A rule of the registry or of a contract refused the change; the message is for the
    user."""
