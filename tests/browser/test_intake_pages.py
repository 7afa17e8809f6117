"""The intake pages in a real browser: file an application from the keyboard, qualify it, see
the queue. axe-core checks every page visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from opencus.core.roles import Role
from opencus.intake.models import ApplicationItem, ItemState
from tests.catalog.factories import ProgrammeServiceFactory
from tests.conftest import PASSWORD
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/logowanie/")
    page.get_by_label("Nazwa użytkownika").fill(username)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_label("Hasło").press("Enter")
    expect(page).to_have_url(re.compile(r"/pracownicy/$"))


def test_file_qualify_and_see_the_queue(live_server, page, make_staff, assert_accessible):
    service = ProgrammeServiceFactory.create(
        name="Taksówka dla seniora",
        capacity=1,
        eligibility_rules={"all": [{"attribute": "age", "min": 60}]},
    )
    person = PersonFactory.create(
        first_name="Helena", last_name="Wiśniewska", birth_date=dt.date(1947, 2, 3), sex="F"
    )
    make_staff(Role.DIRECTOR, username="dyrektor")

    log_in(page, live_server, "dyrektor")
    page.goto(f"{live_server.url}/pracownicy/osoby/{person.pk}/wnioski/nowy/")
    expect(page.get_by_text("spełnia warunki", exact=False).first).to_be_visible()
    assert_accessible(page)

    # Keyboard only: tick the service, keep the defaults, submit.
    page.get_by_label(re.compile("Taksówka dla seniora")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=re.compile("wniosek", re.IGNORECASE)).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("W/")
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Zakwalifikuj")).click()
    expect(page.locator(".govuk-tag--green").first).to_be_visible()
    assert_accessible(page)
    assert ApplicationItem.objects.get(service=service).state == ItemState.QUALIFIED

    page.goto(f"{live_server.url}/pracownicy/kolejki/")
    assert_accessible(page)
    page.get_by_role("link", name="Taksówka dla seniora").click()
    expect(page.get_by_text("Helena Wiśniewska")).to_be_visible()
    assert_accessible(page)
