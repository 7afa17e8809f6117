"""What is left of each entitlement's allowances (issue 4, item 5): for the period containing a
day, per allowance, the units allowed, used (the ledger's sum, corrections included) and
remaining — for a whole list of entitlements in one grouped query.

An entitlement without allowances is not limited: it has no balances (an empty list).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from opencus.catalog.models import Period, Unit
from opencus.core.formatting import number_text
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import period_window
from opencus.intake.models import Entitlement


@dataclass(frozen=True)
class Balance:
    """One allowance of an entitlement in the period containing the day asked about."""

    unit: str
    period: str
    allowed: Decimal
    used: Decimal
    window: str
    starts_on: dt.date | None
    ends_on: dt.date | None

    @property
    def remaining(self) -> Decimal:
        return max(self.allowed - self.used, Decimal(0))

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)

    @property
    def period_label(self) -> str:
        return str(Period(self.period).label)

    @property
    def remaining_text(self) -> str:
        return number_text(self.remaining)

    @property
    def used_text(self) -> str:
        return number_text(self.used)

    @property
    def allowed_text(self) -> str:
        return number_text(self.allowed)


def entitlement_balances(
    entitlements: Iterable[Entitlement], on: dt.date
) -> dict[int, list[Balance]]:
    """Per entitlement id, a balance for each of its allowances in the period containing
    ``on``. One query whatever the number of entitlements: the ledger summed per entitlement,
    unit and day over the widest window needed, then added up per window here."""
    windows: dict[int, list[tuple[dict, dt.date | None, dt.date | None, str]]] = {}
    for entitlement in entitlements:
        whole = (entitlement.starts_on, entitlement.ends_on)
        rows = []
        for allowance in entitlement.allowances or []:
            start, end, label = period_window(allowance["period"], on, whole)
            rows.append((allowance, start, end, label))
        windows[entitlement.pk] = rows

    limited = [pk for pk, rows in windows.items() if rows]
    sums: dict[tuple[int, str], list[tuple[dt.date, Decimal]]] = defaultdict(list)
    if limited:
        starts = [start for rows in windows.values() for _, start, _, _ in rows]
        ends = [end for rows in windows.values() for _, _, end, _ in rows]
        condition = Q(entitlement_id__in=limited)
        if starts and None not in starts:
            condition &= Q(delivered_on__gte=min(s for s in starts if s is not None))
        if ends and None not in ends:
            condition &= Q(delivered_on__lte=max(e for e in ends if e is not None))
        grouped = (
            DeliveryRecord.objects.filter(condition)
            .order_by()
            .values("entitlement_id", "unit", "delivered_on")
            .annotate(total=Sum("units"))
        )
        for row in grouped:
            sums[(row["entitlement_id"], row["unit"])].append(
                (row["delivered_on"], Decimal(row["total"] or 0))
            )

    result: dict[int, list[Balance]] = {}
    for pk, rows in windows.items():
        balances = []
        for allowance, start, end, label in rows:
            used = sum(
                (
                    total
                    for day, total in sums.get((pk, allowance["unit"]), [])
                    if (start is None or day >= start) and (end is None or day <= end)
                ),
                Decimal(0),
            )
            balances.append(
                Balance(
                    unit=allowance["unit"],
                    period=allowance["period"],
                    allowed=Decimal(str(allowance["units"])),
                    used=used,
                    window=label,
                    starts_on=start,
                    ends_on=end,
                )
            )
        result[pk] = balances
    return result
