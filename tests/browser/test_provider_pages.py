"""A provider's driver records a delivery on a phone: 390×844, log in, today's page, a
(double) tap on "Record", the confirmation in view and the new balance, then my clients.
axe-core on every page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from opencus.catalog.models import Unit
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from tests.conftest import PASSWORD
from tests.delivery.factories import entitlement_make, line_make, staff_link
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_a_provider_records_a_delivery_on_a_phone(live_server, page, make_staff, assert_accessible):
    line = line_make(unit=Unit.RIDE)
    helena = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    entitlement = entitlement_make(
        line=line,
        person=helena,
        allowances=[{"units": 4, "unit": Unit.RIDE, "period": "month"}],
    )
    entitlement_make(line=line, person=PersonFactory.create(first_name="Jan", last_name="Lis"))
    staff_link(make_staff(Role.PROVIDER_STAFF, username="kierowca"), line)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logowanie/")
    assert_accessible(page)
    page.get_by_label("Nazwa użytkownika").fill("kierowca")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_label("Hasło").press("Enter")
    expect(page).to_have_url(re.compile(r"/pracownicy/$"))
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.reload()
    assert_accessible(page)

    page.get_by_role("link", name="Today's deliveries").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's deliveries")
    assert_accessible(page)
    no_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_scroll)

    row = page.locator(f"#client-{entitlement.pk}")
    expect(row.get_by_label("Units for Helena Wiśniewska")).to_have_value("1")
    # A double tap records once (the form's one-time token), and the confirmation is shown
    # in the row itself, in view on the phone (issue 9, item 11).
    row.get_by_role("button", name=re.compile("Record")).dblclick()
    confirmation = page.locator(f"#client-{entitlement.pk} [data-confirmation]")
    expect(confirmation).to_contain_text("Recorded 1 × ride for Helena Wiśniewska")
    expect(confirmation).to_be_in_viewport()
    expect(page.locator(f"#client-{entitlement.pk} [data-balance]")).to_contain_text(
        "3 of 4 × ride left"
    )
    assert_accessible(page)
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1

    # A refusal stays next to the row, nothing is saved.
    row = page.locator(f"#client-{entitlement.pk}")
    row.get_by_label("Units for Helena Wiśniewska").fill("1.5")
    row.get_by_role("button", name=re.compile("Record")).click()
    expect(page.locator(f"#client-{entitlement.pk} .govuk-error-message")).to_contain_text(
        "whole units"
    )
    assert_accessible(page)
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1

    page.get_by_role("link", name="My clients").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My clients")
    expect(page.get_by_text("3 of 4 × ride left", exact=False)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Helena Wiśniewska").click()
    expect(page.get_by_role("link", name=re.compile("Correct"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Correct")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct a delivery record")
    assert_accessible(page)
    page.get_by_role("button", name="Reverse the record").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is the record corrected?").fill("entered twice")
    page.get_by_role("button", name="Reverse the record").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is reversed")
    assert_accessible(page)
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 2

    page.get_by_role("link", name="Back to my clients").click()
    page.get_by_role("link", name="Import a month").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a month of deliveries")
    assert_accessible(page)
    page.get_by_label("File with the month's deliveries").set_input_files(
        files=[{"name": "m.csv", "mimeType": "text/csv", "buffer": b"imie;nazwisko\n"}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must name the columns")
    assert_accessible(page)
