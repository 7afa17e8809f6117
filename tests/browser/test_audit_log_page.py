"""The audit log in a real browser: the filter form, a bad filter named in the error summary,
special-category content withheld from the auditor; axe-core on every page visited."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from opencus.core.roles import Role
from opencus.people.models import DisabilityLevel
from opencus.people.services import disability_certificate_add
from tests.browser.test_intake_pages import log_in
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_the_auditor_filters_the_log_and_reads_no_special_category_content(
    live_server, page, make_staff, assert_accessible
):
    worker = make_staff(Role.SOCIAL_WORKER)
    worker.first_name, worker.last_name = "Jan", "Opiekuński"
    worker.save()
    person = PersonFactory.create(first_name="Zofia", last_name="Zdrowotna")
    disability_certificate_add(
        person=person,
        acting_user=worker,
        level=DisabilityLevel.SIGNIFICANT,
        issued_on=dt.date(2024, 3, 1),
    )
    make_staff(Role.AUDITOR, username="audytor")

    log_in(page, live_server, "audytor")
    page.goto(f"{live_server.url}/dziennik/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    body = page.content()
    assert "Jan Opiekuński" in body
    assert "01.03.2024" not in body

    page.locator("#id_date_from").fill("32.13.2026")
    page.get_by_role("button", name="Filtruj").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("DD.MM.RRRR")
    assert_accessible(page)

    page.locator("#id_date_from").fill("")
    page.get_by_label("Osoba").fill("Zdrowotna")
    page.get_by_role("button", name="Filtruj").click()
    expect(page.locator("tbody")).to_contain_text("dane szczególnej kategorii")
    assert_accessible(page)
