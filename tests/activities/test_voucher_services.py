"""Vouchers: issued against an entitlement within its ticket allowance, with a code whose
check character tells a typo from an unknown code; redeemed once by the venue's staff,
posting one ticket in the delivery ledger; expired by the nightly task, returning to the pool;
a venue never sees another venue's vouchers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencus.activities import voucher_tasks
from opencus.activities.errors import VoucherError
from opencus.activities.models import Voucher, VoucherStatus, VoucherTransition
from opencus.activities.voucher_codes import (
    ALPHABET,
    LENGTH,
    code_is_well_formed,
    code_new,
    code_normalise,
)
from opencus.activities.voucher_services import (
    voucher_find,
    voucher_issue,
    voucher_redeem,
    vouchers_expire,
)
from opencus.catalog.models import Unit
from opencus.core.models import AuditEvent
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import delivery_record
from tests.activities.senior_factories import NOW, TODAY, WARSAW, Venue, venue_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_a_tuesday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def venue() -> Venue:
    return venue_make()


def issue(venue: Venue, entitlement, **dates) -> Voucher:
    return voucher_issue(
        person=entitlement.person, service=venue.service, acting_user=venue.clerk, **dates
    )


# --- Codes ------------------------------------------------------------------------------------


def test_a_code_is_eleven_unambiguous_characters_with_a_check_character() -> None:
    for _ in range(200):
        code = code_new()
        assert len(code) == LENGTH
        assert set(code) <= set(ALPHABET)
        assert code_is_well_formed(code)
    assert not set("01ILO") & set(ALPHABET)


def test_every_single_typo_and_every_swap_of_neighbours_is_told_apart() -> None:
    code = code_new()
    for position in range(LENGTH):
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert not code_is_well_formed(typo), typo
    for position in range(LENGTH - 1):
        if code[position] != code[position + 1]:
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            assert not code_is_well_formed(swapped), swapped


def test_a_code_typed_in_groups_small_letters_and_spaces_is_read() -> None:
    code = code_new()
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
    assert code_normalise(typed) == code


# --- Issuing ----------------------------------------------------------------------------------


def test_a_voucher_is_issued_against_the_entitlement_at_its_venue(venue) -> None:
    entitlement = venue.entitlement()
    voucher = issue(venue, entitlement)
    assert voucher.status == VoucherStatus.ISSUED
    assert voucher.entitlement == entitlement
    assert voucher.venue == venue.line.contract.provider
    assert (voucher.valid_from, voucher.valid_until) == (TODAY, TODAY + dt.timedelta(days=30))
    assert code_is_well_formed(voucher.code)
    assert voucher.code_text.count("-") == 2
    transition = VoucherTransition.objects.get(voucher=voucher)
    assert (transition.from_status, transition.to_status) == ("", VoucherStatus.ISSUED)
    assert AuditEvent.objects.filter(object_id=str(voucher.pk), action="create").exists()


def test_a_person_without_an_entitlement_gets_no_voucher(venue) -> None:
    person = PersonFactory.create()
    with pytest.raises(VoucherError) as refused:
        voucher_issue(person=person, service=venue.service, acting_user=venue.clerk)
    assert refused.value.code == "no_entitlement"
    assert "no active entitlement" in refused.value.text
    assert not Voucher.objects.exists()


def test_an_ended_entitlement_gives_no_voucher(venue) -> None:
    entitlement = venue.entitlement()
    entitlement.ends_on = TODAY - dt.timedelta(days=1)
    entitlement.save(update_fields=["ends_on"])
    with pytest.raises(VoucherError) as refused:
        issue(venue, entitlement)
    assert refused.value.code == "no_entitlement"


def test_vouchers_beyond_the_allowance_for_the_month_are_refused(venue) -> None:
    entitlement = venue.entitlement(tickets=2)
    issue(venue, entitlement)
    issue(venue, entitlement)
    with pytest.raises(VoucherError) as refused:
        issue(venue, entitlement)
    assert refused.value.code == "allowance"
    assert "2 of 2 tickets" in refused.value.text
    assert Voucher.objects.count() == 2
    # Next month's allowance is separate.
    issue(venue, entitlement, valid_from=dt.date(2026, 4, 1), valid_until=dt.date(2026, 4, 30))


def test_an_expired_voucher_returns_to_the_pool(venue) -> None:
    entitlement = venue.entitlement(tickets=1)
    issue(venue, entitlement, valid_from=dt.date(2026, 3, 1), valid_until=TODAY)
    with pytest.raises(VoucherError):
        issue(venue, entitlement)
    assert vouchers_expire(on=TODAY + dt.timedelta(days=1)) == 1
    assert issue(venue, entitlement).status == VoucherStatus.ISSUED


def test_a_voucher_cannot_end_before_it_starts_or_before_today(venue) -> None:
    entitlement = venue.entitlement()
    with pytest.raises(VoucherError) as refused:
        issue(venue, entitlement, valid_from=TODAY, valid_until=TODAY - dt.timedelta(days=1))
    assert refused.value.code == "period"
    assert not Voucher.objects.exists()


# --- Redeeming --------------------------------------------------------------------------------


def test_the_venue_redeems_once_and_the_ledger_gets_one_ticket(venue) -> None:
    voucher = issue(venue, venue.entitlement())
    found = voucher_find(code=voucher.code_text.lower(), user=venue.staff)
    assert found == voucher
    redeemed = voucher_redeem(voucher=found, acting_user=venue.staff)
    assert redeemed.status == VoucherStatus.REDEEMED
    assert redeemed.redeemed_by == venue.staff
    record = DeliveryRecord.objects.get(entitlement=voucher.entitlement)
    assert (record.units, record.unit, record.delivered_on) == (1, Unit.TICKET, TODAY)
    assert redeemed.delivery_record == record
    with pytest.raises(VoucherError) as again:
        voucher_redeem(voucher=voucher, acting_user=venue.staff)
    assert again.value.code == "redeemed"
    with pytest.raises(VoucherError) as typed_again:
        voucher_find(code=voucher.code, user=venue.staff)
    assert typed_again.value.code == "redeemed"
    assert DeliveryRecord.objects.count() == 1
    assert list(voucher.transitions.values_list("to_status", flat=True)) == [
        VoucherStatus.ISSUED,
        VoucherStatus.REDEEMED,
    ]


def test_a_mistyped_code_is_told_apart_from_an_unknown_one(venue) -> None:
    voucher = issue(venue, venue.entitlement())
    wrong = ALPHABET[(ALPHABET.index(voucher.code[3]) + 1) % len(ALPHABET)]
    typo = voucher.code[:3] + wrong + voucher.code[4:]
    with pytest.raises(VoucherError) as mistyped:
        voucher_find(code=typo, user=venue.staff)
    assert mistyped.value.code == "typo"
    unknown = code_new()
    with pytest.raises(VoucherError) as not_found:
        voucher_find(code=unknown, user=venue.staff)
    assert not_found.value.code == "unknown"
    with pytest.raises(VoucherError) as empty:
        voucher_find(code=" - ", user=venue.staff)
    assert empty.value.code == "empty"


def test_another_venue_s_voucher_is_an_unknown_code_and_cannot_be_redeemed(venue) -> None:
    voucher = issue(venue, venue.entitlement())
    museum = venue_make("Muzeum Przyrody i Techniki")
    with pytest.raises(VoucherError) as refused:
        voucher_find(code=voucher.code, user=museum.staff)
    assert refused.value.code == "unknown"
    assert voucher.person.last_name not in refused.value.text
    with pytest.raises(VoucherError):
        voucher_redeem(voucher=voucher, acting_user=museum.staff)
    assert Voucher.objects.visible_to(museum.staff).count() == 0
    assert list(Voucher.objects.visible_to(venue.staff)) == [voucher]
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.ISSUED


def test_an_expired_voucher_cannot_be_redeemed_and_says_when_it_expired(venue) -> None:
    voucher = issue(venue, venue.entitlement(), valid_from=dt.date(2026, 3, 1), valid_until=TODAY)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        with pytest.raises(VoucherError) as refused:
            voucher_find(code=voucher.code, user=venue.staff)
        assert refused.value.code == "expired"
        assert "10.03.2026" in refused.value.text
        assert voucher.person.last_name not in refused.value.text
        with pytest.raises(VoucherError):
            voucher_redeem(voucher=voucher, acting_user=venue.staff)
    assert not DeliveryRecord.objects.exists()


def test_a_voucher_valid_from_a_later_day_is_not_redeemed_yet(venue) -> None:
    voucher = issue(
        venue,
        venue.entitlement(),
        valid_from=dt.date(2026, 3, 20),
        valid_until=dt.date(2026, 3, 31),
    )
    with pytest.raises(VoucherError) as refused:
        voucher_find(code=voucher.code, user=venue.staff)
    assert refused.value.code == "not_yet"


def test_when_the_ledger_refuses_the_visitor_is_still_in(venue) -> None:
    venue.line.max_units = 1
    venue.line.save(update_fields=["max_units"])
    voucher = issue(venue, venue.entitlement())
    delivery_record(
        entitlement=venue.entitlement(), delivered_on=TODAY, units=1, acting_user=venue.staff
    )
    redeemed = voucher_redeem(voucher=voucher, acting_user=venue.staff)
    assert redeemed.status == VoucherStatus.REDEEMED
    assert redeemed.delivery_record is None
    assert "maximum" in redeemed.ledger_refusal


# --- Expiry -----------------------------------------------------------------------------------


def test_the_nightly_task_expires_unredeemed_vouchers_and_queues_the_next_run(venue) -> None:
    entitlement = venue.entitlement(tickets=5)
    old = issue(venue, entitlement, valid_from=dt.date(2026, 3, 1), valid_until=TODAY)
    used = issue(venue, entitlement, valid_from=dt.date(2026, 3, 1), valid_until=TODAY)
    # Issued last week, valid until yesterday; one of them was used.
    Voucher.objects.filter(pk__in=[old.pk, used.pk]).update(valid_until=dt.date(2026, 3, 9))
    Voucher.objects.filter(pk=used.pk).update(status=VoucherStatus.REDEEMED)
    current = issue(venue, entitlement)
    assert voucher_tasks.voucher_expire_daily.call() == 1
    old.refresh_from_db()
    used.refresh_from_db()
    current.refresh_from_db()
    assert old.status == VoucherStatus.EXPIRED
    assert (
        old.transitions.order_by("id").values_list("note", flat=True).last()
        == "Not redeemed in time."
    )
    assert (used.status, current.status) == (VoucherStatus.REDEEMED, VoucherStatus.ISSUED)
    waiting = DBTaskResult.objects.get(task_path=voucher_tasks.voucher_expire_daily.module_path)
    assert waiting.status == TaskResultStatus.READY
    assert waiting.run_after == dt.datetime(2026, 3, 11, 1, 0, tzinfo=WARSAW)
    # Queued once, however often it is asked for.
    assert voucher_tasks.daily_run_schedule(at=waiting.run_after) is False


def test_a_voucher_is_valid_through_its_last_day(venue) -> None:
    voucher = issue(venue, venue.entitlement(), valid_from=dt.date(2026, 3, 1), valid_until=TODAY)
    assert vouchers_expire() == 0
    assert voucher_find(code=voucher.code, user=venue.staff) == voucher


def test_the_command_expires_now_or_queues_the_nightly_run(venue) -> None:
    from io import StringIO

    from django.core.management import call_command

    voucher = issue(venue, venue.entitlement(), valid_from=dt.date(2026, 3, 1), valid_until=TODAY)
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=dt.date(2026, 3, 9))
    out = StringIO()
    call_command("voucher_expire", "--now", stdout=out)
    assert "Vouchers expired: 1" in out.getvalue()
    call_command("voucher_expire", stdout=out)
    call_command("voucher_expire", stdout=out)
    assert "already queued" in out.getvalue()
    assert (
        DBTaskResult.objects.filter(
            task_path=voucher_tasks.voucher_expire_daily.module_path
        ).count()
        == 1
    )
