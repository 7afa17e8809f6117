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


def test_phone_intake_from_the_keyboard_alone(live_server, page, make_staff, assert_accessible):
    """A call: find the caller by typing, pick them, tick a service (its eligibility is on
    the form), file — every step with the keyboard, no mouse."""
    ProgrammeServiceFactory.create(
        name="Złota rączka", eligibility_rules={"all": [{"attribute": "age", "min": 60}]}
    )
    ProgrammeServiceFactory.create(
        name="Klub rodzica", eligibility_rules={"all": [{"attribute": "age", "max": 40}]}
    )
    caller = PersonFactory.create(
        first_name="Zofia", last_name="Żurawska", birth_date=dt.date(1945, 8, 9), sex="F"
    )
    make_staff(Role.CLIENT_OFFICE, username="bok")
    log_in(page, live_server, "bok")

    page.goto(f"{live_server.url}/pracownicy/przyjecie/")
    search = page.locator("#main-content").get_by_role("searchbox")
    expect(search).to_be_focused()  # the page starts where the call starts
    assert_accessible(page)
    page.keyboard.type("zuraw")  # no diacritics, and no Enter: results come as one types
    result = page.get_by_role("link", name=re.compile("Żurawska Zofia"))
    expect(result).to_be_visible()
    assert_accessible(page)

    # Tab from the search field reaches the result; Enter opens the caller's form.
    for _ in range(10):
        page.keyboard.press("Tab")
        if result.evaluate("element => element === document.activeElement"):
            break
    expect(result).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("wniosek", re.I))
    # Eligibility is there before anything is ticked: she qualifies for one, not the other.
    expect(page.locator(".govuk-tag--green")).to_have_count(1)
    expect(page.locator(".govuk-tag--red")).to_have_count(1)
    assert_accessible(page)

    handyman = page.get_by_label(re.compile("Złota rączka"))
    handyman.focus()
    page.keyboard.press("Space")
    expect(handyman).to_be_checked()
    page.get_by_label(re.compile("nie oferuje", re.I)).focus()
    page.keyboard.type("sprzątanie")
    page.keyboard.press("Tab")  # the submit button follows the last field
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("W/")
    assert_accessible(page)
    application = caller.applications.get()
    assert application.items.get().service.name == "Złota rączka"
    assert application.channel == "phone"
