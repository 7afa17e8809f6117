"""The delivery ledger: every rule of ``delivery_record`` and ``delivery_correct``, each refusal
with its numbers or dates, and that nothing in the ledger is ever edited or deleted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from opencus.catalog.models import Unit
from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord, LedgerEditError, Settlement
from opencus.delivery.services import (
    DeliveryError,
    delivery_correct,
    delivery_record,
    settlement_approve,
)
from opencus.intake.models import EntitlementChange, EntitlementStatus, EntitlementTransition
from opencus.providers.models import LinePeriod
from tests.delivery.factories import (
    entitlement_make,
    line_make,
    month_start,
    previous_month,
    staff_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def today() -> dt.date:
    return timezone.localdate()


def refused(call: Any, **kwargs: Any) -> str:
    before = DeliveryRecord.objects.count()
    with pytest.raises(DeliveryError) as error:
        call(**kwargs)
    assert DeliveryRecord.objects.count() == before
    return " ".join(error.value.messages)


def test_recording_copies_the_line_price_and_unit_and_is_audited(organiser):
    line = line_make(unit_price="31.50")
    entitlement = entitlement_make(line=line)
    record = delivery_record(
        entitlement=entitlement, delivered_on=today(), units=2, acting_user=organiser, note="x"
    )
    assert record.contract_line == line
    assert record.provider_id == line.contract.provider_id
    assert (record.unit, record.unit_price, record.units) == (Unit.RIDE, Decimal("31.50"), 2)
    assert record.settlement_month == month_start(today())
    assert AuditEvent.objects.filter(object_id=str(record.pk), action="create").exists()


def test_whole_units_are_required_except_for_hours(organiser):
    entitlement = entitlement_make(line=line_make(unit=Unit.RIDE))
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=today(),
        units="1.5",
        acting_user=organiser,
    )
    assert "whole units, not 1.5" in message


def test_quarter_hours_are_allowed_for_hours_but_not_other_fractions(organiser):
    entitlement = entitlement_make(line=line_make(unit=Unit.HOUR))
    record = delivery_record(
        entitlement=entitlement, delivered_on=today(), units="1.75", acting_user=organiser
    )
    assert record.units == Decimal("1.75")
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=today(),
        units="0.3",
        acting_user=organiser,
    )
    assert "quarter hours" in message and "0.3" in message


@pytest.mark.parametrize("units", [0, -1, "-0.25", "abc"])
def test_zero_negative_and_non_numbers_are_refused(organiser, units):
    entitlement = entitlement_make(line=line_make(unit=Unit.HOUR))
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=today(),
        units=units,
        acting_user=organiser,
    )
    assert "more than zero" in message or "as a number" in message


def test_a_delivery_in_the_future_is_refused(organiser):
    entitlement = entitlement_make(line=line_make())
    tomorrow = today() + dt.timedelta(days=1)
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=tomorrow,
        units=1,
        acting_user=organiser,
    )
    assert "future" in message


def test_a_delivery_outside_the_entitlement_is_refused_with_its_dates(organiser):
    line = line_make()
    starts = today() - dt.timedelta(days=20)
    ends = today() - dt.timedelta(days=10)
    entitlement = entitlement_make(line=line, starts_on=starts, ends_on=ends)
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=today() - dt.timedelta(days=5),
        units=1,
        acting_user=organiser,
    )
    assert "outside the entitlement" in message
    assert f"{starts:%d.%m.%Y}" in message and f"{ends:%d.%m.%Y}" in message


def test_a_suspended_entitlement_takes_no_delivery_from_its_suspension(organiser):
    entitlement = entitlement_make(line=line_make(), status=EntitlementStatus.SUSPENDED)
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=today(),
        units=1,
        acting_user=organiser,
    )
    assert "suspended" in message


def test_a_delivery_inside_a_past_suspension_is_refused_after_the_entitlement_resumed(organiser):
    """The suspension periods come from the entitlement's history, not from its status: once
    resumed, the days it was suspended still take no delivery."""
    entitlement = entitlement_make(line=line_make())
    suspended_on, resumed_on = today() - dt.timedelta(days=10), today() - dt.timedelta(days=3)
    for change, day in (
        (EntitlementChange.SUSPENDED, suspended_on),
        (EntitlementChange.RESUMED, resumed_on),
    ):
        EntitlementTransition.objects.create(
            entitlement=entitlement,
            change=change,
            from_status=EntitlementStatus.ACTIVE if change == "suspended" else "suspended",
            to_status="suspended" if change == "suspended" else EntitlementStatus.ACTIVE,
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0))),
            actor=organiser,
            note="hospital",
        )
    assert entitlement.status == EntitlementStatus.ACTIVE
    for day in (suspended_on, today() - dt.timedelta(days=4)):
        message = refused(
            delivery_record,
            entitlement=entitlement,
            delivered_on=day,
            units=1,
            acting_user=organiser,
        )
        assert "suspended" in message
        assert f"{suspended_on:%d.%m.%Y}" in message
    for day in (suspended_on - dt.timedelta(days=1), resumed_on):
        delivery_record(entitlement=entitlement, delivered_on=day, units=1, acting_user=organiser)
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 2


def test_the_allowance_of_the_month_is_refused_with_the_numbers(organiser):
    line = line_make()
    entitlement = entitlement_make(
        line=line, allowances=[{"units": 2, "unit": "ride", "period": "month"}]
    )
    delivery_record(entitlement=entitlement, delivered_on=today(), units=2, acting_user=organiser)
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=today(),
        units=1,
        acting_user=organiser,
    )
    month = today().strftime("%B %Y")
    assert f"2 of 2 × ride allowed per month are used in {month}; 1 more would exceed it" in (
        message
    )


def test_a_correction_gives_the_allowance_back(organiser):
    line = line_make()
    entitlement = entitlement_make(
        line=line, allowances=[{"units": 1, "unit": "ride", "period": "week"}]
    )
    first = delivery_record(
        entitlement=entitlement, delivered_on=today(), units=1, acting_user=organiser
    )
    delivery_correct(record=first, acting_user=organiser, note="recorded twice")
    again = delivery_record(
        entitlement=entitlement, delivered_on=today(), units=1, acting_user=organiser
    )
    assert again.units == 1


def test_the_contract_line_maximum_is_refused_with_the_numbers(organiser):
    line = line_make(max_units=3, period=LinePeriod.MONTH)
    first = entitlement_make(line=line)
    second = entitlement_make(line=line)
    delivery_record(entitlement=first, delivered_on=today(), units=2, acting_user=organiser)
    message = refused(
        delivery_record,
        entitlement=second,
        delivered_on=today(),
        units=2,
        acting_user=organiser,
    )
    assert "2 of the contract's maximum of 3 × ride per month are used in" in message
    assert "2 more would exceed it" in message


def test_a_service_without_a_contract_line_on_the_day_is_refused(organiser):
    line = line_make(valid_from=today() - dt.timedelta(days=3))
    entitlement = entitlement_make(line=line, starts_on=today() - dt.timedelta(days=30))
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=today() - dt.timedelta(days=10),
        units=1,
        acting_user=organiser,
    )
    assert "no contract line" in message


def test_provider_staff_record_for_their_own_clients_only(make_staff):
    line = line_make()
    other = line_make()
    worker = make_staff(Role.PROVIDER_STAFF)
    staff_link(worker, line)
    own = delivery_record(
        entitlement=entitlement_make(line=line),
        delivered_on=today(),
        units=1,
        acting_user=worker,
    )
    assert own.recorded_by == worker
    message = refused(
        delivery_record,
        entitlement=entitlement_make(line=other),
        delivered_on=today(),
        units=1,
        acting_user=worker,
    )
    assert "your own provider's clients" in message
    with pytest.raises(DeliveryError):
        delivery_correct(
            record=DeliveryRecord.objects.create(
                entitlement=entitlement_make(line=other),
                contract_line=other,
                provider=other.contract.provider,
                delivered_on=today(),
                units=1,
                unit=other.unit,
                unit_price=other.unit_price,
                settlement_month=month_start(today()),
                recorded_by=worker,
            ),
            acting_user=worker,
            note="not mine",
        )


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AUDITOR, Role.CLIENT_OFFICE])
def test_roles_without_the_capability_cannot_record(make_staff, role):
    message = refused(
        delivery_record,
        entitlement=entitlement_make(line=line_make()),
        delivered_on=today(),
        units=1,
        acting_user=make_staff(role),
    )
    assert "your own provider's clients" in message


def test_a_new_delivery_into_a_locked_month_is_refused(organiser):
    line = line_make()
    entitlement = entitlement_make(line=line)
    last_month = previous_month(today())
    settlement_approve(contract=line.contract, month=last_month, acting_user=organiser)
    message = refused(
        delivery_record,
        entitlement=entitlement,
        delivered_on=last_month + dt.timedelta(days=4),
        units=1,
        acting_user=organiser,
    )
    assert f"{last_month:%B %Y} is settled and locked" in message


def test_a_correction_of_a_locked_month_lands_in_the_next_open_month(organiser):
    line = line_make()
    entitlement = entitlement_make(line=line)
    last_month = previous_month(today())
    record = delivery_record(
        entitlement=entitlement,
        delivered_on=last_month + dt.timedelta(days=4),
        units=3,
        acting_user=organiser,
    )
    settlement_approve(contract=line.contract, month=last_month, acting_user=organiser)
    correction = delivery_correct(record=record, acting_user=organiser, note="wrong person")
    assert correction.units == -3
    assert correction.corrects == record
    assert correction.delivered_on == record.delivered_on
    assert correction.settlement_month == month_start(today())


def test_a_correction_of_an_open_month_stays_in_it(organiser):
    line = line_make()
    record = delivery_record(
        entitlement=entitlement_make(line=line),
        delivered_on=today(),
        units=1,
        acting_user=organiser,
    )
    correction = delivery_correct(record=record, acting_user=organiser, note="mistake")
    assert correction.settlement_month == record.settlement_month


def test_a_record_is_reversed_at_most_once_and_a_correction_is_not_corrected(organiser):
    record = delivery_record(
        entitlement=entitlement_make(line=line_make()),
        delivered_on=today(),
        units=1,
        acting_user=organiser,
    )
    correction = delivery_correct(record=record, acting_user=organiser, note="mistake")
    assert "already reversed" in refused(
        delivery_correct, record=record, acting_user=organiser, note="again"
    )
    assert "correction already" in refused(
        delivery_correct, record=correction, acting_user=organiser, note="undo"
    )
    assert "why" in refused(delivery_correct, record=record, acting_user=organiser, note=" ")


def test_the_database_refuses_a_second_reversal_and_wrong_signs(organiser):
    record = delivery_record(
        entitlement=entitlement_make(line=line_make()),
        delivered_on=today(),
        units=1,
        acting_user=organiser,
    )
    fields = {
        "entitlement_id": record.entitlement_id,
        "contract_line_id": record.contract_line_id,
        "provider_id": record.provider_id,
        "delivered_on": record.delivered_on,
        "unit": record.unit,
        "unit_price": record.unit_price,
        "settlement_month": record.settlement_month,
        "recorded_by": organiser,
    }
    DeliveryRecord.objects.create(units=-1, corrects=record, **fields)
    for bad in (
        {"units": -1, "corrects": record},  # reversed twice
        {"units": -1},  # a negative entry that corrects nothing
        {"units": 0},
        {"units": 1, "corrects": record},  # a correction must be negative
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            DeliveryRecord.objects.create(**fields, **bad)


def test_the_ledger_has_no_update_or_delete_path(organiser):
    record = delivery_record(
        entitlement=entitlement_make(line=line_make()),
        delivered_on=today(),
        units=1,
        acting_user=organiser,
    )
    record.units = Decimal("5")
    with pytest.raises(LedgerEditError):
        record.save()
    with pytest.raises(LedgerEditError):
        DeliveryRecord.objects.filter(pk=record.pk).update(units=5)
    with pytest.raises(LedgerEditError):
        record.delete()
    with pytest.raises(LedgerEditError):
        DeliveryRecord.objects.all().delete()
    assert DeliveryRecord.objects.get(pk=record.pk).units == 1
    assert not Settlement.objects.exists()
