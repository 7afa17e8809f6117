"""The plan's lifecycle through its services: creating it from an assessment, editing a draft,
submitting, returning and approving, changing an active plan in a new version, signing,
reviews, the end, handing over, and the director's authorisations. Each refusal changes
nothing and says which rule and which dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from opencus.catalog.models import Period, Unit
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.plans import clocks
from opencus.plans.errors import PlanError, PlanRuleError, PlanStateError
from opencus.plans.models import (
    GoalProgress,
    GoalProgressLevel,
    IndividualPlan,
    ParticipantKind,
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
from opencus.plans.services import (
    authorisation_grant,
    authorisation_revoke,
    part_remove,
    part_save,
    plan_approve,
    plan_change_abandon,
    plan_change_start,
    plan_complete,
    plan_create,
    plan_discontinue,
    plan_reassign,
    plan_return,
    plan_sign,
    plan_submit,
    review_record,
    version_update,
)
from opencus.plans.versions import version_content
from tests.catalog.factories import ProgrammeFactory
from tests.personas import user_make
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
    service_make,
    today,
)
from tests.providers.factories import ContractLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def transitions(plan: IndividualPlan) -> list[tuple[str, str, str]]:
    return list(
        PlanTransition.objects.filter(plan=plan)
        .order_by("id")
        .values_list("change", "from_state", "to_state")
    )


def in_force(plan: IndividualPlan) -> PlanVersion:
    return PlanVersion.objects.get(plan=plan, state=VersionState.APPROVED)


def progress_all(plan: IndividualPlan, level: str = GoalProgressLevel.SOME) -> list:
    version = in_force(plan)
    return [(goal, level, "") for goal in version.goals.all()]


# --- Creating ---------------------------------------------------------------------------------


def test_a_plan_is_created_from_an_assessment_with_its_services_and_coordinator():
    limited = service_make(units=3, unit=Unit.HOUR)
    unlimited = service_make(units=0, name="Aaa klub seniora")
    coordinator = coordinator_make()
    assessment = assessment_make(limited, unlimited, by=coordinator)

    plan = plan_create(assessment=assessment, acting_user=coordinator)

    year = clocks.warsaw_today().year
    assert plan.reference == f"IPUS/{year}/{plan.pk:06d}"
    assert plan.state == PlanState.DRAFT
    assert plan.coordinator == coordinator
    assert plan.person == assessment.application.person
    assert plan.due_on == clocks.plan_due_on(assessment.application.filed_at)
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.state) == (1, VersionState.DRAFT)
    assert version.starts_on == today()
    assert version.ends_on == clocks.shortest_end(today())
    planned = list(version.planned_services.order_by("position"))
    assert [p.service for p in planned] == [unlimited, limited]  # by name
    assert (planned[0].units, planned[0].unit, planned[0].period) == (
        Decimal(1),
        Unit.SESSION,
        Period.MONTH,
    )
    assert (planned[1].units, planned[1].unit, planned[1].period) == (
        Decimal(3),
        Unit.HOUR,
        Period.MONTH,
    )
    assert all(p.starts_on == today() for p in planned)
    assert all(p.ends_on == clocks.shortest_end(today()) for p in planned)
    staff = version.participants.get()
    assert (staff.kind, staff.user) == (ParticipantKind.STAFF, coordinator)
    assert transitions(plan) == [(PlanChange.CREATED, "", PlanState.DRAFT)]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_repr=plan.reference).exists()


def test_planned_services_end_with_their_programme():
    programme = ProgrammeFactory.create(valid_from=today() - days(100), valid_to=today() + days(20))
    service = service_make(programme=programme)
    plan = plan_make(service)
    planned = draft_of(plan).planned_services.get()
    assert planned.ends_on == today() + days(20)


def test_the_unit_of_a_service_without_limits_comes_from_its_contract():
    service = service_make(units=0)
    ContractLineFactory.create(service=service, unit=Unit.RIDE)
    planned = draft_of(plan_make(service)).planned_services.get()
    assert (planned.units, planned.unit) == (1, Unit.RIDE)


def test_a_plan_needs_an_assessment_that_asked_for_one():
    coordinator = coordinator_make()
    assessment = assessment_make(by=coordinator, plan_needed=False)
    with pytest.raises(PlanRuleError) as refusal:
        plan_create(assessment=assessment, acting_user=coordinator)
    assert refusal.value.code == "plan_not_needed"
    assert not IndividualPlan.objects.exists()


def test_one_open_plan_per_application():
    coordinator = coordinator_make()
    assessment = assessment_make(by=coordinator)
    plan = plan_make(coordinator=coordinator, assessment=assessment)
    with pytest.raises(PlanStateError) as refusal:
        plan_create(assessment=assessment, acting_user=coordinator)
    assert refusal.value.code == "plan_exists"
    assert plan.reference in refusal.value.text
    assert IndividualPlan.objects.count() == 1
    # Once discontinued, a new plan may be written for the same application.
    plan_discontinue(plan=plan, acting_user=plan.coordinator, reason="Moved away, came back.")
    again = plan_create(assessment=assessment, acting_user=coordinator)
    assert again.reference != plan.reference


def test_only_plan_writers_create_plans_and_coordinators_coordinate():
    assessment = assessment_make()
    with pytest.raises(PlanError) as refusal:
        plan_create(assessment=assessment, acting_user=organiser_make())
    assert refusal.value.code == "not_allowed"
    director = director_make()
    with pytest.raises(PlanRuleError) as refusal:
        plan_create(
            assessment=assessment, acting_user=director, coordinator=user_make(Role.SOCIAL_WORKER)
        )
    assert refusal.value.code == "coordinator"
    chosen = coordinator_make()
    plan = plan_create(assessment=assessment, acting_user=director, coordinator=chosen)
    assert plan.coordinator == chosen
    assert plan.created_by == director


# --- Editing a draft --------------------------------------------------------------------------


def test_the_header_of_a_draft_is_changed_and_audited_without_its_text():
    plan = plan_make()
    version = version_update(
        version=draft_of(plan),
        acting_user=plan.coordinator,
        situation="  Cierpi na depresję.  ",
        consent_given_on=today(),
    )
    assert version.situation == "Cierpi na depresję."
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_repr=str(version)).latest(
        "id"
    )
    assert "depresj" not in str(event.changes)
    assert event.changes["consent_given_on"] == [None, str(today())]
    assert event.changes["fields"] == ["situation"]


def test_header_dates_in_the_wrong_order_or_consent_in_the_future_are_refused():
    plan = plan_make()
    with pytest.raises(PlanRuleError) as refusal:
        version_update(
            version=draft_of(plan),
            acting_user=plan.coordinator,
            starts_on=dt.date(2027, 5, 1),
            ends_on=dt.date(2027, 4, 30),
        )
    assert refusal.value.code == "period_order"
    assert "30.04.2027" in refusal.value.text and "01.05.2027" in refusal.value.text
    with pytest.raises(PlanRuleError) as refusal:
        version_update(
            version=draft_of(plan), acting_user=plan.coordinator, consent_given_on=today() + days(1)
        )
    assert refusal.value.code == "future"
    assert draft_of(plan).consent_given_on is None


def test_parts_are_added_changed_and_removed_in_a_draft():
    plan = plan_make()
    version = draft_of(plan)
    coordinator = plan.coordinator
    goal = part_save(
        version=version,
        model=PlanGoal,
        acting_user=coordinator,
        data={"description": "Wychodzi z domu", "measure": "Raz w tygodniu"},
    )
    commitment = part_save(
        version=version,
        model=PlanCommitment,
        acting_user=coordinator,
        data={"text": "Przyjmuje leki"},
    )
    family = part_save(
        version=version,
        model=PlanParticipant,
        acting_user=coordinator,
        data={"kind": ParticipantKind.FAMILY, "name": "Córka Ewa", "role": "Zakupy"},
    )
    assert (goal.position, commitment.position, family.position) == (1, 1, 2)
    goal = part_save(
        version=version,
        model=PlanGoal,
        instance=goal,
        acting_user=coordinator,
        data={"measure": "Dwa razy w tygodniu"},
    )
    assert PlanGoal.objects.get(pk=goal.pk).measure == "Dwa razy w tygodniu"
    part_remove(part=commitment, acting_user=coordinator)
    assert not PlanCommitment.objects.exists()
    deleted = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert deleted.object_repr == f"commitment {commitment.key} ({version})"
    assert deleted.content_type == ContentType.objects.get_for_model(PlanCommitment)
    assert "leki" not in str(deleted.changes) + deleted.object_repr
    # No part's words reach the audit log.
    logged = " ".join(f"{event.object_repr} {event.changes}" for event in AuditEvent.objects.all())
    assert "Wychodzi" not in logged and "Córka" not in logged and "tygodniu" not in logged


def test_a_planned_service_runs_within_the_period_with_a_contracted_provider():
    plan = plan_make()
    version = draft_of(plan)
    planned = version.planned_services.get()
    assert version.starts_on is not None and version.ends_on is not None
    with pytest.raises(PlanRuleError) as refusal:
        part_save(
            version=version,
            model=PlannedService,
            instance=planned,
            acting_user=plan.coordinator,
            data={"ends_on": version.ends_on + days(1)},
        )
    assert refusal.value.code == "service_dates"
    assert "ends_on" in refusal.value.fields
    # A contract ending before the service does not cover it.
    short = ContractLineFactory.create(
        service=planned.service,
        contract__valid_from=today() - days(10),
        contract__valid_to=today() + days(30),
    )
    with pytest.raises(PlanRuleError) as refusal:
        part_save(
            version=version,
            model=PlannedService,
            instance=planned,
            acting_user=plan.coordinator,
            data={"provider": short.contract.provider},
        )
    assert refusal.value.code == "no_contract"
    assert short.contract.provider.name in refusal.value.text
    covering = ContractLineFactory.create(
        service=planned.service,
        contract__valid_from=today() - days(10),
        contract__valid_to=today() + days(400),
    )
    saved = part_save(
        version=version,
        model=PlannedService,
        instance=planned,
        acting_user=plan.coordinator,
        data={"provider": covering.contract.provider, "units": "2.5", "unit": Unit.HOUR},
    )
    assert saved.provider == covering.contract.provider
    assert PlannedService.objects.get(pk=planned.pk).units == Decimal("2.5")
    with pytest.raises(PlanError) as refused:
        part_save(
            version=version,
            model=PlannedService,
            instance=planned,
            acting_user=plan.coordinator,
            data={"units": 0},
        )
    assert refused.value.code == "units"


def test_the_responsible_staff_are_staff_members():
    plan = plan_make()
    with pytest.raises(PlanRuleError) as refusal:
        part_save(
            version=draft_of(plan),
            model=PlanParticipant,
            acting_user=plan.coordinator,
            data={"kind": ParticipantKind.STAFF, "user": user_make(), "role": "Wsparcie"},
        )
    assert refusal.value.code == "not_staff"
    with pytest.raises(PlanError) as refused:
        part_save(
            version=draft_of(plan),
            model=PlanParticipant,
            acting_user=plan.coordinator,
            data={"kind": ParticipantKind.STAFF, "role": "Wsparcie"},
        )
    assert refused.value.code == "staff_user"
    worker = user_make(Role.SOCIAL_WORKER)
    part_save(
        version=draft_of(plan),
        model=PlanParticipant,
        acting_user=plan.coordinator,
        data={"kind": ParticipantKind.STAFF, "user": worker, "role": "Pracownik socjalny"},
    )
    assert draft_of(plan).participants.filter(user=worker).exists()


def test_a_review_date_lies_within_the_period():
    plan = plan_make()
    version = draft_of(plan)
    assert version.ends_on is not None
    with pytest.raises(PlanRuleError) as refusal:
        part_save(
            version=version,
            model=PlanReviewDate,
            acting_user=plan.coordinator,
            data={"due_on": version.ends_on + days(1)},
        )
    assert refusal.value.code == "review_dates"


def test_unknown_fields_are_a_programming_error():
    plan = plan_make()
    with pytest.raises(TypeError):
        part_save(
            version=draft_of(plan), model=PlanGoal, acting_user=plan.coordinator, data={"x": 1}
        )
    with pytest.raises(TypeError):
        version_update(version=draft_of(plan), acting_user=plan.coordinator, state="approved")
    with pytest.raises(TypeError):
        part_save(
            version=draft_of(plan),
            model=PlanCommitment,
            instance=draft_of(plan).participants.get(),
            acting_user=plan.coordinator,
            data={"text": "x"},
        )


def test_only_the_coordinator_or_the_director_write_and_only_a_draft():
    plan = plan_make()
    version = draft_of(plan)
    for stranger in (coordinator_make(), organiser_make()):
        with pytest.raises(PlanError) as refusal:
            version_update(version=version, acting_user=stranger, situation="x")
        assert refusal.value.code == "not_allowed"
    version_update(version=version, acting_user=director_make(), situation="Dyrektor")
    draft_complete(plan)
    plan_submit(version=draft_of(plan), acting_user=plan.coordinator)
    with pytest.raises(PlanStateError) as refusal:
        part_save(
            version=draft_of(plan),
            model=PlanCommitment,
            acting_user=plan.coordinator,
            data={"text": "x"},
        )
    assert refusal.value.code == "not_draft"
    with pytest.raises(PlanStateError):
        part_remove(part=draft_of(plan).goals.get(), acting_user=plan.coordinator)


# --- Submitting, returning, approving ---------------------------------------------------------


def test_an_incomplete_plan_is_not_submitted_and_the_message_lists_what_is_missing():
    plan = plan_make()
    version = draft_of(plan)
    with pytest.raises(PlanRuleError) as refusal:
        plan_submit(version=version, acting_user=plan.coordinator)
    assert refusal.value.code == "incomplete"
    assert refusal.value.reasons == (
        "at least one goal",
        "a review date within the plan's period, "
        f"{version.starts_on:%d.%m.%Y}–{version.ends_on:%d.%m.%Y}",
        "the day the person agreed to the plan",
    )
    assert draft_of(plan).state == VersionState.DRAFT
    assert PlanTransition.objects.filter(plan=plan).count() == 1


def test_a_submission_stores_what_was_submitted():
    plan = plan_submitted()
    version = draft_of(plan)
    assert plan.state == PlanState.AWAITING_APPROVAL
    assert version.state == VersionState.SUBMITTED
    assert version.submitted_by == plan.coordinator
    assert plan.first_submitted_at is not None
    step = PlanTransition.objects.get(plan=plan, change=PlanChange.SUBMITTED)
    assert step.snapshot == version_content(version)
    goals = next(part for part in step.snapshot["parts"] if part["name"] == "goals")
    assert goals["items"][0]["key"] == str(version.goals.get().key)


def test_a_returned_plan_goes_back_to_draft_and_keeps_what_was_submitted():
    plan = plan_submitted()
    director = director_make()
    with pytest.raises(PlanError) as refusal:
        plan_return(version=draft_of(plan), acting_user=director, reason="  ")
    assert refusal.value.code == "reason"
    with pytest.raises(PlanRuleError) as refusal:
        plan_return(version=draft_of(plan), acting_user=plan.coordinator, reason="Nie")
    assert refusal.value.code == "not_authorised"
    plan_return(version=draft_of(plan), acting_user=director, reason="Brakuje celu na lato.")
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    assert draft_of(plan).state == VersionState.DRAFT
    step = PlanTransition.objects.get(plan=plan, change=PlanChange.RETURNED)
    assert step.note == "Brakuje celu na lato."
    assert PlanTransition.objects.get(plan=plan, change=PlanChange.SUBMITTED).snapshot


def test_the_director_approves_and_the_plan_becomes_active():
    plan = plan_submitted()
    director = director_make()
    version = plan_approve(version=draft_of(plan), acting_user=director)
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE
    assert plan.current_version == version
    assert version.state == VersionState.APPROVED
    assert (version.approved_by, version.approved_under) == (director, None)
    assert version.approved_at is not None
    assert transitions(plan)[-1] == (
        PlanChange.APPROVED,
        PlanState.AWAITING_APPROVAL,
        PlanState.ACTIVE,
    )
    with pytest.raises(PlanStateError) as refusal:
        plan_approve(version=version, acting_user=director)
    assert refusal.value.code == "not_submitted"


def test_who_may_not_approve():
    plan = plan_submitted()
    version = draft_of(plan)
    with pytest.raises(PlanRuleError) as refusal:
        plan_approve(version=version, acting_user=plan.coordinator)
    assert refusal.value.code == "not_authorised"
    with pytest.raises(PlanRuleError) as refusal:
        plan_approve(version=version, acting_user=organiser_make())
    assert refusal.value.code == "not_authorised"
    assert refusal.value.text == "You have no authorisation from the director to approve plans."
    organiser, authorisation = organiser_authorised()
    authorisation_revoke(
        authorisation=authorisation, acting_user=director_make(), reason="Zmiana stanowiska."
    )
    with pytest.raises(PlanRuleError) as refusal:
        plan_approve(version=version, acting_user=organiser)
    assert refusal.value.text == (
        f"Your authorisation to approve plans was revoked on {today():%d.%m.%Y}."
    )
    assert draft_of(plan).state == VersionState.SUBMITTED


def test_an_organiser_does_not_approve_a_plan_they_coordinate():
    organiser, _ = organiser_authorised()
    organiser.groups.add(*user_make(Role.COORDINATOR).groups.all())
    organiser = type(organiser).objects.get(pk=organiser.pk)
    plan = plan_submitted(coordinator=organiser)
    with pytest.raises(PlanRuleError) as refusal:
        plan_approve(version=draft_of(plan), acting_user=organiser)
    assert refusal.value.code == "own_plan"
    # The director approves even a plan they coordinate.
    director = director_make()
    own = plan_submitted(coordinator=director)
    plan_approve(version=draft_of(own), acting_user=director)


# --- Versions ---------------------------------------------------------------------------------


def test_a_change_copies_the_version_in_force_keeping_the_keys():
    plan = plan_active()
    first = in_force(plan)
    second = plan_change_start(
        plan=plan, acting_user=plan.coordinator, reason="  Więcej godzin opieki.  "
    )
    assert (second.number, second.state) == (2, VersionState.DRAFT)
    assert second.change_reason == "Więcej godzin opieki."
    assert (second.starts_on, second.ends_on) == (first.starts_on, first.ends_on)
    for name in ("goals", "planned_services", "commitments", "participants", "review_dates"):
        assert sorted(p.key for p in getattr(second, name).all()) == sorted(
            p.key for p in getattr(first, name).all()
        ), name
    copied = second.planned_services.get()
    assert copied.entitlement == first.planned_services.get().entitlement
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE and plan.current_version == first
    with pytest.raises(PlanStateError) as refusal:
        plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Jeszcze raz")
    assert refusal.value.code == "open_version"


def test_a_change_approved_supersedes_the_version_before_which_stays_readable():
    plan = plan_active()
    first = in_force(plan)
    first_content = version_content(first)
    second = plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Nowy cel")
    part_save(
        version=second,
        model=PlanGoal,
        acting_user=plan.coordinator,
        data={"description": "Nowy cel", "measure": "Widać"},
    )
    plan_submit(version=second, acting_user=plan.coordinator)
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE  # a change waits for approval, the plan goes on
    plan_approve(version=second, acting_user=director_make())
    plan.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert plan.current_version == second
    assert (first.state, second.state) == (VersionState.SUPERSEDED, VersionState.APPROVED)
    assert version_content(first) == first_content
    assert second.goals.count() == 2
    assert [c for c, *_ in transitions(plan)] == [
        PlanChange.CREATED,
        PlanChange.SUBMITTED,
        PlanChange.APPROVED,
        PlanChange.CHANGE_STARTED,
        PlanChange.SUBMITTED,
        PlanChange.APPROVED,
    ]


def test_a_change_given_up_leaves_the_version_in_force():
    plan = plan_active()
    second = plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Może więcej")
    with pytest.raises(PlanError):
        plan_change_abandon(version=second, acting_user=plan.coordinator, reason="")
    plan_change_abandon(version=second, acting_user=plan.coordinator, reason="Jednak nie.")
    second.refresh_from_db()
    plan.refresh_from_db()
    assert second.state == VersionState.ABANDONED
    assert plan.current_version is not None and plan.current_version.number == 1
    with pytest.raises(PlanStateError) as refusal:
        plan_change_abandon(version=plan.current_version, acting_user=plan.coordinator, reason="x")
    assert refusal.value.code == "not_change"
    third = plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Jednak tak")
    assert third.number == 3


def test_only_an_active_plan_is_changed():
    plan = plan_submitted()
    with pytest.raises(PlanStateError) as refusal:
        plan_change_start(plan=plan, acting_user=plan.coordinator, reason="x")
    assert refusal.value.code == "not_active"


# --- Signature --------------------------------------------------------------------------------


def test_the_signature_is_recorded_on_a_submitted_or_approved_version():
    plan = plan_make()
    with pytest.raises(PlanStateError) as refusal:
        plan_sign(version=draft_of(plan), signed_on=today(), acting_user=plan.coordinator)
    assert refusal.value.code == "not_signable"
    draft_complete(plan)
    plan_submit(version=draft_of(plan), acting_user=plan.coordinator)
    version = draft_of(plan)
    with pytest.raises(PlanRuleError) as refused:
        plan_sign(version=version, signed_on=today() + days(1), acting_user=plan.coordinator)
    assert refused.value.code == "future"
    with pytest.raises(PlanRuleError) as refused:
        plan_sign(version=version, signed_on=today() - days(1), acting_user=plan.coordinator)
    assert refused.value.code == "before_version"
    signed = plan_sign(version=version, signed_on=today(), acting_user=plan.coordinator)
    assert (signed.signed_on, signed.signed_recorded_by) == (today(), plan.coordinator)
    assert transitions(plan)[-1][0] == PlanChange.SIGNED


# --- Reviews and the end ----------------------------------------------------------------------


def test_a_review_records_progress_on_every_goal():
    plan = plan_active()
    version = in_force(plan)
    planned_review = version.review_dates.get()
    with pytest.raises(PlanRuleError) as refusal:
        review_record(
            plan=plan, acting_user=plan.coordinator, held_on=today(), notes="ok", progress=[]
        )
    assert refusal.value.code == "progress"
    review = review_record(
        plan=plan,
        acting_user=plan.coordinator,
        held_on=today(),
        notes="  Idzie dobrze.  ",
        proposed_changes="Więcej spacerów",
        review_date=planned_review,
        progress=progress_all(plan, GoalProgressLevel.MOSTLY),
    )
    assert review.notes == "Idzie dobrze."
    assert review.version == version
    assert GoalProgress.objects.get(review=review).level == GoalProgressLevel.MOSTLY
    assert transitions(plan)[-1][0] == PlanChange.REVIEWED
    with pytest.raises(PlanRuleError) as refusal:
        review_record(
            plan=plan,
            acting_user=plan.coordinator,
            held_on=today(),
            notes="again",
            review_date=planned_review,
            progress=progress_all(plan),
        )
    assert refusal.value.code == "already_reviewed"


def test_a_review_answered_stays_answered_in_the_next_version():
    plan = plan_active()
    planned_review = in_force(plan).review_dates.get()
    review_record(
        plan=plan,
        acting_user=plan.coordinator,
        held_on=today(),
        notes="Pierwszy",
        review_date=planned_review,
        progress=progress_all(plan),
    )
    second = plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Zmiana")
    plan_submit(version=second, acting_user=plan.coordinator)
    plan_approve(version=second, acting_user=director_make())
    plan.refresh_from_db()
    copy = second.review_dates.get()
    assert copy.key == planned_review.key
    with pytest.raises(PlanRuleError) as refusal:
        review_record(
            plan=plan,
            acting_user=plan.coordinator,
            held_on=today(),
            notes="Drugi",
            review_date=copy,
            progress=progress_all(plan),
        )
    assert refusal.value.code == "already_reviewed"
    with pytest.raises(PlanRuleError) as refusal:
        review_record(
            plan=plan,
            acting_user=plan.coordinator,
            held_on=today(),
            notes="Drugi",
            review_date=planned_review,  # of the superseded version
            progress=progress_all(plan),
        )
    assert refusal.value.code == "review_date"


def test_a_review_dated_before_the_plan_starts_or_in_the_future_is_refused():
    plan = plan_active()
    version = in_force(plan)
    assert version.starts_on is not None
    with pytest.raises(PlanRuleError) as refusal:
        review_record(
            plan=plan,
            acting_user=plan.coordinator,
            held_on=version.starts_on - days(1),
            notes="x",
            progress=progress_all(plan),
        )
    assert refusal.value.code == "before_start"
    assert refusal.value.text == (
        "A review cannot be held before the plan starts: the plan runs from "
        f"{version.starts_on:%d.%m.%Y}, the review is dated "
        f"{version.starts_on - days(1):%d.%m.%Y}."
    )
    with pytest.raises(PlanRuleError) as refusal:
        review_record(
            plan=plan,
            acting_user=plan.coordinator,
            held_on=today() + days(1),
            notes="x",
            progress=progress_all(plan),
        )
    assert refusal.value.code == "future"
    assert not plan.reviews.exists()


def test_a_review_needs_an_active_plan():
    plan = plan_submitted()
    with pytest.raises(PlanStateError) as refusal:
        review_record(
            plan=plan, acting_user=plan.coordinator, held_on=today(), notes="x", progress=[]
        )
    assert refusal.value.code == "not_active"


def test_a_completed_plan_is_read_only():
    plan = plan_active()
    with pytest.raises(PlanError) as refusal:
        plan_complete(
            plan=plan, acting_user=plan.coordinator, summary_interview_on=today(), summary=" "
        )
    assert refusal.value.code == "summary"
    with pytest.raises(PlanRuleError) as refusal:
        plan_complete(
            plan=plan,
            acting_user=plan.coordinator,
            summary_interview_on=today() + days(1),
            summary="Cele osiągnięte.",
        )
    assert refusal.value.code == "future"
    completed = plan_complete(
        plan=plan,
        acting_user=plan.coordinator,
        summary_interview_on=today(),
        summary="Cele osiągnięte.",
    )
    assert completed.state == PlanState.COMPLETED
    assert completed.closed_on == today()
    assert completed.summary_interview_on == today()
    with pytest.raises(PlanStateError) as refusal:
        plan_change_start(plan=plan, acting_user=plan.coordinator, reason="x")
    assert refusal.value.code == "closed"
    assert refusal.value.text == (
        f"The plan {plan.reference} was completed on {today():%d.%m.%Y}: it can only be read now."
    )
    with pytest.raises(PlanStateError):
        review_record(
            plan=plan,
            acting_user=director_make(),
            held_on=today(),
            notes="x",
            progress=progress_all(plan),
        )
    with pytest.raises(PlanStateError):
        plan_discontinue(plan=plan, acting_user=plan.coordinator, reason="x")


def test_a_plan_with_a_change_pending_is_not_completed():
    plan = plan_active()
    plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Zmiana")
    with pytest.raises(PlanStateError) as refusal:
        plan_complete(
            plan=plan, acting_user=plan.coordinator, summary_interview_on=today(), summary="x"
        )
    assert refusal.value.code == "open_change"
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE


def test_a_discontinued_plan_gives_up_its_open_version():
    plan = plan_submitted()
    with pytest.raises(PlanError):
        plan_discontinue(plan=plan, acting_user=plan.coordinator, reason="")
    plan = plan_discontinue(plan=plan, acting_user=plan.coordinator, reason="Wyprowadzka.")
    assert plan.state == PlanState.DISCONTINUED
    assert plan.closing_reason == "Wyprowadzka."
    assert PlanVersion.objects.get(plan=plan).state == VersionState.ABANDONED
    assert transitions(plan)[-1] == (
        PlanChange.DISCONTINUED,
        PlanState.AWAITING_APPROVAL,
        PlanState.DISCONTINUED,
    )


# --- Handing over -----------------------------------------------------------------------------


def test_a_plan_is_handed_over_to_another_coordinator():
    plan = plan_make()
    colleague = coordinator_make()
    with pytest.raises(PlanError) as refusal:
        plan_reassign(plan=plan, coordinator=colleague, acting_user=plan.coordinator, reason="x")
    assert refusal.value.code == "not_allowed"
    organiser = organiser_make()
    with pytest.raises(PlanRuleError) as refusal:
        plan_reassign(
            plan=plan, coordinator=organiser_make(), acting_user=organiser, reason="Urlop"
        )
    assert refusal.value.code == "coordinator"
    with pytest.raises(PlanRuleError) as refusal:
        plan_reassign(plan=plan, coordinator=plan.coordinator, acting_user=organiser, reason="x")
    assert refusal.value.code == "same_coordinator"
    plan = plan_reassign(
        plan=plan, coordinator=colleague, acting_user=organiser, reason="Długi urlop"
    )
    assert plan.coordinator == colleague
    assert transitions(plan)[-1][0] == PlanChange.REASSIGNED
    # The colleague writes it now.
    version_update(version=draft_of(plan), acting_user=colleague, situation="Nowe")


# --- Authorisations ---------------------------------------------------------------------------


def test_only_the_director_authorises_an_organiser_with_dates_in_order():
    director = director_make()
    organiser = organiser_make()
    with pytest.raises(PlanError) as refusal:
        authorisation_grant(
            user=organiser,
            valid_from=today(),
            valid_until=today(),
            document="",
            acting_user=organiser_make(),
        )
    assert refusal.value.code == "not_allowed"
    with pytest.raises(PlanRuleError) as refusal:
        authorisation_grant(
            user=coordinator_make(),
            valid_from=today(),
            valid_until=today(),
            document="",
            acting_user=director,
        )
    assert refusal.value.code == "not_organiser"
    with pytest.raises(PlanRuleError) as refusal:
        authorisation_grant(
            user=organiser,
            valid_from=today(),
            valid_until=today() - days(1),
            document="",
            acting_user=director,
        )
    assert refusal.value.code == "dates"
    authorisation = authorisation_grant(
        user=organiser,
        valid_from=today(),
        valid_until=today(),
        document=" Zarządzenie 3/2027 ",
        acting_user=director,
    )
    assert authorisation.document == "Zarządzenie 3/2027"
    assert authorisation.granted_by == director


def test_an_authorisation_is_revoked_once_with_a_reason():
    organiser, authorisation = organiser_authorised()
    director = director_make()
    with pytest.raises(PlanError) as refusal:
        authorisation_revoke(authorisation=authorisation, acting_user=organiser, reason="x")
    assert refusal.value.code == "not_allowed"
    with pytest.raises(PlanError) as refusal:
        authorisation_revoke(authorisation=authorisation, acting_user=director, reason="")
    assert refusal.value.code == "reason"
    revoked = authorisation_revoke(
        authorisation=authorisation, acting_user=director, reason="Odwołanie"
    )
    assert (revoked.revoked_on, revoked.revoked_by) == (today(), director)
    with pytest.raises(PlanStateError) as refusal:
        authorisation_revoke(authorisation=authorisation, acting_user=director, reason="x")
    assert refusal.value.code == "revoked"


def test_an_authorisation_already_ended_is_not_revoked():
    _organiser, authorisation = organiser_authorised(
        valid_from=today() - days(60), valid_until=today() - days(1)
    )
    with pytest.raises(PlanStateError) as refusal:
        authorisation_revoke(authorisation=authorisation, acting_user=director_make(), reason="x")
    assert refusal.value.code == "ended"


def test_every_lifecycle_step_is_audited():
    plan = plan_active()
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.TRANSITION,
            content_type=ContentType.objects.get_for_model(PlanVersion),
        ).count()
        == 2
    )  # submitted, approved
    assert timezone.now() >= plan.state_changed_at


def test_the_coordinators_role_is_stored_in_the_centres_language_whoever_starts_the_plan() -> None:
    # A command (the demo) runs with no language: the stored words are still Polish.
    with translation.override(None):
        plan = plan_make(service_make())
    participant = plan.versions.get().participants.get()
    assert participant.role == "Koordynator planu"
