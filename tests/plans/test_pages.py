"""The staff pages of writing and moving an individual plan: the list, starting a plan from an
assessment, the case page with its 30-day clock, the draft's header and parts, and each step
(submit, return, approve, change, sign, reassign, discontinue). Every page answers the plan's
coordinator (the owner), a colleague coordinator (who does not see the plan: 404) and an
outsider (whose role has no plans: 403), for a GET and a POST; nothing reaches a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from opencus.core.dates import add_months
from opencus.core.models import AuditAction, AuditEvent
from opencus.intake.models import Entitlement
from opencus.plans import clocks
from opencus.plans.models import (
    IndividualPlan,
    PlanChange,
    PlanCommitment,
    PlanGoal,
    PlannedService,
    PlanParticipant,
    PlanReviewDate,
    PlanState,
    PlanTransition,
    PlanVersion,
    VersionState,
)
from tests.personas import login
from tests.plans.factories import (
    assessment_make,
    coordinator_make,
    director_make,
    draft_complete,
    draft_of,
    organiser_authorised,
    organiser_make,
    plan_active,
    plan_make,
    plan_submitted,
    today,
)
from tests.providers.factories import ContractLineFactory

pytestmark = pytest.mark.django_db


def day_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def page(response: Any) -> str:
    return response.content.decode()


def ago(days: int) -> dt.datetime:
    """``days`` days ago, at the same hour (never in the future)."""
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def owner_coordinator() -> User:
    return coordinator_make()


@pytest.fixture
def colleague_coordinator() -> User:
    return coordinator_make()


@pytest.fixture
def plan(owner_coordinator: User) -> IndividualPlan:
    return plan_make(coordinator=owner_coordinator)


# --- Who reaches what -------------------------------------------------------------------------


def _urls(plan: IndividualPlan) -> dict[str, tuple[str, int]]:
    """Each page of a draft plan and the status its coordinator gets for a GET."""
    version = draft_of(plan)
    goal = PlanGoal.objects.create(version=version, description="Zakupy", measure="Co tydzień")
    planned = version.planned_services.get()
    participant = version.participants.get()
    args = [plan.uuid]
    urls: dict[str, tuple[str, int]] = {
        "detail": (reverse("plans:detail", args=args), 200),
        "version": (reverse("plans:version", args=[version.uuid]), 200),
        "edit": (reverse("plans:edit", args=args), 200),
        "submit": (reverse("plans:submit", args=args), 200),
        # Returning and approving are the approver's: a coordinator's role has neither.
        "return": (reverse("plans:return", args=args), 403),
        "approve": (reverse("plans:approve", args=args), 403),
        "change_start": (reverse("plans:change_start", args=args), 200),
        "change_abandon": (reverse("plans:change_abandon", args=args), 200),
        "sign": (reverse("plans:sign", args=args), 200),
        "reassign": (reverse("plans:reassign", args=args), 403),
        "discontinue": (reverse("plans:discontinue", args=args), 200),
        "goal_edit": (reverse("plans:part_edit", args=[plan.uuid, "cele", goal.pk]), 200),
        "goal_remove": (reverse("plans:part_remove", args=[plan.uuid, "cele", goal.pk]), 200),
        "service_edit": (reverse("plans:part_edit", args=[plan.uuid, "uslugi", planned.pk]), 200),
        "participant_remove": (
            reverse("plans:part_remove", args=[plan.uuid, "osoby", participant.pk]),
            200,
        ),
    }
    for kind in ("cele", "uslugi", "zobowiazania", "osoby", "terminy-przegladow"):
        urls[f"add {kind}"] = (reverse("plans:part_add", args=[plan.uuid, kind]), 200)
    return urls


def test_every_plan_page_answers_the_owner_and_refuses_the_colleague_and_the_outsider(
    plan: IndividualPlan, owner_coordinator: User, colleague_coordinator: User, outsider: User
) -> None:
    owner, colleague, stranger = (
        login(owner_coordinator),
        login(colleague_coordinator),
        login(outsider),
    )
    wrong = {}
    for name, (url, status) in _urls(plan).items():
        got = (
            owner.get(url).status_code,
            colleague.get(url).status_code,
            stranger.get(url).status_code,
        )
        if got != (status, 404 if status == 200 else 403, 403):
            wrong[name] = got
    assert not wrong, wrong


def test_a_post_by_the_colleague_or_the_outsider_changes_nothing(
    plan: IndividualPlan, colleague_coordinator: User, outsider: User
) -> None:
    urls = _urls(plan)
    steps = PlanTransition.objects.count()
    goals = PlanGoal.objects.count()
    data = {"reason": "Bo tak", "description": "Cel", "measure": "Miara", "text": "Zobowiązanie"}
    colleague, stranger = login(colleague_coordinator), login(outsider)
    for name, (url, status) in urls.items():
        # The colleague's role lacks the approver's steps (403) and does not see the plan (404).
        assert colleague.post(url, data).status_code == (404 if status == 200 else 403), name
        assert stranger.post(url, data).status_code == 403, name
    assert PlanTransition.objects.count() == steps
    assert PlanGoal.objects.count() == goals
    assert IndividualPlan.objects.get(pk=plan.pk).state == PlanState.DRAFT


def test_an_unknown_kind_of_part_or_part_is_a_404(plan: IndividualPlan, owner_coordinator):
    client = login(owner_coordinator)
    assert client.get(reverse("plans:part_add", args=[plan.uuid, "nic"])).status_code == 404
    assert (
        client.get(reverse("plans:part_edit", args=[plan.uuid, "cele", 999999])).status_code == 404
    )
    other = plan_make()
    goal = PlanGoal.objects.create(version=draft_of(other), description="x", measure="y")
    # A part of another plan is not reached through this plan.
    url = reverse("plans:part_edit", args=[plan.uuid, "cele", goal.pk])
    assert client.get(url).status_code == 404


def test_the_director_and_the_organiser_see_every_plan(plan: IndividualPlan) -> None:
    for user in (director_make(), organiser_make()):
        assert login(user).get(reverse("plans:detail", args=[plan.uuid])).status_code == 200


def test_a_colleague_named_in_the_plan_reads_it_but_may_not_change_it(
    plan: IndividualPlan, owner_coordinator: User, colleague_coordinator: User
) -> None:
    PlanParticipant.objects.create(
        version=draft_of(plan), kind="staff", user=colleague_coordinator, role="zastępstwo"
    )
    client = login(colleague_coordinator)
    detail = client.get(reverse("plans:detail", args=[plan.uuid]))
    assert detail.status_code == 200
    assert reverse("plans:edit", args=[plan.uuid]) not in page(detail)
    refused = client.get(reverse("plans:edit", args=[plan.uuid]))
    assert refused.status_code == 403
    assert "or the director may change this plan" in page(refused)
    posted = client.post(reverse("plans:discontinue", args=[plan.uuid]), {"reason": "x"})
    assert posted.status_code == 403
    assert IndividualPlan.objects.get(pk=plan.pk).state == PlanState.DRAFT


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_the_coordinators_plans_with_the_days_left_in_words(
    owner_coordinator: User, colleague_coordinator: User
) -> None:
    mine = plan_make(coordinator=owner_coordinator, filed_at=ago(10))
    overdue = plan_make(coordinator=owner_coordinator, filed_at=ago(33))
    theirs = plan_make(coordinator=colleague_coordinator)
    response = login(owner_coordinator).get(reverse("plans:list"))
    text = page(response)
    assert response.status_code == 200
    assert mine.reference in text and overdue.reference in text
    assert theirs.reference not in text
    assert mine.person.full_name in text
    assert "20 days left of the 30" in text
    assert "Overdue by 3 days" in text
    # Soonest due first: the overdue plan leads.
    assert text.index(overdue.reference) < text.index(mine.reference)


def test_the_list_filters_by_state_mine_and_late(owner_coordinator: User) -> None:
    director = director_make()
    draft = plan_make(coordinator=owner_coordinator)
    late = plan_submitted(coordinator=owner_coordinator, filed_at=ago(40), delay_reason="Choroba")
    other = plan_make()
    client = login(director)
    everything = page(client.get(reverse("plans:list")))
    assert all(p.reference in everything for p in (draft, late, other))
    drafts = page(client.get(reverse("plans:list"), {"state": "draft"}))
    assert draft.reference in drafts and late.reference not in drafts
    late_only = page(client.get(reverse("plans:list"), {"late": "on"}))
    assert late.reference in late_only and draft.reference not in late_only
    assert "Submitted late" in late_only
    mine = page(login(owner_coordinator).get(reverse("plans:list"), {"mine": "on"}))
    assert draft.reference in mine and other.reference not in mine
    bad = client.get(reverse("plans:list"), {"state": "nonsense"})
    assert bad.status_code == 400
    assert "Correct the filter" in page(bad)


def test_the_list_counts_late_plans_this_year_and_last_year(owner_coordinator: User) -> None:
    plan_submitted(coordinator=owner_coordinator, filed_at=ago(45), delay_reason="Urlop")
    earlier = plan_submitted(coordinator=owner_coordinator, filed_at=ago(50), delay_reason="Brak")
    plan_submitted(coordinator=owner_coordinator)  # on time: not counted
    this_year = today().year
    # The second late plan was submitted in the middle of last year.
    IndividualPlan.objects.filter(pk=earlier.pk).update(
        first_submitted_at=dt.datetime(this_year - 1, 7, 1, 12, tzinfo=clocks.WARSAW)
    )
    text = page(login(director_make()).get(reverse("plans:list")))
    for year in (this_year, this_year - 1):
        row = text.split(f"Late plans in {year}")[1].split("</dd>")[0]
        assert row.endswith(">1"), row


def test_the_list_is_paginated(owner_coordinator: User, settings: Any) -> None:
    settings.OPENCUS_PAGE_SIZE = 2
    for _ in range(3):
        plan_make(coordinator=owner_coordinator)
    client = login(owner_coordinator)
    first = page(client.get(reverse("plans:list"), {"mine": "on"}))
    assert "mine=on&amp;page=2" in first
    second = client.get(reverse("plans:list"), {"mine": "on", "page": "2"})
    assert second.status_code == 200
    assert page(second).count('href="/pracownicy/plany/') >= 1


def test_the_list_keeps_to_a_query_budget(
    owner_coordinator: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(4):
        plan_make(coordinator=owner_coordinator)
    client = login(owner_coordinator)
    client.get(reverse("plans:list"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("plans:list")).status_code == 200


# --- Starting a plan --------------------------------------------------------------------------


def test_the_coordinator_starts_the_plan_from_the_assessment(owner_coordinator: User) -> None:
    assessment = assessment_make(by=owner_coordinator, filed_at=ago(5))
    client = login(owner_coordinator)
    url = reverse("plans:create", args=[assessment.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert assessment.application.person.full_name in page(confirm)
    assert "25 days left of the 30" in page(confirm)
    response = client.post(url)
    plan = IndividualPlan.objects.get(application=assessment.application)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.uuid])
    assert plan.coordinator == owner_coordinator
    again = client.post(url)
    assert again.status_code == 400
    assert "already has the plan" in page(again)
    assert IndividualPlan.objects.count() == 1


def test_no_plan_is_started_from_an_assessment_that_did_not_ask_for_one(owner_coordinator):
    assessment = assessment_make(by=owner_coordinator, plan_needed=False)
    client = login(owner_coordinator)
    url = reverse("plans:create", args=[assessment.pk])
    confirm = client.get(url)
    assert "did not find that an individual plan is needed" in page(confirm)
    assert 'type="submit"' not in page(confirm).split("<main")[1]
    refused = client.post(url)
    assert refused.status_code == 400
    assert "did not find that an individual plan is needed" in page(refused)
    assert not IndividualPlan.objects.exists()


def test_starting_a_plan_is_refused_to_the_outsider_and_an_unknown_assessment_is_a_404(
    owner_coordinator: User, outsider: User
) -> None:
    assessment = assessment_make(by=owner_coordinator)
    url = reverse("plans:create", args=[assessment.pk])
    assert login(outsider).get(url).status_code == 403
    assert login(outsider).post(url).status_code == 403
    assert login(owner_coordinator).get(reverse("plans:create", args=[999999])).status_code == 404
    assert not IndividualPlan.objects.exists()


def test_a_colleague_is_told_whose_plan_the_application_already_has(
    plan: IndividualPlan, colleague_coordinator: User
) -> None:
    url = reverse("plans:create", args=[plan.assessment_id])
    text = page(login(colleague_coordinator).get(url))
    assert plan.reference in text
    assert reverse("plans:detail", args=[plan.uuid]) not in text  # not theirs to open


# --- The case page ----------------------------------------------------------------------------


def test_the_case_page_shows_the_plan_and_audits_the_reading(
    plan: IndividualPlan, owner_coordinator: User
) -> None:
    response = login(owner_coordinator).get(reverse("plans:detail", args=[plan.uuid]))
    text = page(response)
    assert plan.reference in text and plan.person.full_name in text
    assert "days left of the 30" in text
    assert "Goals" in text and "Planned services" in text and "History" in text
    assert "Plan drafted" in text
    assert plan.assessment is not None
    service = plan.assessment.fitting_services.get()
    assert service.name in text
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, object_id=str(plan.pk), actor=owner_coordinator
    ).exists()
    assert reverse("plans:submit", args=[plan.uuid]) in text
    assert reverse("plans:approve", args=[plan.uuid]) not in text


def test_the_clock_says_when_a_late_plan_was_submitted_and_why(owner_coordinator):
    plan = plan_submitted(
        coordinator=owner_coordinator, filed_at=ago(35), delay_reason="Osoba była w szpitalu."
    )
    text = page(login(owner_coordinator).get(reverse("plans:detail", args=[plan.uuid])))
    assert "Submitted late, on day 35" in text
    assert "Osoba była w szpitalu." in text


def test_the_clock_says_a_plan_submitted_in_time_on_which_day(owner_coordinator):
    plan = plan_submitted(coordinator=owner_coordinator, filed_at=ago(12))
    text = page(login(owner_coordinator).get(reverse("plans:detail", args=[plan.uuid])))
    assert "Submitted on time, on day 12 of 30" in text


def test_the_case_page_keeps_to_a_query_budget(
    owner_coordinator: User, django_assert_max_num_queries: Any
) -> None:
    plan = plan_active(coordinator=owner_coordinator)
    client = login(owner_coordinator)
    client.get(reverse("plans:detail", args=[plan.uuid]))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("plans:detail", args=[plan.uuid])).status_code == 200
    assert plan.current_version is not None
    with django_assert_max_num_queries(16):
        url = reverse("plans:version", args=[plan.current_version.uuid])
        assert client.get(url).status_code == 200


# --- Editing the draft ------------------------------------------------------------------------


def test_the_coordinator_sets_the_period_situation_and_consent(plan, owner_coordinator):
    client = login(owner_coordinator)
    start = today()
    end = add_months(start, 4) - dt.timedelta(days=1)
    data = {
        **day_fields("starts_on", start),
        **day_fields("ends_on", end),
        "situation": "Mieszka sama.",
        **day_fields("consent_given_on", start),
        "consent_note": "ustnie",
    }
    response = client.post(reverse("plans:edit", args=[plan.uuid]), data)
    assert response.status_code == 302
    version = draft_of(plan)
    assert (version.starts_on, version.ends_on, version.situation) == (start, end, "Mieszka sama.")
    assert version.consent_given_on == start


def test_a_period_ending_before_it_starts_is_refused_on_the_form(plan, owner_coordinator):
    client = login(owner_coordinator)
    before = draft_of(plan).ends_on
    data = {**day_fields("starts_on", today()), **day_fields("ends_on", today() - dt.timedelta(1))}
    response = client.post(reverse("plans:edit", args=[plan.uuid]), data)
    assert response.status_code == 400
    assert "cannot come before its start" in page(response)
    assert "govuk-error-summary" in page(response)
    assert draft_of(plan).ends_on == before


def test_goals_are_added_changed_and_removed(plan, owner_coordinator):
    client = login(owner_coordinator)
    add = reverse("plans:part_add", args=[plan.uuid, "cele"])
    empty = client.post(add, {})
    assert empty.status_code == 400
    assert "Write what should change" in page(empty)
    response = client.post(add, {"description": "Samodzielne zakupy", "measure": "Co tydzień"})
    assert response.status_code == 302
    assert response["Location"].endswith("#goals")
    goal = draft_of(plan).goals.get()
    edit = reverse("plans:part_edit", args=[plan.uuid, "cele", goal.pk])
    assert "Samodzielne zakupy" in page(client.get(edit))
    client.post(edit, {"description": "Zakupy z pomocą", "measure": "Co tydzień"})
    goal.refresh_from_db()
    assert goal.description == "Zakupy z pomocą"
    remove = reverse("plans:part_remove", args=[plan.uuid, "cele", goal.pk])
    assert "Zakupy z pomocą" in page(client.get(remove))
    assert client.post(remove).status_code == 302
    assert not draft_of(plan).goals.exists()


def test_a_planned_service_is_changed_with_its_provider(plan, owner_coordinator):
    client = login(owner_coordinator)
    planned = draft_of(plan).planned_services.get()
    line = ContractLineFactory.create(
        service=planned.service,
        contract__valid_from=today() - dt.timedelta(days=30),
        contract__valid_to=today() + dt.timedelta(days=365),
        valid_from=today() - dt.timedelta(days=30),
        valid_to=today() + dt.timedelta(days=365),
    )
    url = reverse("plans:part_edit", args=[plan.uuid, "uslugi", planned.pk])
    form = page(client.get(url))
    assert line.contract.provider.name in form
    data = {
        "service": planned.service.pk,
        "provider": line.contract.provider.pk,
        "scope": "Pomoc w zakupach",
        "units": "2",
        "unit": "visit",
        "period": "week",
        **day_fields("starts_on", today()),
        **day_fields("ends_on", today() + dt.timedelta(days=60)),
    }
    response = client.post(url, data)
    assert response.status_code == 302, page(response)
    planned.refresh_from_db()
    assert planned.provider == line.contract.provider
    assert planned.units == 2 and planned.period == "week"
    assert PlannedService.objects.filter(version__plan=plan).count() == 1


def test_a_staff_participant_needs_the_staff_member(plan, owner_coordinator, colleague_coordinator):
    client = login(owner_coordinator)
    url = reverse("plans:part_add", args=[plan.uuid, "osoby"])
    missing = client.post(url, {"kind": "staff", "role": "zastępca"})
    assert missing.status_code == 400
    assert "Choose the staff member" in page(missing)
    added = client.post(
        url, {"kind": "staff", "user": colleague_coordinator.pk, "role": "zastępca"}
    )
    assert added.status_code == 302
    family = client.post(url, {"kind": "family", "name": "Jan Nowak", "role": "syn"})
    assert family.status_code == 302
    assert draft_of(plan).participants.count() == 3  # the coordinator was named on creation


def test_commitments_and_review_dates_are_added(plan, owner_coordinator):
    client = login(owner_coordinator)
    client.post(
        reverse("plans:part_add", args=[plan.uuid, "zobowiazania"]),
        {"text": "Przychodzi na zajęcia"},
    )
    assert PlanCommitment.objects.filter(version__plan=plan).count() == 1
    start = draft_of(plan).starts_on
    assert start is not None
    url = reverse("plans:part_add", args=[plan.uuid, "terminy-przegladow"])
    response = client.post(url, day_fields("due_on", start + dt.timedelta(days=30)))
    assert response.status_code == 302
    assert PlanReviewDate.objects.filter(version__plan=plan).count() == 1


def test_a_review_date_before_the_plan_starts_is_refused_with_the_rule(plan, owner_coordinator):
    client = login(owner_coordinator)
    start = draft_of(plan).starts_on
    assert start is not None
    url = reverse("plans:part_add", args=[plan.uuid, "terminy-przegladow"])
    response = client.post(url, day_fields("due_on", start - dt.timedelta(days=1)))
    assert response.status_code == 400
    assert "govuk-error-summary" in page(response)
    assert not PlanReviewDate.objects.filter(version__plan=plan).exists()


def test_a_submitted_plan_is_not_edited(owner_coordinator):
    plan = plan_submitted(coordinator=owner_coordinator)
    client = login(owner_coordinator)
    response = client.get(reverse("plans:edit", args=[plan.uuid]))
    assert response.status_code == 403
    assert "waiting for approval" in page(response)
    posted = client.post(
        reverse("plans:part_add", args=[plan.uuid, "cele"]), {"description": "x", "measure": "y"}
    )
    assert posted.status_code == 403
    assert not PlanGoal.objects.filter(version__plan=plan, description="x").exists()


# --- The steps --------------------------------------------------------------------------------


def test_an_incomplete_plan_is_not_submitted_and_the_form_says_why(plan, owner_coordinator):
    client = login(owner_coordinator)
    response = client.post(reverse("plans:submit", args=[plan.uuid]))
    assert response.status_code == 400
    assert "govuk-error-summary" in page(response)
    assert draft_of(plan).state == VersionState.DRAFT


def test_the_coordinator_submits_a_complete_plan(plan, owner_coordinator):
    draft_complete(plan)
    client = login(owner_coordinator)
    confirm = client.get(reverse("plans:submit", args=[plan.uuid]))
    assert "delay_reason" not in page(confirm)
    response = client.post(reverse("plans:submit", args=[plan.uuid]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.AWAITING_APPROVAL and not plan.submitted_late


def test_a_late_plan_asks_for_the_reason_for_the_delay(owner_coordinator):
    plan = plan_make(coordinator=owner_coordinator, filed_at=ago(31))
    draft_complete(plan)
    client = login(owner_coordinator)
    url = reverse("plans:submit", args=[plan.uuid])
    assert "Why is the plan late?" in page(client.get(url))
    refused = client.post(url, {"delay_reason": " "})
    assert refused.status_code == 400
    # The rule and the dates: due by the 30th day, submitted on the 31st.
    assert "30 days from the application" in page(refused)
    assert "is day 31" in page(refused)
    assert IndividualPlan.objects.get(pk=plan.pk).state == PlanState.DRAFT
    done = client.post(url, {"delay_reason": "Osoba była w szpitalu."})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.submitted_late and plan.delay_reason == "Osoba była w szpitalu."


def test_the_director_returns_the_plan_with_the_reason(owner_coordinator):
    plan = plan_submitted(coordinator=owner_coordinator)
    client = login(director_make())
    url = reverse("plans:return", args=[plan.uuid])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Brak celu dotyczącego zdrowia."}).status_code == 302
    assert draft_of(plan).state == VersionState.DRAFT
    step = PlanTransition.objects.filter(plan=plan, change=PlanChange.RETURNED).get()
    assert step.note == "Brak celu dotyczącego zdrowia."


def test_the_approval_page_says_what_happens_to_the_entitlements_and_approves(owner_coordinator):
    plan = plan_submitted(coordinator=owner_coordinator)
    service = draft_of(plan).planned_services.get().service
    client = login(director_make())
    url = reverse("plans:approve", args=[plan.uuid])
    confirm = page(client.get(url))
    assert f"{service.name}: the person&#x27;s request waiting in the queue is qualified" in confirm
    assert client.post(url).status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE
    assert Entitlement.objects.filter(person=plan.person, service=service).exists()
    detail = page(client.get(reverse("plans:detail", args=[plan.uuid])))
    assert "Entitlement" in detail


def test_an_organiser_without_an_authorisation_is_told_and_cannot_approve(owner_coordinator):
    plan = plan_submitted(coordinator=owner_coordinator)
    client = login(organiser_make())
    url = reverse("plans:approve", args=[plan.uuid])
    response = client.get(url)
    assert response.status_code == 200
    assert "no authorisation in force today" in page(response)
    assert "Approve the plan</button>" not in page(response)
    client.post(url)
    assert IndividualPlan.objects.get(pk=plan.pk).state == PlanState.AWAITING_APPROVAL


def test_an_authorised_organiser_approves(owner_coordinator):
    plan = plan_submitted(coordinator=owner_coordinator)
    organiser, _authorisation = organiser_authorised()
    response = login(organiser).post(reverse("plans:approve", args=[plan.uuid]))
    assert response.status_code == 302
    assert IndividualPlan.objects.get(pk=plan.pk).state == PlanState.ACTIVE


def test_a_change_makes_a_new_version_and_the_old_one_stays_readable(owner_coordinator):
    plan = plan_active(coordinator=owner_coordinator)
    first = plan.current_version
    assert first is not None
    client = login(owner_coordinator)
    url = reverse("plans:change_start", args=[plan.uuid])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Więcej wizyt"}).status_code == 302
    second = PlanVersion.objects.get(plan=plan, number=2)
    assert second.state == VersionState.DRAFT
    detail = page(client.get(reverse("plans:detail", args=[plan.uuid])))
    assert "Version 2" in detail and "stays in force" in detail
    old = client.get(reverse("plans:version", args=[first.uuid]))
    assert old.status_code == 200 and "Version 1" in page(old)
    abandon = reverse("plans:change_abandon", args=[plan.uuid])
    assert client.post(abandon, {"reason": "Jednak nie"}).status_code == 302
    second.refresh_from_db()
    assert second.state == VersionState.ABANDONED
    assert IndividualPlan.objects.get(pk=plan.pk).current_version == first


def test_a_change_cannot_be_started_on_a_draft_plan(plan, owner_coordinator):
    client = login(owner_coordinator)
    response = client.get(reverse("plans:change_start", args=[plan.uuid]))
    assert "Only an active plan is changed" in page(response)
    client.post(reverse("plans:change_start", args=[plan.uuid]), {"reason": "x"})
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_the_signature_date_is_recorded(owner_coordinator):
    plan = plan_active(coordinator=owner_coordinator)
    client = login(owner_coordinator)
    url = reverse("plans:sign", args=[plan.uuid])
    future = client.post(url, day_fields("signed_on", today() + dt.timedelta(days=2)))
    assert future.status_code == 400
    assert client.post(url, day_fields("signed_on", today())).status_code == 302
    assert plan.current_version is not None
    plan.current_version.refresh_from_db()
    assert plan.current_version.signed_on == today()


def test_the_organiser_hands_the_plan_over(plan, owner_coordinator, colleague_coordinator):
    client = login(organiser_make())
    url = reverse("plans:reassign", args=[plan.uuid])
    assert colleague_coordinator.username in page(client.get(url))
    response = client.post(url, {"coordinator": colleague_coordinator.pk, "reason": "Urlop"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.coordinator == colleague_coordinator
    # The former coordinator no longer sees the plan unless named in it.
    detail = login(owner_coordinator).get(reverse("plans:detail", args=[plan.uuid]))
    assert detail.status_code in (200, 404)


def test_the_coordinator_discontinues_the_plan_and_it_is_read_only(plan, owner_coordinator):
    client = login(owner_coordinator)
    url = reverse("plans:discontinue", args=[plan.uuid])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Osoba wyprowadziła się."}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.DISCONTINUED
    detail = page(client.get(reverse("plans:detail", args=[plan.uuid])))
    assert "Osoba wyprowadziła się." in detail
    assert reverse("plans:edit", args=[plan.uuid]) not in detail
    edit = client.get(reverse("plans:edit", args=[plan.uuid]))
    assert edit.status_code == 403
    assert "can no longer be changed" in page(edit)


def test_the_menu_has_individual_plans_for_coordinators(owner_coordinator, outsider):
    assert reverse("plans:list") in page(login(owner_coordinator).get(reverse("core:dashboard")))
    assert reverse("plans:list") not in page(login(outsider).get(reverse("core:dashboard")))


def test_a_malformed_or_foreign_version_is_a_404(plan, colleague_coordinator, owner_coordinator):
    version = draft_of(plan)
    assert (
        login(colleague_coordinator).get(reverse("plans:version", args=[version.uuid])).status_code
        == 404
    )
    assert login(owner_coordinator).get("/pracownicy/plany/wersje/nie-uuid/").status_code == 404
