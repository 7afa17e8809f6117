"""The plan's case page joins the parts of the plan's life (issue 10, items 4, 5 and 7): what the
delivery ledger recorded against each planned service, with the services behind the plan
flagged in words; the reviews with their progress; the closing summary; and the way to the
review, summary, comparison and printed-plan pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.models import Period, Unit
from opencus.delivery.services import delivery_record
from opencus.plans.models import GoalProgressLevel, IndividualPlan, PlannedService
from opencus.plans.services import (
    part_save,
    plan_approve,
    plan_change_start,
    plan_complete,
    plan_submit,
    review_record,
)
from tests.personas import login
from tests.plans.factories import (
    director_make,
    draft_complete,
    organiser_make,
    plan_make,
    service_make,
)
from tests.providers.factories import ContractLineFactory

pytestmark = pytest.mark.django_db


def active_plan_started(days_ago: int) -> tuple[PlannedService, IndividualPlan]:
    """A plan with one service (4 visits a month from a contracted provider), approved
    ``days_ago`` days ago, with one visit recorded on its first day."""
    start = timezone.now() - dt.timedelta(days=days_ago)
    with time_machine.travel(start, tick=False):
        today = timezone.localdate()
        service = service_make(units=4, unit=Unit.VISIT)
        line = ContractLineFactory.create(
            service=service,
            unit=Unit.VISIT,
            contract__valid_from=today - dt.timedelta(days=10),
            contract__valid_to=today + dt.timedelta(days=400),
        )
        plan = plan_make(service)
        version = draft_complete(plan)
        planned = version.planned_services.get()
        part_save(
            version=version,
            model=PlannedService,
            instance=planned,
            acting_user=plan.coordinator,
            data={
                "provider": line.contract.provider,
                "units": 4,
                "unit": Unit.VISIT,
                "period": Period.MONTH,
            },
        )
        plan_submit(version=version, acting_user=plan.coordinator)
        plan_approve(version=version, acting_user=director_make())
        planned.refresh_from_db()
        assert planned.entitlement is not None
        delivery_record(
            entitlement=planned.entitlement,
            delivered_on=today,
            units=1,
            acting_user=organiser_make(),
        )
    plan.refresh_from_db()
    return planned, plan


def test_the_case_page_flags_a_service_behind_its_plan_in_words() -> None:
    planned, plan = active_plan_started(days_ago=75)
    response = login(plan.coordinator).get(reverse("plans:detail", args=[plan.uuid]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Delivery against the plan (version 1)" in text
    assert "1 × visit delivered since" in text
    # The last whole month had no visit of the four planned: said, not only coloured.
    assert "Behind the plan</strong> Behind the plan in " in text
    assert ": 0 of 4 × visit" in text


def test_a_plan_on_track_is_not_flagged() -> None:
    planned, plan = active_plan_started(days_ago=3)
    text = login(plan.coordinator).get(reverse("plans:detail", args=[plan.uuid])).content.decode()
    assert "Delivery against the plan" in text
    assert "Behind the plan" not in text


def test_the_case_page_leads_to_reviews_summary_comparison_and_the_printed_plan() -> None:
    planned, plan = active_plan_started(days_ago=3)
    client = login(plan.coordinator)
    text = client.get(reverse("plans:detail", args=[plan.uuid])).content.decode()
    assert reverse("plans:review_new", args=[plan.uuid]) in text
    assert reverse("plans:complete", args=[plan.uuid]) in text
    assert plan.current_version is not None
    assert reverse("plans:pdf", args=[plan.current_version.uuid]) in text
    # One version: nothing to compare yet.
    assert reverse("plans:compare", args=[plan.uuid]) not in text

    goal = plan.current_version.goals.get()  # the version in force, checked above
    review_record(
        plan=plan,
        acting_user=plan.coordinator,
        held_on=timezone.localdate(),
        notes="Wizyty odbywają się zgodnie z planem.",
        progress=[(goal, GoalProgressLevel.SOME, "Pierwsze zakupy samodzielnie.")],
    )
    plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Więcej wizyt.")
    text = client.get(reverse("plans:detail", args=[plan.uuid])).content.decode()
    assert "Wizyty odbywają się zgodnie z planem." in text
    assert "Some progress: Pierwsze zakupy samodzielnie." in text
    assert reverse("plans:compare", args=[plan.uuid]) in text
    # A change is being written: the plan cannot be completed before it is settled.
    assert reverse("plans:complete", args=[plan.uuid]) not in text


def test_a_completed_plan_shows_its_summary_and_offers_no_steps() -> None:
    planned, plan = active_plan_started(days_ago=3)
    plan_complete(
        plan=plan,
        acting_user=plan.coordinator,
        summary_interview_on=timezone.localdate(),
        summary="Cele osiągnięte, osoba korzysta z usług samodzielnie.",
    )
    text = login(plan.coordinator).get(reverse("plans:detail", args=[plan.uuid])).content.decode()
    assert "Course and results of the plan" in text
    assert "Cele osiągnięte, osoba korzysta z usług samodzielnie." in text
    assert reverse("plans:review_new", args=[plan.uuid]) not in text
    assert "What you can do" not in text
