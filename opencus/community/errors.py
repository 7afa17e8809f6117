"""The refusals of community organising (``DomainError``): a headcount below the named
participants, an event in the future recorded as held, a plan without its content, a request
with nothing said. Nothing changed."""

from __future__ import annotations

from opencus.core.errors import DomainError


class CommunityError(DomainError):
    """A rule of community organising refused the change; the message is for the user."""


class EventError(CommunityError):
    """An event refused: a headcount below the number of named participants, more unique
    participants than attendances, a day in the future recorded as held, a step its status does
    not allow."""


class PlanError(CommunityError):
    """An OSL plan refused: a year out of range, an empty diagnosis or goals, a schedule line
    that names no month, a negative budget, a stale version."""


class RecordError(CommunityError):
    """A record of the community refused: a street code that is not a TERYT ULIC, a date in the
    future, an end before the start, a member already assigned, an empty request."""
