"""Staff login through the real form: django-axes lockout, auditing, logout, safe redirects."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.10"


def log_in(client: Client, username: str, password: str, **data: str) -> Any:
    # The test client's login() bypasses the form and django-axes needs the request, so post
    # to the login page the way a browser does.
    return client.post(
        reverse("core:login"),
        {"username": username, "password": password, **data},
        REMOTE_ADDR=ADDRESS,
    )


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_login_page_renders_for_anonymous_visitor(client):
    response = client.get(reverse("core:login"))

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_staff_user_logs_in_through_the_form(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)

    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_logged_in_user_opening_the_login_page_goes_to_the_dashboard(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    log_in(client, user.username, PASSWORD)

    response = client.get(reverse("core:login"))

    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_wrong_password_is_refused_with_a_message(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    client.cookies["opencus_language"] = "en"

    response = log_in(client, user.username, "not-the-password")

    assert response.status_code == 400
    assert logged_in_user_id(client) is None
    assert "There is a problem" in response.content.decode()


def test_inactive_user_cannot_log_in(client, make_staff):
    user = make_staff(Role.DIRECTOR, is_active=False)

    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 400
    assert logged_in_user_id(client) is None


def test_login_and_failed_login_write_audit_events(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)

    log_in(client, user.username, "not-the-password")
    log_in(client, user.username, PASSWORD)

    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor is None
    assert failed.changes == {"username": user.username}
    assert failed.ip_address == ADDRESS
    login = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert login.actor == user
    assert login.actor_username == user.username
    assert login.ip_address == ADDRESS


def test_failed_login_never_records_the_password(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)

    log_in(client, user.username, "s3cret-typo")

    assert "s3cret-typo" not in str(AuditEvent.objects.values_list("changes", flat=True)[0])


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, user.username, "not-the-password").status_code == 400
    locked = log_in(client, user.username, "not-the-password")

    assert locked.status_code == 429
    assert "core/locked_out.html" in [t.name for t in locked.templates]
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "core/locked_out.html" in [t.name for t in response.templates]
    assert logged_in_user_id(client) is None
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_locked_out_page_says_so_in_english(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    client.cookies["opencus_language"] = "en"

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, user.username, "not-the-password")

    assert response.status_code == 429
    assert "Account locked" in response.content.decode()


def test_failures_below_the_limit_do_not_lock(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, user.username, "not-the-password")
    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


def test_lockout_is_per_username_and_address(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    colleague = make_staff(Role.CLIENT_OFFICE)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, user.username, "not-the-password")

    assert log_in(Client(), colleague.username, PASSWORD).status_code == 302
    elsewhere = Client().post(
        reverse("core:login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert elsewhere.status_code == 302


def test_logout_is_post_only(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)
    log_in(client, user.username, PASSWORD)

    assert client.get(reverse("core:logout")).status_code == 405
    assert logged_in_user_id(client) == str(user.pk)

    response = client.post(reverse("core:logout"))

    assert response.status_code == 302
    assert response.url == reverse("core:login")
    assert logged_in_user_id(client) is None
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()


def test_next_on_this_site_is_followed(client, make_staff):
    user = make_staff(Role.CLIENT_OFFICE)

    response = log_in(client, user.username, PASSWORD, next=reverse("core:account"))

    assert response.status_code == 302
    assert response.url == reverse("core:account")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "http://127.0.0.1.evil.example/",
        "javascript:alert(1)",
        "https:///evil.example",
    ],
)
def test_next_to_another_host_is_ignored(client, make_staff, target):
    user = make_staff(Role.CLIENT_OFFICE)

    response = log_in(client, user.username, PASSWORD, next=target)

    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_anonymous_visitor_is_sent_to_login_from_a_staff_page(client):
    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))
    assert "next=" in response.url


def test_user_without_a_role_is_refused_staff_pages(client_as):
    client = client_as()

    assert client.get(reverse("core:dashboard")).status_code == 403
