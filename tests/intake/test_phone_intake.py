"""The client office's phone intake: find the caller as they type, or register them and come
back to the form; requests for services the programme does not offer become unmet demand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from opencus.core.roles import Role
from opencus.intake.models import Application, DemandReason, UnmetDemand
from opencus.people.models import Person
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory
from tests.people.test_person_pages import VALID_PESEL, registration

pytestmark = pytest.mark.django_db

URL = reverse("intake:phone_intake")


def test_the_search_lists_callers_with_a_link_to_their_application_form(english_as):
    caller = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    PersonFactory.create(first_name="Jan", last_name="Kowalski")
    client = english_as(Role.CLIENT_OFFICE)

    page = client.get(URL, {"q": "wisniew"}).content.decode()

    assert "1 person found" in page
    assert reverse("intake:application_new", args=[caller.pk]) in page
    assert "Kowalski" not in page
    partial = client.get(URL, {"q": "wisniew"}, headers={"HX-Request": "true"}).content.decode()
    assert "Wiśniewska" in partial and "<html" not in partial


def test_an_archived_person_is_not_offered(english_as):
    PersonFactory.create(
        last_name="Zarchiwizowana", archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    page = english_as(Role.CLIENT_OFFICE).get(URL, {"q": "zarchiw"}).content.decode()
    assert "0 people found" in page


def test_registration_returns_to_the_application_form_of_the_new_person(english_as):
    client = english_as(Role.CLIENT_OFFICE)
    page = client.get(URL).content.decode()
    register = f"{reverse('people:create')}?next=%2Fpracownicy%2Fprzyjecie%2F"
    assert register in page

    response = client.post(register, registration())
    person = Person.objects.get(pesel=VALID_PESEL)
    assert response["Location"] == f"{URL}?osoba={person.pk}"
    onward = client.get(response["Location"])
    assert onward["Location"] == reverse("intake:application_new", args=[person.pk])


def test_registration_ignores_a_next_address_on_another_site(english_as):
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(f"{reverse('people:create')}?next=https://example.org/", registration())
    person = Person.objects.get(pesel=VALID_PESEL)
    assert response["Location"] == reverse("people:detail", args=[person.pk])


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_an_unknown_or_malformed_person_is_not_found(english_as, value):
    assert english_as(Role.CLIENT_OFFICE).get(URL, {"osoba": value}).status_code == 404


def test_requests_not_offered_are_recorded_as_unmet_demand_with_the_application(english_as):
    service = ProgrammeServiceFactory.create()
    person = PersonFactory.create()
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(
        reverse("intake:application_new", args=[person.pk]),
        {
            "services": [service.pk],
            "channel": "phone",
            "filed_by": "self",
            "not_offered": "sprzątanie\n\n  joga   dla seniorów \n",
        },
    )
    assert response.status_code == 302
    assert Application.objects.filter(person=person).exists()
    demand = UnmetDemand.objects.filter(person=person, reason=DemandReason.NOT_OFFERED)
    assert sorted(demand.values_list("category", flat=True)) == ["joga dla seniorów", "sprzątanie"]


def test_a_refused_filing_records_no_unmet_demand_either(english_as):
    service = ProgrammeServiceFactory.create()
    person = PersonFactory.create()
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("intake:application_new", args=[person.pk])
    data = {"services": [service.pk], "channel": "phone", "filed_by": "self"}
    client.post(url, data)
    again = client.post(url, {**data, "not_offered": "joga"})
    assert again.status_code == 400
    assert not UnmetDemand.objects.filter(reason=DemandReason.NOT_OFFERED).exists()


@pytest.mark.parametrize(
    ("roles", "status"),
    [((Role.CLIENT_OFFICE,), 200), ((Role.AUDITOR,), 403), ((), 403)],
)
def test_who_may_take_applications_by_phone(client_as, roles, status):
    assert client_as(*roles).get(URL).status_code == status
