"""Entitlements with a priced contract line, ready for deliveries: dates are relative to today
so that "a month that has ended" and "not in the future" hold whenever the suite runs."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from opencus.catalog.models import Unit
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
from opencus.people.models import Person
from opencus.providers.models import ContractLine, LinePeriod, ProviderStaff
from tests.people.factories import PersonFactory
from tests.providers.factories import ContractFactory, ContractLineFactory

_serial = itertools.count(1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return month_start(month_start(day) - dt.timedelta(days=1))


def line_make(
    *,
    unit: str = Unit.RIDE,
    unit_price: str = "25.00",
    max_units: int = 1000,
    period: str = LinePeriod.CONTRACT,
    **contract: Any,
) -> ContractLine:
    today = timezone.localdate()
    contract_obj = ContractFactory.create(
        valid_from=contract.pop("valid_from", today.replace(day=1) - dt.timedelta(days=400)),
        valid_to=contract.pop("valid_to", today + dt.timedelta(days=400)),
        **contract,
    )
    return ContractLineFactory.create(
        contract=contract_obj,
        unit=unit,
        unit_price=unit_price,
        max_units=max_units,
        period=period,
    )


def entitlement_make(
    *,
    line: ContractLine,
    person: Person | None = None,
    allowances: list[dict[str, Any]] | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    status: str = EntitlementStatus.ACTIVE,
) -> Entitlement:
    person = person or PersonFactory.create()
    now = timezone.now()
    application = Application.objects.create(
        reference=f"T/{next(_serial)}/2026", person=person, channel=Channel.PHONE, filed_at=now
    )
    item = ApplicationItem.objects.create(
        application=application,
        person=person,
        service=line.service,
        filed_at=now,
        queue_key=now,
        state=ItemState.QUALIFIED,
        state_changed_at=now,
    )
    entitlement = Entitlement.objects.create(
        item=item,
        person=person,
        service=line.service,
        provider=line.contract.provider,
        allowances=allowances if allowances is not None else [],
        starts_on=starts_on or line.valid_from,
        ends_on=ends_on,
        status=status,
        status_changed_at=now,
    )
    # Its history, as the entitlement services would have written it.
    EntitlementTransition.objects.create(
        entitlement=entitlement,
        change=EntitlementChange.GRANTED,
        to_status=EntitlementStatus.ACTIVE,
        provider=line.contract.provider,
        at=now,
    )
    if status != EntitlementStatus.ACTIVE:
        EntitlementTransition.objects.create(
            entitlement=entitlement,
            change=status,
            from_status=EntitlementStatus.ACTIVE,
            to_status=status,
            at=now,
        )
    return entitlement


def staff_link(user: Any, line: ContractLine) -> ProviderStaff:
    return ProviderStaff.objects.create(
        provider=line.contract.provider, user=user, valid_from=line.contract.valid_from
    )
