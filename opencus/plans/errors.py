"""The refusals of individual plans (``DomainError``): the law's rules on periods and approval,
the plan's lifecycle, and its editing rules. Messages name the rule and the dates."""

from __future__ import annotations

from opencus.core.errors import DomainError


class PlanError(DomainError):
    """A rule of individual plans refused the change; the message is for the user. Nothing
    changed."""


class PlanRuleError(PlanError):
    """The plan breaks one of the law's rules (period of 3 to 12 months, a late plan without
    a reason for the delay, approval by someone not entitled to approve)."""


class PlanStateError(PlanError):
    """The plan or version is not in a state that allows the change (a completed plan is
    read-only)."""
