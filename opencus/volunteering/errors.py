"""The refusals of the volunteer centre (``DomainError``): agreements against the volunteering
act, assignments before their conditions are met, hours outside the rules, certificates.
Nothing changed."""

from __future__ import annotations

from opencus.core.errors import DomainError


class VolunteeringError(DomainError):
    """A rule of the volunteer centre refused the change; the message is for the user."""


class VolunteerError(VolunteeringError):
    """A volunteer's record refused: a birth date in the future, an account in use, an
    insurance period in the wrong order, a waiver without its written document."""


class AgreementError(VolunteeringError):
    """An agreement refused: an oral one over 30 days, a minor's without the representative or
    their written consent, dates in the wrong order, one ended already."""


class AssignmentError(VolunteeringError):
    """An assignment refused: no agreement in force, no briefing, no insurance, work with
    children before the checks, a need already filled, a withdrawal too late."""


class HoursError(VolunteeringError):
    """Hours refused: in the future, outside the agreement, one's own confirmation, a step
    their state does not allow."""


class DocumentError(VolunteeringError):
    """A certificate or opinion refused: not one's own, issued already, an opinion with no
    text."""
