"""Public pages, the 404 page and the language switch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["core:accessibility", "core:privacy"]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_renders_without_login_in_polish(client, page):
    response = client.get(reverse(page))

    assert response.status_code == 200
    assert '<html lang="pl"' in response.content.decode()
    assert response.headers["Content-Language"] == "pl"


def test_accessibility_statement_content_in_english(client):
    client.cookies["opencus_language"] = "en"

    body = client.get(reverse("core:accessibility")).content.decode()

    assert "<h1" in body
    assert "Accessibility statement" in body
    assert "WCAG 2.1" in body
    assert settings.OPENCUS_CONTACT_EMAIL in body


def test_privacy_page_content_in_english(client):
    client.cookies["opencus_language"] = "en"

    body = client.get(reverse("core:privacy")).content.decode()

    assert "Personal data protection (GDPR)" in body
    assert settings.OPENCUS_CENTRE_NAME in body


def test_unknown_address_renders_the_404_page(client):
    client.cookies["opencus_language"] = "en"

    response = client.get("/no-such-page/at-all/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "Page not found" in response.content.decode()


def test_404_page_is_polish_by_default(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert '<html lang="pl"' in response.content.decode()


def test_language_switch_sets_the_cookie_and_the_next_page_is_english(client):
    target = reverse("core:accessibility")

    response = client.post(reverse("set_language"), {"language": "en", "next": target})

    assert response.status_code == 302
    assert response.url == target
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert settings.LANGUAGE_COOKIE_NAME == "opencus_language"
    page = client.get(response.url)
    assert '<html lang="en"' in page.content.decode()
    assert page.headers["Content-Language"] == "en"
    assert "Accessibility statement" in page.content.decode()


def test_language_switch_to_ukrainian(client):
    client.post(reverse("set_language"), {"language": "uk", "next": "/"})

    page = client.get(reverse("core:privacy"))

    assert '<html lang="uk"' in page.content.decode()


def test_language_switch_ignores_a_next_on_another_host(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_browser_language_does_not_override_polish(client):
    response = client.get(reverse("core:privacy"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert '<html lang="pl"' in response.content.decode()


def test_unknown_language_cookie_falls_back_to_polish(client):
    client.cookies["opencus_language"] = "xx"

    response = client.get(reverse("core:privacy"))

    assert '<html lang="pl"' in response.content.decode()


def test_every_page_offers_the_language_switch(client):
    body = client.get(reverse("core:accessibility")).content.decode()

    assert f'action="{reverse("set_language")}"' in body
    for code, _name in settings.LANGUAGES:
        assert f'name="language" value="{code}"' in body
