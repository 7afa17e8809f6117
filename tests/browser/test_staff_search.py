"""In a real browser: the clerk types an application's number as the resident reads it out into
the header's search box and opens it; then archives a person through the confirmation page,
with a reason, and restores them. axe-core checks every page; the header box keeps a 320 px
page from scrolling sideways."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from opencus.core.roles import Role
from opencus.people.models import Person
from tests.catalog.factories import ProgrammeServiceFactory
from tests.conftest import PASSWORD
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_find_an_application_by_its_number_then_archive_and_restore(
    live_server, page, make_staff, assert_accessible
):
    clerk = make_staff(Role.CLIENT_OFFICE, username="bok-szukaj")
    person = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    application = application_make(
        ProgrammeServiceFactory.create(name="Taksówka dla seniora"), by=clerk, person=person
    )
    _letter, year, number = application.reference.split("/")

    page.goto(f"{live_server.url}/logowanie/")
    page.get_by_label("Nazwa użytkownika").fill(clerk.username)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page).to_have_url(re.compile(r"/pracownicy/$"))

    box = page.get_by_role("searchbox", name="Szukaj osób, wniosków i wykonawców")
    box.fill(f"w/{year}/{int(number)}")
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("core:search")) + r"\?q="))
    assert_accessible(page)
    page.get_by_role("link", name=application.reference).click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("intake:application_detail", args=[application.uuid])))
    )

    page.goto(f"{live_server.url}{reverse('people:detail', args=[person.pk])}")
    page.get_by_role("button", name="Zarchiwizuj tę osobę").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Helena Wiśniewska")
    assert_accessible(page)
    page.get_by_role("button", name="Zarchiwizuj tę osobę").click()  # no reason yet
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    person.refresh_from_db()
    assert person.archived_at is None
    page.get_by_label("Dlaczego osoba jest archiwizowana?").fill("Wyprowadziła się do Kielc.")
    page.get_by_role("button", name="Zarchiwizuj tę osobę").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Zarchiwizowano")
    assert Person.objects.get(pk=person.pk).archived_at is not None

    page.get_by_role("link", name="Przywróć tę osobę").click()
    expect(page.get_by_text("Wyprowadziła się do Kielc.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Dlaczego osoba jest przywracana?").fill("Zarchiwizowano przez pomyłkę.")
    page.get_by_role("button", name="Przywróć tę osobę").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helena Wiśniewska")
    assert Person.objects.get(pk=person.pk).archived_at is None

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{reverse('core:search')}?q=Wi%C5%9Bniewska")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
