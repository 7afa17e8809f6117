import re

import pytest
from playwright.sync_api import expect

from tests.catalog.factories import ProgrammeServiceFactory

pytestmark = pytest.mark.browser


def test_login_page_is_accessible(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/logowanie/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert_accessible(page)


@pytest.mark.parametrize(
    ("button", "lang", "heading", "skip_link"),
    [
        ("Українська", "uk", "Соціальні послуги", "Перейти до основного вмісту"),
        ("English", "en", "Social services", "Skip to main content"),
    ],
)
def test_the_language_switch_translates_the_public_pages(
    live_server, page, assert_accessible, button, lang, heading, skip_link
):
    service = ProgrammeServiceFactory.create(name="Taksówka dla seniora")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Usługi społeczne")
    page.get_by_role("button", name=re.compile(button, re.IGNORECASE)).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".govuk-skip-link")).to_have_text(skip_link)
    assert_accessible(page)
    page.get_by_role("link", name=service.name).click()  # the choice sticks (a cookie)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page)
