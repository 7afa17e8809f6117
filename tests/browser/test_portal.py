"""A resident applies online in a real browser: from a service card to the form (with errors
first), the confirmation with the reference number, then the status page; a clerk then checks
the online application and files it. axe-core checks every page visited. The pages are read in
English (the language cookie), so that the Polish wording may change freely."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from opencus.core.identifiers import pesel_make
from opencus.core.roles import Role
from opencus.intake.models import Application, OnlineApplication
from tests.browser.test_intake_pages import log_in
from tests.catalog.factories import ProgrammeServiceFactory

pytestmark = pytest.mark.browser

PESEL = pesel_make(dt.date(1947, 2, 3), 321, "F")


def test_a_resident_applies_online_and_a_clerk_files_it(
    live_server, page, assert_accessible, make_staff
):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    ProgrammeServiceFactory.create(name="Family club")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/uslugi/{taxi.uuid}/")
    assert_accessible(page)
    page.get_by_role("button", name="Apply online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for social services")
    expect(page.get_by_label("Senior taxi")).to_be_checked()
    expect(page.get_by_label("Family club")).not_to_be_checked()
    assert_accessible(page)

    # Sent without a name, a PESEL or the consent: the errors are summarised and focused.
    page.get_by_role("button", name="Send the application").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(
        "Document number: enter the document number, or a PESEL number."
    )
    expect(summary).to_contain_text("Tick the consent")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    page.get_by_label("First name").fill("Helena")
    page.get_by_label("Surname").fill("Wiśniewska")
    page.get_by_label("PESEL number").fill(PESEL)
    page.get_by_label("Phone").fill("533 111 222")
    page.get_by_label("Building number").fill("5")
    page.get_by_label("Postcode").fill("27-200")
    page.get_by_label("Locality").fill("Starachowice")
    page.get_by_label(re.compile("processing of my personal data")).check()
    page.get_by_role("button", name="Send the application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    application = OnlineApplication.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(application.reference)
    expect(page.locator("main")).to_contain_text("Senior taxi")
    assert PESEL not in page.url
    assert_accessible(page)

    page.get_by_role("link", name="Check the status of your application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the status of an application")
    assert_accessible(page)
    # A wrong number first: one generic message, nothing of the application.
    page.get_by_label("Reference number of the application").fill(application.reference)
    page.get_by_label("PESEL or document number").fill("44051401359")
    page.get_by_role("button", name="Check the status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("We found no application")
    expect(page.locator("main")).not_to_contain_text("Senior taxi")
    assert_accessible(page)

    page.get_by_label("Reference number of the application").fill(application.reference.lower())
    page.get_by_label("PESEL or document number").fill(PESEL)
    page.get_by_role("button", name="Check the status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(application.reference)
    expect(page.locator("main")).to_contain_text("Senior taxi")
    expect(page.locator("main")).to_contain_text("The client office is checking your details")
    assert PESEL not in page.url
    assert_accessible(page)

    # The clerk checks who the applicant is and files the application.
    make_staff(Role.CLIENT_OFFICE, username="urzedniczka")
    page.context.clear_cookies()
    log_in(page, live_server, "urzedniczka")  # the login page in Polish, the default
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/pracownicy/wnioski-internetowe/")
    assert_accessible(page)
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
    assert_accessible(page)
    page.get_by_label(re.compile("A new person")).check()
    page.get_by_role("button", name="File the application").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Check the applicant")
    assert_accessible(page)
    page.get_by_label(re.compile("A new person")).check()
    page.get_by_label(re.compile("checked the applicant")).check()
    page.get_by_role("button", name="File the application").click()
    filed = Application.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(filed.reference)
    assert filed.person.terc == settings.OPENCUS_MUNICIPALITY_TERC
    assert_accessible(page)
