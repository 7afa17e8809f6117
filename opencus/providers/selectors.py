"""Reads of the provider registry. Staff with ``provider.view`` see every provider; a
provider's staff see only the provider they currently work for (anything else is a 404).

Every selector fetches what its page shows in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from opencus.catalog.models import ProgrammeService
from opencus.core.roles import has_capability
from opencus.providers.capabilities import PROVIDER_VIEW
from opencus.providers.models import (
    Contract,
    ContractLine,
    ContractStatus,
    Provider,
    ProviderStaff,
    staff_providers,
)


def can_see_providers(user: Any) -> bool:
    """Whether the provider pages are open to the user at all (the view guard)."""
    if has_capability(user, PROVIDER_VIEW):
        return True
    return staff_providers(user).exists()


def provider_list(
    *, user: Any, query: str = "", kind: str = "", include_archived: bool = False
) -> QuerySet[Provider]:
    """Providers by name, found by (part of) the name or NIP, optionally of one kind, with the
    number of contracts in force."""
    providers = Provider.objects.visible_to(user)
    if not include_archived:
        providers = providers.active()
    text = query.strip()
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        condition = Q(name__icontains=text) | Q(short_name__icontains=text)
        if digits and len(digits) >= 3 and not text.strip("0123456789- PLpl"):
            condition |= Q(nip__contains=digits)
        providers = providers.filter(condition)
    if kind:
        providers = providers.filter(kind=kind)
    return providers.annotate(
        active_contracts=Count("contracts", filter=Q(contracts__status=ContractStatus.ACTIVE))
    ).order_by("name", "id")


def _lines() -> Prefetch[Any]:
    return Prefetch(
        "lines",
        queryset=ContractLine.objects.select_related("service").order_by("valid_from", "id"),
    )


def provider_detail(*, user: Any, provider_uuid: uuid.UUID) -> Provider:
    """A provider with its staff and its contracts with their lines; 404 if out of reach."""
    providers = Provider.objects.visible_to(user).prefetch_related(
        Prefetch(
            "staff",
            queryset=ProviderStaff.objects.select_related("user").order_by(
                "ended_on", "valid_from", "id"
            ),
        ),
        Prefetch(
            "contracts",
            queryset=Contract.objects.order_by("-valid_from", "number", "id").prefetch_related(
                _lines()
            ),
        ),
    )
    return get_object_or_404(providers, uuid=provider_uuid)


def provider_contracts(*, provider: Provider) -> QuerySet[Contract]:
    """A provider's contracts, newest first, with their lines and services prefetched."""
    return (
        Contract.objects.filter(provider=provider)
        .order_by("-valid_from", "number", "id")
        .prefetch_related(_lines())
    )


def contract_detail(*, user: Any, contract_uuid: uuid.UUID) -> Contract:
    contracts = (
        Contract.objects.visible_to(user).select_related("provider").prefetch_related(_lines())
    )
    return get_object_or_404(contracts, uuid=contract_uuid)


def contract_line(*, user: Any, pk: int) -> ContractLine:
    lines = ContractLine.objects.filter(
        contract__in=Contract.objects.visible_to(user)
    ).select_related("contract__provider", "service")
    return get_object_or_404(lines, pk=pk)


def staff_link(*, user: Any, pk: int) -> ProviderStaff:
    links = ProviderStaff.objects.filter(
        provider__in=Provider.objects.visible_to(user)
    ).select_related("provider", "user")
    return get_object_or_404(links, pk=pk)


def providers_for_service(service: ProgrammeService, on: dt.date) -> QuerySet[Provider]:
    """Active providers with a contract in force on ``on`` that has a line for ``service``
    valid that day (the conditions hold for one and the same contract and line)."""
    return (
        Provider.objects.active()
        .filter(
            contracts__status=ContractStatus.ACTIVE,
            contracts__valid_from__lte=on,
            contracts__valid_to__gte=on,
            contracts__lines__service=service,
            contracts__lines__valid_from__lte=on,
            contracts__lines__valid_to__gte=on,
        )
        .distinct()
        .order_by("name", "id")
    )
