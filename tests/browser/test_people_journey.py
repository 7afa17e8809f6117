"""The client office's main path in a real browser: log in, register a person (first with a
wrong PESEL), find them by typing without diacritics, open the card. axe-core checks every page.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from opencus.core.roles import Role
from opencus.people.models import Person
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_register_and_find_a_person(live_server, page, make_staff, assert_accessible):
    user = make_staff(Role.CLIENT_OFFICE, username="bok")

    page.goto(f"{live_server.url}/logowanie/")
    assert_accessible(page)
    page.get_by_label("Nazwa użytkownika").fill(user.username)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page).to_have_url(re.compile(r"/pracownicy/$"))
    assert_accessible(page)

    page.get_by_role("link", name="Zarejestruj osobę").first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("people:create")) + "$"))
    assert_accessible(page)
    page.get_by_label("Imię", exact=True).fill("Stanisław")
    page.get_by_label("Nazwisko").fill("Żółkiewski")
    page.get_by_label(re.compile(r"^PESEL")).fill("44051401358")
    page.get_by_label("Ulica").fill("Radomska")
    page.get_by_label("Numer budynku").fill("7")
    page.get_by_label("Kod pocztowy").fill("27-200")
    page.get_by_label("Miejscowość").fill("Starachowice")
    page.get_by_role("button", name="Zarejestruj", exact=True).click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK moves focus to the summary for screen readers
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_pesel")
    expect(page).to_have_title(re.compile(r"^Błąd:"))
    assert_accessible(page)
    assert not Person.objects.exists()

    page.get_by_label(re.compile(r"^PESEL")).fill("44051401359")
    page.get_by_role("button", name="Zarejestruj", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stanisław Żółkiewski")
    assert_accessible(page)

    page.get_by_role("link", name="Osoby", exact=True).click()
    page.get_by_label("Nazwisko, imię, PESEL, telefon lub ulica").press_sequentially("zolkiew")
    result = page.locator("#results").get_by_role("link", name="Żółkiewski Stanisław")
    expect(result).to_be_visible()  # live results, no submit pressed
    assert_accessible(page)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stanisław Żółkiewski")
    expect(page.get_by_text("14.05.1944")).to_be_visible()
