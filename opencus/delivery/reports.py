"""The centre's views of delivery (issue 4, item 7): planned against delivered against settled
per service, provider and month; a person's entitlements with what is used of them; the
contract lines whose delivery lags behind the time that has passed.

Every figure is summed by the database, in a fixed number of queries whatever the number of
records: the lines, one grouped sum of deliveries, one grouped sum of what is settled.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.catalog.models import Unit
from opencus.delivery.balances import Balance, entitlement_balances
from opencus.delivery.models import (
    DeliveryRecord,
    Settlement,
    SettlementStatus,
    month_start,
    next_month,
)
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.providers.models import ContractLine, ContractStatus, LinePeriod

CENT = Decimal("0.01")
#: A line lags when the share of its maximum delivered is this many percentage points (or
#: more) below the share of its period that has passed.
LAG_THRESHOLD_POINTS = 20


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def _month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def period_days(period: str, month: dt.date, line_days: int) -> int:
    """How many days the line's maximum is spread over, for the days of ``month``."""
    if period == LinePeriod.WEEK:
        return 7
    if period == LinePeriod.MONTH:
        return calendar.monthrange(month.year, month.month)[1]
    if period == LinePeriod.QUARTER:
        first = dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
        return _days(first, _month_end(next_month(next_month(first))))
    if period == LinePeriod.YEAR:
        return 366 if calendar.isleap(month.year) else 365
    return line_days


def planned_units(line: ContractLine, month: dt.date) -> Decimal:
    """The line's maximum pro-rated to the month: spread evenly over the days of its period
    (a week, a month, a quarter, a year, or the line's whole period), times the days of the
    month the line is valid. A monthly line valid all month plans its whole maximum."""
    start = max(line.valid_from, month)
    end = min(line.valid_to, _month_end(month))
    if end < start:
        return Decimal(0)
    spread = period_days(line.period, month, _days(line.valid_from, line.valid_to))
    return _round(Decimal(line.max_units) * _days(start, end) / spread)


# --- Overview of a month ----------------------------------------------------------------------


@dataclass
class OverviewRow:
    service: str
    provider: str
    unit: str
    planned: Decimal = Decimal(0)
    delivered: Decimal = Decimal(0)
    settled: Decimal = Decimal(0)
    settled_amount: Decimal = Decimal("0.00")

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)


@dataclass
class UnitTotal:
    unit: str
    planned: Decimal = Decimal(0)
    delivered: Decimal = Decimal(0)
    settled: Decimal = Decimal(0)

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)


@dataclass
class Overview:
    month: dt.date
    rows: list[OverviewRow] = field(default_factory=list)
    totals: list[UnitTotal] = field(default_factory=list)
    settled_amount: Decimal = Decimal("0.00")


def month_overview(*, month: dt.date) -> Overview:
    """Per service × provider × unit of the month: units planned (the lines' maxima
    pro-rated), delivered (the ledger by delivery date, corrections included) and settled
    (records accounted in the month of a contract whose month is approved), with the amount
    settled. Three queries."""
    month = month_start(month)
    end = _month_end(month)
    rows: dict[tuple[int, int, str], OverviewRow] = {}

    def row(
        service_id: int, service: str, provider_id: int | None, provider: str | None, unit: str
    ) -> OverviewRow:
        # The centre's own deliveries (no provider) are a row of their own per service.
        key = (service_id, provider_id or 0, unit)
        if key not in rows:
            label = provider if provider_id is not None else str(_("the centre itself"))
            rows[key] = OverviewRow(service=service, provider=label or "", unit=unit)
        return rows[key]

    lines = (
        ContractLine.objects.exclude(contract__status=ContractStatus.DRAFT)
        .filter(valid_from__lte=end, valid_to__gte=month)
        .select_related("service", "contract__provider")
    )
    for line in lines:
        target = row(
            line.service_id,
            line.service.name,
            line.contract.provider_id,
            line.contract.provider.name,
            line.unit,
        )
        target.planned += planned_units(line, month)

    group = (
        "entitlement__service_id",
        "entitlement__service__name",
        "provider_id",
        "provider__name",
        "unit",
    )
    delivered = (
        DeliveryRecord.objects.filter(delivered_on__gte=month, delivered_on__lte=end)
        .order_by()
        .values(*group)
        .annotate(units=Sum("units"))
    )
    for entry in delivered:
        target = row(*(entry[name] for name in group))
        target.delivered += Decimal(entry["units"] or 0)

    approved = Settlement.objects.filter(
        contract_id=OuterRef("contract_line__contract_id"),
        month=month,
        status=SettlementStatus.APPROVED,
    )
    settled = (
        DeliveryRecord.objects.filter(settlement_month=month)
        .filter(Exists(approved))
        .order_by()
        .values(*group, "unit_price")
        .annotate(units=Sum("units"))
    )
    for entry in settled:
        target = row(*(entry[name] for name in group))
        units = Decimal(entry["units"] or 0)
        target.settled += units
        target.settled_amount += _round(units * entry["unit_price"])

    result = Overview(month=month, rows=sorted(rows.values(), key=_row_order))
    totals: dict[str, UnitTotal] = {}
    for item in result.rows:
        total = totals.setdefault(item.unit, UnitTotal(unit=item.unit))
        total.planned += item.planned
        total.delivered += item.delivered
        total.settled += item.settled
        result.settled_amount += item.settled_amount
    result.totals = [totals[unit] for unit in sorted(totals)]
    return result


