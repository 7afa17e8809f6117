"""Who sees a plan and who may change it: the owner (the coordinator), a colleague coordinator
who is not named in it, an outsider with no part in plans, and the director and organisers
who see every plan. A plan someone may not see is a 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import User
from django.http import Http404
from django.utils import timezone, translation

from opencus.core.roles import Role
from opencus.intake.services import needs_assessment_record
from opencus.plans.models import IndividualPlan, ParticipantKind, PlanParticipant
from opencus.plans.selectors import (
    approval_authorisation,
    can_approve,
    can_write,
    coordinators,
    open_plan_for,
    open_version,
    plan_get,
    plans_for_assessment_missing,
    reviews_due,
    version_get,
    version_in_force,
)
from opencus.plans.services import part_save, plan_complete, plan_discontinue
from tests.personas import user_make
from tests.plans.factories import (
    assessment_make,
    coordinator_make,
    director_make,
    draft_of,
    organiser_authorised,
    organiser_make,
    plan_active,
    plan_make,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def visible(user: User) -> set[int]:
    return set(IndividualPlan.objects.visible_to(user).values_list("pk", flat=True))


def test_the_owner_sees_and_writes_the_plan_a_colleague_and_an_outsider_do_not():
    plan = plan_make()
    owner = plan.coordinator
    colleague = coordinator_make()
    outsiders = [
        user_make(),
        user_make(Role.SOCIAL_WORKER),
        user_make(Role.CLIENT_OFFICE),
        user_make(Role.PROVIDER_STAFF),
        user_make(Role.AUDITOR),
    ]
    colleagues_plan = plan_make(coordinator=colleague)

    assert visible(owner) == {plan.pk}
    assert plan_get(user=owner, uuid=plan.uuid) == plan
    assert can_write(owner, plan)

    assert visible(colleague) == {colleagues_plan.pk}
    with pytest.raises(Http404):
        plan_get(user=colleague, uuid=plan.uuid)
    assert not can_write(colleague, plan)

    for outsider in outsiders:
        assert visible(outsider) == set(), outsider.username
        with pytest.raises(Http404):
            plan_get(user=outsider, uuid=plan.uuid)
        assert not can_write(outsider, plan)


def test_the_director_and_organisers_see_every_plan_only_the_director_writes():
    plans = {plan_make().pk, plan_make().pk}
    director, organiser = director_make(), organiser_make()
    assert visible(director) == plans
    assert visible(organiser) == plans
    plan = IndividualPlan.objects.get(pk=min(plans))
    assert can_write(director, plan)
    assert not can_write(organiser, plan)


def test_a_colleague_named_among_the_responsible_staff_sees_the_plan_read_only():
    plan = plan_make()
    colleague = coordinator_make()
    part_save(
        version=draft_of(plan),
        model=PlanParticipant,
        acting_user=plan.coordinator,
        data={"kind": ParticipantKind.STAFF, "user": colleague, "role": "Zastępstwo"},
    )
    assert visible(colleague) == {plan.pk}
    assert plan_get(user=colleague, uuid=plan.uuid) == plan
    assert not can_write(colleague, plan)


def test_a_closed_plan_is_read_only_for_everyone():
    plan = plan_active()
    director = director_make()
    plan_complete(
        plan=plan,
        acting_user=plan.coordinator,
        summary_interview_on=today(),
        summary="Zakończony zgodnie z planem.",
    )
    plan.refresh_from_db()
    assert not can_write(plan.coordinator, plan)
    assert not can_write(director, plan)
    assert plan_get(user=plan.coordinator, uuid=plan.uuid) == plan


def test_a_malformed_or_unknown_id_is_a_404():
    plan = plan_make()
    with pytest.raises(Http404):
        plan_get(user=plan.coordinator, uuid="not-a-uuid")
    with pytest.raises(Http404):
        plan_get(user=plan.coordinator, uuid="00000000-0000-0000-0000-000000000000")
    with pytest.raises(Http404):
        version_get(user=coordinator_make(), plan=plan, number=1)
    assert version_get(user=plan.coordinator, plan=plan, number=1) == draft_of(plan)


def test_who_approves_on_a_day():
    director = director_make()
    organiser, authorisation = organiser_authorised(
        valid_from=today() - dt.timedelta(days=10), valid_until=today()
    )
    assert can_approve(director, today())
    assert approval_authorisation(director, today()) is None
    assert can_approve(organiser, today())
    assert approval_authorisation(organiser, today()) == authorisation
    assert not can_approve(organiser, today() + dt.timedelta(days=1))
    assert not can_approve(organiser_make(), today())
    assert not can_approve(coordinator_make(), today())


def test_assessments_waiting_for_a_plan():
    coordinator = coordinator_make()
    waiting = assessment_make(by=coordinator)
    planned = assessment_make(by=coordinator)
    plan_make(coordinator=coordinator, assessment=planned)
    assessment_make(by=coordinator, plan_needed=False)
    # A plan discontinued (the person moved away) answers the assessment it came from...
    with time_machine.travel(timezone.now() - dt.timedelta(days=5), tick=False):
        given_up = assessment_make(by=coordinator, filed_at=timezone.now())
        plan = plan_make(coordinator=coordinator, assessment=given_up)
        plan_discontinue(plan=plan, acting_user=coordinator, reason="Przeprowadzka")
    assert list(plans_for_assessment_missing(coordinator)) == [waiting]
    # ... but a new assessment after it ended asks for a plan again.
    again = needs_assessment_record(
        application=given_up.application,
        acting_user=coordinator,
        assessed_on=timezone.localdate(),
        place="home",
        plan_needed=True,
    )

    missing = list(plans_for_assessment_missing(coordinator))
    assert set(missing) == {waiting, again}
    assert list(plans_for_assessment_missing(user_make(Role.CLIENT_OFFICE))) == []


def test_open_version_version_in_force_and_reviews_due():
    plan = plan_active()
    assert open_version(plan) is None
    assert version_in_force(plan) == plan.current_version
    assert open_plan_for(plan.application) == plan
    assert [r.version_id for r in reviews_due(plan)] == [plan.current_version_id]
    assert coordinators().filter(pk=plan.coordinator_id).exists()
