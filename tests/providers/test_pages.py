"""The provider staff pages: who may open them, what provider staff see, forms that refuse bad
input with the services' messages, and query budgets."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from opencus.core.roles import Role
from opencus.providers import services
from opencus.providers.models import ContractLine, Provider, ProviderKind, ProviderStaff
from tests.catalog.factories import ProgrammeServiceFactory
from tests.personas import Personas, login

from .factories import ContractFactory, ContractLineFactory, ProviderFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("providers:list")


def detail_url(provider: Provider) -> str:
    return reverse("providers:detail", args=[provider.uuid])


def outsider_client(request: pytest.FixtureRequest) -> Client:
    """Another provider's staff member, made when asked: the tests that count providers or
    lines do it after counting."""
    return login(request.getfixturevalue("outsider"))


def test_list_searches_by_name_and_nip_and_filters_by_kind(english_as: Any, outsider: User) -> None:
    ProviderFactory.create(name="Fundacja Trzecia Przestrzeń", nip="1234563218")
    ProviderFactory.create(name="Spółdzielnia Integracja", kind=ProviderKind.SOCIAL_COOPERATIVE)
    client = english_as(Role.COORDINATOR)
    page = client.get(LIST_URL, {"q": "trzecia"}).content.decode()
    assert "Fundacja Trzecia Przestrzeń" in page and "Integracja" not in page
    page = client.get(LIST_URL, {"q": "123-456-32"}).content.decode()
    assert "Fundacja Trzecia Przestrzeń" in page and "Integracja" not in page
    page = client.get(LIST_URL, {"kind": "social_cooperative"}).content.decode()
    assert "Integracja" in page and "Trzecia" not in page
    assert client.get(LIST_URL, {"kind": "pirates"}).status_code == 400
    # Another provider's staff find only their own provider.
    page = login(outsider).get(LIST_URL, {"q": "trzecia"}).content.decode()
    assert "Trzecia" not in page


def test_list_keeps_to_its_query_budget(
    english_as: Any, django_assert_max_num_queries: Any, personas: Personas
) -> None:
    for _ in range(12):
        ContractLineFactory.create()
    client = english_as(Role.SERVICE_ORGANISER)
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Providers" in response.content.decode()
    assert login(personas.nobody).get(LIST_URL).status_code == 403
    outsider = login(personas.outsider).get(LIST_URL).content.decode()
    assert personas.other_line.contract.provider.name in outsider
    assert personas.line.contract.provider.name not in outsider


def test_detail_shows_data_staff_contracts_lines_and_totals_within_a_query_budget(
    english_as: Any,
    make_staff: Callable[..., User],
    django_assert_max_num_queries: Any,
    outsider: User,
) -> None:
    provider = ProviderFactory.create(name="Stowarzyszenie Razem")
    for index in range(3):
        contract = ContractFactory.create(provider=provider, total_value=Decimal("10000"))
        for _ in range(3):
            ContractLineFactory.create(
                contract=contract, unit_price=Decimal("12.50"), max_units=10 + index
            )
    for _ in range(3):
        services.provider_staff_attach(
            provider=provider, user=make_staff(), acting_user=make_staff(Role.DIRECTOR)
        )
    client = english_as(Role.AUDITOR)
    with django_assert_max_num_queries(14):
        response = client.get(detail_url(provider))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stowarzyszenie Razem" in page
    assert "Lines together, at most" in page
    assert "375.00" in page  # 3 lines × 12.50 × 10
    assert "No staff accounts." not in page
    assert "Edit the provider" not in page  # the auditor only reads
    assert login(outsider).get(detail_url(provider)).status_code == 404


def test_provider_staff_see_only_their_own_provider(
    make_staff: Callable[..., User], personas: Personas
) -> None:
    own = ContractLineFactory.create().contract
    other = ContractLineFactory.create().contract
    # Attached through the page's service, as the organiser does it.
    worker, colleague = make_staff(), make_staff()
    for user in (worker, colleague):
        services.provider_staff_attach(
            provider=own.provider, user=user, acting_user=make_staff(Role.DIRECTOR)
        )
    client = login(worker)
    page = client.get(LIST_URL).content.decode()
    assert own.provider.name in page and other.provider.name not in page
    assert client.get(detail_url(own.provider)).status_code == 200
    assert client.get(detail_url(other.provider)).status_code == 404
    contract_url = reverse("providers:contract_detail", args=[other.uuid])
    assert client.get(contract_url).status_code == 404
    own_contract_url = reverse("providers:contract_detail", args=[own.uuid])
    assert client.get(own_contract_url).status_code == 200
    # Seeing is not changing.
    assert client.get(reverse("providers:edit", args=[own.provider.uuid])).status_code == 403
    # A colleague at the same provider sees the same; another provider's staff see none of it.
    assert login(colleague).get(own_contract_url).status_code == 200
    outsider = login(personas.outsider)
    assert outsider.get(detail_url(own.provider)).status_code == 404
    assert outsider.get(own_contract_url).status_code == 404


def test_provider_staff_without_a_current_link_are_refused(client_as: Any, nobody: User) -> None:
    assert client_as(Role.PROVIDER_STAFF).get(LIST_URL).status_code == 403
    assert login(nobody).get(LIST_URL).status_code == 403


def test_registering_a_provider_stores_the_nip_as_digits(
    english_as: Any, request: pytest.FixtureRequest
) -> None:
    client = english_as(Role.SERVICE_ORGANISER)
    data = {
        "name": "Fundacja Pomocna Dłoń",
        "kind": "ngo",
        "nip": "123-456-32-18",
        "regon": "123456785",
        "krs": "",
    }
    response = client.post(reverse("providers:create"), data)
    provider = Provider.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(provider)
    assert provider.nip == "1234563218"
    refused = outsider_client(request).post(reverse("providers:create"), data)
    assert refused.status_code == 403
    assert Provider.objects.filter(nip="1234563218").count() == 1


def test_registering_with_a_wrong_nip_shows_the_message_and_saves_nothing(
    english_as: Any, request: pytest.FixtureRequest
) -> None:
    client = english_as(Role.DIRECTOR)
    response = client.post(
        reverse("providers:create"),
        {"name": "Fundacja", "kind": "ngo", "nip": "1234563219", "regon": "192598183"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This NIP number is not valid: its check digit does not match." in page
    assert "This REGON number is not valid: its check digit does not match." in page
    assert not Provider.objects.exists()
    assert outsider_client(request).get(reverse("providers:create")).status_code == 403


def test_coordinator_may_read_but_not_register(english_as: Any, outsider: User) -> None:
    client = english_as(Role.COORDINATOR)
    assert client.get(LIST_URL).status_code == 200
    assert client.get(reverse("providers:create")).status_code == 403
    assert login(outsider).get(reverse("providers:create")).status_code == 403


def test_adding_a_line_over_the_value_shows_the_numbers(
    english_as: Any, request: pytest.FixtureRequest
) -> None:
    contract = ContractFactory.create(total_value=Decimal("1000.00"))
    service = ProgrammeServiceFactory.create()
    client = english_as(Role.SERVICE_ORGANISER)
    url = reverse("providers:line_add", args=[contract.uuid])
    data = {"service": service.pk, "unit": "ride", "max_units": "50", "period": "contract"}
    response = client.post(url, {**data, "unit_price": "25.00"})
    assert response.status_code == 400
    assert "contract&#x27;s total value of 1,000.00 PLN" in response.content.decode()
    response = client.post(url, {**data, "unit_price": "0"})
    assert "The unit price must be more than zero." in response.content.decode()
    assert not ContractLine.objects.exists()
    response = client.post(url, {**data, "unit_price": "20.00"})
    assert response.status_code == 302
    assert ContractLine.objects.get().max_value == Decimal("1000.00")
    refused = outsider_client(request).post(url, {**data, "unit_price": "1.00"})
    assert refused.status_code == 403
    assert contract.lines.count() == 1


def test_contract_is_registered_from_the_provider_page(english_as: Any, outsider: User) -> None:
    provider = ProviderFactory.create()
    client = english_as(Role.DIRECTOR)
    response = client.post(
        reverse("providers:contract_create", args=[provider.uuid]),
        {
            "number": "CUS/1/2026",
            "title": "Złota rączka",
            "procurement_mode": "public_procurement",
            "valid_from_day": "1",
            "valid_from_month": "3",
            "valid_from_year": "2026",
            "valid_to_day": "31",
            "valid_to_month": "12",
            "valid_to_year": "2026",
            "total_value": "48000.00",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    contract = provider.contracts.get()
    assert contract.total_value == Decimal("48000.00")
    assert "Złota rączka" in english_as(Role.DIRECTOR).get(response["Location"]).content.decode()
    assert login(outsider).get(response["Location"]).status_code == 404
    create = reverse("providers:contract_create", args=[provider.uuid])
    assert login(outsider).post(create, {"number": "CUS/2/2026"}).status_code == 403
    assert provider.contracts.count() == 1


def test_staff_are_attached_and_ended_from_the_provider_page(
    english_as: Any, make_staff: Callable[..., User], outsider: User
) -> None:
    provider = ProviderFactory.create()
    worker = make_staff(username="kierowca")
    client = english_as(Role.SERVICE_ORGANISER)
    url = reverse("providers:staff_attach", args=[provider.uuid])
    assert client.post(url, {"username": "kierowca"}).status_code == 302
    response = client.post(
        reverse("providers:staff_attach", args=[ProviderFactory.create().uuid]),
        {"username": "kierowca"},
    )
    assert response.status_code == 400
    assert "This user already works for another provider" in response.content.decode()
    link = ProviderStaff.objects.get(user=worker)
    refused = login(outsider).post(reverse("providers:staff_end", args=[link.pk]))
    assert refused.status_code == 403
    assert login(outsider).post(url, {"username": outsider.username}).status_code == 403
    link.refresh_from_db()
    assert link.ended_on is None
    assert client.post(reverse("providers:staff_end", args=[link.pk])).status_code == 302
    link.refresh_from_db()
    assert link.ended_on is not None


def test_archiving_from_the_page_keeps_the_provider(english_as: Any, personas: Personas) -> None:
    provider = ProviderFactory.create()
    client = english_as(Role.DIRECTOR)
    # Not even a provider's own staff archive it.
    for user in (personas.owner, personas.outsider):
        archive = reverse("providers:archive", args=[personas.line.contract.provider.uuid])
        assert login(user).post(archive).status_code == 403
    response = client.post(reverse("providers:archive", args=[provider.uuid]))
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.archived_at is not None
    assert "Archived on" in client.get(detail_url(provider)).content.decode()
    assert client.get(reverse("providers:archive", args=[provider.uuid])).status_code == 405
