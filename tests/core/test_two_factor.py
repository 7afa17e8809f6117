"""Two-factor authentication for staff (TOTP through django-otp)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "core:dashboard",
    "core:account",
    "core:audit_log",
    "people:search",
    "people:create",
    "catalog:programme_list",
]


@pytest.fixture(autouse=True)
def _directors_and_coordinators_need_two_factor(settings: Any) -> None:
    settings.OPENCUS_2FA_REQUIRED_ROLES = ["director", "coordinator"]


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's authenticator app shows now (computed from the device key)."""
    token = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return f"{token:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    # Not the code of this step nor of the neighbouring steps the device tolerates.
    near = {current_code(device, steps_ahead=s) for s in range(-2, 3)}
    return next(c for c in (f"{n:06d}" for n in range(0, 1_000_000, 111_111)) if c not in near)


def wait_out_the_throttle(device: TOTPDevice) -> None:
    """Move the last failure back in time, as if the user waited before the next try."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=5)
    )


def log_in(client: Client, user: User) -> Any:
    return client.post(
        reverse("core:login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.20",
    )


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.COORDINATOR], ids=str)
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_required_role_without_a_device_is_sent_to_set_one_up(client, make_staff, role, page):
    client.force_login(make_staff(role))

    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response.url == reverse("core:otp_setup")


def test_director_logging_in_is_sent_to_set_up_two_factor(client, make_staff):
    director = make_staff(Role.DIRECTOR)

    response = log_in(client, director)
    assert response.status_code == 302
    response = client.get(response.url)

    assert response.status_code == 302
    assert response.url == reverse("core:otp_setup")


def test_director_sets_up_a_device_and_then_gets_through(client, make_staff):
    director = make_staff(Role.DIRECTOR)
    log_in(client, director)

    page = client.get(reverse("core:otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=director, confirmed=False)
    assert page.context["secret"]
    assert page.context["qr_svg_data"].startswith("data:image/svg+xml;base64,")

    response = client.post(reverse("core:otp_setup"), {"token": current_code(device)})

    assert response.status_code == 302
    assert response.url == reverse("core:account")
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action=AuditAction.OTP_CONFIGURED, actor=director).exists()
    for page_name in STAFF_PAGES:
        assert client.get(reverse(page_name)).status_code != 302, page_name
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_set_up_refuses_a_wrong_code(client, make_staff):
    director = make_staff(Role.DIRECTOR)
    client.force_login(director)
    client.cookies["opencus_language"] = "en"
    client.get(reverse("core:otp_setup"))
    device = TOTPDevice.objects.get(user=director, confirmed=False)

    response = client.post(reverse("core:otp_setup"), {"token": wrong_code(device)})

    assert response.status_code == 400
    assert "This code is not right or has expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("core:dashboard")).url == reverse("core:otp_setup")


def test_set_up_page_keeps_the_same_pending_key_between_visits(client, make_staff):
    director = make_staff(Role.DIRECTOR)
    client.force_login(director)

    first = client.get(reverse("core:otp_setup")).context["secret"]
    second = client.get(reverse("core:otp_setup")).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=director).count() == 1


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.SOCIAL_WORKER], ids=str)
def test_user_with_a_device_is_asked_for_a_code_after_the_password(client, make_staff, role):
    user = make_staff(role)
    device = confirmed_device(user)
    client.cookies["opencus_language"] = "en"

    response = client.get(log_in(client, user).url)

    verify = reverse("core:otp_verify")
    assert response.status_code == 302
    assert response.url.startswith(verify)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Enter the code from your authenticator app" in page.content.decode()

    refused = client.post(response.url, {"token": wrong_code(device)})
    assert refused.status_code == 400
    assert "This code is not right or has expired" in refused.content.decode()
    assert client.get(reverse("core:dashboard")).status_code == 302

    wait_out_the_throttle(device)
    accepted = client.post(response.url, {"token": current_code(device)})
    assert accepted.status_code == 302
    assert accepted.url == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_right_code_straight_after_a_wrong_one_is_throttled(client, make_staff):
    # django-otp makes the user wait (1 s, doubling per failure) after a wrong code, which
    # slows down guessing; the right code is accepted again once the wait is over.
    user = make_staff(Role.DIRECTOR)
    device = confirmed_device(user)
    client.force_login(user)
    verify = reverse("core:otp_verify")

    client.cookies["opencus_language"] = "en"
    assert client.post(verify, {"token": wrong_code(device)}).status_code == 400
    throttled = client.post(verify, {"token": current_code(device)})
    assert throttled.status_code == 400
    assert "Wait a few seconds" in throttled.content.decode()

    wait_out_the_throttle(device)
    assert client.post(verify, {"token": current_code(device)}).status_code == 302


def test_code_page_follows_next_on_this_site_only(client, make_staff):
    user = make_staff(Role.DIRECTOR)
    device = confirmed_device(user)
    client.force_login(user)

    response = client.post(
        reverse("core:otp_verify") + "?next=https://evil.example/", {"token": current_code(device)}
    )

    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_code_page_sends_anonymous_visitor_to_login(client):
    response = client.get(reverse("core:otp_verify"))

    assert response.status_code == 302
    assert response.url == reverse("core:login")


def test_password_alone_cannot_replace_an_existing_device(client, make_staff):
    # Someone who knows only the password must not be able to enrol their own authenticator
    # in place of the owner's and so skip the second factor.
    director = make_staff(Role.DIRECTOR)
    original = confirmed_device(director)
    log_in(client, director)

    response = client.get(reverse("core:otp_setup"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("core:otp_verify"))
    pending = TOTPDevice.objects.filter(user=director, confirmed=False).first()
    if pending is not None:
        client.post(reverse("core:otp_setup"), {"token": current_code(pending)})
    assert TOTPDevice.objects.filter(user=director, confirmed=True).get() == original
    assert client.get(reverse("core:dashboard")).status_code == 302


@pytest.mark.parametrize(
    "role",
    [
        Role.SERVICE_ORGANISER,
        Role.SOCIAL_WORKER,
        Role.CLIENT_OFFICE,
        Role.DISPATCHER,
        Role.AUDITOR,
        Role.PROVIDER_STAFF,
    ],
    ids=str,
)
def test_roles_not_listed_are_not_forced(client, make_staff, role):
    client.force_login(make_staff(role))

    assert client.get(reverse("core:dashboard")).status_code == 200
    assert client.get(reverse("core:account")).status_code == 200


def test_nobody_is_forced_when_no_role_is_listed(client, make_staff, settings):
    settings.OPENCUS_2FA_REQUIRED_ROLES = []
    client.force_login(make_staff(Role.DIRECTOR))

    assert client.get(reverse("core:dashboard")).status_code == 200


def test_pages_before_the_code_stay_reachable(client, make_staff):
    director = make_staff(Role.DIRECTOR)
    client.force_login(director)

    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("core:logout")).status_code == 302
    assert client.session.get("_auth_user_id") is None


def test_the_api_ignores_a_login_still_waiting_for_its_code(client, make_staff):
    """The JSON API answers 401 to a session whose second step is missing (no redirect to an
    HTML page), so nothing can be read with the password alone."""
    user = make_staff(Role.CLIENT_OFFICE)
    confirmed_device(user)
    client.force_login(user)  # the password step only: the device is not verified
    response = client.get("/api/intake/people/1/items")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
