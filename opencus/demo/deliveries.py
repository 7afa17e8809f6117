"""Demo deliveries: three months of the ledger for the demo's entitlements, the oldest month
settled and locked, the newest still being recorded.

The demo's requests were qualified while the demo was built, so their entitlements start today;
here they start on the day the request was filed (plus a few days for qualification), as they
would have in a centre that has run for a while. Every record goes through ``delivery_record``,
so the allowances and the contract lines' maxima hold as in real use.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from opencus.catalog.models import DeliveredBy, Unit
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import delivery_record, settlement_approve
from opencus.intake.models import Entitlement, EntitlementStatus
from opencus.providers.models import Contract

#: How many delivery attempts per entitlement and month (some exceed a limit and are refused,
#: as they would be at the provider's desk). In the month being recorded, fewer: the demo's
#: provider must find something left to record (issue 9, item 12).
ATTEMPTS_PER_MONTH = 3
ATTEMPTS_THIS_MONTH = 1


WEEKEND = 5  # Saturday's weekday()


def _attendance(entitlement: Entitlement) -> bool:
    """Counted in days of attendance (the day home, the club)."""
    return any(entry.get("unit") == Unit.DAY for entry in entitlement.allowances or [])


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_back(day: dt.date, count: int) -> dt.date:
    month = _month_start(day)
    for _ in range(count):
        month = _month_start(month - dt.timedelta(days=1))
    return month


def _next_month(month: dt.date) -> dt.date:
    return _month_start(month + dt.timedelta(days=32))


def seed_deliveries(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if DeliveryRecord.objects.exists():
        return
    organiser, director = users[Role.SERVICE_ORGANISER], users[Role.DIRECTOR]
    rng = random.Random(2027)  # noqa: S311 - synthetic demo data
    first_month = _months_back(today, 2)
    entitlements = list(
        Entitlement.objects.filter(status=EntitlementStatus.ACTIVE)
        .filter(Q(provider__isnull=False) | Q(service__delivered_by=DeliveredBy.CENTRE))
        .select_related("item", "service")
        .order_by("id")
    )
    for entitlement in entitlements:
        filed = timezone.localtime(entitlement.item.filed_at).date()
        start = max(filed + dt.timedelta(days=3), first_month)
        if start < entitlement.starts_on:
            Entitlement.objects.filter(pk=entitlement.pk).update(starts_on=start)
            entitlement.starts_on = start
    recorded = 0
    for entitlement in entitlements:
        month = _month_start(entitlement.starts_on)
        while month <= today:
            last = min(_next_month(month) - dt.timedelta(days=1), today)
            attempts = ATTEMPTS_THIS_MONTH if month == _month_start(today) else ATTEMPTS_PER_MONTH
            for _ in range(attempts):
                first = max(month, entitlement.starts_on)
                if first > last:
                    break
                day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
                if _attendance(entitlement) and day.weekday() >= WEEKEND:
                    continue  # the day home and the club are closed at the weekend
                try:
                    delivery_record(
                        entitlement=entitlement,
                        delivered_on=day,
                        units=1,
                        acting_user=organiser,
                        note="przykładowy wpis",
                    )
                except ValidationError:  # over the allowance or the line: refused, as in use
                    continue
                recorded += 1
            month = _next_month(month)
    created["delivery.DeliveryRecord"] += recorded
    # The oldest month is settled: approved by the director and locked.
    for contract in Contract.objects.filter(lines__deliveries__isnull=False).distinct():
        settlement_approve(contract=contract, month=first_month, acting_user=director)
        created["delivery.Settlement"] += 1
