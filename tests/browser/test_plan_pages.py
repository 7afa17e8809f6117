"""The plan pages in a real browser: a coordinator starts a plan from the needs assessment,
writes its period, a goal, a commitment and a review date, and submits it; the director reads
what approval will do and approves it; the coordinator records the signature. axe-core checks
every page visited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from opencus.plans import clocks
from opencus.plans.models import IndividualPlan, PlanState, VersionState
from tests.browser.helpers import sign_in
from tests.plans.factories import assessment_make, coordinator_make, director_make, service_make

pytestmark = pytest.mark.browser


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=re.compile(legend))
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_plan_is_written_submitted_approved_signed_reviewed_and_completed(
    live_server: Any, page: Page, assert_accessible: Any
) -> None:
    coordinator = coordinator_make()
    director = director_make()
    service = service_make(name="Asystent osobisty")
    assessment = assessment_make(service, by=coordinator)
    person = assessment.application.person
    today = clocks.warsaw_today()

    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/pracownicy/plany/z-rozpoznania/{assessment.pk}/")
    expect(page.get_by_text(person.full_name).first).to_be_visible()
    expect(page.get_by_text(re.compile("days? left of the 30"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the plan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Individual plan")
    expect(page.locator("#clock")).to_contain_text("left of the 30")
    expect(page.get_by_role("heading", name="Asystent osobisty")).to_be_visible()
    assert_accessible(page)
    plan = IndividualPlan.objects.get(person=person)

    page.get_by_role("link", name="Change the period, situation and consent").click()
    assert_accessible(page)
    page.get_by_label("The person's situation").fill("Mieszka sama, potrzebuje wsparcia.")
    fill_date(page, "The person agreed to the plan on", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The plan's details have been saved.")).to_be_visible()

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_role("button", name="Save").click()  # empty: the error summary says what
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "What should change: write what should change"
    )
    assert_accessible(page)
    page.get_by_label("What should change").fill("Samodzielne zakupy raz w tygodniu.")
    page.get_by_label("How we will know").fill("Robi zakupy sama przez miesiąc.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The goal has been saved.")).to_be_visible()

    page.get_by_role("link", name="Add a commitment of the person").click()
    page.get_by_label("The person undertakes to").fill("Przychodzić na zajęcia w poniedziałki.")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Add a review date").click()
    assert_accessible(page)
    fill_date(page, "Review on", today + dt.timedelta(days=45))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The review date has been saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Submit for approval").click()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("The plan has been submitted for approval.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.state == PlanState.AWAITING_APPROVAL

    sign_in(page, live_server, director)
    page.goto(f"{live_server.url}/pracownicy/plany/")
    assert_accessible(page)
    page.get_by_role("link", name=plan.reference).click()
    page.get_by_role("link", name="Approve the plan").click()
    expect(page.get_by_text(re.compile("Asystent osobisty: "))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve the plan").click()
    expect(page.get_by_text("The plan has been approved and is in force.")).to_be_visible()
    expect(page.locator("#clock")).to_contain_text("Submitted on time")
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE

    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/pracownicy/plany/{plan.uuid}/")
    page.get_by_role("link", name="Record the signature").click()
    assert_accessible(page)
    fill_date(page, "The person signed the plan on", today)
    page.get_by_role("button", name="Record the signature").click()
    expect(page.get_by_text("The signature has been recorded.")).to_be_visible()
    assert plan.versions.get().state == VersionState.APPROVED
    assert plan.versions.get().signed_on == today
    page.get_by_role("link", name="version 1").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 1")
    assert_accessible(page)

    # The coordinator records a review from the case page: notes, progress on the goal.
    page.goto(f"{live_server.url}/pracownicy/plany/{plan.uuid}/")
    expect(
        page.get_by_role("heading", name=re.compile("Delivery against the plan"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record a review").click()
    assert_accessible(page)
    page.get_by_label("Notes").fill("Pani korzysta z asystenta dwa razy w tygodniu.")
    page.get_by_role("group", name=re.compile("Progress on goal 1")).get_by_label(
        "Some progress"
    ).check()
    page.get_by_role("button", name=re.compile("Record the review|Save")).click()
    expect(page.get_by_text(re.compile("The review of .* has been recorded."))).to_be_visible()
    expect(page.get_by_text("Pani korzysta z asystenta dwa razy w tygodniu.")).to_be_visible()
    assert_accessible(page)

    # At the end: the summary interview and the description of the course and results.
    page.get_by_role("link", name="Summary interview and completion").click()
    assert_accessible(page)
    fill_date(page, "Summary interview held on", today)
    page.get_by_label("Course and results of the plan").fill(
        "Cel osiągnięty: zakupy robi sama. Dalsza koordynacja nie jest potrzebna."
    )
    page.get_by_role("button", name=re.compile("Complete the plan|Save")).click()
    expect(
        page.get_by_text(re.compile("is completed. It can no longer be changed."))
    ).to_be_visible()
    expect(page.get_by_text("Course and results of the plan")).to_be_visible()
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.state == PlanState.COMPLETED
    assert plan.summary_interview_on == today
