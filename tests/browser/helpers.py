"""What the browser tests share: signing a user in by session cookie (the login form itself is
tested in tests/core), the phone and narrow viewports, and the check that a page does not
scroll sideways (WCAG 1.4.10 Reflow)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 375, "height": 740}
NARROW: ViewportSize = {"width": 320, "height": 640}
#: For ``page.evaluate``: whether the page is wider than the window.
OVERFLOW = """() => {
  const root = document.documentElement;
  return root.scrollWidth > root.clientWidth + 1;
}"""


def sign_in(page: Page, live_server: Any, user: Any, *, language: str | None = "en") -> None:
    """Sign ``user`` in by session cookie, reading the pages in ``language`` (English by
    default: the tests assert English text, the Polish wording may change; None for the
    interface's default, Polish)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookies: list[Any] = [
        {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
    ]
    if language:
        cookies.append(
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        )
    page.context.clear_cookies()
    page.context.add_cookies(cookies)
