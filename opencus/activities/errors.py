"""The refusals of the activities app (``DomainError``): messages name the rule and its
numbers; nothing changed."""

from __future__ import annotations

from opencus.core.errors import DomainError

# --- Vouchers and the Senior+ day home and club (senior part) ---------------------------------


class VoucherError(DomainError):
    """A voucher cannot be issued or redeemed: no active entitlement, the allowance used up,
    an unknown, mistyped, expired or already redeemed code."""


class DaycareError(DomainError):
    """The day home or the club refused the change: no place left, opening hours under the
    programme's minimum, a person without an entitlement or not a member, a day in the
    future."""
