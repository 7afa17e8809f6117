"""API keys: issued with the secret shown once and only its hash stored, revoked without
being deleted, every change audited; the management command and the admin."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from opencus.core.models import ApiToken, AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.core.tokens import api_token_authenticate, api_token_issue, api_token_revoke
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_issuing_returns_the_secret_once_and_stores_only_its_hash(make_staff):
    user, admin = make_staff(Role.CLIENT_OFFICE), make_staff(Role.DIRECTOR)
    token, secret = api_token_issue(user=user, name=" Provider system ", acting_user=admin)
    assert len(secret) >= 40
    token.refresh_from_db()
    assert token.name == "Provider system"
    assert token.user == user
    assert token.key_prefix == secret[:8]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.revoked_at is None and token.last_used_at is None
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get()]
    assert secret not in stored
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(token.pk))
    assert event.actor == admin
    assert event.changes == {"user": [None, user.username], "name": [None, "Provider system"]}
    assert secret not in str(event.changes) and secret not in event.object_repr


def test_two_keys_never_share_a_secret(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    secrets = {api_token_issue(user=user, name=f"k{i}", acting_user=None)[1] for i in range(5)}
    assert len(secrets) == 5


def test_a_key_needs_a_name_and_an_active_user(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    with pytest.raises(ValidationError) as unnamed:
        api_token_issue(user=user, name="   ", acting_user=None)
    assert "Name the key" in str(unnamed.value)
    with pytest.raises(ValidationError):
        api_token_issue(user=user, name="x" * 101, acting_user=None)
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as inactive:
        api_token_issue(user=user, name="key", acting_user=None)
    assert "not active" in str(inactive.value)
    assert not ApiToken.objects.exists()


def test_revoking_keeps_the_row_stops_the_key_and_is_audited(make_staff):
    user, admin = make_staff(Role.CLIENT_OFFICE), make_staff(Role.DIRECTOR)
    token, secret = api_token_issue(user=user, name="key", acting_user=admin)
    assert api_token_authenticate(secret=secret) == token
    api_token_revoke(token=token, acting_user=admin)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret=secret) is None
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(token.pk), actor=admin
    ).exists()
    with pytest.raises(ValidationError, match="already been revoked"):
        api_token_revoke(token=token, acting_user=admin)
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_authenticating_refuses_unknown_keys_and_inactive_users(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    token, secret = api_token_issue(user=user, name="key", acting_user=None)
    assert api_token_authenticate(secret="") is None
    assert api_token_authenticate(secret=secret + "x") is None
    assert api_token_authenticate(secret="ą" * 10) is None
    assert api_token_authenticate(secret=token.key_hash) is None  # the hash is not a key
    found = api_token_authenticate(secret=secret)
    assert found is not None and found.user == user and found.last_used_at is not None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert api_token_authenticate(secret=secret) is None


def test_the_command_prints_the_secret_once_and_stores_its_hash(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    out, err = StringIO(), StringIO()
    call_command(
        "api_token_issue", "--user", user.username, "--name", "Taxi firm", stdout=out, stderr=err
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.name == "Taxi firm" and token.user == user
    assert token.key_prefix in err.getvalue() and secret not in err.getvalue()
    assert "cannot be shown again" in err.getvalue()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(token.pk)).exists()


def test_the_command_refuses_an_unknown_user_or_an_empty_name(make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    with pytest.raises(CommandError, match="no user"):
        call_command("api_token_issue", "--user", "nobody", "--name", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="Name the key"):
        call_command("api_token_issue", "--user", user.username, "--name", " ", stdout=StringIO())
    assert not ApiToken.objects.exists()


@pytest.fixture
def superuser_client(make_staff) -> tuple[Client, User]:
    admin = make_staff(is_superuser=True, is_staff=True)
    client = Client()
    force_login_verified(client, admin)  # a superuser always uses a second factor
    return client, admin


def test_the_admin_lists_keys_without_their_hash_and_cannot_add_or_edit(
    superuser_client, make_staff
):
    client, _admin = superuser_client
    token, _secret = api_token_issue(
        user=make_staff(Role.CLIENT_OFFICE), name="Taxi firm", acting_user=None
    )
    listing = client.get(reverse("admin:core_apitoken_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Taxi firm" in page and token.key_prefix in page
    assert token.key_hash not in page
    detail = client.get(reverse("admin:core_apitoken_change", args=[token.pk]))
    assert detail.status_code == 200
    assert token.key_hash not in detail.content.decode()
    assert client.get(reverse("admin:core_apitoken_add")).status_code == 403
    assert client.post(reverse("admin:core_apitoken_delete", args=[token.pk])).status_code == 403


def test_the_admin_revokes_the_selected_keys(superuser_client, make_staff):
    client, admin = superuser_client
    user = make_staff(Role.CLIENT_OFFICE)
    first, _ = api_token_issue(user=user, name="one", acting_user=None)
    second, _ = api_token_issue(user=user, name="two", acting_user=None)
    response = client.post(
        reverse("admin:core_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, actor=admin).count() == 2
    assert ApiToken.objects.count() == 2
