"""Personas for view tests (style.md, "Tests"): the owner, a colleague in the same role and an
outsider, plus the centre's clerk and organiser who file and decide applications.

Loaded by ``tests/conftest.py`` as a pytest plugin, so every test directory may ask for these
fixtures by name. Users here get no usable password (``force_login`` needs none), which keeps
creating many of them cheap; the login tests make their own users with ``make_staff``.

Ownership is about providers: a provider's staff see only the provider they currently work
for, its contracts, settlements, clients and deliveries; anyone else's are a 404 (a 403 when
they have no current provider at all).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

from opencus.core.roles import Role
from opencus.providers.models import ContractLine, ProviderStaff
from tests.delivery.factories import line_make

_serial = itertools.count(1)


def user_make(*roles: Role, username: str | None = None) -> User:
    """A user with the given roles (none: logged in, but no staff member at all)."""
    name = username or f"persona-{'-'.join(r.value for r in roles) or 'nobody'}-{next(_serial)}"
    user = User.objects.create_user(
        username=name, password=None, first_name="Anna", last_name="Testowa"
    )
    for role in roles:
        # get_or_create: a transactional test flushes the groups the data migration made.
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def login(user: User, *, language: str = "en") -> Client:
    """A test client logged in as ``user``, reading the pages in ``language`` (the site is
    Polish by default; behaviour tests assert English text)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def provider_staff_make(line: ContractLine, username: str | None = None) -> User:
    """A provider's staff member, currently working for the provider holding ``line``."""
    user = user_make(Role.PROVIDER_STAFF, username=username)
    ProviderStaff.objects.create(
        provider=line.contract.provider, user=user, valid_from=line.contract.valid_from
    )
    return user


@dataclass(frozen=True)
class Personas:
    """Who is who around one provider's contract line."""

    line: ContractLine  # the owner's provider holds this line (its contract, its service)
    other_line: ContractLine  # another provider's line, for the same kind of service
    owner: User  # the provider's current staff member
    colleague: User  # another current staff member of the same provider
    outsider: User  # another provider's current staff member
    nobody: User  # logged in, with no role at all


@pytest.fixture
def personas(db: None) -> Personas:
    line = line_make()
    other_line = line_make()
    return Personas(
        line=line,
        other_line=other_line,
        owner=provider_staff_make(line),
        colleague=provider_staff_make(line),
        outsider=provider_staff_make(other_line),
        nobody=user_make(),
    )


@pytest.fixture
def owner(personas: Personas) -> User:
    return personas.owner


@pytest.fixture
def colleague(personas: Personas) -> User:
    return personas.colleague


@pytest.fixture
def outsider(personas: Personas) -> User:
    return personas.outsider


@pytest.fixture
def nobody(personas: Personas) -> User:
    return personas.nobody


@pytest.fixture
def clerk(db: None) -> User:
    """The client office's clerk, who registers people and files applications."""
    return user_make(Role.CLIENT_OFFICE)


@pytest.fixture
def organiser(db: None) -> User:
    """The social services organiser, who runs the queues, rounds, providers, settlements."""
    return user_make(Role.SERVICE_ORGANISER)
