"""Enrolment rounds (nabór): first come, first served or a seeded, reproducible lottery among
those who applied in the round; allocated once, after the round closed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from opencus.catalog.models import QualificationMode
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.intake.models import ApplicationItem, Channel, ItemState
from opencus.intake.rounds import (
    Allocation,
    EnrolmentRound,
    EntryOutcome,
    RoundEntry,
    draw_order,
    round_allocate,
    round_candidates,
    round_create,
    round_draw,
    round_redraw_check,
)
from opencus.intake.services import IntakeError, application_file, item_qualify
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

SENIORS = {"all": [{"attribute": "age", "min": 60}]}


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def clerk(make_staff: Any) -> Any:
    return make_staff(Role.SERVICE_ORGANISER)


def today() -> dt.date:
    return timezone.localdate()


def file(service: Any, clerk: Any, *, days_ago: int, minutes: int = 0, **person: Any) -> Any:
    """File for a new senior ``days_ago`` days ago (local), ``minutes`` after that day began:
    a filing today is then in the past at any hour (noon would be in the future before 12:00)."""
    day = today() - dt.timedelta(days=days_ago)
    midnight = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))
    application = application_file(
        person=PersonFactory.create(**{"birth_date": dt.date(1950, 3, 1), **person}),
        services=[service],
        channel=Channel.PHONE,
        acting_user=clerk,
        filed_at=midnight + dt.timedelta(minutes=minutes),
    )
    return application.items.get()


def closed_round(service: Any, clerk: Any, allocation: str, **kwargs: Any) -> EnrolmentRound:
    return round_create(
        service=service,
        opens_on=today() - dt.timedelta(days=10),
        closes_on=today() - dt.timedelta(days=1),
        allocation=allocation,
        acting_user=clerk,
        **kwargs,
    )


# --- Creating a round --------------------------------------------------------------------------


def test_a_round_cannot_close_before_it_opens(clerk):
    service = ProgrammeServiceFactory.create()
    with pytest.raises(IntakeError) as refused:
        round_create(
            service=service,
            opens_on=today(),
            closes_on=today() - dt.timedelta(days=1),
            allocation=Allocation.LOTTERY,
            acting_user=clerk,
        )
    assert refused.value.error_dict["closes_on"][0].code == "period_order"
    assert "cannot close before it opens" in refused.value.messages[0]
    assert not EnrolmentRound.objects.exists()


def test_the_database_also_refuses_a_round_closing_before_it_opens():
    service = ProgrammeServiceFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentRound.objects.create(
            service=service,
            opens_on=dt.date(2026, 5, 2),
            closes_on=dt.date(2026, 5, 1),
            allocation=Allocation.LOTTERY,
        )


def test_rounds_of_one_service_do_not_overlap(clerk):
    service = ProgrammeServiceFactory.create()
    closed_round(service, clerk, Allocation.LOTTERY)
    with pytest.raises(IntakeError) as refused:
        round_create(
            service=service,
            opens_on=today() - dt.timedelta(days=1),
            closes_on=today() + dt.timedelta(days=5),
            allocation=Allocation.FIRST_COME,
            acting_user=clerk,
        )
    assert refused.value.code == "overlap"
    assert EnrolmentRound.objects.count() == 1
    other = ProgrammeServiceFactory.create()
    assert closed_round(other, clerk, Allocation.FIRST_COME).service == other


def test_decision_services_have_no_rounds_and_bad_choices_are_refused(clerk):
    decided = ProgrammeServiceFactory.create(qualification_mode=QualificationMode.DECISION)
    with pytest.raises(IntakeError) as refused:
        closed_round(decided, clerk, Allocation.LOTTERY)
    assert refused.value.code == "decision_mode"
    service = ProgrammeServiceFactory.create()
    with pytest.raises(IntakeError):
        closed_round(service, clerk, "raffle")
    with pytest.raises(IntakeError):
        closed_round(service, clerk, Allocation.LOTTERY, places=0)
    assert not EnrolmentRound.objects.exists()


def test_creating_a_round_is_audited(clerk):
    enrolment_round = closed_round(ProgrammeServiceFactory.create(), clerk, Allocation.LOTTERY)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(enrolment_round.pk), actor=clerk
    ).exists()


# --- Entrants ----------------------------------------------------------------------------------


def test_entrants_are_undecided_requests_filed_for_the_service_within_the_dates(clerk):
    service = ProgrammeServiceFactory.create()
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)
    before = file(service, clerk, days_ago=11)
    first_day = file(service, clerk, days_ago=10)
    last_day = file(service, clerk, days_ago=1)
    after = file(service, clerk, days_ago=0)
    other_service = file(ProgrammeServiceFactory.create(), clerk, days_ago=5)
    decided = file(service, clerk, days_ago=5)
    item_qualify(item=decided, acting_user=clerk)

    entrants = list(round_candidates(enrolment_round))

    assert entrants == [first_day, last_day]
    assert not {before, after, other_service, decided} & set(entrants)


# --- Lottery -----------------------------------------------------------------------------------


def test_the_draw_is_reproducible_from_its_seed():
    ids = list(range(1, 21))
    assert draw_order(ids, "abc") == draw_order(ids, "abc")
    assert draw_order(ids, "abc") != draw_order(ids, "abd")
    # The documented algorithm, repeated by hand: CPython's seeded shuffle of the filing order.
    by_hand = list(ids)
    random.Random("abc").shuffle(by_hand)
    assert draw_order(ids, "abc") == by_hand
    assert sorted(draw_order(ids, "abc")) == ids


def test_a_lottery_qualifies_in_drawn_order_and_the_rest_wait(clerk):
    service = ProgrammeServiceFactory.create(capacity=2)
    items = [file(service, clerk, days_ago=8, minutes=i) for i in range(6)]
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)

    drawn = round_draw(enrolment_round=enrolment_round, acting_user=clerk, seed="public-seed-42")

    expected = draw_order([item.pk for item in items], "public-seed-42")
    enrolment_round.refresh_from_db()
    assert enrolment_round.result == expected == drawn.result
    assert enrolment_round.seed == "public-seed-42"
    assert enrolment_round.allocated_by == clerk
    assert enrolment_round.allocated_at is not None
    states = dict(ApplicationItem.objects.values_list("id", "state"))
    assert [states[pk] for pk in expected] == [ItemState.QUALIFIED] * 2 + [ItemState.WAITING] * 4
    entries = list(RoundEntry.objects.filter(round=enrolment_round))
    assert [entry.item_id for entry in entries] == expected
    assert [entry.outcome for entry in entries] == ["qualified"] * 2 + ["waiting"] * 4
    assert AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, object_id=str(enrolment_round.pk)
    ).exists()


def test_without_a_seed_a_random_one_is_recorded_and_the_auditor_can_rerun_it(clerk):
    service = ProgrammeServiceFactory.create(capacity=1)
    for i in range(5):
        file(service, clerk, days_ago=3, minutes=i)
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)

    round_draw(enrolment_round=enrolment_round, acting_user=clerk)

    enrolment_round.refresh_from_db()
    assert len(enrolment_round.seed) == 32
    assert round_redraw_check(enrolment_round) is True


def test_a_tampered_result_fails_the_auditors_check(clerk):
    service = ProgrammeServiceFactory.create(capacity=1)
    for i in range(4):
        file(service, clerk, days_ago=3, minutes=i)
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)
    round_draw(enrolment_round=enrolment_round, acting_user=clerk, seed="s1")
    assert round_redraw_check(enrolment_round) is True

    result = list(enrolment_round.result)
    EnrolmentRound.objects.filter(pk=enrolment_round.pk).update(result=result[::-1])
    assert round_redraw_check(enrolment_round) is False

    EnrolmentRound.objects.filter(pk=enrolment_round.pk).update(result=result, seed="s2")
    assert round_redraw_check(enrolment_round) is False


def test_a_lottery_with_no_entrants_is_refused_and_changes_nothing(clerk):
    service = ProgrammeServiceFactory.create()
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)
    with pytest.raises(IntakeError) as refused:
        round_draw(enrolment_round=enrolment_round, acting_user=clerk)
    assert refused.value.code == "no_entrants"
    assert "nothing to draw" in refused.value.messages[0]
    enrolment_round.refresh_from_db()
    assert enrolment_round.allocated_at is None
    assert enrolment_round.seed == ""


def test_a_round_is_not_drawn_before_it_closes(clerk):
    service = ProgrammeServiceFactory.create()
    file(service, clerk, days_ago=1)
    enrolment_round = round_create(
        service=service,
        opens_on=today() - dt.timedelta(days=3),
        closes_on=today(),
        allocation=Allocation.LOTTERY,
        acting_user=clerk,
    )
    with pytest.raises(IntakeError) as refused:
        round_draw(enrolment_round=enrolment_round, acting_user=clerk)
    assert refused.value.code == "round_open"
    assert "allocate it after it closes" in refused.value.messages[0]
    assert not RoundEntry.objects.exists()
    assert ApplicationItem.objects.get().state == ItemState.SUBMITTED


def test_a_round_is_drawn_only_once(clerk):
    service = ProgrammeServiceFactory.create(capacity=1)
    file(service, clerk, days_ago=2)
    file(service, clerk, days_ago=2, minutes=5)
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)
    round_draw(enrolment_round=enrolment_round, acting_user=clerk, seed="first")
    with pytest.raises(IntakeError) as refused:
        round_draw(enrolment_round=enrolment_round, acting_user=clerk, seed="second")
    assert refused.value.code == "already_allocated"
    assert "already allocated" in refused.value.messages[0]
    enrolment_round.refresh_from_db()
    assert enrolment_round.seed == "first"
    assert RoundEntry.objects.count() == 2


def test_a_bad_seed_is_refused(clerk):
    service = ProgrammeServiceFactory.create()
    file(service, clerk, days_ago=2)
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)
    for seed in ("   ", "x" * 65):
        with pytest.raises(IntakeError):
            round_draw(enrolment_round=enrolment_round, acting_user=clerk, seed=seed)
    enrolment_round.refresh_from_db()
    assert enrolment_round.allocated_at is None


def test_the_rounds_places_limit_the_winners_even_with_more_free_places(clerk):
    service = ProgrammeServiceFactory.create(capacity=10)
    for i in range(4):
        file(service, clerk, days_ago=2, minutes=i)
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY, places=1)
    round_draw(enrolment_round=enrolment_round, acting_user=clerk, seed="x")
    outcomes = list(RoundEntry.objects.values_list("outcome", flat=True))
    assert outcomes == ["qualified", "waiting", "waiting", "waiting"]
    second = RoundEntry.objects.get(position=2).item
    assert "position 2" in second.transitions.get(to_state=ItemState.WAITING).note


def test_entrants_who_do_not_meet_the_conditions_are_left_for_a_clerk(clerk):
    service = ProgrammeServiceFactory.create(capacity=5, eligibility_rules=SENIORS)
    young = file(service, clerk, days_ago=2, birth_date=dt.date(1995, 1, 1))
    old = file(service, clerk, days_ago=2, minutes=1)
    enrolment_round = closed_round(service, clerk, Allocation.LOTTERY)
    round_draw(enrolment_round=enrolment_round, acting_user=clerk, seed="y")
    young.refresh_from_db()
    old.refresh_from_db()
    assert young.state == ItemState.SUBMITTED
    assert young.round_entry.outcome == EntryOutcome.NOT_ELIGIBLE
    assert old.state == ItemState.QUALIFIED


def test_a_lottery_round_is_not_allocated_first_come_and_vice_versa(clerk):
    service = ProgrammeServiceFactory.create()
    file(service, clerk, days_ago=2)
    lottery = closed_round(service, clerk, Allocation.LOTTERY)
    with pytest.raises(IntakeError) as refused:
        round_allocate(enrolment_round=lottery, acting_user=clerk)
    assert refused.value.code == "allocation"
    lottery.refresh_from_db()
    assert lottery.allocated_at is None


# --- First come, first served ------------------------------------------------------------------


def test_a_first_come_round_qualifies_in_filing_order(clerk):
    service = ProgrammeServiceFactory.create(capacity=2)
    third = file(service, clerk, days_ago=3)
    first = file(service, clerk, days_ago=5)
    second = file(service, clerk, days_ago=4)
    enrolment_round = closed_round(service, clerk, Allocation.FIRST_COME)

    round_allocate(enrolment_round=enrolment_round, acting_user=clerk)

    enrolment_round.refresh_from_db()
    assert enrolment_round.result == [first.pk, second.pk, third.pk]
    assert enrolment_round.seed == ""
    for item, state in ((first, "qualified"), (second, "qualified"), (third, "waiting")):
        item.refresh_from_db()
        assert item.state == state
    assert round_redraw_check(enrolment_round) is True
    with pytest.raises(IntakeError):
        round_draw(enrolment_round=enrolment_round, acting_user=clerk)
    with pytest.raises(IntakeError) as again:
        round_allocate(enrolment_round=enrolment_round, acting_user=clerk)
    assert again.value.code == "already_allocated"


def test_an_unallocated_round_fails_the_auditors_check(clerk):
    enrolment_round = closed_round(ProgrammeServiceFactory.create(), clerk, Allocation.LOTTERY)
    assert round_redraw_check(enrolment_round) is False


def test_an_empty_first_come_round_is_refused(clerk):
    enrolment_round = closed_round(ProgrammeServiceFactory.create(), clerk, Allocation.FIRST_COME)
    with pytest.raises(IntakeError) as refused:
        round_allocate(enrolment_round=enrolment_round, acting_user=clerk)
    assert refused.value.code == "no_entrants"


def test_after_a_lottery_the_waiting_list_follows_the_draw_not_the_filing_order(clerk):
    from opencus.intake.services import item_withdraw, waiting_position

    service = ProgrammeServiceFactory.create(capacity=1)
    entrants = [file(service, clerk, days_ago=5, minutes=i) for i in range(6)]
    lottery = round_draw(
        enrolment_round=closed_round(service, clerk, Allocation.LOTTERY),
        acting_user=clerk,
        seed="waiting-order",
    )
    drawn = list(lottery.result)
    assert drawn != [item.pk for item in entrants]  # this seed does reorder them
    by_pk = {item.pk: item for item in ApplicationItem.objects.filter(service=service)}
    assert by_pk[drawn[0]].state == ItemState.QUALIFIED
    positions = [waiting_position(by_pk[pk]) for pk in drawn[1:]]
    assert positions == [1, 2, 3, 4, 5]
    assert [by_pk[pk].filed_at for pk in drawn] != sorted(by_pk[pk].filed_at for pk in drawn)

    item_withdraw(item=by_pk[drawn[0]], acting_user=clerk)

    promoted = ApplicationItem.objects.get(service=service, state=ItemState.QUALIFIED)
    assert promoted.pk == drawn[1]  # the best-drawn waiting entrant, not the earliest filed
    assert promoted.filed_at == by_pk[drawn[1]].filed_at  # filing times never change
