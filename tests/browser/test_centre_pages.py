"""The centre's pages for providers, contracts, entitlements, needs assessments and monthly
statements in a real browser, with axe-core on every page visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencus.core.roles import Role
from opencus.delivery.services import delivery_record
from opencus.intake.models import Channel
from opencus.intake.services import application_file, item_qualify
from tests.browser.test_intake_pages import log_in
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory
from tests.providers.factories import ContractLineFactory

pytestmark = pytest.mark.browser


def test_providers_contracts_entitlements_and_statements(
    live_server, page, make_staff, assert_accessible
):
    today = timezone.localdate()
    service = ProgrammeServiceFactory.create(name="Złota rączka", capacity=None)
    line = ContractLineFactory.create(
        service=service,
        unit="visit",
        contract__provider__name="Spółdzielnia Socjalna Integracja",
        contract__valid_from=today - dt.timedelta(days=90),
        contract__valid_to=today + dt.timedelta(days=200),
    )
    director = make_staff(Role.DIRECTOR, username="dyrektor")
    make_staff(Role.COORDINATOR, username="koordynator")
    application = application_file(
        person=PersonFactory.create(first_name="Zenon", last_name="Kowal"),
        services=[service],
        channel=Channel.PHONE,
        acting_user=director,
        filed_at=timezone.now() - dt.timedelta(days=40),
    )
    item = item_qualify(item=application.items.get(), acting_user=director)
    entitlement = item.entitlement
    entitlement.starts_on = today - dt.timedelta(days=65)
    entitlement.save(update_fields=["starts_on"])
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=5)
    delivery_record(entitlement=entitlement, delivered_on=last_month, units=1, acting_user=director)

    log_in(page, live_server, "dyrektor")
    page.goto(f"{live_server.url}/pracownicy/wykonawcy/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Spółdzielnia Socjalna Integracja")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Integracja")
    assert_accessible(page)
    page.goto(f"{live_server.url}/pracownicy/wykonawcy/nowy/")
    page.get_by_role("button").filter(has_text=re.compile(".")).last.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # empty form: errors shown
    assert_accessible(page)
    page.goto(f"{live_server.url}/pracownicy/wykonawcy/umowy/{line.contract.uuid}/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/pracownicy/wnioski/{application.uuid}/")
    expect(page.get_by_text("Spółdzielnia Socjalna Integracja").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/pracownicy/uprawnienia/{entitlement.uuid}/zawieszenie/")
    assert_accessible(page)

    page.goto(
        f"{live_server.url}/pracownicy/rozliczenia/{line.contract.uuid}/"
        f"{last_month.year}-{last_month.month:02d}/"
    )
    expect(page.get_by_text(re.compile("Kowal")).first).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server, "koordynator")
    page.goto(f"{live_server.url}/pracownicy/wnioski/{application.uuid}/rozpoznanie/")
    assert_accessible(page)
    page.get_by_label(re.compile("Uwagi|Notatki|Notes")).fill("Mieszka sam.")
    page.get_by_role("button", name=re.compile("rozpoznanie|Zapisz|Record", re.I)).click()
    expect(page.get_by_text("Mieszka sam.")).to_be_visible()
    assert_accessible(page)
