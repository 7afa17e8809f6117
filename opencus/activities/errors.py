"""The refusals of the activities app (``DomainError``): messages name the rule and its
numbers; nothing changed when one is raised."""

from __future__ import annotations

from opencus.core.errors import DomainError

# --- Courses, sessions, enrolment and the register (courses) ---------------------------------


class CourseError(DomainError):
    """A rule of courses refused the change: a group size or a recurrence that makes no
    sense, a session that cannot be cancelled or moved."""


class EnrolmentError(CourseError):
    """The enrolment is refused: the group is full, no entitlement, overlapping sessions, the
    previous participants' priority, enrolled already."""


class RegisterError(CourseError):
    """The register refused a mark: a session not started or cancelled, not one's course, no
    health declaration, a cancellation after the deadline."""


# --- Vouchers and the Senior+ day home and club (senior part) ---------------------------------


class VoucherError(DomainError):
    """A voucher cannot be issued or redeemed: no active entitlement, the allowance used up,
    an unknown, mistyped, expired or already redeemed code."""


class DaycareError(DomainError):
    """The day home or the club refused the change: no place left, opening hours under the
    programme's minimum, a person without an entitlement or not a member, a day in the
    future."""
