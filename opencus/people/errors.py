"""The refusals of the people registry (``DomainError``)."""

from __future__ import annotations

from opencus.core.errors import DomainError


class PeopleError(DomainError):
    """A rule of the registry refused the change; the message is for the user."""
