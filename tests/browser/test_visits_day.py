"""A therapist's day on a phone (home visits): the visiting_staff user opens their day on a
375 × 740 screen, sees the visit with the person's name, address and phone and what to do,
calls from the page, marks the visit done with a big button, and the visit goes into the
ledger. The page reflows at 320 px and axe-core finds nothing on every page visited. Today is
whatever day the suite runs (the worker works all day, every day; a visit is marked on its
day at any hour)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencus.visits import services
from opencus.visits.models import Visit, VisitStatus
from tests.browser.helpers import NARROW, OVERFLOW, PHONE, sign_in
from tests.visits.factories import person_make, planner, request_make, staff_worker

pytestmark = pytest.mark.browser

ALL_DAY = [(d, dt.time(0, 0), dt.time(23, 59)) for d in range(7)]


def test_the_therapist_sees_the_day_and_marks_a_visit_done_on_a_phone(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    today = timezone.localdate()
    worker, user = staff_worker(name="Magdalena Wróbel", hours=ALL_DAY)
    person = person_make(1, phone="601 602 603")
    request_make(
        person,
        duration=30,
        windows=[(today, dt.time(0, 0), dt.time(23, 59))],
        today=today,
        task="Ćwiczenia równowagi",
    )
    dispatcher = planner()
    plan = services.week_open(day=today, acting_user=dispatcher, today=today)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=0.5, today=today)
    services.week_publish(plan=plan, acting_user=dispatcher)
    visit = Visit.objects.get(request__person=person)
    assert visit.worker == worker

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/wizyty/moj-dzien/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My visits")
    expect(page.get_by_text(person.full_name).first).to_be_visible()
    expect(page.get_by_text("Ćwiczenia równowagi")).to_be_visible()
    call = page.get_by_role("link", name="601 602 603")
    expect(call).to_have_attribute("href", "tel:601602603")
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)

    # The "not done" form, at 320 px too; going back leaves the visit as it was.
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}/wizyty/wizyta/{visit.uuid}/niewykonana/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/wizyty/moj-dzien/")

    done = page.get_by_role("button", name=re.compile(f"Done\\W+{person.full_name}"))
    box = done.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 280  # a big target
    done.click()
    expect(page.get_by_text(f"{person.full_name}: visit done.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Done\\W+"))).to_have_count(0)
    assert_accessible(page)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    assert visit.delivery_record is not None

    page.set_viewport_size(NARROW)
    page.reload()
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)


def test_the_dispatchers_week_and_the_request_form_are_accessible(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    from opencus.core.roles import Role
    from tests.personas import user_make
    from tests.visits.factories import visit_entitlement, worker_make

    today = timezone.localdate()
    worker_make("Magdalena Wróbel", hours=ALL_DAY)
    person = person_make(1)
    request_make(person, duration=30, windows=[(today, dt.time(0), dt.time(23, 59))], today=today)
    request_make(
        skill="handyman", duration=60, windows=[(today, dt.time(0), dt.time(23, 59))], today=today
    )
    dispatcher = planner()
    plan = services.week_open(day=today, acting_user=dispatcher, today=today)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=0.5, today=today)

    sign_in(page, live_server, user_make(Role.DISPATCHER))
    page.goto(f"{live_server.url}/wizyty/tygodnie/{plan.week_start.isoformat()}/")
    expect(page.get_by_text("No worker has the skill this visit needs.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(f"Move\\W+{person.full_name}")).click()
    page.get_by_label("Start").fill("23:50")
    page.get_by_role("button", name="Move and pin").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)

    entitled = person_make(2)
    visit_entitlement(entitled)
    sign_in(page, live_server, user_make(Role.CLIENT_OFFICE))
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}/wizyty/osoba/{entitled.pk}/zlecenie/")
    assert not page.evaluate(OVERFLOW)
    assert_accessible(page)
    page.get_by_role("button", name="Take the request").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
