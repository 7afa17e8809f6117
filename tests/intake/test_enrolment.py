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
from opencus.intake.enrolment import (
    draw_order,
    enrolment_candidates,
    enrolment_redraw_check,
    enrolment_round_allocate,
    enrolment_round_create,
    enrolment_round_draw,
    enrolment_round_record_past,
)
from opencus.intake.errors import IntakeError
from opencus.intake.models import (
    Allocation,
    ApplicationItem,
    EnrolmentChange,
    EnrolmentEntry,
    EnrolmentRound,
    EntryOutcome,
    ItemState,
)
from opencus.intake.services import item_qualify
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import SENIORS, announced_round, closed_round, item_make_at_noon

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def seed_will_be(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the next draws use a known seed (in place of ``secrets``), for tests that need a
    particular order."""

    def set_seed(seed: str) -> None:
        monkeypatch.setattr("opencus.intake.enrolment.lottery_seed", lambda: seed)

    return set_seed


# --- Creating a round --------------------------------------------------------------------------


def test_a_round_cannot_close_before_it_opens(organiser):
    service = ProgrammeServiceFactory.create()
    with pytest.raises(IntakeError) as refused:
        enrolment_round_create(
            service=service,
            opens_on=today() + dt.timedelta(days=2),
            closes_on=today() + dt.timedelta(days=1),
            allocation=Allocation.LOTTERY,
            acting_user=organiser,
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


@pytest.mark.parametrize(
    ("opens_in", "closes_in"),
    [(0, 5), (-10, -1), (-3, 3)],
    ids=["opens-today", "entirely-past", "already-open"],
)
def test_a_round_is_announced_before_it_opens(organiser, opens_in, closes_in):
    # Otherwise an organiser could set a round's dates after seeing who applied.
    service = ProgrammeServiceFactory.create()
    opens_on = today() + dt.timedelta(days=opens_in)
    with pytest.raises(IntakeError) as refused:
        enrolment_round_create(
            service=service,
            opens_on=opens_on,
            closes_on=today() + dt.timedelta(days=closes_in),
            allocation=Allocation.LOTTERY,
            acting_user=organiser,
        )
    assert refused.value.error_dict["opens_on"][0].code == "announce_first"
    tomorrow = today() + dt.timedelta(days=1)
    message = refused.value.messages[0]
    assert "announced before it opens" in message
    assert f"{tomorrow:%d.%m.%Y}" in message and f"{opens_on:%d.%m.%Y}" in message
    assert not EnrolmentRound.objects.exists()


def test_a_round_opening_tomorrow_can_be_announced_today(organiser):
    enrolment_round = enrolment_round_create(
        service=ProgrammeServiceFactory.create(),
        opens_on=today() + dt.timedelta(days=1),
        closes_on=today() + dt.timedelta(days=14),
        allocation=Allocation.LOTTERY,
        acting_user=organiser,
    )
    assert enrolment_round.opens_on == today() + dt.timedelta(days=1)


def test_a_past_round_is_recorded_only_explicitly_with_a_reason(organiser):
    service = ProgrammeServiceFactory.create()
    past = {
        "service": service,
        "opens_on": today() - dt.timedelta(days=10),
        "closes_on": today() - dt.timedelta(days=1),
        "allocation": Allocation.LOTTERY,
        "acting_user": organiser,
    }
    with pytest.raises(IntakeError) as refused:
        enrolment_round_record_past(**past, reason="  ")
    assert refused.value.code == "reason_required"
    with pytest.raises(IntakeError) as refused:
        enrolment_round_record_past(**past | {"closes_on": today()}, reason="paper records")
    assert refused.value.error_dict["closes_on"][0].code == "not_past"
    assert not EnrolmentRound.objects.exists()

    enrolment_round = enrolment_round_record_past(**past, reason="paper records")

    created = enrolment_round.transitions.get(change=EnrolmentChange.CREATED)
    assert created.note == "Recorded after the fact: paper records"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(enrolment_round.pk))
    assert event.changes["recorded_after_the_fact"] == created.note


def test_rounds_of_one_service_do_not_overlap(organiser):
    service = ProgrammeServiceFactory.create()
    closed_round(service, organiser, Allocation.LOTTERY)
    enrolment_round_create(
        service=service,
        opens_on=today() + dt.timedelta(days=1),
        closes_on=today() + dt.timedelta(days=10),
        allocation=Allocation.LOTTERY,
        acting_user=organiser,
    )
    with pytest.raises(IntakeError) as refused:
        enrolment_round_create(
            service=service,
            opens_on=today() + dt.timedelta(days=5),
            closes_on=today() + dt.timedelta(days=20),
            allocation=Allocation.FIRST_COME,
            acting_user=organiser,
        )
    assert refused.value.code == "overlap"
    assert EnrolmentRound.objects.count() == 2
    other = ProgrammeServiceFactory.create()
    assert closed_round(other, organiser, Allocation.FIRST_COME).service == other


def test_decision_services_have_no_rounds_and_bad_choices_are_refused(organiser):
    decided = ProgrammeServiceFactory.create(qualification_mode=QualificationMode.DECISION)
    with pytest.raises(IntakeError) as refused:
        closed_round(decided, organiser, Allocation.LOTTERY)
    assert refused.value.code == "decision_mode"
    service = ProgrammeServiceFactory.create()
    with pytest.raises(IntakeError):
        closed_round(service, organiser, "raffle")
    with pytest.raises(IntakeError):
        closed_round(service, organiser, Allocation.LOTTERY, places=0)
    assert not EnrolmentRound.objects.exists()


def test_creating_a_round_is_audited(organiser):
    enrolment_round = closed_round(ProgrammeServiceFactory.create(), organiser, Allocation.LOTTERY)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(enrolment_round.pk), actor=organiser
    ).exists()


# --- Entrants ----------------------------------------------------------------------------------


def test_entrants_are_undecided_requests_filed_for_the_service_within_the_dates(organiser):
    service = ProgrammeServiceFactory.create()
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    before = item_make_at_noon(service, by=organiser, days_ago=11)
    first_day = item_make_at_noon(service, by=organiser, days_ago=10)
    last_day = item_make_at_noon(service, by=organiser, days_ago=1)
    after = item_make_at_noon(service, by=organiser, days_ago=0)
    other_service = item_make_at_noon(ProgrammeServiceFactory.create(), by=organiser, days_ago=5)
    decided = item_make_at_noon(service, by=organiser, days_ago=5)
    item_qualify(item=decided, acting_user=organiser)

    entrants = list(enrolment_candidates(enrolment_round))

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


def test_a_lottery_qualifies_in_drawn_order_and_the_rest_wait(organiser, seed_will_be):
    service = ProgrammeServiceFactory.create(capacity=2)
    items = [item_make_at_noon(service, by=organiser, days_ago=8, minutes=i) for i in range(6)]
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    seed_will_be("public-seed-42")

    drawn = enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)

    expected = draw_order([item.pk for item in items], "public-seed-42")
    enrolment_round.refresh_from_db()
    assert enrolment_round.result == expected == drawn.result
    assert enrolment_round.seed == "public-seed-42"
    assert enrolment_round.allocated_by == organiser
    assert enrolment_round.allocated_at is not None
    assert list(enrolment_round.transitions.values_list("change", "actor")) == [
        ("created", organiser.pk),
        ("drawn", organiser.pk),
    ]
    states = dict(ApplicationItem.objects.values_list("id", "state"))
    assert [states[pk] for pk in expected] == [ItemState.QUALIFIED] * 2 + [ItemState.WAITING] * 4
    entries = list(EnrolmentEntry.objects.filter(enrolment_round=enrolment_round))
    assert [entry.item_id for entry in entries] == expected
    assert [entry.outcome for entry in entries] == ["qualified"] * 2 + ["waiting"] * 4
    assert AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, object_id=str(enrolment_round.pk)
    ).exists()


def test_the_seed_comes_from_secrets_is_recorded_and_the_auditor_can_rerun_it(
    organiser, monkeypatch
):
    service = ProgrammeServiceFactory.create(capacity=1)
    for i in range(5):
        item_make_at_noon(service, by=organiser, days_ago=3, minutes=i)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    drawn_from_secrets = []

    def token_hex(n: int) -> str:
        drawn_from_secrets.append(n)
        return "5eed" * 8

    monkeypatch.setattr("opencus.intake.enrolment.secrets.token_hex", token_hex)

    enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)

    assert drawn_from_secrets == [16]
    enrolment_round.refresh_from_db()
    assert enrolment_round.seed == "5eed" * 8
    assert enrolment_round.transitions.get(change=EnrolmentChange.DRAWN).note == (
        f"seed {'5eed' * 8}"
    )
    assert enrolment_redraw_check(enrolment_round) is True


def test_nobody_can_give_the_draw_a_seed(organiser):
    service = ProgrammeServiceFactory.create()
    item_make_at_noon(service, by=organiser, days_ago=2)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    with pytest.raises(TypeError):
        enrolment_round_draw(  # type: ignore[call-arg]
            enrolment_round=enrolment_round, acting_user=organiser, seed="7 19 23 41"
        )
    enrolment_round.refresh_from_db()
    assert enrolment_round.allocated_at is None


def test_a_tampered_result_fails_the_auditors_check(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    for i in range(4):
        item_make_at_noon(service, by=organiser, days_ago=3, minutes=i)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    assert enrolment_redraw_check(enrolment_round) is True

    result = list(enrolment_round.result)
    EnrolmentRound.objects.filter(pk=enrolment_round.pk).update(result=result[::-1])
    assert enrolment_redraw_check(enrolment_round) is False

    EnrolmentRound.objects.filter(pk=enrolment_round.pk).update(result=result, seed="other")
    assert enrolment_redraw_check(enrolment_round) is False


def test_a_lottery_with_no_entrants_is_refused_and_changes_nothing(organiser):
    service = ProgrammeServiceFactory.create()
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    with pytest.raises(IntakeError) as refused:
        enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    assert refused.value.code == "no_entrants"
    assert "nothing to draw" in refused.value.messages[0]
    enrolment_round.refresh_from_db()
    assert enrolment_round.allocated_at is None
    assert enrolment_round.seed == ""


def test_a_round_is_not_drawn_before_it_closes(organiser):
    service = ProgrammeServiceFactory.create()
    item_make_at_noon(service, by=organiser, days_ago=1)
    enrolment_round = announced_round(
        service,
        organiser,
        Allocation.LOTTERY,
        opens_on=today() - dt.timedelta(days=3),
        closes_on=today(),
    )
    with pytest.raises(IntakeError) as refused:
        enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    assert refused.value.code == "round_open"
    assert "allocate it after it closes" in refused.value.messages[0]
    assert f"{today():%d.%m.%Y}" in refused.value.messages[0]
    assert not EnrolmentEntry.objects.exists()
    assert ApplicationItem.objects.get().state == ItemState.SUBMITTED


def test_a_round_is_drawn_only_once(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    item_make_at_noon(service, by=organiser, days_ago=2)
    item_make_at_noon(service, by=organiser, days_ago=2, minutes=5)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    first_seed = EnrolmentRound.objects.get().seed
    with pytest.raises(IntakeError) as refused:
        enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    assert refused.value.code == "already_allocated"
    assert "already allocated" in refused.value.messages[0]
    enrolment_round.refresh_from_db()
    assert enrolment_round.seed == first_seed
    assert EnrolmentEntry.objects.count() == 2


def test_the_rounds_places_limit_the_winners_even_with_more_free_places(organiser):
    service = ProgrammeServiceFactory.create(capacity=10)
    for i in range(4):
        item_make_at_noon(service, by=organiser, days_ago=2, minutes=i)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY, places=1)
    enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    outcomes = list(EnrolmentEntry.objects.values_list("outcome", flat=True))
    assert outcomes == ["qualified", "waiting", "waiting", "waiting"]
    second = EnrolmentEntry.objects.get(position=2).item
    assert "position 2" in second.transitions.get(to_state=ItemState.WAITING).note


def test_entrants_who_do_not_meet_the_conditions_are_left_for_a_clerk(organiser):
    service = ProgrammeServiceFactory.create(capacity=5, eligibility_rules=SENIORS)
    young = item_make_at_noon(service, by=organiser, days_ago=2, birth_date=dt.date(1995, 1, 1))
    old = item_make_at_noon(service, by=organiser, days_ago=2, minutes=1)
    enrolment_round = closed_round(service, organiser, Allocation.LOTTERY)
    enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    young.refresh_from_db()
    old.refresh_from_db()
    assert young.state == ItemState.SUBMITTED
    assert young.enrolment_entry.outcome == EntryOutcome.NOT_ELIGIBLE
    assert old.state == ItemState.QUALIFIED


def test_a_lottery_round_is_not_allocated_first_come_and_vice_versa(organiser):
    service = ProgrammeServiceFactory.create()
    item_make_at_noon(service, by=organiser, days_ago=2)
    lottery = closed_round(service, organiser, Allocation.LOTTERY)
    with pytest.raises(IntakeError) as refused:
        enrolment_round_allocate(enrolment_round=lottery, acting_user=organiser)
    assert refused.value.code == "allocation"
    lottery.refresh_from_db()
    assert lottery.allocated_at is None


# --- First come, first served ------------------------------------------------------------------


def test_a_first_come_round_qualifies_in_filing_order(organiser):
    service = ProgrammeServiceFactory.create(capacity=2)
    third = item_make_at_noon(service, by=organiser, days_ago=3)
    first = item_make_at_noon(service, by=organiser, days_ago=5)
    second = item_make_at_noon(service, by=organiser, days_ago=4)
    enrolment_round = closed_round(service, organiser, Allocation.FIRST_COME)

    enrolment_round_allocate(enrolment_round=enrolment_round, acting_user=organiser)

    enrolment_round.refresh_from_db()
    assert enrolment_round.result == [first.pk, second.pk, third.pk]
    assert enrolment_round.seed == ""
    for item, state in ((first, "qualified"), (second, "qualified"), (third, "waiting")):
        item.refresh_from_db()
        assert item.state == state
    assert enrolment_redraw_check(enrolment_round) is True
    with pytest.raises(IntakeError):
        enrolment_round_draw(enrolment_round=enrolment_round, acting_user=organiser)
    with pytest.raises(IntakeError) as again:
        enrolment_round_allocate(enrolment_round=enrolment_round, acting_user=organiser)
    assert again.value.code == "already_allocated"


def test_an_unallocated_round_fails_the_auditors_check(organiser):
    enrolment_round = closed_round(ProgrammeServiceFactory.create(), organiser, Allocation.LOTTERY)
    assert enrolment_redraw_check(enrolment_round) is False


def test_an_empty_first_come_round_is_refused(organiser):
    enrolment_round = closed_round(
        ProgrammeServiceFactory.create(), organiser, Allocation.FIRST_COME
    )
    with pytest.raises(IntakeError) as refused:
        enrolment_round_allocate(enrolment_round=enrolment_round, acting_user=organiser)
    assert refused.value.code == "no_entrants"


def test_after_a_lottery_the_waiting_list_follows_the_draw_not_the_filing_order(
    organiser, seed_will_be
):
    from opencus.intake.selectors import waiting_position
    from opencus.intake.services import item_withdraw

    service = ProgrammeServiceFactory.create(capacity=1)
    entrants = [item_make_at_noon(service, by=organiser, days_ago=5, minutes=i) for i in range(6)]
    seed_will_be("waiting-order")
    lottery = enrolment_round_draw(
        enrolment_round=closed_round(service, organiser, Allocation.LOTTERY),
        acting_user=organiser,
    )
    drawn = list(lottery.result)
    assert drawn != [item.pk for item in entrants]  # this seed does reorder them
    by_pk = {item.pk: item for item in ApplicationItem.objects.filter(service=service)}
    assert by_pk[drawn[0]].state == ItemState.QUALIFIED
    positions = [waiting_position(by_pk[pk]) for pk in drawn[1:]]
    assert positions == [1, 2, 3, 4, 5]
    assert [by_pk[pk].filed_at for pk in drawn] != sorted(by_pk[pk].filed_at for pk in drawn)

    item_withdraw(item=by_pk[drawn[0]], acting_user=organiser, reason="No longer needed.")

    promoted = ApplicationItem.objects.get(service=service, state=ItemState.QUALIFIED)
    assert promoted.pk == drawn[1]  # the best-drawn waiting entrant, not the earliest filed
    assert promoted.filed_at == by_pk[drawn[1]].filed_at  # filing times never change
