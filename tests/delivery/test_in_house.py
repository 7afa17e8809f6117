"""The ledger for every kind of unit: the centre delivers some services itself (the Senior+
club, its own classes, volunteers' help, the job broker). Such a delivery is a ledger row with
no contract line, no provider and no price; settlement leaves it out and the centre's views
still count it. A database constraint says which rows may go without a line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from opencus.catalog.models import DeliveredBy, Unit
from opencus.core.roles import Role
from opencus.delivery.errors import DeliveryError
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.reports import month_overview
from opencus.delivery.services import delivery_correct, delivery_record, settlement_compute
from opencus.intake.models import Entitlement
from tests.catalog.factories import ProgrammeServiceFactory
from tests.delivery.factories import entitlement_make, line_make, staff_link

pytestmark = pytest.mark.django_db


def in_house_entitlement(
    allowances: list[dict[str, Any]] | None = None,
) -> Entitlement:
    """An entitlement to the centre's own job-broker consultations (no provider)."""
    service = ProgrammeServiceFactory.create(
        delivered_by=DeliveredBy.CENTRE, centre_unit=Unit.CONSULTATION
    )
    line = line_make()  # another service's contract, for the entitlement's filing
    entitlement = entitlement_make(line=line, allowances=allowances)
    Entitlement.objects.filter(pk=entitlement.pk).update(
        service=service, provider=None, starts_on=timezone.localdate() - dt.timedelta(days=60)
    )
    entitlement.refresh_from_db()
    return entitlement


def today() -> dt.date:
    return timezone.localdate()


def test_the_centre_records_its_own_delivery_without_a_contract(organiser):
    entitlement = in_house_entitlement()
    record = delivery_record(
        entitlement=entitlement, delivered_on=today(), units=1, acting_user=organiser
    )
    assert record.in_house is True
    assert (record.contract_line_id, record.provider_id, record.unit_price) == (None, None, None)
    assert record.unit == Unit.CONSULTATION
    correction = delivery_correct(record=record, acting_user=organiser, note="mistake")
    assert correction.in_house and correction.units == -1


def test_the_allowance_holds_in_the_unit_the_centre_counts(organiser):
    entitlement = in_house_entitlement(
        allowances=[{"units": 1, "unit": Unit.CONSULTATION, "period": "month"}]
    )
    delivery_record(entitlement=entitlement, delivered_on=today(), units=1, acting_user=organiser)
    with pytest.raises(DeliveryError) as refused:
        delivery_record(
            entitlement=entitlement, delivered_on=today(), units=1, acting_user=organiser
        )
    assert refused.value.code == "allowance"


def test_a_providers_staff_cannot_record_the_centres_own_service(make_staff):
    entitlement = in_house_entitlement()
    staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(staff, line_make())
    with pytest.raises(DeliveryError) as refused:
        delivery_record(entitlement=entitlement, delivered_on=today(), units=1, acting_user=staff)
    assert refused.value.code == "not_your_client"
    assert not DeliveryRecord.objects.exists()


def test_settlement_leaves_the_centres_deliveries_out_and_the_centre_view_counts_them(
    organiser,
):
    line = line_make(unit_price="30.00")
    delivery_record(
        entitlement=entitlement_make(line=line),
        delivered_on=today(),
        units=2,
        acting_user=organiser,
    )
    delivery_record(
        entitlement=in_house_entitlement(), delivered_on=today(), units=3, acting_user=organiser
    )
    statement = settlement_compute(contract=line.contract, month=today().replace(day=1))
    assert statement.total == Decimal("60.00")
    with translation.override("en"):
        overview = month_overview(month=today())
    by_provider = {(row.provider, row.unit): row.delivered for row in overview.rows}
    assert by_provider[(line.contract.provider.name, Unit.RIDE)] == 2
    assert by_provider[("the centre itself", Unit.CONSULTATION)] == 3


def test_the_database_refuses_a_row_without_a_line_unless_it_is_the_centres(organiser):
    line = line_make()
    entitlement = entitlement_make(line=line)
    common = {
        "entitlement": entitlement,
        "delivered_on": today(),
        "units": 1,
        "unit": Unit.RIDE,
        "settlement_month": today().replace(day=1),
        "recorded_by": organiser,
    }
    for wrong in (
        {"in_house": False},  # a provider's row with no line, provider or price
        {
            "in_house": True,
            "contract_line": line,
            "provider": line.contract.provider,
            "unit_price": Decimal("1.00"),
        },
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            DeliveryRecord.objects.create(**common, **wrong)
    assert not DeliveryRecord.objects.exists()
