"""Reads of the ledger and the settlements, scoped to the user: the centre's staff with
``provider.view`` see every provider's records and settlements; a provider's staff only
their own provider's (anything else is a 404)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from opencus.delivery.models import Settlement, month_start, next_month
from opencus.delivery.statements import Statement, statements_compute
from opencus.providers.models import Contract, ContractStatus


def settlement_contract(*, user: Any, contract_uuid: uuid.UUID) -> Contract:
    """A contract whose settlements the user may see; 404 otherwise."""
    contracts = Contract.objects.visible_to(user).select_related("provider")
    return get_object_or_404(contracts, uuid=contract_uuid)


def settlement_contracts(*, user: Any) -> QuerySet[Contract]:
    """Contracts in force or ended (not drafts) the user may see, newest first."""
    return (
        Contract.objects.visible_to(user)
        .exclude(status=ContractStatus.DRAFT)
        .select_related("provider")
        .order_by("-valid_from", "number", "id")
    )


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    status: str
    total: Decimal | None
    approved_at: dt.datetime | None
    ended: bool


def contract_months(*, contract: Contract, today: dt.date | None = None) -> list[MonthRow]:
    """The contract's months up to the current one, newest first, with their settlement."""
    today = today or timezone.localdate()
    settlements = {s.month: s for s in Settlement.objects.filter(contract=contract)}
    rows = []
    month = month_start(contract.valid_from)
    last = month_start(min(contract.valid_to, today))
    while month <= last:
        settlement = settlements.get(month)
        rows.append(
            MonthRow(
                month=month,
                status=settlement.status if settlement else "",
                total=settlement.total if settlement else None,
                approved_at=settlement.approved_at if settlement else None,
                ended=next_month(month) <= today,
            )
        )
        month = next_month(month)
    return rows[::-1]


def month_statements(*, month: dt.date, user: Any | None = None) -> list[Statement]:
    """The statements of every contract in force in ``month`` (all of them, or those the
    user may see), by contract number: 5 queries whatever the number of contracts."""
    month = month_start(month)
    contracts = (
        Contract.objects.exclude(status=ContractStatus.DRAFT)
        .filter(Q(valid_from__lt=next_month(month)) & Q(valid_to__gte=month))
        .select_related("provider")
        .order_by("number", "id")
    )
    if user is not None:
        contracts = contracts.filter(pk__in=Contract.objects.visible_to(user).values("pk"))
    return statements_compute(contracts=list(contracts), month=month)
