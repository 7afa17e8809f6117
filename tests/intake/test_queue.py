"""Filing and qualification in filing order: the queue, places, the waiting list and its
automatic promotion, refusals with reasons, administrative decisions (domain.md §1.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from opencus.catalog.models import QualificationMode
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.intake.errors import IntakeError
from opencus.intake.models import ApplicationItem, Channel, FiledBy, ItemState, ItemTransition
from opencus.intake.selectors import free_places, waiting_position
from opencus.intake.services import (
    application_file,
    item_qualify,
    item_record_decision,
    item_refuse,
    item_withdraw,
    needs_assessment_record,
    service_capacity_set,
    waiting_list_promote,
)
from opencus.people.services import representative_add
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import SENIORS, item_make, senior
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_filing_creates_one_submitted_item_per_service_with_a_reference(organiser):
    taxi, handyman = ProgrammeServiceFactory.create_batch(2)
    person = senior()
    application = application_file(
        person=person, services=[taxi, handyman], channel=Channel.IN_PERSON, acting_user=organiser
    )
    assert application.reference == f"W/{timezone.localdate().year}/{application.pk:06d}"
    items = list(application.items.all())
    assert {item.service for item in items} == {taxi, handyman}
    assert {item.state for item in items} == {ItemState.SUBMITTED}
    assert all(item.filed_at == application.filed_at for item in items)
    assert ItemTransition.objects.filter(to_state=ItemState.SUBMITTED).count() == 2
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(application.pk)
    ).exists()


def test_a_second_request_for_a_service_held_or_awaited_is_refused(organiser):
    service = ProgrammeServiceFactory.create()
    person = senior()
    item_make(service, by=organiser, person=person)
    with pytest.raises(IntakeError) as refused:
        item_make(service, by=organiser, person=person)
    assert "already has or is waiting for" in refused.value.messages[0]
    assert ApplicationItem.objects.count() == 1


def test_after_a_withdrawal_the_person_may_apply_again(organiser):
    service = ProgrammeServiceFactory.create()
    person = senior()
    item_withdraw(
        item=item_make(service, by=organiser, person=person),
        acting_user=organiser,
        reason="No longer needed.",
    )
    item_make(service, by=organiser, person=person)
    assert ApplicationItem.objects.filter(state=ItemState.SUBMITTED).count() == 1


def test_a_representative_files_only_for_the_person_they_act_for(organiser):
    service = ProgrammeServiceFactory.create()
    person, carer, stranger = senior(), PersonFactory.create(), PersonFactory.create()
    link = representative_add(
        person=person, representative=carer, kind="carer", acting_user=organiser
    )
    other = representative_add(
        person=stranger, representative=carer, kind="carer", acting_user=organiser
    )
    with pytest.raises(IntakeError):
        application_file(
            person=person,
            services=[service],
            channel=Channel.PHONE,
            acting_user=organiser,
            filed_by=FiledBy.CARER,
            representative=other,
        )
    application = application_file(
        person=person,
        services=[service],
        channel=Channel.PHONE,
        acting_user=organiser,
        filed_by=FiledBy.CARER,
        representative=link,
    )
    assert application.representative == link


def test_qualifying_a_person_who_is_not_eligible_is_refused_with_the_reasons(organiser):
    service = ProgrammeServiceFactory.create(eligibility_rules=SENIORS)
    young = PersonFactory.create(birth_date=dt.date(1990, 1, 1))
    item = item_make(service, by=organiser, person=young)
    with pytest.raises(IntakeError) as refused:
        item_qualify(item=item, acting_user=organiser)
    assert "at least 60" in refused.value.messages[0]
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_places_are_given_in_filing_order_and_the_rest_wait_with_positions(organiser):
    service = ProgrammeServiceFactory.create(capacity=1, eligibility_rules=SENIORS)
    first = item_make(service, by=organiser, person=senior(), minutes_ago=30)
    second = item_make(service, by=organiser, person=senior(), minutes_ago=20)
    third = item_make(service, by=organiser, person=senior(), minutes_ago=10)
    assert item_qualify(item=first, acting_user=organiser).state == ItemState.QUALIFIED
    assert item_qualify(item=third, acting_user=organiser).state == ItemState.WAITING
    assert item_qualify(item=second, acting_user=organiser).state == ItemState.WAITING
    second.refresh_from_db()
    third.refresh_from_db()
    assert waiting_position(second) == 1
    assert waiting_position(third) == 2
    assert free_places(service) == 0


def test_a_later_application_does_not_overtake_the_waiting_list(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_make(service, by=organiser, person=senior(), minutes_ago=30)
    waiting = item_make(service, by=organiser, person=senior(), minutes_ago=20)
    item_qualify(item=holder, acting_user=organiser)
    item_qualify(item=waiting, acting_user=organiser)
    service_capacity_set(service=service, capacity=1, acting_user=organiser)  # no change
    latecomer = item_make(service, by=organiser, person=senior(), minutes_ago=5)
    # Even if a place were free, the latecomer queues behind the one who waits.
    service.capacity = 5
    service.save(update_fields=["capacity"])
    assert item_qualify(item=latecomer, acting_user=organiser).state == ItemState.WAITING


def test_a_freed_place_goes_to_the_oldest_eligible_waiting_request(organiser):
    service = ProgrammeServiceFactory.create(capacity=1, eligibility_rules=SENIORS)
    holder = item_make(service, by=organiser, person=senior(), minutes_ago=40)
    aged_out = senior()
    oldest = item_make(service, by=organiser, person=aged_out, minutes_ago=30)
    next_in_line = item_make(service, by=organiser, person=senior(), minutes_ago=20)
    for item in (holder, oldest, next_in_line):
        item_qualify(item=item, acting_user=organiser)
    # The oldest waiting person no longer meets the rules (their birth date was corrected).
    aged_out.birth_date = dt.date(1995, 1, 1)
    aged_out.save(update_fields=["birth_date"])

    item_withdraw(item=holder, acting_user=organiser, reason="No longer needed.")

    oldest.refresh_from_db()
    next_in_line.refresh_from_db()
    assert oldest.state == ItemState.WAITING
    assert next_in_line.state == ItemState.QUALIFIED
    promotion = next_in_line.transitions.get(to_state=ItemState.QUALIFIED)
    assert promotion.note == "promoted from the waiting list"


def test_raising_capacity_promotes_the_waiting_list_at_once(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    items = [
        item_make(service, by=organiser, person=senior(), minutes_ago=50 - i) for i in range(4)
    ]
    for item in items:
        item_qualify(item=item, acting_user=organiser)
    promoted = service_capacity_set(service=service, capacity=3, acting_user=organiser)
    assert [item.pk for item in promoted] == [items[1].pk, items[2].pk]
    items[3].refresh_from_db()
    assert waiting_position(items[3]) == 1


def test_promoting_from_an_empty_list_says_so_and_changes_nothing(organiser):
    service = ProgrammeServiceFactory.create(capacity=2)
    with pytest.raises(IntakeError) as empty:
        waiting_list_promote(service=service, acting_user=organiser)
    assert empty.value.code == "empty_list"
    assert not ItemTransition.objects.exists()


def test_withdrawing_twice_is_refused_with_a_message(organiser):
    item = item_make(ProgrammeServiceFactory.create(), by=organiser, person=senior())
    item_withdraw(item=item, acting_user=organiser, reason="No longer needed.")
    with pytest.raises(IntakeError) as again:
        item_withdraw(item=item, acting_user=organiser, reason="No longer needed.")
    assert again.value.code == "already_withdrawn"
    assert item.transitions.filter(to_state=ItemState.WITHDRAWN).count() == 1


def test_a_refusal_needs_a_reason_the_person_will_read(organiser):
    item = item_make(ProgrammeServiceFactory.create(), by=organiser, person=senior())
    with pytest.raises(IntakeError):
        item_refuse(item=item, reason="  ", acting_user=organiser)
    item_refuse(item=item, reason="Usługa jest dla mieszkańców gminy.", acting_user=organiser)
    item.refresh_from_db()
    assert item.state == ItemState.REFUSED
    assert item.reason == "Usługa jest dla mieszkańców gminy."
    with pytest.raises(IntakeError) as final:
        item_qualify(item=item, acting_user=organiser)
    assert final.value.code == "transition"


def test_decision_services_record_the_administrative_decision(organiser):
    service = ProgrammeServiceFactory.create(qualification_mode=QualificationMode.DECISION)
    item = item_make(service, by=organiser, person=senior())
    with pytest.raises(IntakeError) as queue:
        item_qualify(item=item, acting_user=organiser)
    assert queue.value.code == "decision_mode"
    item_record_decision(
        item=item,
        number="DPS.4011.12.2026",
        decided_on=timezone.localdate(),
        granted=True,
        acting_user=organiser,
    )
    item.refresh_from_db()
    assert (item.state, item.decision_number) == (ItemState.QUALIFIED, "DPS.4011.12.2026")


def test_the_assessment_moves_submitted_items_to_assessing(organiser, make_staff):
    worker = make_staff(Role.SOCIAL_WORKER)
    service = ProgrammeServiceFactory.create()
    item = item_make(service, by=organiser, person=senior())
    assessment = needs_assessment_record(
        application=item.application,
        acting_user=worker,
        assessed_on=timezone.localdate(),
        place="home",
        notes="Porusza się o kulach.",
        fitting_services=[service],
        plan_needed=True,
    )
    item.refresh_from_db()
    assert item.state == ItemState.ASSESSING
    assert assessment.plan_needed
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE,
        object_id=str(assessment.pk),
        content_type__model="needsassessment",
    )
    assert "kulach" not in str(event.changes)
    with pytest.raises(IntakeError):
        needs_assessment_record(
            application=item.application,
            acting_user=worker,
            assessed_on=timezone.localdate() + dt.timedelta(days=1),
            place="home",
        )
