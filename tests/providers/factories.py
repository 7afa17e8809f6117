"""Factories for providers and contracts, with valid synthetic NIP and REGON numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from opencus.catalog.models import Unit
from opencus.providers.models import (
    Contract,
    ContractLine,
    ContractStatus,
    LinePeriod,
    ProcurementMode,
    Provider,
    ProviderKind,
)
from tests.catalog.factories import ProgrammeServiceFactory

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)


def nip_make(serial: int) -> str:
    """A valid NIP (domain.md §6) from a serial number; heads whose checksum is 10 are
    skipped, since no NIP has them."""
    n = serial
    while True:
        head = f"{(n * 7919) % 1_000_000_000:09d}"
        check = sum(w * int(d) for w, d in zip(NIP_WEIGHTS, head, strict=True)) % 11
        if check != 10:
            return head + str(check)
        n += 1_000_003


def regon_make(serial: int) -> str:
    """A valid 9-digit REGON from a serial number (a checksum of 10 gives 0)."""
    head = f"{(serial * 104729) % 100_000_000:08d}"
    check = sum(w * int(d) for w, d in zip(REGON9_WEIGHTS, head, strict=True)) % 11
    return head + str(check % 10)


class ProviderFactory(DjangoModelFactory[Provider]):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Stowarzyszenie Pomocy nr {n}")
    short_name = factory.Sequence(lambda n: f"SP {n}")
    legal_form = "stowarzyszenie"
    kind = ProviderKind.NGO
    nip = factory.Sequence(lambda n: nip_make(n + 1))
    regon = factory.Sequence(lambda n: regon_make(n + 1))
    krs = factory.Sequence(lambda n: f"{n + 1:010d}")
    street = "ul. Radomska"
    building_number = "5"
    postcode = "27-200"
    locality = "Starachowice"
    phone = "41 274 00 00"
    email = "biuro@example.org"
    contact_person = "Maria Nowak"


class ContractFactory(DjangoModelFactory[Contract]):
    class Meta:
        model = Contract

    provider = factory.SubFactory(ProviderFactory)
    number = factory.Sequence(lambda n: f"CUS/{n}/2026")
    title = "Usługi transportowe dla seniorów"
    procurement_mode = ProcurementMode.PUBLIC_BENEFIT
    # Relative to today, so that a contract made by the factory is in force whenever the
    # tests run; a test that needs fixed dates passes them.
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=45))
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    valid_to = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=300))
    total_value = Decimal("100000.00")
    status = ContractStatus.ACTIVE


class ContractLineFactory(DjangoModelFactory[ContractLine]):
    class Meta:
        model = ContractLine

    contract = factory.SubFactory(ContractFactory)
    service = factory.SubFactory(ProgrammeServiceFactory)
    unit = Unit.RIDE
    unit_price = Decimal("25.00")
    max_units = 100
    period = LinePeriod.CONTRACT
    valid_from = factory.SelfAttribute("contract.valid_from")
    valid_to = factory.SelfAttribute("contract.valid_to")
