"""The refusals of intake: the queue's rules and the entitlements' rules (``DomainError``)."""

from __future__ import annotations

from opencus.core.errors import DomainError


class IntakeError(DomainError):
    """A rule of the queue refused the change; the message is for the user. Nothing changed.

    ``reasons`` lists, for a refusal on eligibility, each condition the person does not meet."""


class EntitlementError(DomainError):
    """A rule of entitlements refused the change; the message is for the user."""
