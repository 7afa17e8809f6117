"""The online application: a new person is registered and the application filed; a known
person is matched by PESEL or document and their registry record left alone; anything wrong is
refused with a message and stores nothing; the confirmation belongs to the filing session;
filings per address are throttled."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.models import ServiceStatus
from opencus.core.models import AuditEvent
from opencus.intake.models import Application, ApplicationItem, Channel, ItemTransition
from opencus.people.models import Consent, ConsentPurpose, Person
from opencus.people.services import consent_give, person_archive
from opencus.portal.keys import client_key
from opencus.portal.models import FilingAttempt
from tests.catalog.factories import PersonFactory as DocumentPersonFactory
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory

from .conftest import HELENA_BIRTH, HELENA_PESEL, application_data

pytestmark = pytest.mark.django_db

APPLY = reverse("portal:apply")


def nothing_stored(people_before: int = 0) -> None:
    assert Person.objects.count() == people_before
    assert not Application.objects.exists()
    assert not ApplicationItem.objects.exists()
    assert not Consent.objects.exists()


def errors(response: Any) -> str:
    return response.content.decode()


# --- Filing -----------------------------------------------------------------------------------


def test_a_new_person_is_registered_and_the_application_filed(visitor):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    response = visitor.post(APPLY, application_data(taxi), REMOTE_ADDR="192.0.2.10")

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:applied", args=[application.uuid])
    assert HELENA_PESEL not in response["Location"]
    person = application.person
    assert (person.first_name, person.last_name, person.pesel) == (
        "Helena",
        "Wiśniewska",
        HELENA_PESEL,
    )
    assert (person.birth_date, person.sex) == (HELENA_BIRTH, "F")  # from the PESEL
    assert person.created_by is None
    assert person.preferred_language == "en"
    assert person.address_line == "Radomska 5/2, 27-200 Starachowice"
    assert application.channel == Channel.PORTAL
    assert application.received_by is None
    assert re.fullmatch(r"W/\d{4}/\d{6}", application.reference)
    assert application.note  # for the clerk, in the site's language: check the identity
    item = application.items.get()
    assert item.service == taxi
    assert ItemTransition.objects.get(item=item).actor is None
    # The audit log has the rows, with no staff actor and the resident's address.
    events = AuditEvent.objects.filter(actor__isnull=True, ip_address="192.0.2.10")
    assert {event.object_repr for event in events} >= {str(person), application.reference}


def test_the_confirmation_shows_the_reference_the_services_and_the_next_steps(visitor):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    club = ProgrammeServiceFactory.create(name="Family club")
    response = visitor.post(APPLY, application_data(taxi, club), follow=True)
    application = Application.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert application.reference in page
    assert "Senior taxi" in page and "Family club" in page
    assert "What happens next" in page
    assert reverse("portal:status") in page


def test_the_confirmation_is_not_shown_to_another_session(visitor):
    taxi = ProgrammeServiceFactory.create()
    visitor.post(APPLY, application_data(taxi))
    url = reverse("portal:applied", args=[Application.objects.get().uuid])
    assert visitor.get(url).status_code == 200
    assert Client().get(url).status_code == 404


def test_a_service_card_link_ticks_the_service(visitor):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    ProgrammeServiceFactory.create(name="Family club")
    hidden = ProgrammeServiceFactory.create(name="Internal service", is_public=False)
    closed = ProgrammeServiceFactory.create(name="Closed", status=ServiceStatus.SUSPENDED)
    page = visitor.get(f"{APPLY}?usluga={taxi.uuid}").content.decode()
    checked = re.findall(r'<input[^>]*name="services"[^>]*>', page)
    assert len(checked) == 2  # the taxi and the club; not the hidden nor the closed
    assert [tag for tag in checked if "checked" in tag] == [
        tag for tag in checked if f'value="{taxi.pk}"' in tag
    ]
    assert all("govuk-checkboxes__input" in tag and 'type="checkbox"' in tag for tag in checked)
    assert "Internal service" not in page and hidden.name not in page
    assert closed.name not in re.sub(r"<select.*?</select>", "", page, flags=re.S)
    # A wrong or unknown service address just shows the form.
    assert visitor.get(f"{APPLY}?usluga=nonsense").status_code == 200
    assert visitor.get(f"{APPLY}?usluga={hidden.uuid}").status_code == 200


def test_a_service_that_is_not_public_cannot_be_requested(visitor):
    ProgrammeServiceFactory.create()
    hidden = ProgrammeServiceFactory.create(is_public=False)
    response = visitor.post(APPLY, application_data(hidden))
    assert response.status_code == 400
    assert "Select a valid choice" in errors(response)
    nothing_stored()


def test_the_form_says_when_nothing_takes_applications(visitor):
    ProgrammeServiceFactory.create(status=ServiceStatus.SUSPENDED)
    page = visitor.get(APPLY).content.decode()
    assert "No service takes applications online at the moment" in page
    assert '<form method="post" novalidate>' not in page


# --- Known people -----------------------------------------------------------------------------


def test_a_registered_person_is_matched_and_their_record_is_not_changed(visitor):
    taxi = ProgrammeServiceFactory.create()
    person = PersonFactory.create(
        first_name="Łukasz",
        last_name="Żółkiewski",
        birth_date=dt.date(1950, 5, 6),
        sex="M",
        phone="600000001",
        email="",
        street="Radomska",
        building_number="12",
    )
    before = Person.objects.values().get(pk=person.pk)
    data = application_data(
        taxi,
        first_name=" lukasz ",
        last_name="ZOLKIEWSKI",
        pesel=person.pesel,
        phone="+48 511 222 333",
        email="lukasz@example.org",
        street="Leśna",
        building_number="7",
        flat_number="",
        postcode="27-201",
        locality="Wierzbnik",
    )
    response = visitor.post(APPLY, data)
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert Person.objects.values().get(pk=person.pk) == before
    application = Application.objects.get()
    assert application.person == person
    assert "+48 511 222 333" in application.note
    assert "lukasz@example.org" in application.note
    assert "Leśna 7, 27-201 Wierzbnik" in application.note


def test_a_name_that_does_not_match_the_registry_is_refused_and_nothing_is_stored(
    visitor, settings
):
    settings.OPENCUS_CONTACT_PHONE = "41 000 11 22"
    taxi = ProgrammeServiceFactory.create()
    person = PersonFactory.create(first_name="Anna", last_name="Nowak")
    response = visitor.post(
        APPLY, application_data(taxi, first_name="Anna", last_name="Kowalska", pesel=person.pesel)
    )
    page = errors(response)
    assert response.status_code == 400
    assert "call the client office on 41 000 11 22" in page
    assert "Nowak" not in page  # the registry's name is not revealed
    nothing_stored(people_before=1)


def test_an_archived_person_is_sent_to_the_client_office(visitor, make_staff):
    taxi = ProgrammeServiceFactory.create()
    person = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    person_archive(person=person, acting_user=make_staff(), reason="Moved away.")
    response = visitor.post(APPLY, application_data(taxi, pesel=person.pesel))
    assert response.status_code == 400
    assert "call the client office" in errors(response)
    assert not Application.objects.exists()


def test_a_person_without_pesel_is_matched_by_document_and_birth_date(visitor):
    taxi = ProgrammeServiceFactory.create()
    person = DocumentPersonFactory.create(
        first_name="Olena",
        last_name="Shevchenko",
        id_document_number="FA123456",
        id_document_country="UA",
        birth_date=dt.date(1980, 4, 1),
        sex="F",
    )
    data = application_data(
        taxi,
        first_name="Olena",
        last_name="Shevchenko",
        pesel="",
        id_document_type="passport",
        id_document_number="fa 123456",
        id_document_country="ua",
        birth_date_day="1",
        birth_date_month="4",
        birth_date_year="1980",
        sex="F",
    )
    wrong_birth = {**data, "birth_date_day": "2"}
    refused = visitor.post(APPLY, wrong_birth)
    assert refused.status_code == 400
    assert "call the client office" in errors(refused)
    assert not Application.objects.exists()

    assert visitor.post(APPLY, data).status_code == 302
    assert Application.objects.get().person == person
    assert Person.objects.count() == 1


def test_a_new_person_without_pesel_is_registered_with_the_document(visitor):
    taxi = ProgrammeServiceFactory.create()
    data = application_data(
        taxi,
        first_name="Olena",
        last_name="Kovalenko",
        pesel="",
        id_document_type="passport",
        id_document_number="FB 765432",
        id_document_country="UA",
        birth_date_day="12",
        birth_date_month="8",
        birth_date_year="1985",
        sex="F",
        phone="",
    )
    assert visitor.post(APPLY, data).status_code == 302
    person = Application.objects.get().person
    assert (person.pesel, person.id_document_number, person.id_document_country) == (
        None,
        "FB765432",
        "UA",
    )
    assert person.birth_date == dt.date(1985, 8, 12)


# --- Refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pesel": HELENA_PESEL[:-1] + str((int(HELENA_PESEL[-1]) + 1) % 10)}, "check digit"),
        ({"pesel": "123"}, "exactly 11 digits"),
        (
            {"birth_date_day": "4", "birth_date_month": "2", "birth_date_year": "1947"},
            "does not match the PESEL number (03.02.1947)",
        ),
        ({"sex": "M"}, "The sex does not match the PESEL number"),
        (
            {
                "pesel": "",
                "birth_date_day": "31",
                "birth_date_month": "2",
                "birth_date_year": "1950",
            },
            "Enter a real date",
        ),
        ({"pesel": ""}, "Enter the document number, or a PESEL number"),
        ({"postcode": "27200"}, "Enter a postcode in the form 00-000"),
        ({"phone": "", "email": ""}, "Give a phone number or an e-mail address"),
        ({"phone": "call me"}, "Enter a phone number"),
        ({"first_name": ""}, "Enter your first name."),
        ({"services": []}, "Choose at least one service"),
        ({"consent_services": None}, "Tick the consent to the processing of your data"),
    ],
    ids=[
        "pesel-checksum",
        "pesel-length",
        "pesel-birth-date",
        "pesel-sex",
        "impossible-date",
        "no-identity",
        "postcode",
        "no-contact",
        "phone",
        "first-name",
        "no-services",
        "no-consent",
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(visitor, changes, message):
    taxi = ProgrammeServiceFactory.create()
    response = visitor.post(APPLY, application_data(taxi, **changes))
    assert response.status_code == 400
    page = errors(response)
    assert message in page
    assert "govuk-error-summary" in page
    nothing_stored()
    assert not FilingAttempt.objects.exists()  # a form error is not a filing


def test_a_second_request_for_the_same_service_is_refused_on_the_form(visitor):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    club = ProgrammeServiceFactory.create(name="Family club")
    assert visitor.post(APPLY, application_data(taxi)).status_code == 302
    again = visitor.post(APPLY, application_data(taxi, club, consent_email="on"))
    assert again.status_code == 400
    assert "already has or is waiting for: Senior taxi" in errors(again)
    assert ApplicationItem.objects.count() == 1
    assert not Consent.objects.filter(purpose=ConsentPurpose.CONTACT_EMAIL).exists()


# --- Consents ---------------------------------------------------------------------------------


def test_the_ticked_consents_are_recorded(visitor):
    taxi = ProgrammeServiceFactory.create()
    visitor.post(APPLY, application_data(taxi, consent_email="on", consent_sms="on"))
    person = Person.objects.get()
    consents = Consent.objects.filter(person=person, withdrawn_at__isnull=True)
    assert sorted(consents.values_list("purpose", flat=True)) == sorted(
        [ConsentPurpose.SERVICES, ConsentPurpose.CONTACT_EMAIL, ConsentPurpose.CONTACT_SMS]
    )
    assert {consent.recorded_by for consent in consents} == {None}


def test_an_active_consent_is_not_given_twice(visitor):
    taxi = ProgrammeServiceFactory.create()
    person = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    earlier = consent_give(
        person=person, purpose=ConsentPurpose.SERVICES, acting_user=AnonymousUser()
    )
    response = visitor.post(APPLY, application_data(taxi, pesel=person.pesel, consent_sms="on"))
    assert response.status_code == 302
    assert list(Consent.objects.filter(purpose=ConsentPurpose.SERVICES)) == [earlier]
    assert Consent.objects.filter(purpose=ConsentPurpose.CONTACT_SMS, person=person).exists()
    assert not Consent.objects.filter(purpose=ConsentPurpose.CONTACT_EMAIL).exists()


# --- Throttle ---------------------------------------------------------------------------------


def test_filings_from_one_address_are_throttled(visitor, settings):
    settings.OPENCUS_PORTAL_FILINGS_PER_HOUR = 2
    services = [ProgrammeServiceFactory.create() for _ in range(4)]
    address = {"REMOTE_ADDR": "198.51.100.7"}
    # An attempt more than an hour old does not count.
    FilingAttempt.objects.create(
        client_key=client_key("198.51.100.7"), at=timezone.now() - dt.timedelta(minutes=61)
    )
    assert visitor.post(APPLY, application_data(services[0]), **address).status_code == 302
    # A refused filing counts too (the form must not be a fast probe of the registry).
    refused = application_data(services[0])
    assert visitor.post(APPLY, refused, **address).status_code == 400
    blocked = visitor.post(APPLY, application_data(services[1]), **address)
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert "You can try again after" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 3600
    assert ApplicationItem.objects.count() == 1
    # Another address is not affected; the keys never hold the address itself.
    assert (
        visitor.post(APPLY, application_data(services[2]), REMOTE_ADDR="198.51.100.8").status_code
        == 302
    )
    assert not FilingAttempt.objects.filter(client_key__contains="198.51").exists()


def test_the_application_page_is_polish_by_default():
    ProgrammeServiceFactory.create()
    response = Client().get(APPLY)
    assert response.status_code == 200
    assert 'lang="pl"' in response.content.decode()
