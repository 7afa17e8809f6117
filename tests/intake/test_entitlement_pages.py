"""The entitlement on the application page: choose the provider, suspend, resume, end."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from opencus.core.roles import Role
from opencus.intake.models import Entitlement, EntitlementStatus, ItemState
from opencus.intake.services import application_file, item_qualify
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import contract_for, entitlement_grant_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entitlement(organiser):
    """Two providers have a contract for the service: the organiser chooses one."""
    service = ProgrammeServiceFactory.create(name="Taksówka", capacity=None)
    contract_for(service)
    contract_for(service)
    return entitlement_grant_make(service, by=organiser)


def test_the_page_shows_the_entitlement_and_the_organiser_chooses_the_provider(
    english_as, entitlement
):
    client = english_as(Role.SERVICE_ORGANISER)
    detail = reverse("intake:application_detail", args=[entitlement.item.application.uuid])
    page = client.get(detail).content.decode()
    assert "to be chosen" in page
    url = reverse("intake:entitlement_provider", args=[entitlement.uuid])
    form = client.get(url).content.decode()
    providers = list(
        entitlement.service.contract_lines.values_list("contract__provider", flat=True)
    )
    assert client.post(url, {"provider": ""}).status_code == 400
    response = client.post(url, {"provider": providers[1]})
    assert response.status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.provider_id == providers[1]
    assert entitlement.provider.name in client.get(detail).content.decode()
    assert "Providers with a contract for this service today." in form


def test_suspend_needs_a_reason_then_resume_then_end(english_as, entitlement):
    client = english_as(Role.SERVICE_ORGANISER)
    suspend = reverse("intake:entitlement_suspend", args=[entitlement.uuid])
    assert client.post(suspend, {"reason": ""}).status_code == 400
    assert client.post(suspend, {"reason": "szpital"}).status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.status == EntitlementStatus.SUSPENDED

    client.post(reverse("intake:entitlement_resume", args=[entitlement.uuid]))
    entitlement.refresh_from_db()
    assert entitlement.status == EntitlementStatus.ACTIVE

    end = reverse("intake:entitlement_end", args=[entitlement.uuid])
    assert client.post(end, {"reason": "przeprowadzka"}).status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.status == EntitlementStatus.ENDED
    assert entitlement.item.state == ItemState.WITHDRAWN
    again = client.post(end, {"reason": "raz jeszcze"}, follow=True)
    assert "already ended" in again.content.decode()


@pytest.mark.parametrize("name", ["entitlement_provider", "entitlement_suspend", "entitlement_end"])
def test_only_queue_managers_change_entitlements(client_as, entitlement, name):
    url = reverse(f"intake:{name}", args=[entitlement.uuid])
    assert client_as(Role.CLIENT_OFFICE).get(url).status_code == 403
    assert client_as(Role.SERVICE_ORGANISER).get(url).status_code == 200
    missing = reverse(f"intake:{name}", args=[uuid.uuid4()])
    assert client_as(Role.SERVICE_ORGANISER).get(missing).status_code == 404


def test_my_work_lists_entitlements_waiting_for_a_provider(english_as, entitlement):
    client = english_as(Role.SERVICE_ORGANISER)
    page = client.get(reverse("core:my_work")).content.decode()
    assert "Entitlements waiting for a provider" in page
    assert reverse("intake:entitlement_provider", args=[entitlement.uuid]) in page
    office = english_as(Role.CLIENT_OFFICE).get(reverse("core:my_work")).content.decode()
    assert "Entitlements waiting for a provider" not in office


def test_a_suspended_place_lets_the_waiting_list_move_in_my_work(english_as, make_staff):
    service = ProgrammeServiceFactory.create(name="Basen", capacity=1)
    clerk = make_staff(Role.SERVICE_ORGANISER)
    items = []
    for _ in range(2):
        application = application_file(
            person=PersonFactory.create(), services=[service], channel="phone", acting_user=clerk
        )
        items.append(item_qualify(item=application.items.get(), acting_user=clerk))
    holder, waiting = items
    assert waiting.state == ItemState.WAITING
    # Suspended without promotion (as if the list had been empty): the place shows as free.
    Entitlement.objects.filter(item=holder).update(status=EntitlementStatus.SUSPENDED)
    page = english_as(Role.SERVICE_ORGANISER).get(reverse("core:my_work")).content.decode()
    assert "Waiting lists that can move now" in page
    assert reverse("intake:queue_detail", args=[service.uuid]) in page
