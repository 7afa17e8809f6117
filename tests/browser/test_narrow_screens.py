"""Every staff page and every public page at 320 px: nothing scrolls the page sideways (WCAG
1.4.10 Reflow; a wide table scrolls inside its own region), axe-core finds nothing, and the
staff menu folds behind a "Menu" button that marks the page shown (GOV.UK service navigation).

The pages are those of the access matrix (tests/test_access_matrix.py), around the same
objects, so a new page is checked here as soon as it is listed there."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from opencus.core.registry import capability_roles
from opencus.core.roles import Role
from tests.browser.helpers import sign_in
from tests.conftest import axe_violations
from tests.personas import Personas, user_make
from tests.test_access_matrix import (
    PUBLIC_PAGES,
    STAFF,
    STAFF_PAGES,
    Need,
    objects_make,
    url_for,
)

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
#: Files, not pages.
DOWNLOADS = {
    "delivery:statement_xlsx",
    "delivery:statement_pdf",
    "delivery:provider_template",
    "intake_letters:letter",
    "plans:pdf",
    "transport:manifest_pdf",
    "activities:voucher_pdf",
    "activities:register_pdf",
    "activities:daycare_report_export",
    "community:evaluation_export",
    "community:photo",
    "volunteering:agreement_pdf",
    "volunteering:document_pdf",
}

OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .filter((el) => !el.closest(".ocus-table-region"))
    .slice(0, 3)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}"""


def problems_on(page: Page, url: str, axe: Any) -> list[str]:
    response = page.goto(url)
    assert response is not None
    if response.status != 200:
        return [f"status {response.status}"]
    found = []
    width = page.evaluate(OVERFLOW)
    if width["scroll"] > width["client"]:
        found.append(f"scrolls sideways ({width['scroll']} > {width['client']}): {width['wide']}")
    if violations := axe(page):
        found.append(f"axe: {violations}")
    return found


def everyone_reaches(need: Need) -> bool:
    """Whether a user in every staff role but a provider's reaches the page: not when only a
    provider's staff hold its capability (redeeming a voucher at the venue, checked below as
    the provider's staff), nor when only the object's own worker sees it (a home visit's "not
    done" form: tests/browser/test_visits_day.py checks it at 320 px)."""
    if need.seen_by == frozenset():
        return False
    return need.capability == STAFF or bool(
        capability_roles(need.capability) - {Role.PROVIDER_STAFF}
    )


def test_no_page_scrolls_sideways_at_320_px(live_server, page, personas: Personas) -> None:
    objects = objects_make(personas)
    page.set_viewport_size(NARROW)
    everyone = user_make(
        *[role for role in Role if role != Role.PROVIDER_STAFF], username="persona-everyone"
    )
    wrong: dict[str, list[str]] = {}
    sign_in(page, live_server, everyone, language=None)
    for name, need in STAFF_PAGES.items():
        if name in DOWNLOADS or not everyone_reaches(need):
            continue
        if problems := problems_on(
            page, live_server.url + url_for(name, need.kind, objects), axe_violations
        ):
            wrong[name] = problems
    # A provider's own staff see their pages with their own menu.
    sign_in(page, live_server, personas.owner, language=None)
    for name, need in STAFF_PAGES.items():
        if name in DOWNLOADS or not need.own_provider:
            continue
        url = live_server.url + url_for(name, need.kind, objects)
        if problems := problems_on(page, url, axe_violations):
            wrong[f"{name} (provider staff)"] = problems
    page.context.clear_cookies()
    for name, (kind, status) in PUBLIC_PAGES.items():
        if status != 200:
            continue
        if problems := problems_on(
            page, live_server.url + url_for(name, kind, objects), axe_violations
        ):
            wrong[name] = problems
    assert not wrong, "\n".join(f"{name}: {problems}" for name, problems in wrong.items())


def test_the_staff_menu_folds_behind_a_menu_button_and_marks_the_page_shown(
    live_server, page, personas: Personas, assert_accessible
) -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    page.set_viewport_size(NARROW)
    sign_in(page, live_server, clerk, language=None)
    page.goto(f"{live_server.url}/pracownicy/osoby/")
    menu = page.get_by_role("navigation", name="Menu")
    button = menu.get_by_role("button", name="Menu")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Osoby")).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    current = menu.get_by_role("link", name="Osoby")
    expect(current).to_be_visible()
    expect(current).to_have_attribute("aria-current", "page")
    expect(menu.locator("[aria-current]")).to_have_count(1)
    assert_accessible(page)
    # A page inside a section marks its entry as the section ("true"), not as the page.
    page.goto(f"{live_server.url}/pracownicy/osoby/nowa/")
    expect(page.locator("#navigation [aria-current]")).to_have_count(1)
    expect(page.locator("#navigation [aria-current]")).to_have_text(re.compile("Zarejestruj"))

    # On a wide screen the menu is a row of links and the button is gone.
    page.set_viewport_size({"width": 1024, "height": 640})
    page.goto(f"{live_server.url}/pracownicy/osoby/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Osoby")).to_be_visible()


def test_without_javascript_the_menu_is_shown_open(
    live_server, browser, personas: Personas
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    page = context.new_page()
    sign_in(page, live_server, user_make(Role.CLIENT_OFFICE), language=None)
    page.goto(f"{live_server.url}/pracownicy/osoby/")
    expect(page.locator(".govuk-service-navigation__toggle")).to_be_hidden()
    expect(page.get_by_role("link", name="Osoby")).to_be_visible()
    expect(page.get_by_role("link", name="Osoby")).to_have_attribute("aria-current", "page")
    context.close()
