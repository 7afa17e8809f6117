"""The provider's pages (issue 4, item 5): my clients, a client's ledger with corrections,
today's deliveries. A provider's staff see their own provider's clients only (another's are a
404, no current link a 403), only what delivery needs of each person, and a refusal of the
ledger's rules is shown next to the row with nothing saved. Query budgets with 20 clients."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.models import Unit
from opencus.core.roles import Role
from opencus.delivery.balances import entitlement_balances
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import delivery_correct, delivery_record
from opencus.providers.models import ProviderStaff
from tests.catalog.factories import ProgrammeServiceFactory
from tests.delivery.factories import entitlement_make, line_make
from tests.people.factories import PersonFactory
from tests.personas import Personas, login

pytestmark = pytest.mark.django_db

MONTHLY_4 = [{"units": 4, "unit": Unit.RIDE, "period": "month"}]


@pytest.fixture
def world(personas: Personas) -> dict[str, Any]:
    """Helena is a client of the owner's provider; the outsider works for another provider,
    which has a client of its own."""
    line = personas.line
    helena = PersonFactory.create(first_name="Helena", last_name="Wiśniewska", phone="600111222")
    entitlement = entitlement_make(line=line, person=helena, allowances=MONTHLY_4)
    # The same person has another service with another provider: never shown to this one.
    other_service = ProgrammeServiceFactory.create(name="Klub seniora Tajny")
    other_service_line = line_make(unit=Unit.SESSION)
    other_service_line.service = other_service
    other_service_line.save()
    entitlement_make(line=other_service_line, person=helena)
    stranger = entitlement_make(
        line=personas.other_line,
        person=PersonFactory.create(first_name="Obcy", last_name="Klientowski"),
    )
    return {
        "line": line,
        "entitlement": entitlement,
        "person": helena,
        "stranger": stranger,
        "staff": personas.owner,
        "colleague": personas.colleague,
        "outsider": personas.outsider,
        "nobody": personas.nobody,
    }


def today_url() -> str:
    return reverse("delivery:provider_today")


def record_post(client: Client, entitlement: Any, units: str = "1", **extra: str) -> Any:
    return client.post(
        today_url(), {"entitlement": str(entitlement.uuid), "units": units, **extra}, follow=True
    )


def assert_outsider_may_not_record(world: dict[str, Any], **extra: str) -> None:
    """Another provider's staff posting the same delivery for the owner's client: a 404, and
    no record is added."""
    before = DeliveryRecord.objects.count()
    response = login(world["outsider"]).post(
        today_url(), {"entitlement": str(world["entitlement"].uuid), "units": "1", **extra}
    )
    assert response.status_code == 404
    assert DeliveryRecord.objects.count() == before


# --- Scope ------------------------------------------------------------------------------------


def test_my_clients_lists_own_clients_with_only_what_delivery_needs(world):
    response = login(world["staff"]).get(reverse("delivery:provider_clients"))
    assert response.status_code == 200
    page = response.content.decode()
    person = world["person"]
    assert "Helena Wiśniewska" in page
    assert "Radomska 12" in page and "600111222" in page
    assert world["line"].service.name in page
    assert f">{world['entitlement'].pk}<" in page
    assert "4 of 4 × ride left in" in page
    assert person.pesel not in page
    assert "Klub seniora Tajny" not in page
    assert "Klientowski" not in page
    # A colleague at the same provider sees the same clients; the outsider sees only their own.
    colleague = login(world["colleague"]).get(reverse("delivery:provider_clients"))
    assert "Helena Wiśniewska" in colleague.content.decode()
    outsider = login(world["outsider"]).get(reverse("delivery:provider_clients"))
    assert "Klientowski" in outsider.content.decode()
    assert "Wiśniewska" not in outsider.content.decode()
    assert login(world["nobody"]).get(reverse("delivery:provider_clients")).status_code == 403


def test_the_outsider_gets_404_for_every_client_record_and_correction(world, organiser):
    record = delivery_record(
        entitlement=world["entitlement"],
        delivered_on=timezone.localdate(),
        units=1,
        acting_user=organiser,
    )
    outsider = login(world["outsider"])
    detail = reverse("delivery:provider_client", args=[world["entitlement"].uuid])
    correct = reverse("delivery:provider_correct", args=[record.uuid])
    assert outsider.get(detail).status_code == 404
    assert outsider.get(correct).status_code == 404
    assert outsider.post(correct, {"note": "mine now"}).status_code == 404
    response = outsider.post(today_url(), {"entitlement": str(world["entitlement"].uuid)})
    assert response.status_code == 404
    assert "Wiśniewska" not in outsider.get(reverse("delivery:provider_clients")).content.decode()
    assert "Wiśniewska" not in outsider.get(today_url()).content.decode()
    assert DeliveryRecord.objects.count() == 1


def test_without_a_current_provider_or_the_right_the_pages_are_closed(world, make_staff):
    ProviderStaff.objects.filter(user=world["staff"]).update(ended_on=timezone.localdate())
    former = login(world["staff"])
    for name in (
        "delivery:provider_clients",
        "delivery:provider_today",
        "delivery:provider_import",
    ):
        assert former.get(reverse(name)).status_code == 403
    clerk = login(make_staff(Role.CLIENT_OFFICE))
    assert clerk.get(reverse("delivery:provider_today")).status_code == 403
    anonymous = Client().get(reverse("delivery:provider_clients"))
    assert anonymous.status_code == 302 and "/logowanie/" in anonymous["Location"]


def test_the_organiser_chooses_a_provider(world, organiser):
    client = login(organiser)
    chooser = client.get(reverse("delivery:provider_clients"))
    assert chooser.status_code == 200
    provider = world["line"].contract.provider
    assert provider.name in chooser.content.decode()
    page = client.get(reverse("delivery:provider_clients"), {"wykonawca": str(provider.uuid)})
    assert "Helena Wiśniewska" in page.content.decode()
    assert "Klientowski" not in page.content.decode()
    # A provider's staff cannot choose another provider: the address names the owner's
    # provider, the outsider still sees only their own clients.
    outsider = login(world["outsider"]).get(
        reverse("delivery:provider_clients"), {"wykonawca": str(provider.uuid)}
    )
    assert outsider.status_code == 200
    assert "Wiśniewska" not in outsider.content.decode()


# --- Recording --------------------------------------------------------------------------------


def test_recording_from_todays_page_shows_the_new_balance(world):
    client = login(world["staff"])
    page = client.get(today_url()).content.decode()
    assert 'value="1"' in page and "Helena Wiśniewska" in page
    response = record_post(client, world["entitlement"], "1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Recorded 1 × ride for Helena Wiśniewska" in page
    assert "3 of 4 × ride left" in page
    record = DeliveryRecord.objects.get()
    assert record.delivered_on == timezone.localdate()
    assert record.recorded_by == world["staff"]
    assert_outsider_may_not_record(world)


def test_yesterday_can_be_picked(world):
    client = login(world["staff"])
    page = client.get(today_url(), {"dzien": "wczoraj"}).content.decode()
    assert "Yesterday" in page and 'name="dzien" value="wczoraj"' in page
    record_post(client, world["entitlement"], "2", dzien="wczoraj")
    record = DeliveryRecord.objects.get()
    assert record.delivered_on == timezone.localdate() - dt.timedelta(days=1)
    assert record.units == 2
    assert_outsider_may_not_record(world, dzien="wczoraj")


def test_a_fractional_ride_is_refused_next_to_the_row_and_nothing_is_saved(world):
    response = record_post(login(world["staff"]), world["entitlement"], "1,5")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ride is counted in whole units, not 1.5." in page
    assert f'id="units-{world["entitlement"].pk}-units-error"' in page
    assert not DeliveryRecord.objects.exists()
    assert_outsider_may_not_record(world)


@pytest.mark.parametrize("units", ["-1", "0", "abc"])
def test_negative_zero_and_text_units_are_refused(world, units):
    response = record_post(login(world["staff"]), world["entitlement"], units)
    assert "govuk-error-message" in response.content.decode()
    assert not DeliveryRecord.objects.exists()
    assert_outsider_may_not_record(world)


def test_over_the_allowance_is_refused_with_the_numbers(world):
    client = login(world["staff"])
    record_post(client, world["entitlement"], "3")
    response = record_post(client, world["entitlement"], "2")
    page = response.content.decode()
    assert "3 of 4 × ride allowed per month are used in" in page
    assert "2 more would exceed it" in page
    assert DeliveryRecord.objects.count() == 1
    assert_outsider_may_not_record(world)


def test_a_delivery_into_a_locked_month_is_refused(world, organiser):
    from opencus.delivery.models import Settlement, SettlementStatus

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Settlement.objects.create(
        contract=world["line"].contract,
        month=yesterday.replace(day=1),
        status=SettlementStatus.APPROVED,
        approved_by=organiser,
        approved_at=timezone.now(),
    )
    response = record_post(login(world["staff"]), world["entitlement"], "1", dzien="wczoraj")
    assert "is settled and locked" in response.content.decode()
    assert not DeliveryRecord.objects.exists()
    assert_outsider_may_not_record(world, dzien="wczoraj")


# --- A client's ledger and corrections --------------------------------------------------------


def test_the_client_page_shows_the_ledger_and_a_correction_reverses_a_record(world):
    client = login(world["staff"])
    record_post(client, world["entitlement"], "2")
    record = DeliveryRecord.objects.get()
    detail = reverse("delivery:provider_client", args=[world["entitlement"].uuid])
    page = client.get(detail).content.decode()
    correct = reverse("delivery:provider_correct", args=[record.uuid])
    assert correct in page and "2 of 4 × ride left" in page
    assert world["person"].pesel not in page and "Klub seniora Tajny" not in page

    refused = client.post(correct, {"note": ""})
    assert refused.status_code == 200 and "govuk-error-message" in refused.content.decode()
    assert DeliveryRecord.objects.count() == 1

    response = client.post(correct, {"note": "entered twice"}, follow=True)
    page = response.content.decode()
    assert "is reversed" in page and "4 of 4 × ride left" in page
    assert "entered twice" in page and correct not in page
    reversal = DeliveryRecord.objects.get(corrects=record)
    assert reversal.units == Decimal("-2")

    again = client.post(correct, {"note": "once more"})
    assert "already reversed" in again.content.decode()
    assert DeliveryRecord.objects.count() == 2
    outsider = login(world["outsider"])
    assert outsider.get(detail).status_code == 404
    assert outsider.post(correct, {"note": "mine now"}).status_code == 404


def test_a_colleague_at_the_same_provider_corrects_what_the_owner_recorded(world):
    record_post(login(world["staff"]), world["entitlement"], "2")
    record = DeliveryRecord.objects.get()
    colleague = login(world["colleague"])
    detail = reverse("delivery:provider_client", args=[world["entitlement"].uuid])
    correct = reverse("delivery:provider_correct", args=[record.uuid])
    assert correct in colleague.get(detail).content.decode()
    response = colleague.post(correct, {"note": "wrong client"}, follow=True)
    assert "is reversed" in response.content.decode()
    reversal = DeliveryRecord.objects.get(corrects=record)
    assert reversal.recorded_by == world["colleague"]
    assert login(world["outsider"]).get(detail).status_code == 404


# --- Balances ---------------------------------------------------------------------------------


def test_balances_count_the_ledger_with_corrections_in_one_query(
    world, organiser, django_assert_num_queries
):
    today = timezone.localdate()
    unlimited = entitlement_make(line=world["line"])
    weekly_and_yearly = entitlement_make(
        line=world["line"],
        allowances=[
            {"units": 2, "unit": Unit.RIDE, "period": "week"},
            {"units": 50, "unit": Unit.RIDE, "period": "year"},
        ],
    )
    first = delivery_record(
        entitlement=world["entitlement"], delivered_on=today, units=3, acting_user=organiser
    )
    delivery_record(
        entitlement=world["entitlement"], delivered_on=today, units=1, acting_user=organiser
    )
    delivery_correct(record=first, acting_user=organiser, note="mistake")
    delivery_record(
        entitlement=weekly_and_yearly, delivered_on=today, units=2, acting_user=organiser
    )
    entitlements = [world["entitlement"], unlimited, weekly_and_yearly]
    with django_assert_num_queries(1):
        balances = entitlement_balances(entitlements, today)
    [monthly] = balances[world["entitlement"].pk]
    assert (monthly.allowed, monthly.used, monthly.remaining) == (4, 1, 3)
    assert balances[unlimited.pk] == []
    week, year = balances[weekly_and_yearly.pk]
    assert (week.used, week.remaining) == (2, 0)
    assert (year.used, year.remaining) == (2, 48)
    with django_assert_num_queries(0):
        assert entitlement_balances([unlimited], today) == {unlimited.pk: []}


# --- Query budgets ----------------------------------------------------------------------------


def test_the_pages_keep_to_a_query_budget_with_20_clients(
    world, organiser, django_assert_max_num_queries
):
    for _ in range(19):
        entitlement = entitlement_make(line=world["line"], allowances=MONTHLY_4)
        delivery_record(
            entitlement=entitlement,
            delivered_on=timezone.localdate(),
            units=1,
            acting_user=organiser,
        )
    client = login(world["staff"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("delivery:provider_clients"))
    assert response.content.decode().count("3 of 4 × ride left") == 19
    with django_assert_max_num_queries(12):
        response = client.get(today_url())
    assert response.content.decode().count('name="units"') == 20
    # The outsider's page has their own one client only.
    outsider = login(world["outsider"]).get(today_url()).content.decode()
    assert outsider.count('name="units"') == 1 and "Wiśniewska" not in outsider
