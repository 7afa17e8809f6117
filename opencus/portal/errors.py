"""The refusals of the residents' portal (``DomainError``) and its throttle."""

from __future__ import annotations

import datetime as dt

from opencus.core.errors import DomainError


class PortalError(DomainError):
    """The portal refused the request; the message is for the resident. Nothing changed."""


class Throttled(Exception):
    """Too many attempts from this client (or against this reference): try after ``until``."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until)
        self.until = until
