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
def _two_factor_as_deployed(settings: Any) -> None:
    # As a deployment runs without any 2FA setting: nothing listed, nothing turned off (the
    # suite's conftest turns it off for the tests that are not about it).
    settings.OPENCUS_2FA_OFF = False
    settings.OPENCUS_2FA_REQUIRED_ROLES = []


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


def test_the_settings_default_to_no_switch_and_no_added_role():
    # What a deployment gets when its environment says nothing about 2FA: the fixture above
    # copies these, so the tests here are about the defaults.
    from opencus import settings as project_settings

    assert project_settings.OPENCUS_2FA_OFF is False
    assert project_settings.OPENCUS_2FA_REQUIRED_ROLES == []


@pytest.mark.parametrize("listed", [[], ["auditor"]], ids=["nothing-listed", "other-listed"])
@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.COORDINATOR], ids=str)
def test_the_director_and_coordinators_are_forced_whatever_is_listed(
    client, make_staff, settings, role, listed
):
    settings.OPENCUS_2FA_REQUIRED_ROLES = listed
    client.force_login(make_staff(role))

    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("core:otp_setup")


def test_a_deployment_may_add_roles(client, make_staff, settings):
    settings.OPENCUS_2FA_REQUIRED_ROLES = ["auditor"]
    client.force_login(make_staff(Role.AUDITOR))

    assert client.get(reverse("core:dashboard")).url == reverse("core:otp_setup")


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.COORDINATOR], ids=str)
def test_the_demo_switch_turns_the_roles_requirement_off(client, make_staff, settings, role):
    settings.OPENCUS_2FA_OFF = True
    settings.OPENCUS_2FA_REQUIRED_ROLES = ["director", "coordinator"]
    client.force_login(make_staff(role))

    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.parametrize("switched_off", [False, True], ids=["default", "demo-switch-off"])
def test_a_superuser_always_sets_up_a_second_factor(client, settings, switched_off):
    settings.OPENCUS_2FA_OFF = switched_off
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.cookies["opencus_language"] = "en"

    landing = client.get(log_in(client, admin).url)

    assert landing.status_code == 302
    assert landing.url == reverse("core:otp_setup")
    for page in (reverse("admin:index"), reverse("admin:auth_user_changelist")):
        assert client.get(page).url == reverse("core:otp_setup"), page


def test_a_superuser_sets_up_a_device_on_its_account_and_lands_in_the_admin(client, settings):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""  # the admin's markup is Django's
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.cookies["opencus_language"] = "en"
    log_in(client, admin)

    account = client.get(reverse("core:account"))
    assert account.status_code == 302  # not yet: the second factor comes first
    setup = client.get(reverse("core:otp_setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    done = client.post(reverse("core:otp_setup"), {"token": current_code(device)})
    assert done.url == reverse("core:account")
    page = client.get(reverse("core:account"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "required for administrators" in html
    assert reverse("admin:index") in html
    assert client.get(reverse("admin:index")).status_code == 200

    # Next time: password, code, and the admin (not a 403 on the staff dashboard).
    client.post(reverse("core:logout"))
    wait_out_the_throttle(device)
    code_page = client.get(log_in(client, admin).url)
    assert code_page.status_code == 302 and code_page.url.startswith(reverse("core:otp_verify"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same 30 s step again
    verified = client.post(reverse("core:otp_verify"), {"token": current_code(device)})
    assert verified.status_code == 302
    assert verified.url == reverse("admin:index")
    assert client.get(reverse("core:login")).url == reverse("admin:index")


def test_a_user_without_a_role_may_set_up_a_device_and_see_the_account(client, make_staff):
    nobody = make_staff()
    client.cookies["opencus_language"] = "en"
    assert log_in(client, nobody).url == reverse("core:account")  # not a 403 on the dashboard

    client.get(reverse("core:otp_setup"))
    device = TOTPDevice.objects.get(user=nobody, confirmed=False)
    done = client.post(reverse("core:otp_setup"), {"token": current_code(device)})

    assert done.url == reverse("core:account")
    account = client.get(reverse("core:account"))
    assert account.status_code == 200
    assert "Two-factor authentication" in account.content.decode()
    assert client.get(reverse("core:dashboard")).status_code == 403  # still no staff pages


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


def test_the_switch_is_announced_by_a_system_check_at_every_start(settings):
    from django.core.checks import run_checks

    settings.OPENCUS_2FA_OFF = False
    assert "opencus.W001" not in {message.id for message in run_checks()}

    settings.OPENCUS_2FA_OFF = True
    warning = next(message for message in run_checks() if message.id == "opencus.W001")
    assert "Two-factor authentication is off" in warning.msg
    assert "demo only" in str(warning.hint)
