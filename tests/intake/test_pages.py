"""The intake pages: filing for a person with the eligibility shown first, the application
with its actions, the service queue with its waiting list; who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from opencus.core.roles import Role
from opencus.intake.models import Application, ApplicationItem, ItemState
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import SENIORS, senior
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_form_shows_eligibility_and_files_the_application(english_as):
    taxi = ProgrammeServiceFactory.create(name="Taksówka", eligibility_rules=SENIORS)
    club = ProgrammeServiceFactory.create(name="Klub rodzinny", eligibility_rules={})
    person = PersonFactory.create(birth_date=dt.date(1990, 1, 1))
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("intake:application_new", args=[person.pk])
    page = client.get(url).content.decode()
    assert "does not meet the conditions" in page  # the taxi, for a 36-year-old
    assert "at least 60" in page
    empty = client.post(url, {"channel": "phone", "filed_by": "self"})
    assert empty.status_code == 400
    assert "Choose at least one service" in empty.content.decode()
    response = client.post(url, {"services": [club.pk], "channel": "phone", "filed_by": "self"})
    application = Application.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:application_detail", args=[application.uuid])
    assert application.items.get().service == club
    assert not ApplicationItem.objects.filter(service=taxi).exists()


def test_a_second_request_for_the_same_service_is_refused_on_the_form(english_as):
    service = ProgrammeServiceFactory.create()
    person = senior()
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("intake:application_new", args=[person.pk])
    data = {"services": [service.pk], "channel": "in_person", "filed_by": "self"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert "already has or is waiting for" in again.content.decode()
    assert ApplicationItem.objects.count() == 1


def test_a_representative_must_be_chosen_when_one_files(english_as):
    service = ProgrammeServiceFactory.create()
    person = senior()
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("intake:application_new", args=[person.pk])
    response = client.post(url, {"services": [service.pk], "channel": "phone", "filed_by": "carer"})
    assert response.status_code == 400
    assert "Choose the representative" in response.content.decode()
    assert not Application.objects.exists()


def _file(client: Client, person: Any, service: Any) -> ApplicationItem:
    client.post(
        reverse("intake:application_new", args=[person.pk]),
        {"services": [service.pk], "channel": "phone", "filed_by": "self"},
    )
    return ApplicationItem.objects.get(person=person, service=service)


def test_the_organiser_qualifies_and_the_last_in_line_waits(english_as):
    service = ProgrammeServiceFactory.create(capacity=1)
    office, organiser = english_as(Role.CLIENT_OFFICE), english_as(Role.SERVICE_ORGANISER)
    first = _file(office, senior(), service)
    second = _file(office, senior(), service)
    organiser.post(reverse("intake:item_qualify", args=[first.pk]))
    response = organiser.post(reverse("intake:item_qualify", args=[second.pk]), follow=True)
    assert "waiting list at position 1" in response.content.decode()
    queue = organiser.get(reverse("intake:queue_detail", args=[service.uuid]))
    assert [item.pk for item in queue.context["queue"].waiting] == [second.pk]
    assert "Free places: 0 of 1" in queue.content.decode()


def test_the_client_office_cannot_qualify_or_refuse(english_as):
    service = ProgrammeServiceFactory.create()
    office = english_as(Role.CLIENT_OFFICE)
    item = _file(office, senior(), service)
    assert office.post(reverse("intake:item_qualify", args=[item.pk])).status_code == 403
    assert office.get(reverse("intake:item_refuse", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_a_refusal_without_a_reason_is_refused_and_with_one_recorded(english_as):
    service = ProgrammeServiceFactory.create()
    item = _file(english_as(Role.CLIENT_OFFICE), senior(), service)
    organiser = english_as(Role.SERVICE_ORGANISER)
    url = reverse("intake:item_refuse", args=[item.pk])
    empty = organiser.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert organiser.post(url, {"reason": "Brak miejsc w tym naborze."}).status_code == 302
    item.refresh_from_db()
    assert (item.state, item.reason) == (ItemState.REFUSED, "Brak miejsc w tym naborze.")


def test_withdrawing_frees_the_place_for_the_next_in_line(english_as):
    service = ProgrammeServiceFactory.create(capacity=1)
    office, organiser = english_as(Role.CLIENT_OFFICE), english_as(Role.SERVICE_ORGANISER)
    first, second = _file(office, senior(), service), _file(office, senior(), service)
    for item in (first, second):
        organiser.post(reverse("intake:item_qualify", args=[item.pk]))
    url = reverse("intake:item_withdraw", args=[first.pk])
    office.post(url, {"reason": "Withdrawn by phone."})
    second.refresh_from_db()
    assert second.state == ItemState.QUALIFIED
    again = office.post(url, {"reason": "Again."}, follow=True)
    assert "already been withdrawn" in again.content.decode()


def test_promoting_from_an_empty_waiting_list_says_so(english_as):
    service = ProgrammeServiceFactory.create(capacity=3)
    organiser = english_as(Role.SERVICE_ORGANISER)
    response = organiser.post(reverse("intake:queue_promote", args=[service.uuid]), follow=True)
    assert "Nobody is waiting" in response.content.decode()


def test_outsiders_cannot_reach_an_application(english_as, client_as):
    service = ProgrammeServiceFactory.create()
    item = _file(english_as(Role.CLIENT_OFFICE), senior(), service)
    url = reverse("intake:application_detail", args=[item.application.uuid])
    assert client_as().get(url).status_code == 403
    assert client_as(Role.PROVIDER_STAFF).get(url).status_code == 403
    assert client_as(Role.AUDITOR).get(url).status_code == 200
    assert Client().get(url).status_code == 302


def test_query_budgets_of_the_queue_and_the_application(english_as, django_assert_max_num_queries):
    service = ProgrammeServiceFactory.create(capacity=2)
    office, organiser = english_as(Role.CLIENT_OFFICE), english_as(Role.SERVICE_ORGANISER)
    items = [_file(office, senior(), service) for _ in range(6)]
    for item in items:
        organiser.post(reverse("intake:item_qualify", args=[item.pk]))
    with django_assert_max_num_queries(12):
        queue = organiser.get(reverse("intake:queue_detail", args=[service.uuid]))
    assert len(queue.context["queue"].waiting) == 4
    with django_assert_max_num_queries(14):
        organiser.get(reverse("intake:application_detail", args=[items[-1].application.uuid]))
