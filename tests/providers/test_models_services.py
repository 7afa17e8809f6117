"""The provider registry and contracts: identifiers, uniqueness, values, periods, staff links,
archiving and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from opencus.catalog.models import Unit
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role, user_roles
from opencus.providers import selectors, services
from opencus.providers.admin import ContractAdmin, ProviderAdmin
from opencus.providers.errors import ProviderError
from opencus.providers.models import (
    Contract,
    ContractLine,
    ContractStatus,
    LinePeriod,
    ProcurementMode,
    Provider,
    ProviderKind,
    ProviderStaff,
    periods_in,
)
from tests.catalog.factories import ProgrammeServiceFactory

from .factories import ContractFactory, ContractLineFactory, ProviderFactory

pytestmark = pytest.mark.django_db

VALID_NIP = "1234563218"
#: A fixed contract period, for the tests whose numbers or messages depend on the dates (the
#: factory's contracts run relative to today).
FIXED_PERIOD = {
    "signed_on": dt.date(2026, 1, 15),
    "valid_from": dt.date(2026, 2, 1),
    "valid_to": dt.date(2026, 12, 31),
}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def manager(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.SERVICE_ORGANISER)


def provider_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "name": "Spółdzielnia Socjalna Integracja",
        "short_name": "Integracja",
        "legal_form": "spółdzielnia socjalna",
        "kind": ProviderKind.SOCIAL_COOPERATIVE,
        "nip": VALID_NIP,
        "regon": "123456785",
        "krs": "0000123456",
        "street": "ul. Radomska",
        "building_number": "5",
        "postcode": "27-200",
        "locality": "Starachowice",
        "email": "biuro@integracja.example.org",
    }
    return {**fields, **overrides}


def contract_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "number": "CUS/7/2026",
        "title": "Taksówka dla seniora",
        "procurement_mode": ProcurementMode.PUBLIC_BENEFIT,
        "signed_on": dt.date(2026, 1, 20),
        "valid_from": dt.date(2026, 2, 1),
        "valid_to": dt.date(2026, 12, 31),
        "total_value": Decimal("1000.00"),
        "status": ContractStatus.ACTIVE,
        "notes": "",
    }
    return {**fields, **overrides}


def fixed_line(**overrides: Any) -> ContractLine:
    """A line of a contract with the fixed period (February to December 2026)."""
    contract = overrides.pop("contract", None) or ContractFactory.create(**FIXED_PERIOD)
    return ContractLineFactory.create(contract=contract, **overrides)


def line_fields(service: Any, **overrides: Any) -> dict[str, Any]:
    fields = {
        "service": service,
        "unit": Unit.RIDE,
        "unit_price": Decimal("25.00"),
        "max_units": 40,
        "period": LinePeriod.CONTRACT,
    }
    return {**fields, **overrides}


# --- Identifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "1234563219", "This NIP number is not valid: its check digit does not match."),
        ("nip", "123456321", "A NIP number has 10 digits."),
        ("nip", "12345678901", "A NIP number has 10 digits."),
        ("nip", "12345ABCDE", "A NIP number has 10 digits."),
        ("nip", "", "A NIP number has 10 digits."),
        ("regon", "192598183", "This REGON number is not valid: its check digit does not match."),
        ("regon", "12345678", "A REGON number has 9 or 14 digits."),
        ("regon", "1234567851", "A REGON number has 9 or 14 digits."),
        ("regon", "12345678A", "A REGON number has 9 or 14 digits."),
        (
            "regon",
            "12345678512348",
            "This REGON number is not valid: its check digit does not match.",
        ),
        ("krs", "12345", "A KRS number has 10 digits."),
        ("krs", "00001234AB", "A KRS number has 10 digits."),
    ],
)
def test_wrong_identifier_is_refused_with_its_message_and_nothing_is_saved(
    manager: User, field: str, value: str, message: str
) -> None:
    with pytest.raises(ProviderError) as caught:
        services.provider_register(acting_user=manager, fields=provider_fields(**{field: value}))
    assert caught.value.message_dict[field] == [message]
    assert not Provider.objects.exists()
    assert not AuditEvent.objects.exists()


def test_nip_typed_with_dashes_and_prefix_is_stored_as_digits(manager: User) -> None:
    provider = services.provider_register(
        acting_user=manager, fields=provider_fields(nip="PL 123-456-32-18", regon="12345678512347")
    )
    provider.refresh_from_db()
    assert provider.nip == VALID_NIP
    assert provider.regon == "12345678512347"


def test_krs_is_optional(manager: User) -> None:
    provider = services.provider_register(acting_user=manager, fields=provider_fields(krs=""))
    assert provider.krs == ""


def test_duplicate_nip_is_refused_however_it_is_written(manager: User) -> None:
    services.provider_register(acting_user=manager, fields=provider_fields())
    with pytest.raises(ProviderError) as caught:
        services.provider_register(
            acting_user=manager, fields=provider_fields(name="Inna", nip="123-456-32-18")
        )
    assert caught.value.message_dict["nip"] == [
        "A provider with this NIP number is already registered."
    ]
    assert Provider.objects.count() == 1


def test_archived_provider_frees_its_nip(manager: User) -> None:
    old = services.provider_register(acting_user=manager, fields=provider_fields())
    services.provider_archive(provider=old, acting_user=manager)
    new = services.provider_register(acting_user=manager, fields=provider_fields())
    assert new.pk != old.pk
    assert Provider.objects.filter(nip=VALID_NIP).count() == 2


def test_database_refuses_two_active_providers_with_one_nip() -> None:
    ProviderFactory.create(nip=VALID_NIP)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory.create(nip=VALID_NIP)


def test_update_with_a_wrong_nip_changes_nothing(manager: User) -> None:
    provider = ProviderFactory.create(name="Before")
    before = provider.nip
    with pytest.raises(ProviderError) as caught:
        services.provider_update(
            provider=provider,
            acting_user=manager,
            fields=provider_fields(name="After", nip="1234563219"),
        )
    assert "nip" in caught.value.message_dict
    provider.refresh_from_db()
    assert (provider.name, provider.nip) == ("Before", before)
    assert not AuditEvent.objects.exists()


def test_update_to_another_providers_nip_is_refused(manager: User) -> None:
    ProviderFactory.create(nip=VALID_NIP)
    other = ProviderFactory.create()
    with pytest.raises(ProviderError) as caught:
        services.provider_update(
            provider=other, acting_user=manager, fields=provider_fields(nip=VALID_NIP)
        )
    assert "nip" in caught.value.message_dict


def test_update_is_audited_with_old_and_new_values(manager: User) -> None:
    provider = ProviderFactory.create(name="Before")
    services.provider_update(
        provider=provider,
        acting_user=manager,
        fields={"name": "After", "nip": f"{provider.nip[:3]}-{provider.nip[3:]}"},
    )
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.UPDATE
    assert event.changes == {"name": ["Before", "After"]}


def test_only_managers_may_change_providers(make_staff: Callable[..., User]) -> None:
    coordinator = make_staff(Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.provider_register(acting_user=coordinator, fields=provider_fields())
    assert not Provider.objects.exists()


# --- Archive, not delete ---------------------------------------------------------------------


def test_archive_keeps_the_row_ends_staff_links_and_is_audited(
    manager: User, make_staff: Callable[..., User]
) -> None:
    provider = ProviderFactory.create()
    worker = make_staff()
    services.provider_staff_attach(provider=provider, user=worker, acting_user=manager)
    services.provider_archive(provider=provider, acting_user=manager)
    provider.refresh_from_db()
    assert provider.archived_at is not None
    assert ProviderStaff.objects.get(user=worker).ended_on is not None
    assert not ProviderStaff.objects.filter(user=worker, ended_on__isnull=True).exists()
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == 2
    with pytest.raises(ProviderError):
        services.provider_archive(provider=provider, acting_user=manager)
    with pytest.raises(ProviderError):
        services.provider_update(provider=provider, acting_user=manager, fields={"name": "X"})


def test_archive_is_refused_while_a_contract_is_in_force(manager: User) -> None:
    contract = ContractFactory.create(status=ContractStatus.ACTIVE)
    with pytest.raises(ProviderError) as caught:
        services.provider_archive(provider=contract.provider, acting_user=manager)
    assert "contract in force" in caught.value.messages[0]
    contract.provider.refresh_from_db()
    assert contract.provider.archived_at is None


def test_the_admin_cannot_delete_providers_or_contracts(rf: Any) -> None:
    from django.contrib.admin.sites import site

    request = rf.get("/")
    request.user = User.objects.create_superuser("root", password="x")
    assert not ProviderAdmin(Provider, site).has_delete_permission(request)
    assert not ContractAdmin(Contract, site).has_delete_permission(request)


# --- Staff -----------------------------------------------------------------------------------


def test_attaching_staff_gives_the_role_and_is_audited(
    manager: User, make_staff: Callable[..., User]
) -> None:
    provider = ProviderFactory.create()
    worker = make_staff()
    link = services.provider_staff_attach(provider=provider, user=worker, acting_user=manager)
    worker = User.objects.get(pk=worker.pk)
    assert Role.PROVIDER_STAFF in user_roles(worker)
    assert link.provider == provider
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(link.pk)).exists()


def test_staff_member_is_tied_to_one_provider_only(
    manager: User, make_staff: Callable[..., User]
) -> None:
    first, second = ProviderFactory.create(), ProviderFactory.create(name="Druga")
    worker = make_staff()
    services.provider_staff_attach(provider=first, user=worker, acting_user=manager)
    with pytest.raises(ProviderError) as caught:
        services.provider_staff_attach(provider=second, user=worker, acting_user=manager)
    assert caught.value.message_dict["user"] == [
        f"This user already works for another provider: {first.name}."
    ]
    with pytest.raises(ProviderError):
        services.provider_staff_attach(provider=first, user=worker, acting_user=manager)
    assert ProviderStaff.objects.filter(user=worker).count() == 1


def test_database_refuses_two_current_links_for_one_user(make_staff: Callable[..., User]) -> None:
    worker = make_staff()
    ProviderStaff.objects.create(
        provider=ProviderFactory.create(), user=worker, valid_from=dt.date(2026, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderStaff.objects.create(
            provider=ProviderFactory.create(), user=worker, valid_from=dt.date(2026, 1, 1)
        )


def test_ended_staff_member_loses_the_role_and_may_move_to_another_provider(
    manager: User, make_staff: Callable[..., User]
) -> None:
    first, second = ProviderFactory.create(), ProviderFactory.create()
    worker = make_staff()
    link = services.provider_staff_attach(
        provider=first, user=worker, acting_user=manager, valid_from=dt.date(2026, 1, 1)
    )
    services.provider_staff_end(link=link, acting_user=manager)
    assert Role.PROVIDER_STAFF not in user_roles(User.objects.get(pk=worker.pk))
    with pytest.raises(ProviderError):
        services.provider_staff_end(link=link, acting_user=manager)
    services.provider_staff_attach(provider=second, user=worker, acting_user=manager)
    assert ProviderStaff.objects.filter(user=worker).count() == 2


# --- Contracts -------------------------------------------------------------------------------


def test_contract_is_created_and_audited(manager: User) -> None:
    provider = ProviderFactory.create()
    contract = services.contract_create(
        provider=provider, acting_user=manager, fields=contract_fields()
    )
    assert contract.total_value == Decimal("1000.00")
    assert AuditEvent.objects.filter(object_id=str(contract.pk), action=AuditAction.CREATE)
    assert list(contract.transitions.values_list("from_status", "to_status", "actor")) == [
        ("", contract.status, manager.pk)
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"valid_to": dt.date(2026, 1, 31)}, "valid_to"),
        ({"total_value": Decimal("0")}, "total_value"),
        ({"total_value": Decimal("-5")}, "total_value"),
        ({"procurement_mode": "tender"}, "procurement_mode"),
    ],
)
def test_bad_contract_is_refused_and_not_saved(
    manager: User, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ProviderError) as caught:
        services.contract_create(
            provider=ProviderFactory.create(),
            acting_user=manager,
            fields=contract_fields(**overrides),
        )
    assert field in caught.value.message_dict
    assert not Contract.objects.exists()


def test_duplicate_contract_number_is_refused(manager: User) -> None:
    ContractFactory.create(number="CUS/7/2026")
    with pytest.raises(ProviderError) as caught:
        services.contract_create(
            provider=ProviderFactory.create(), acting_user=manager, fields=contract_fields()
        )
    assert caught.value.message_dict["number"] == [
        "A contract with this number is already registered."
    ]


def test_contract_with_an_archived_provider_is_refused(manager: User) -> None:
    provider = ProviderFactory.create()
    services.provider_archive(provider=provider, acting_user=manager)
    with pytest.raises(ProviderError):
        services.contract_create(provider=provider, acting_user=manager, fields=contract_fields())


def test_lines_exceeding_the_contract_value_are_refused_with_the_numbers(manager: User) -> None:
    contract = ContractFactory.create(total_value=Decimal("1000.00"))
    service = ProgrammeServiceFactory.create()
    services.contract_line_add(
        contract=contract, acting_user=manager, fields=line_fields(service, max_units=20)
    )  # 500.00
    other = ProgrammeServiceFactory.create()
    with pytest.raises(ProviderError) as caught:
        services.contract_line_add(
            contract=contract,
            acting_user=manager,
            fields=line_fields(other, unit_price=Decimal("30.00"), max_units=20),
        )
    assert caught.value.message_dict["max_units"] == [
        "This line may cost up to 600.00 PLN; with the other lines, 1,100.00 PLN. That is more "
        "than the contract's total value of 1,000.00 PLN (500.00 PLN left)."
    ]
    assert contract.lines.count() == 1


def test_a_line_that_exactly_fills_the_value_is_accepted(manager: User) -> None:
    contract = ContractFactory.create(total_value=Decimal("1000.00"))
    line = services.contract_line_add(
        contract=contract,
        acting_user=manager,
        fields=line_fields(ProgrammeServiceFactory.create(), max_units=40),
    )
    assert line.max_value == Decimal("1000.00")
    assert line.valid_from == contract.valid_from
    assert line.valid_to == contract.valid_to


def test_monthly_maximum_counts_every_month_of_the_line(manager: User) -> None:
    # February to December: 11 months × 4 units × 25.00 PLN = 1,100.00 PLN.
    contract = ContractFactory.create(total_value=Decimal("1000.00"), **FIXED_PERIOD)
    with pytest.raises(ProviderError) as caught:
        services.contract_line_add(
            contract=contract,
            acting_user=manager,
            fields=line_fields(
                ProgrammeServiceFactory.create(), max_units=4, period=LinePeriod.MONTH
            ),
        )
    assert "1,100.00 PLN" in caught.value.message_dict["max_units"][0]


def test_periods_in_counts_calendar_periods() -> None:
    start, end = dt.date(2026, 2, 15), dt.date(2027, 1, 10)
    assert periods_in(LinePeriod.CONTRACT, start, end) == 1
    assert periods_in(LinePeriod.MONTH, start, end) == 12
    assert periods_in(LinePeriod.QUARTER, start, end) == 5
    assert periods_in(LinePeriod.YEAR, start, end) == 2
    assert periods_in(LinePeriod.WEEK, dt.date(2026, 1, 1), dt.date(2026, 1, 14)) == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"unit_price": Decimal("0")}, "unit_price", "The unit price must be more than zero."),
        ({"unit_price": Decimal("-1.50")}, "unit_price", "The unit price must be more than zero."),
        ({"max_units": 0}, "max_units", "The maximum number of units must be at least 1."),
        (
            {"valid_from": dt.date(2026, 1, 1)},
            "valid_from",
            "The line must start within the contract's period (01.02.2026 – 31.12.2026).",
        ),
        (
            {"valid_to": dt.date(2027, 1, 31)},
            "valid_to",
            "The line must end within the contract's period (01.02.2026 – 31.12.2026).",
        ),
    ],
)
def test_bad_line_is_refused_and_not_saved(
    manager: User, overrides: dict[str, Any], field: str, message: str
) -> None:
    contract = ContractFactory.create(**FIXED_PERIOD)
    with pytest.raises(ProviderError) as caught:
        services.contract_line_add(
            contract=contract,
            acting_user=manager,
            fields=line_fields(ProgrammeServiceFactory.create(), **overrides),
        )
    assert caught.value.message_dict[field] == [message]
    assert not ContractLine.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"unit_price": Decimal("0")},
        {"max_units": 0},
        {"valid_from": dt.date(2026, 2, 1), "valid_to": dt.date(2026, 1, 1)},
    ],
)
def test_database_refuses_a_bad_line(overrides: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractLineFactory.create(**overrides)


def test_contract_value_cannot_drop_below_its_lines(manager: User) -> None:
    line = ContractLineFactory.create(
        contract__total_value=Decimal("5000"), unit_price=Decimal("25"), max_units=100
    )
    with pytest.raises(ProviderError) as caught:
        services.contract_update(
            contract=line.contract,
            acting_user=manager,
            fields={"total_value": Decimal("2000.00")},
        )
    assert caught.value.message_dict["total_value"] == [
        "The lines of this contract may cost up to 2,500.00 PLN, more than the contract's "
        "total value of 2,000.00 PLN."
    ]
    line.contract.refresh_from_db()
    assert line.contract.total_value == Decimal("5000.00")


def test_contract_period_cannot_shrink_past_its_lines(manager: User) -> None:
    line = fixed_line()
    with pytest.raises(ProviderError) as caught:
        services.contract_update(
            contract=line.contract, acting_user=manager, fields={"valid_to": dt.date(2026, 6, 30)}
        )
    assert caught.value.message_dict["valid_to"] == [
        "1 line(s) of this contract would fall outside its period."
    ]


def test_contract_status_moves_only_forward(manager: User) -> None:
    contract = ContractFactory.create(status=ContractStatus.ACTIVE)
    with pytest.raises(ProviderError):
        services.contract_update(
            contract=contract, acting_user=manager, fields={"status": ContractStatus.DRAFT}
        )
    services.contract_update(
        contract=contract, acting_user=manager, fields={"status": ContractStatus.ENDED}
    )
    assert AuditEvent.objects.get().action == AuditAction.TRANSITION
    assert list(contract.transitions.values_list("from_status", "to_status", "actor")) == [
        (ContractStatus.ACTIVE, ContractStatus.ENDED, manager.pk)
    ]
    with pytest.raises(ProviderError):
        services.contract_update(contract=contract, acting_user=manager, fields={"title": "X"})
    with pytest.raises(ProviderError):
        services.contract_line_add(
            contract=contract,
            acting_user=manager,
            fields=line_fields(ProgrammeServiceFactory.create()),
        )


def test_ending_a_line_shortens_it_and_is_audited(manager: User) -> None:
    line = fixed_line()
    services.contract_line_end(line=line, acting_user=manager, on=dt.date(2026, 6, 30))
    line.refresh_from_db()
    assert line.valid_to == dt.date(2026, 6, 30)
    assert line.ended_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == 1
    with pytest.raises(ProviderError):
        services.contract_line_end(line=line, acting_user=manager, on=dt.date(2026, 5, 31))


def test_ending_a_line_outside_its_period_is_refused(manager: User) -> None:
    line = fixed_line()
    with pytest.raises(ProviderError) as caught:
        services.contract_line_end(line=line, acting_user=manager, on=dt.date(2027, 1, 1))
    assert "ended_on" in caught.value.message_dict
    line.refresh_from_db()
    assert line.ended_at is None


# --- Selectors -------------------------------------------------------------------------------


def test_providers_for_service_are_those_contracted_for_it_that_day() -> None:
    service = ProgrammeServiceFactory.create()
    line = fixed_line(service=service, valid_to=dt.date(2026, 6, 30))
    draft = ContractFactory.create(status=ContractStatus.DRAFT, **FIXED_PERIOD)
    fixed_line(contract=draft, service=service)
    fixed_line()  # another service
    # A contract in force on the day, with a line for the service that is not valid that day
    # and a valid line for another service: the conditions must hold for the same line.
    mixed = ContractFactory.create(**FIXED_PERIOD)
    fixed_line(contract=mixed, service=service, valid_to=dt.date(2026, 3, 31))
    fixed_line(contract=mixed)
    found = selectors.providers_for_service(service, dt.date(2026, 5, 1))
    assert list(found) == [line.contract.provider]
    assert not selectors.providers_for_service(service, dt.date(2026, 7, 1)).exists()


def test_provider_staff_see_only_their_own_provider(
    manager: User, make_staff: Callable[..., User]
) -> None:
    own, other = ProviderFactory.create(), ProviderFactory.create()
    worker = make_staff()
    services.provider_staff_attach(provider=own, user=worker, acting_user=manager)
    worker = User.objects.get(pk=worker.pk)
    assert list(Provider.objects.visible_to(worker)) == [own]
    assert set(Provider.objects.visible_to(manager)) == {own, other}
    assert not Provider.objects.visible_to(make_staff(Role.DISPATCHER)).exists()
