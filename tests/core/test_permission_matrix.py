"""The permission matrix: docs/permissions.md, the role groups and has_capability agree."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command

from opencus.core import registry
from opencus.core.management.commands.permission_matrix import DOC_PATH, render_matrix
from opencus.core.registry import capabilities
from opencus.core.roles import Role, has_capability, user_roles

CAPABILITIES = {spec.name: spec.roles for spec in capabilities()}


def test_permissions_document_is_generated_from_the_code():
    assert DOC_PATH.read_text(encoding="utf-8") == render_matrix()
    call_command("permission_matrix", "--check")  # raises SystemExit when stale


def test_permission_matrix_check_fails_when_the_document_is_stale(tmp_path, monkeypatch):
    stale = tmp_path / "permissions.md"
    stale.write_text(render_matrix().replace("✔", "", 1), encoding="utf-8")
    monkeypatch.setattr(
        "opencus.core.management.commands.permission_matrix.DOC_PATH", stale, raising=True
    )

    with pytest.raises(SystemExit):
        call_command("permission_matrix", "--check")


def test_permission_matrix_lists_every_role_and_capability():
    text = render_matrix()
    for role in Role:
        assert f"`{role.value}`" in text
    for name in CAPABILITIES:
        assert f"(`{name}`)" in text


def test_every_app_registers_its_own_capabilities_in_core_s_registry():
    """Each app declares its capabilities (``<app>/capabilities.py``, loaded from its
    ``AppConfig.ready``); core lists none of them itself."""
    by_app = {spec.app for spec in capabilities()}
    assert {"core", "people", "catalog", "intake", "providers", "delivery"} <= by_app
    assert {spec.name for spec in capabilities() if spec.app == "intake"} == {
        "application.view",
        "application.file",
        "queue.manage",
    }


def test_a_capability_registered_twice_differently_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        registry.capability("application.view", "other", {Role.AUDITOR}, app="intake")


@pytest.mark.django_db
def test_every_role_has_a_group_after_migrations():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_has_capability_follows_the_matrix(make_staff, role):
    user = make_staff(role)

    assert user_roles(user) == {role}
    for capability, allowed in CAPABILITIES.items():
        assert has_capability(user, capability) is (role in allowed), capability


@pytest.mark.django_db
def test_capabilities_of_several_roles_add_up(make_staff):
    user = make_staff(Role.CLIENT_OFFICE, Role.AUDITOR)

    for capability, allowed in CAPABILITIES.items():
        expected = bool({Role.CLIENT_OFFICE, Role.AUDITOR} & allowed)
        assert has_capability(user, capability) is expected, capability


@pytest.mark.django_db
def test_user_without_a_role_has_no_capability(make_staff):
    outsider = make_staff()

    assert not any(has_capability(outsider, capability) for capability in CAPABILITIES)


@pytest.mark.django_db
def test_inactive_user_has_no_capability(make_staff):
    director = make_staff(Role.DIRECTOR, is_active=False)

    assert not any(has_capability(director, capability) for capability in CAPABILITIES)


def test_anonymous_user_has_no_capability():
    assert not any(has_capability(AnonymousUser(), capability) for capability in CAPABILITIES)


@pytest.mark.django_db
def test_a_group_that_is_not_a_role_grants_nothing(make_staff):
    user = make_staff()
    user.groups.add(Group.objects.create(name="administrators"))

    assert user_roles(user) == frozenset()
    assert not any(has_capability(user, capability) for capability in CAPABILITIES)