def _row_order(row: OverviewRow) -> tuple[str, str, str]:
    return (row.service.casefold(), row.provider.casefold(), row.unit)


# --- Usage of entitlements --------------------------------------------------------------------


@dataclass(frozen=True)
class UnitUsed:
    """Units of one unit used under an entitlement this month and this year."""

    unit: str
    this_month: Decimal
    this_year: Decimal

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)


@dataclass
class EntitlementUsage:
    entitlement: Entitlement
    #: What is used and left of each allowance in the period containing the day.
    allowances: list[Balance]
    used: list[UnitUsed]


def entitlement_usage(
    entitlement_ids: list[int], day: dt.date
) -> dict[tuple[int, str], tuple[Decimal, Decimal]]:
    """Units used per (entitlement, unit) in the month and the year containing ``day``,
    corrections included — one grouped query."""
    if not entitlement_ids:
        return {}
    month = month_start(day)
    sums = (
        DeliveryRecord.objects.filter(
            entitlement_id__in=entitlement_ids,
            delivered_on__gte=dt.date(day.year, 1, 1),
            delivered_on__lte=dt.date(day.year, 12, 31),
        )
        .order_by()
        .values("entitlement_id", "unit")
        .annotate(
            month=Sum(
                "units", filter=Q(delivered_on__gte=month, delivered_on__lte=_month_end(month))
            ),
            year=Sum("units"),
        )
    )
    return {
        (entry["entitlement_id"], entry["unit"]): (
            Decimal(entry["month"] or 0),
            Decimal(entry["year"] or 0),
        )
        for entry in sums
    }


def person_entitlements(
    *, user: Any, person_id: int, today: dt.date | None = None
) -> tuple[Person, list[EntitlementUsage]]:
    """A person the user may see (404 otherwise) and each of their entitlements, newest
    first, with units used this month and this year and what is left of each allowance.
    Four queries."""
    today = today or timezone.localdate()
    person = get_object_or_404(Person.objects.visible_to(user), pk=person_id)
    entitlements = list(
        Entitlement.objects.filter(person=person)
        .select_related("service", "provider")
        .order_by("-starts_on", "-id")
    )
    usage = entitlement_usage([e.pk for e in entitlements], today)
    balances = entitlement_balances(entitlements, today)
    nothing = (Decimal(0), Decimal(0))
    result = []
    for entitlement in entitlements:
        units = sorted(
            {unit for (pk, unit) in usage if pk == entitlement.pk}
            | {entry["unit"] for entry in entitlement.allowances}
        )
        result.append(
            EntitlementUsage(
                entitlement=entitlement,
                allowances=balances.get(entitlement.pk, []),
                used=[
                    UnitUsed(unit, *usage.get((entitlement.pk, unit), nothing)) for unit in units
                ],
            )
        )
    return person, result


# --- Lagging contract lines -------------------------------------------------------------------


@dataclass(frozen=True)
class LaggingLine:
    line: ContractLine
    maximum: int
    delivered: Decimal
    elapsed_share: Decimal
    delivered_share: Decimal

    @property
    def gap(self) -> Decimal:
        return self.elapsed_share - self.delivered_share


def lagging_lines(*, today: dt.date | None = None) -> list[LaggingLine]:
    """Lines in force today (of a contract in force, not ended early) whose share of the
    maximum delivered (units delivered so far, corrections included, out of the maximum per
    period × the periods the line spans) is more than ``LAG_THRESHOLD_POINTS`` below the share
    of the line's days that have passed (today included); the largest gap first. One query."""
    today = today or timezone.localdate()
    lines = (
        ContractLine.objects.filter(
            contract__status=ContractStatus.ACTIVE,
            valid_from__lte=today,
            valid_to__gte=today,
            ended_at__isnull=True,
        )
        .select_related("service", "contract__provider")
        .annotate(delivered=Sum("deliveries__units"))
    )
    result = []
    for line in lines:
        maximum = line.max_units * line.period_count
        delivered = Decimal(line.delivered or 0)
        elapsed = _round(
            Decimal(100) * _days(line.valid_from, today) / _days(line.valid_from, line.valid_to)
        )
        share = _round(Decimal(100) * delivered / maximum)
        if share < elapsed - LAG_THRESHOLD_POINTS:
            result.append(
                LaggingLine(
                    line=line,
                    maximum=maximum,
                    delivered=delivered,
                    elapsed_share=elapsed,
                    delivered_share=share,
                )
            )
    result.sort(key=lambda item: (-item.gap, item.line.pk))
    return result
