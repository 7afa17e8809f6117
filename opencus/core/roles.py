"""Staff roles (Django groups) and the permission matrix.

A role is a Django group created by a data migration. What a role may *do* is a capability
that its app registers (``core.registry.capability``, in the app's ``capabilities.py``); what it
may *see* is decided in querysets (``visible_to``), so an object out of reach is a 404, not a
403. ``docs/permissions.md`` is generated from the registry (``manage.py permission_matrix``)
and checked against it by the test suite.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability_roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    DIRECTOR = "director"
    SERVICE_ORGANISER = "service_organiser"
    COORDINATOR = "coordinator"
    SOCIAL_WORKER = "social_worker"
    CLIENT_OFFICE = "client_office"
    DISPATCHER = "dispatcher"
    DRIVER = "driver"
    VISITING_STAFF = "visiting_staff"
    COMMUNITY_ORGANISER = "community_organiser"
    ANIMATOR = "animator"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator"
    PROVIDER_STAFF = "provider_staff"
    AUDITOR = "auditor"
    VOLUNTEER = "volunteer"


ROLE_LABELS = {
    Role.DIRECTOR: _("Director"),
    Role.SERVICE_ORGANISER: _("Social services organiser"),
    Role.COORDINATOR: _("Individual plan coordinator"),
    Role.SOCIAL_WORKER: _("Social worker"),
    Role.CLIENT_OFFICE: _("Client office"),
    Role.DISPATCHER: _("Dispatcher"),
    Role.DRIVER: _("Driver"),
    Role.VISITING_STAFF: _("Home-visit staff (physiotherapist, nurse, handyman)"),
    Role.COMMUNITY_ORGANISER: _("Community organiser"),
    Role.ANIMATOR: _("Community animator"),
    Role.VOLUNTEER_COORDINATOR: _("Volunteer coordinator"),
    Role.PROVIDER_STAFF: _("Provider staff"),
    Role.AUDITOR: _("Auditor"),
    Role.VOLUNTEER: _("Volunteer (own assignments and hours only)"),
}


#: The roles that work with cases (people, applications, plans).
CASE_ROLES = frozenset(
    {
        Role.DIRECTOR,
        Role.SERVICE_ORGANISER,
        Role.COORDINATOR,
        Role.SOCIAL_WORKER,
        Role.CLIENT_OFFICE,
    }
)
#: The centre's staff: every role but the volunteers, who see only their own assignments and
#: hours (``volunteering``).
ALL_STAFF = frozenset(Role) - {Role.VOLUNTEER}


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The roles of an active staff user, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_opencus_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        cached = frozenset(role for role in Role if role.value in names)
        user._opencus_roles = cached  # type: ignore[attr-defined]
    return cached


def has_capability(user: AbstractBaseUser | AnonymousUser | Any, capability: str) -> bool:
    """Whether one of the user's roles holds the capability (``core.registry``: each app
    registers its own)."""
    return bool(user_roles(user) & capability_roles(capability))


def is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user_roles(user))


#: The roles that always confirm a second factor (design.md); OPENCUS_2FA_REQUIRED_ROLES may add
#: roles, never remove these.
TWO_FACTOR_ROLES = frozenset({Role.DIRECTOR, Role.COORDINATOR})


def two_factor_required(user: AbstractBaseUser | AnonymousUser | Any) -> bool:
    """Whether the user must confirm a TOTP code at every login: a superuser always; the
    director, the coordinators and the roles the deployment adds unless the deployment turned
    the roles' requirement off with ``OPENCUS_2FA_OFF`` (the demo does, and says so when it
    starts)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if settings.OPENCUS_2FA_OFF:
        return False
    added = {role for role in Role if role.value in set(settings.OPENCUS_2FA_REQUIRED_ROLES)}
    return bool(user_roles(user) & (TWO_FACTOR_ROLES | added))
