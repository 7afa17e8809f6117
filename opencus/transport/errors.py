"""The refusals of the senior taxi (``DomainError``): the booking rules, the day's capacity,
lifecycle steps, dispatch and the driver's manifest. Messages name the rule and its numbers;
nothing changed."""

from __future__ import annotations

from opencus.core.errors import DomainError


class TransportError(DomainError):
    """A rule of the senior taxi refused the change; the message is for the user."""


class BookingRuleError(TransportError):
    """The booking breaks one of the service's rules: too late or too far ahead, outside the
    service hours, over a quota, not eligible, a destination not allowed, a companion too
    young, an address without coordinates."""


class NoCapacityError(TransportError):
    """No vehicle can take the ride at that time (no place left, no wheelchair place, no
    shift, a ride too long)."""


class BookingStateError(TransportError):
    """The booking is not in a state that allows the step (a completed ride cannot be
    cancelled)."""


class DispatchError(TransportError):
    """The day's plan refused the change (published, a pinned stop that cannot move, a
    vehicle without a shift)."""


class FleetError(TransportError):
    """Vehicles, drivers or shifts refused the change (overlapping shifts, a vehicle out of
    service)."""


class ManifestError(TransportError):
    """The driver's manifest refused a mark: not the user's vehicle or day, a ride in the
    future, the wrong stop for the mark, a decision already taken."""


class SeriesError(TransportError):
    """Recurring rides or the organiser's rules refused the change (a day the service does not
    run, a series already ended, rules that contradict themselves)."""
