"""The monitoring of a plan in a real browser: the coordinator sees the plan's clock on the
person card and her deadlines in "my work", records a review and the closing summary; the two
versions of a changed plan side by side; the director authorises an organiser and revokes the
authorisation. axe-core checks every page visited (WCAG 2.1 A/AA)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from opencus.plans.models import ApprovalAuthorisation, PlanGoal, PlanReview, PlanState
from opencus.plans.services import part_save, plan_change_start
from tests.browser.helpers import sign_in
from tests.personas import user_make
from tests.plans.factories import (
    coordinator_make,
    director_make,
    organiser_make,
    plan_active,
    today,
)
from tests.plans.monitoring_rows import plan_make

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: Any) -> None:
    page.locator(f'[name="{name}_day"]').fill(str(day.day))
    page.locator(f'[name="{name}_month"]').fill(str(day.month))
    page.locator(f'[name="{name}_year"]').fill(str(day.year))


def test_the_coordinator_reviews_and_completes_a_plan(live_server, page, assert_accessible):
    coordinator = coordinator_make()
    plan = plan_active(coordinator=coordinator)
    late = plan_make(coordinator, filed_days_ago=33)
    sign_in(page, live_server, coordinator, language=None)

    # The clock of the late draft on its person card, and the deadline in "my work".
    page.goto(f"{live_server.url}/pracownicy/osoby/{late.person.pk}/")
    expect(page.get_by_role("region", name=re.compile("Deadlines|Terminy"))).to_contain_text(
        late.reference
    )
    assert_accessible(page)
    page.goto(live_server.url + reverse("core:my_work"))
    expect(page.locator(".govuk-tag--red").first).to_be_visible()
    assert_accessible(page)

    # A review: the date, the planned review it answers, notes, progress on the goal.
    page.goto(f"{live_server.url}/pracownicy/plany/{plan.uuid}/przeglady/nowy/")
    assert_accessible(page)
    goal = PlanGoal.objects.get(version=plan.current_version)
    page.locator('[name="notes"]').fill("Pani Anna robi zakupy sama.")
    page.locator(f'input[name="goal_{goal.pk}_level"][value="mostly"]').check()
    page.locator("main form[method=post] button.govuk-button").click()
    page.wait_for_load_state()
    assert PlanReview.objects.filter(plan=plan).count() == 1

    # A refused summary shows its error summary, then the summary completes the plan.
    page.goto(f"{live_server.url}/pracownicy/plany/{plan.uuid}/zakonczenie/")
    assert_accessible(page)
    page.locator("main form[method=post] button.govuk-button").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "summary_interview_on", today())
    page.locator('[name="summary"]').fill("Cele osiągnięte, pani Anna radzi sobie sama.")
    page.locator("main form[method=post] button.govuk-button").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.state == PlanState.COMPLETED


def test_two_versions_side_by_side(live_server, page, assert_accessible):
    coordinator = coordinator_make()
    plan = plan_active(coordinator=coordinator)
    version = plan_change_start(plan=plan, acting_user=coordinator, reason="Nowe potrzeby")
    part_save(
        version=version,
        model=PlanGoal,
        instance=version.goals.get(),
        acting_user=coordinator,
        data={"description": "Samodzielne wyjścia na targ"},
    )
    sign_in(page, live_server, coordinator, language=None)
    page.goto(f"{live_server.url}/pracownicy/plany/{plan.uuid}/porownanie/?left=1&right=2")
    expect(page.get_by_role("rowheader", name="Samodzielne wyjścia na targ")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    assert_accessible(page)


def test_the_director_authorises_and_revokes(live_server, page, assert_accessible):
    director = director_make()
    organiser = organiser_make()
    organiser.first_name, organiser.last_name = "Olga", "Organizatorka"
    organiser.save()
    user_make()  # someone without a role is never offered
    sign_in(page, live_server, director, language=None)

    page.goto(f"{live_server.url}/pracownicy/plany/upowaznienia/")
    assert_accessible(page)
    page.locator('[name="user"]').select_option(str(organiser.pk))
    fill_date(page, "valid_from", today())
    fill_date(page, "valid_until", today() - dt.timedelta(days=1))
    page.locator("main form[method=post] button.govuk-button").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    assert not ApprovalAuthorisation.objects.exists()

    fill_date(page, "valid_until", today().replace(year=today().year + 1, day=1))
    page.locator('[name="document"]').fill("Zarządzenie 7/2027")
    page.locator("main form[method=post] button.govuk-button").click()
    expect(page.get_by_role("cell", name="Zarządzenie 7/2027")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Odwołaj|Revoke")).click()
    assert_accessible(page)
    page.locator('[name="reason"]').fill("Zmiana zakresu obowiązków")
    page.locator("main form[method=post] button.govuk-button").click()
    expect(page.get_by_text("Zmiana zakresu obowiązków")).to_be_visible()
    assert_accessible(page)
    assert ApprovalAuthorisation.objects.get().revoked_on == today()
