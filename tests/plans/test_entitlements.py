"""Approving a plan links each planned service to the person's entitlement through intake's
services and their history: an entitlement the person has is adjusted to the plan; an open
request is qualified through the queue; otherwise a request is filed "through an individual
plan" and qualified. A request that goes to the waiting list, or a service granted by an
administrative decision, stays linked and the plan goes on. A service the person is not
eligible for refuses the approval, and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from opencus.catalog.models import Period, QualificationMode, Unit
from opencus.core.models import AuditAction, AuditEvent
from opencus.intake.entitlements import entitlement_plan_adjust
from opencus.intake.errors import EntitlementError
from opencus.intake.models import (
    Application,
    ApplicationItem,
    Channel,
    Entitlement,
    EntitlementChange,
    EntitlementStatus,
    EntitlementTransition,
    ItemState,
)
from opencus.intake.services import entitlement_end
from opencus.plans.errors import PlanRuleError
from opencus.plans.models import IndividualPlan, PlannedService, PlanVersion, VersionState
from opencus.plans.services import part_save, plan_approve, plan_change_start, plan_submit
from tests.intake.factories import SENIORS, entitlement_grant_make
from tests.people.factories import PersonFactory
from tests.plans.factories import (
    director_make,
    draft_complete,
    draft_of,
    organiser_make,
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


def planned_of(version: PlanVersion) -> PlannedService:
    return PlannedService.objects.get(version=version)


def _submit(plan: IndividualPlan) -> PlanVersion:
    version = draft_complete(plan)
    return plan_submit(version=version, acting_user=plan.coordinator)


def test_an_entitlement_the_person_has_is_adjusted_to_the_plan():
    service = service_make(units=2, unit=Unit.VISIT)
    person = PersonFactory.create()
    entitlement = entitlement_grant_make(service, by=organiser_make(), person=person)
    assert entitlement.allowances == [{"units": 2, "unit": "visit", "period": "month"}]
    plan = plan_make(person=person, fitting=[service])  # applied for another service
    version = draft_of(plan)
    part_save(
        version=version,
        model=PlannedService,
        instance=planned_of(version),
        acting_user=plan.coordinator,
        data={"units": Decimal("1.5"), "unit": Unit.HOUR, "period": Period.WEEK},
    )
    applications = Application.objects.count()

    approved = plan_approve(version=_submit(plan), acting_user=director_make())

    entitlement.refresh_from_db()
    assert entitlement.allowances == [{"units": 1.5, "unit": "hour", "period": "week"}]
    planned = planned_of(approved)
    assert planned.entitlement == entitlement
    assert planned.item == entitlement.item
    history = entitlement.transitions.order_by("id").last()
    assert history is not None
    assert history.change == EntitlementChange.PLAN_ADJUSTED
    assert history.note == f"Individual plan {plan.reference}, version 1"
    assert history.get_change_display() == "adjusted by an individual plan"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(entitlement.pk)
    ).exists()
    assert Application.objects.count() == applications  # nothing new filed


def test_the_request_of_the_assessed_application_is_qualified_through_the_queue():
    service = service_make(units=4)
    plan = plan_make(service)
    item = ApplicationItem.objects.get(application=plan.application)
    assert item.state == ItemState.ASSESSING

    approved = plan_approve(version=_submit(plan), acting_user=director_make())

    item.refresh_from_db()
    assert item.state == ItemState.QUALIFIED
    entitlement = Entitlement.objects.get(item=item)
    planned = planned_of(approved)
    assert (planned.item, planned.entitlement) == (item, entitlement)
    changes = list(entitlement.transitions.order_by("id").values_list("change", flat=True))
    assert changes == [EntitlementChange.GRANTED, EntitlementChange.PLAN_ADJUSTED]


def test_a_service_not_requested_is_filed_through_the_plan_and_qualified():
    requested, planned_only = service_make(), service_make(units=0)
    plan = plan_make(requested, fitting=[planned_only])

    approved = plan_approve(version=_submit(plan), acting_user=director_make())

    planned = planned_of(approved)
    assert planned.item is not None and planned.entitlement is not None
    application = planned.item.application
    assert application.channel == Channel.PLAN
    assert application.get_channel_display() == "through an individual plan"
    assert application.person == plan.person
    assert plan.reference in application.note
    assert planned.item.state == ItemState.QUALIFIED
    assert planned.entitlement.allowances == [{"units": 1, "unit": "session", "period": "month"}]


def test_a_request_that_goes_to_the_waiting_list_stays_linked():
    service = service_make(capacity=1)
    entitlement_grant_make(service, by=organiser_make())  # someone holds the only place
    plan = plan_make(service)

    approved = plan_approve(version=_submit(plan), acting_user=director_make())

    planned = planned_of(approved)
    assert planned.entitlement is None
    assert planned.item is not None and planned.item.state == ItemState.WAITING
    plan.refresh_from_db()
    assert plan.state == "active"
    # A change approved later while the request still waits keeps it linked.
    second = plan_change_start(plan=plan, acting_user=plan.coordinator, reason="Zmiana")
    plan_submit(version=second, acting_user=plan.coordinator)
    plan_approve(version=second, acting_user=director_make())
    again = planned_of(second)
    assert again.item == planned.item and again.entitlement is None


def test_a_service_granted_by_decision_stays_linked_to_its_request():
    decided = service_make(qualification_mode=QualificationMode.DECISION)
    plan = plan_make(fitting=[decided])

    approved = plan_approve(version=_submit(plan), acting_user=director_make())

    planned = planned_of(approved)
    assert planned.entitlement is None
    assert planned.item is not None
    assert planned.item.state == ItemState.SUBMITTED
    assert planned.item.application.channel == Channel.PLAN


def test_a_service_the_person_is_not_eligible_for_refuses_the_approval():
    for_seniors = service_make(eligibility_rules=SENIORS, name="Klub Senior+")
    young = PersonFactory.create(birth_date=dt.date(2000, 1, 1))
    plan = plan_make(person=young, fitting=[for_seniors])
    version = _submit(plan)
    applications, items = Application.objects.count(), ApplicationItem.objects.count()

    with pytest.raises(PlanRuleError) as refusal:
        plan_approve(version=version, acting_user=director_make())

    assert refusal.value.code == "not_eligible"
    assert "Klub Senior+" in refusal.value.text
    assert refusal.value.reasons and refusal.value.reasons[0].startswith("Klub Senior+: ")
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    assert (Application.objects.count(), ApplicationItem.objects.count()) == (applications, items)
    assert not Entitlement.objects.exists()
    assert planned_of(version).item is None


def test_the_plans_provider_is_set_on_the_entitlement():
    service = service_make()
    line = ContractLineFactory.create(
        service=service,
        contract__valid_from=today() - dt.timedelta(days=10),
        contract__valid_to=today() + dt.timedelta(days=400),
    )
    plan = plan_make(service)
    version = draft_complete(plan)
    part_save(
        version=version,
        model=PlannedService,
        instance=planned_of(version),
        acting_user=plan.coordinator,
        data={"provider": line.contract.provider},
    )
    plan_submit(version=version, acting_user=plan.coordinator)
    plan_approve(version=version, acting_user=director_make())
    entitlement = planned_of(version).entitlement
    assert entitlement is not None
    assert entitlement.provider == line.contract.provider
    adjusted = entitlement.transitions.get(change=EntitlementChange.PLAN_ADJUSTED)
    assert adjusted.provider == line.contract.provider


def test_an_ended_entitlement_is_not_adjusted_a_new_request_is_filed():
    service = service_make()
    person = PersonFactory.create()
    organiser = organiser_make()
    old = entitlement_grant_make(service, by=organiser, person=person)
    entitlement_end(entitlement=old, acting_user=organiser, reason="Rezygnacja")
    plan = plan_submitted(person=person, fitting=[service])
    approved = plan_approve(version=draft_of(plan), acting_user=director_make())
    planned = planned_of(approved)
    assert planned.entitlement is not None and planned.entitlement != old
    assert planned.entitlement.status == EntitlementStatus.ACTIVE


# --- The intake service itself ----------------------------------------------------------------


def test_entitlement_plan_adjust_refuses_what_it_cannot_do():
    service = service_make()
    organiser = organiser_make()
    entitlement = entitlement_grant_make(service, by=organiser)
    stranger = ContractLineFactory.create().contract.provider
    with pytest.raises(EntitlementError) as refusal:
        entitlement_plan_adjust(
            entitlement=entitlement,
            allowances=[{"units": 1, "unit": "visit", "period": "month"}],
            provider=stranger,
            acting_user=organiser,
            note="IPUS",
        )
    assert refusal.value.code == "no_contract"
    for wrong in (
        [{"units": 0, "unit": "visit", "period": "month"}],
        [{"units": 1, "unit": "lap", "period": "month"}],
        [{"units": 1, "unit": "visit", "period": "decade"}],
        [{"units": "many", "unit": "visit", "period": "month"}],
        [{"unit": "visit"}],
    ):
        with pytest.raises(EntitlementError) as refusal:
            entitlement_plan_adjust(
                entitlement=entitlement,
                allowances=wrong,
                provider=None,
                acting_user=organiser,
                note="IPUS",
            )
        assert refusal.value.code == "allowances"
    entitlement_end(entitlement=entitlement, acting_user=organiser, reason="Koniec")
    with pytest.raises(EntitlementError) as refusal:
        entitlement_plan_adjust(
            entitlement=entitlement,
            allowances=[],
            provider=None,
            acting_user=organiser,
            note="IPUS",
        )
    assert refusal.value.code == "ended"
    assert not EntitlementTransition.objects.filter(change=EntitlementChange.PLAN_ADJUSTED).exists()
