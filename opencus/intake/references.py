"""Application reference numbers (numer wniosku): how they are written, and how a number typed
by a resident or a clerk is read back.

A reference is ``W/<year of filing>/<row number, six digits>``, e.g. ``W/2026/000146``; an
online application waiting for the client office's check has ``E/<year>/<number>`` instead.
People quote it loosely — ``w/2026/146``, ``W 2026 146``, ``2026/146``, ``000146`` — so the
staff search and the portal's status page both read it with ``reference_parse``, never by
comparing strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

PREFIX = "W"
#: The online application's (``intake.online``), until the clerk files it as a ``W`` one.
ONLINE_PREFIX = "E"

# ASCII digits only: ``\\d`` would also take "²" or Arabic-Indic digits, which ``int`` reads.
_SEPARATOR = r"[\s/\\\-.]"
_REFERENCE = re.compile(
    rf"""^\s*
    (?:(?P<prefix>[{PREFIX}{ONLINE_PREFIX}])\s*{_SEPARATOR}*\s*)?  # the letter
    (?:(?P<year>[0-9]{{4}})\s*{_SEPARATOR}+\s*)? # the year, if given
    (?P<number>[0-9]{{1,9}})\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def reference_format(*, year: int, number: int, prefix: str = PREFIX) -> str:
    """The reference of the application numbered ``number`` filed in ``year``."""
    return f"{prefix}/{year}/{number:06d}"


@dataclass(frozen=True)
class ReferenceQuery:
    """A reference as typed, read: its number, and its year when one was given."""

    number: int
    year: int | None = None
    prefix: str = PREFIX

    @property
    def reference(self) -> str | None:
        """The reference written out in full, if the year was given."""
        if self.year is None:
            return None
        return reference_format(year=self.year, number=self.number, prefix=self.prefix)

    def condition(self, field: str = "reference") -> Q:
        """Applications whose ``field`` is this reference (any year, if none was given)."""
        if self.reference is not None:
            return Q(**{field: self.reference})
        return Q(**{f"{field}__startswith": f"{self.prefix}/"}) & Q(
            **{f"{field}__endswith": f"/{self.number:06d}"}
        )


def reference_parse(text: str) -> ReferenceQuery | None:
    """Read a reference however it was typed; ``None`` if the text is not one.

    ``"W/2026/000146"``, ``"w/2026/146"``, ``"W 2026 146"`` and ``"2026/146"`` read as number
    146 of 2026; ``"000146"`` and ``"W/146"`` as number 146 of any year."""
    found = _REFERENCE.match(text or "")
    if found is None:
        return None
    number = int(found["number"])
    if number == 0:
        return None
    year = found["year"]
    prefix = (found["prefix"] or PREFIX).upper()
    return ReferenceQuery(number=number, year=int(year) if year else None, prefix=prefix)
