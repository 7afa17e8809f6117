"""The online application: what was typed is kept for the client office, and the registry is
neither searched nor changed, so the answer is the same for a known and an unknown PESEL and
nothing is written in anyone's name; anything wrong is refused with a message and stores
nothing; the confirmation belongs to the filing session; filings per address are throttled."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.models import ServiceStatus
from opencus.core.identifiers import pesel_make
from opencus.core.models import AuditEvent
from opencus.intake.models import (
    Application,
    ApplicationItem,
    OnlineApplication,
    OnlineState,
    OnlineTransition,
)
from opencus.people.models import Consent, ConsentPurpose, Person
from opencus.people.services import person_archive
from opencus.portal.keys import client_key
from opencus.portal.models import FilingAttempt
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory

from .conftest import HELENA_PESEL, application_data

pytestmark = pytest.mark.django_db

APPLY = reverse("portal:apply")


def nothing_stored(people_before: int = 0) -> None:
    assert Person.objects.count() == people_before
    assert not OnlineApplication.objects.exists()
    assert not Application.objects.exists()
    assert not ApplicationItem.objects.exists()
    assert not Consent.objects.exists()


def errors(response: Any) -> str:
    return response.content.decode()


# --- Filing -----------------------------------------------------------------------------------


def test_the_application_is_kept_for_the_office_and_the_registry_is_not_touched(visitor):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    data = application_data(taxi, consent_email="on")
    response = visitor.post(APPLY, data, REMOTE_ADDR="192.0.2.10")

    online = OnlineApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:applied", args=[online.uuid])
    assert HELENA_PESEL not in response["Location"]
    assert re.fullmatch(r"E/\d{4}/\d{6}", online.reference)
    assert (online.first_name, online.last_name, online.pesel) == (
        "Helena",
        "Wiśniewska",
        HELENA_PESEL,
    )
    assert online.preferred_language == "en"
    assert online.address_line == "Radomska 5/2, 27-200 Starachowice"
    assert list(online.services.all()) == [taxi]
    # The consents belong to the online application until a clerk confirms them.
    assert online.consents == [ConsentPurpose.SERVICES, ConsentPurpose.CONTACT_EMAIL]
    assert online.state == OnlineState.RECEIVED
    assert OnlineTransition.objects.get(online_application=online).actor is None
    # Nothing in the registry, no application in the queue yet.
    assert not Person.objects.exists()
    assert not Application.objects.exists()
    assert not Consent.objects.exists()
    # The audit log has the row, with no staff actor and the resident's address.
    event = AuditEvent.objects.get(actor__isnull=True, ip_address="192.0.2.10")
    assert event.object_repr == online.reference


def test_the_confirmation_shows_the_reference_the_services_and_the_next_steps(visitor):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    club = ProgrammeServiceFactory.create(name="Family club")
    response = visitor.post(APPLY, application_data(taxi, club), follow=True)
    online = OnlineApplication.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert online.reference in page
    assert "Senior taxi" in page and "Family club" in page
    assert "What happens next" in page
    assert reverse("portal:status") in page


def test_the_confirmation_is_not_shown_to_another_session(visitor):
    taxi = ProgrammeServiceFactory.create()
    visitor.post(APPLY, application_data(taxi))
    url = reverse("portal:applied", args=[OnlineApplication.objects.get().uuid])
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


# --- Known people: the same answer, nothing in their name ------------------------------------


def _normalised(page: str, online: OnlineApplication) -> str:
    """The confirmation page without what differs between any two filings: the reference, the
    time received, its address, the form tokens."""
    received = timezone.localtime(online.received_at)
    page = page.replace(online.reference, "REFERENCE").replace(str(online.uuid), "UUID")
    page = page.replace(received.strftime("%d.%m.%Y"), "DATE").replace(
        received.strftime("%H:%M"), "TIME"
    )
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_the_answer_is_the_same_whether_the_person_is_known_or_not(settings):
    """A registered PESEL with a wrong name, a registered PESEL with the right name asking for
    every service (one of which the person already has), and an unknown PESEL get the same
    answer: nothing tells a stranger that the PESEL is registered or what the person uses."""
    settings.OPENCUS_PORTAL_FILINGS_PER_HOUR = 10
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    nurse = ProgrammeServiceFactory.create(name="Nurse at home")
    known = PersonFactory.create(first_name="Anna", last_name="Nowak")
    application_make(nurse, by=None, person=known)
    unknown_pesel = pesel_make(dt.date(1951, 6, 7), 456, "F")
    cases = {
        "unknown": application_data(
            taxi, nurse, first_name="Anna", last_name="Nowak", pesel=unknown_pesel
        ),
        "known-wrong-name": application_data(
            taxi, nurse, first_name="Anna", last_name="Kowalska", pesel=known.pesel
        ),
        "known-right-name": application_data(
            taxi, nurse, first_name="Anna", last_name="Nowak", pesel=known.pesel
        ),
    }
    answers = {}
    for case, data in cases.items():
        client = Client()
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(APPLY, data)
        assert response.status_code == 302, case
        page = client.get(response["Location"])
        assert page.status_code == 200
        online = OnlineApplication.objects.get(uuid=response["Location"].rstrip("/").split("/")[-1])
        answers[case] = _normalised(page.content.decode(), online)
        assert "Nowak" not in answers[case] and "Kowalska" not in answers[case]
    assert answers["known-wrong-name"] == answers["unknown"]
    assert answers["known-right-name"] == answers["unknown"]
    assert "does not match" not in answers["unknown"]
    # The person's record and their one application are untouched.
    assert Application.objects.filter(person=known).count() == 1
    assert OnlineApplication.objects.count() == 3


def test_the_form_writes_no_consent_in_a_known_persons_name(visitor):
    taxi = ProgrammeServiceFactory.create()
    person = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    before = Person.objects.values().get(pk=person.pk)
    response = visitor.post(
        APPLY,
        application_data(taxi, pesel=person.pesel, consent_email="on", consent_sms="on"),
    )
    assert response.status_code == 302
    assert not Consent.objects.filter(person=person).exists()
    assert Person.objects.values().get(pk=person.pk) == before
    assert not Application.objects.exists()
    online = OnlineApplication.objects.get()
    assert online.person is None
    assert set(online.consents) == {
        ConsentPurpose.SERVICES,
        ConsentPurpose.CONTACT_EMAIL,
        ConsentPurpose.CONTACT_SMS,
    }


def test_an_archived_persons_pesel_gets_the_same_answer(visitor, make_staff):
    taxi = ProgrammeServiceFactory.create()
    person = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    person_archive(person=person, acting_user=make_staff(), reason="Moved away.")
    response = visitor.post(APPLY, application_data(taxi, pesel=person.pesel))
    assert response.status_code == 302
    assert not Application.objects.exists()


def test_a_person_without_pesel_gives_a_document_and_birth_date(visitor):
    taxi = ProgrammeServiceFactory.create()
    data = application_data(
        taxi,
        first_name="Olena",
        last_name="Kovalenko",
        pesel="",
        id_document_type="passport",
        id_document_number="FB 765432",
        id_document_country="ua",
        birth_date_day="12",
        birth_date_month="8",
        birth_date_year="1985",
        sex="F",
        phone="",
    )
    assert visitor.post(APPLY, data).status_code == 302
    online = OnlineApplication.objects.get()
    assert (online.pesel, online.id_document_number, online.id_document_country) == (
        "",
        "FB765432",
        "UA",
    )
    assert (online.birth_date, online.sex) == (dt.date(1985, 8, 12), "F")
    assert not Person.objects.exists()


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
    assert visitor.post(APPLY, application_data(services[1]), **address).status_code == 302
    blocked = visitor.post(APPLY, application_data(services[1]), **address)
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert "You can try again after" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 3600
    assert OnlineApplication.objects.count() == 2
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
