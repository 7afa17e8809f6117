"""Production settings from the environment (issue 9, item 7): HSTS, the HTTPS redirect and
the proxy's header; with DEBUG off the repository's development key is refused at start-up."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "opencus" / "settings.py"
DEVELOPMENT_KEY = "opencus-development-key-not-for-production"


def load(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, Any]:
    """The settings module run afresh with ``environment`` (a key of its own unless given)."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-key-of-this-machine-" + "x" * 40)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_with_debug_off_the_development_key_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY is not set"):
        load(monkeypatch, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=DEVELOPMENT_KEY)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load(monkeypatch, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")


def test_with_debug_on_the_development_key_is_allowed(monkeypatch):
    loaded = load(monkeypatch, DJANGO_DEBUG="1", DJANGO_SECRET_KEY=DEVELOPMENT_KEY)
    assert loaded["SECRET_KEY"] == DEVELOPMENT_KEY


def test_start_up_with_the_development_key_stops_with_the_message(tmp_path):
    """``manage.py check`` as production would start it: DEBUG off, no key of its own."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": DEVELOPMENT_KEY,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(SETTINGS.parents[1] / "manage.py"), "check"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_https_settings_are_off_by_default(monkeypatch):
    for name in (
        "DJANGO_SECURE_HSTS_SECONDS",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "DJANGO_SECURE_HSTS_PRELOAD",
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_PROXY_SSL_HEADER",
    ):
        monkeypatch.delenv(name, raising=False)
    loaded = load(monkeypatch)
    assert loaded["SECURE_HSTS_SECONDS"] == 0
    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert "SECURE_PROXY_SSL_HEADER" not in loaded


def test_hsts_the_https_redirect_and_the_proxy_header_come_from_the_environment(monkeypatch):
    loaded = load(
        monkeypatch,
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        DJANGO_SECURE_HSTS_PRELOAD="true",
        DJANGO_SECURE_SSL_REDIRECT="on",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto=https",
    )
    assert loaded["SECURE_HSTS_SECONDS"] == 31536000
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert loaded["SECURE_HSTS_PRELOAD"] is True
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_a_malformed_proxy_header_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="HEADER=value"):
        load(monkeypatch, DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")


def test_behind_the_proxy_plain_http_is_redirected_and_https_gets_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/logowanie/", headers={"x-forwarded-proto": "http"})
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/logowanie/", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=3600"
