"""The refusals of the catalogue (``DomainError``)."""

from __future__ import annotations

from opencus.core.errors import DomainError


class CatalogError(DomainError):
    """A rule of the catalogue refused the change; the message is for the user."""


class PolishNameMissing(CatalogError):
    """Polish is the text of record: a programme or a place cannot lose its Polish name."""

    default_code = "polish_name_missing"
