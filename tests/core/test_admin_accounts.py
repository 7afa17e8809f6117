"""Staff accounts and roles in the Django admin: every change audited like any other, a
password never in the log, and roles (groups) never deleted nor renamed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(settings: Any) -> Client:
    # The admin's own page markup is not ours: unknown variables there are Django's business.
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
    user = User.objects.create_superuser("root", "root@example.org", "correct-horse-staple")
    client = Client()
    force_login_verified(client, user)
    client.cookies["opencus_language"] = "en"
    return client


def change_form(user: User, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_giving_and_taking_a_role_in_the_admin_is_audited(admin_client, make_staff):
    clerk = make_staff(Role.CLIENT_OFFICE)
    director = Group.objects.get(name=Role.DIRECTOR)
    url = reverse("admin:auth_user_change", args=[clerk.pk])

    response = admin_client.post(url, change_form(clerk, groups=[director.pk]))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(clerk.groups.values_list("name", flat=True)) == {"director"}
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(clerk.pk))
    assert event.actor_username == "root"
    assert event.changes["groups"] == [["client_office"], ["director"]]


def test_deactivating_an_account_in_the_admin_is_audited(admin_client, make_staff):
    worker = make_staff(Role.SOCIAL_WORKER)
    url = reverse("admin:auth_user_change", args=[worker.pk])

    response = admin_client.post(url, change_form(worker, is_active=None))

    assert response.status_code == 302, response.content.decode()[:2000]
    worker.refresh_from_db()
    assert not worker.is_active
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(worker.pk))
    assert event.changes["is_active"] == [True, False]


def test_a_new_account_and_a_new_password_are_audited_without_the_password(admin_client):
    secret = "a-long-secret-Passw0rd!"
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "nowa", "password1": secret, "password2": secret, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="nowa")
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))

    new_secret = "another-long-Passw0rd!"
    changed = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": new_secret, "password2": new_secret},
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(user.pk))
    assert event.changes == {"password": "changed"}
    logged = "".join(str(e.changes) for e in AuditEvent.objects.all())
    assert secret not in logged and new_secret not in logged
    assert created.changes.get("password1") == "changed"


def test_a_role_cannot_be_deleted_or_renamed_in_the_admin(admin_client):
    director = Group.objects.get(name=Role.DIRECTOR)

    assert admin_client.get(reverse("admin:auth_group_delete", args=[director.pk])).status_code in (
        302,
        403,
    )
    admin_client.post(
        reverse("admin:auth_group_changelist"),
        {"action": "delete_selected", "_selected_action": [director.pk], "post": "yes"},
    )
    page = admin_client.get(reverse("admin:auth_group_change", args=[director.pk]))
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # shown, not editable
    admin_client.post(reverse("admin:auth_group_change", args=[director.pk]), {"name": "dyrektor"})

    assert Group.objects.filter(pk=director.pk, name="director").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


@pytest.fixture
def polish_admin(settings: Any) -> Client:
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
    user = User.objects.create_superuser("root", "root@example.org", "correct-horse-staple")
    client = Client()
    force_login_verified(client, user)
    return client  # no language cookie: Polish, as the centre's staff see it


ENGLISH_FROM_LIBRARIES = [
    "Otp_Totp",
    "Otp_Static",
    "TOTP device",
    "Static device",
    "Axes",
    "Access failure",
    "access failure",
    "Search by user",
    "Locked Out",
    "Created at",
    "Confirmed",
]


@pytest.mark.parametrize(
    "page",
    [
        "admin:index",
        "admin:core_authenticator_changelist",
        "admin:core_backupcodes_changelist",
        "admin:axes_accessattempt_changelist",
        "admin:axes_accessfailurelog_changelist",
        "admin:axes_accesslog_changelist",
        "admin:auth_group_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_the_admin_speaks_polish_where_libraries_do_not(polish_admin, page):
    response = polish_admin.get(reverse(page))

    assert response.status_code == 200
    html = response.content.decode()
    assert [text for text in ENGLISH_FROM_LIBRARIES if text in html] == []
    assert "Aplikacje uwierzytelniające" in html and "Blokady logowania" in html


def test_an_authenticator_is_shown_in_polish_and_its_removal_is_audited(polish_admin, make_staff):
    director = make_staff(Role.DIRECTOR)
    device = force_login_verified(Client(), director)
    detail = polish_admin.get(reverse("admin:core_authenticator_change", args=[device.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Gotowa do użycia" in html and "Nazwa urządzenia" in html
    assert device.key not in html  # the secret is never shown

    url = reverse("admin:core_authenticator_delete", args=[device.pk])
    assert polish_admin.post(url, {"post": "yes"}).status_code == 302

    assert not director.totpdevice_set.exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(device.pk))
    assert event.actor_username == "root"
