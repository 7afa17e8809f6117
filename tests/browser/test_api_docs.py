"""The API documentation (/api/docs): Swagger UI from our own static files, under the
Content-Security-Policy, with no request off-site and no CSP violation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_docs_render_the_operations_with_no_csp_violation(
    live_server, page, assert_accessible
):
    violations: list[str] = []
    off_site: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )

    def record(request: Any) -> None:
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            off_site.append(request.url)

    page.on("request", record)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(f"{live_server.url}/api/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="OpenCUS API")).to_be_visible()
    # The operations of every router are listed.
    for path in ("/api/hsds/services", "/api/intake/", "/api/delivery/"):
        expect(page.locator(f".opblock-summary-path[data-path^='{path}']").first).to_be_visible()
    assert page.evaluate("window.__csp") == []
    assert violations == []
    assert off_site == []
    assert_accessible(page)
