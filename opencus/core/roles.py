"""Staff roles (Django groups) and the permission matrix.

A role is a Django group created by a data migration. What a role may *do* is a capability in
``CAPABILITIES``; what it may *see* is decided in querysets (``visible_to``), so an object out
of reach is a 404, not a 403. ``docs/permissions.md`` is generated from this module
(``manage.py permission_matrix``) and checked against it by the test suite.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    DIRECTOR = "director"
    SERVICE_ORGANISER = "service_organiser"
    COORDINATOR = "coordinator"
    SOCIAL_WORKER = "social_worker"
    CLIENT_OFFICE = "client_office"
    DISPATCHER = "dispatcher"
    COMMUNITY_ORGANISER = "community_organiser"
    ANIMATOR = "animator"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator"
    PROVIDER_STAFF = "provider_staff"
    AUDITOR = "auditor"


ROLE_LABELS = {
    Role.DIRECTOR: _("Director"),
    Role.SERVICE_ORGANISER: _("Social services organiser"),
    Role.COORDINATOR: _("Individual plan coordinator"),
    Role.SOCIAL_WORKER: _("Social worker"),
    Role.CLIENT_OFFICE: _("Client office"),
    Role.DISPATCHER: _("Dispatcher"),
    Role.COMMUNITY_ORGANISER: _("Community organiser"),
    Role.ANIMATOR: _("Community animator"),
    Role.VOLUNTEER_COORDINATOR: _("Volunteer coordinator"),
    Role.PROVIDER_STAFF: _("Provider staff"),
    Role.AUDITOR: _("Auditor"),
}


class Capability(StrEnum):
    PERSON_VIEW = "person.view"
    PERSON_EDIT = "person.edit"
    PERSON_SENSITIVE_VIEW = "person.sensitive_view"
    PERSON_SENSITIVE_EDIT = "person.sensitive_edit"
    CATALOG_VIEW = "catalog.view"
    CATALOG_MANAGE = "catalog.manage"
    AUDIT_VIEW = "audit.view"
    APPLICATION_VIEW = "application.view"
    APPLICATION_FILE = "application.file"
    QUEUE_MANAGE = "queue.manage"
    PROVIDER_VIEW = "provider.view"
    PROVIDER_MANAGE = "provider.manage"
    DELIVERY_RECORD = "delivery.record"
    SETTLEMENT_APPROVE = "settlement.approve"


CAPABILITY_LABELS = {
    Capability.PERSON_VIEW: _("Search people and open their cards"),
    Capability.PERSON_EDIT: _("Register and edit people, households, representatives, consents"),
    Capability.PERSON_SENSITIVE_VIEW: _("Read special-category data (disability, health notes)"),
    Capability.PERSON_SENSITIVE_EDIT: _("Record special-category data"),
    Capability.CATALOG_VIEW: _("See programmes and services in the staff pages"),
    Capability.CATALOG_MANAGE: _("Edit programmes and service cards"),
    Capability.AUDIT_VIEW: _("Read the audit log"),
    Capability.APPLICATION_VIEW: _("See applications, queues and waiting lists"),
    Capability.APPLICATION_FILE: _("File applications and withdraw requests for people"),
    Capability.QUEUE_MANAGE: _("Qualify, refuse and promote in the service queues"),
    Capability.PROVIDER_VIEW: _("See providers and contracts"),
    Capability.PROVIDER_MANAGE: _("Register providers and edit contracts"),
    Capability.DELIVERY_RECORD: _("Record delivered units"),
    Capability.SETTLEMENT_APPROVE: _("Approve monthly settlements with providers"),
}

_ALL_STAFF = frozenset(Role)
_CASE_ROLES = frozenset(
    {
        Role.DIRECTOR,
        Role.SERVICE_ORGANISER,
        Role.COORDINATOR,
        Role.SOCIAL_WORKER,
        Role.CLIENT_OFFICE,
    }
)

# The matrix. Providers see their own clients only once contracts exist (a later issue);
# until then a provider's staff see no person at all.
CAPABILITIES: dict[Capability, frozenset[Role]] = {
    Capability.PERSON_VIEW: _CASE_ROLES | {Role.DISPATCHER, Role.AUDITOR},
    Capability.PERSON_EDIT: _CASE_ROLES,
    Capability.PERSON_SENSITIVE_VIEW: frozenset(
        {Role.DIRECTOR, Role.COORDINATOR, Role.SOCIAL_WORKER}
    ),
    Capability.PERSON_SENSITIVE_EDIT: frozenset({Role.COORDINATOR, Role.SOCIAL_WORKER}),
    Capability.CATALOG_VIEW: _ALL_STAFF,
    Capability.CATALOG_MANAGE: frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER}),
    Capability.AUDIT_VIEW: frozenset({Role.DIRECTOR, Role.AUDITOR}),
    Capability.APPLICATION_VIEW: _CASE_ROLES | {Role.AUDITOR},
    Capability.APPLICATION_FILE: _CASE_ROLES,
    Capability.QUEUE_MANAGE: frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER}),
    # Provider staff are not listed: they see their own provider only, through
    # ``Provider.objects.visible_to`` while their ``ProviderStaff`` link is current.
    Capability.PROVIDER_VIEW: frozenset(
        {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.AUDITOR, Role.COORDINATOR, Role.CLIENT_OFFICE}
    ),
    Capability.PROVIDER_MANAGE: frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER}),
    # Provider staff record only for their own provider's clients (``delivery.services``).
    Capability.DELIVERY_RECORD: frozenset(
        {Role.PROVIDER_STAFF, Role.DIRECTOR, Role.SERVICE_ORGANISER}
    ),
    Capability.SETTLEMENT_APPROVE: frozenset({Role.DIRECTOR, Role.SERVICE_ORGANISER}),
}


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


def has_capability(user: AbstractBaseUser | AnonymousUser, capability: Capability) -> bool:
    return bool(user_roles(user) & CAPABILITIES[capability])


def is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user_roles(user))
