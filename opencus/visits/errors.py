"""The refusals of home visits (``DomainError``): a request's windows and duration, a worker's
skills and hours, the week's plan and its adjustments, the worker's marks. Nothing changed."""

from __future__ import annotations

from opencus.core.errors import DomainError


class VisitsError(DomainError):
    """A rule of home visits refused the change; the message is for the user."""


class RequestError(VisitsError):
    """A visit request refused: no entitlement in force, windows in the past or in the wrong
    order, a visit longer than every window, a place without coordinates, a step its state
    does not allow."""


class WorkerError(VisitsError):
    """A worker's record refused: an unknown skill, working hours in the wrong order, an
    account that is not home-visit staff."""


class PlanError(VisitsError):
    """The week's plan refused the change: outside the person's windows, a worker without the
    skill or not working then, an overlap, a published plan re-computed."""


class MarkError(VisitsError):
    """A worker's mark refused: not their visit, a visit in the future, already decided."""
