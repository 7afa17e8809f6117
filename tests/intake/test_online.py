"""The client office's check of online applications: the clerk sees who in the registry the
applicant may be (and what they already have), files the application for the confirmed person
or registers a new one, records the consents they confirmed, or rejects it with a reason; each
step writes a transition row and an audit row. A Starachowice address typed online gets its
TERC, so the person can be qualified; an address that truly lacks it gets a refusal that links
to the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.intake.errors import IntakeError
from opencus.intake.models import (
    Application,
    Channel,
    ItemState,
    OnlineApplication,
    OnlineState,
    OnlineTransition,
)
from opencus.intake.online import online_application_accept
from opencus.intake.services import item_qualify
from opencus.people.models import Consent, ConsentPurpose, Person
from opencus.people.services import consent_give
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory
from tests.personas import login
from tests.portal.conftest import HELENA_PESEL, application_data

pytestmark = pytest.mark.django_db

SENIOR_RESIDENT = {"all": [{"attribute": "age", "min": 60}, {"attribute": "resident"}]}


def send_online(*services: Any, **changes: Any) -> OnlineApplication:
    """A resident sends the public form (in Polish, the site's default)."""
    response = Client().post(reverse("portal:apply"), application_data(*services, **changes))
    assert response.status_code == 302
    return OnlineApplication.objects.latest("id")


def detail_url(online: OnlineApplication) -> str:
    return reverse("intake:online_detail", args=[online.uuid])


# --- The list and the check ----------------------------------------------------------------


def test_the_clerk_sees_the_waiting_online_applications(clerk, make_staff):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    online = send_online(taxi)
    page = login(clerk).get(reverse("intake:online_list")).content.decode()
    assert online.reference in page and "Helena Wiśniewska" in page and "Senior taxi" in page
    # A role that files no applications may not open it.
    assert login(make_staff(Role.PROVIDER_STAFF)).get(detail_url(online)).status_code in (403, 404)


def test_the_clerk_sees_who_the_applicant_may_be_and_what_they_have(clerk):
    """A registered PESEL with another name: the clerk (not the stranger) sees the match, that
    the name differs, and the services the person already has or waits for."""
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    nurse = ProgrammeServiceFactory.create(name="Nurse at home")
    known = PersonFactory.create(first_name="Anna", last_name="Nowak")
    application_make(nurse, by=None, person=known)
    online = send_online(taxi, nurse, first_name="Anna", last_name="Kowalska", pesel=known.pesel)
    page = login(clerk).get(detail_url(online)).content.decode()
    assert "Anna Nowak" in page and "Anna Kowalska" in page
    assert "same as typed" in page and "differs from what was typed" in page
    assert reverse("people:detail", args=[known.pk]) in page
    card = page[page.index("Anna Nowak") :]
    assert "Already has or waits for" in card and "Nurse at home" in card


# --- Accepting -------------------------------------------------------------------------------


def test_accepting_a_new_person_registers_them_and_files_in_the_order_sent(clerk):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    online = send_online(taxi, consent_email="on", consent_sms="on")
    response = login(clerk).post(
        detail_url(online),
        {
            "person": "new",
            "services": [taxi.pk],
            "consents": [ConsentPurpose.SERVICES, ConsentPurpose.CONTACT_EMAIL],
            "identity_checked": "on",
        },
    )
    online.refresh_from_db()
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:application_detail", args=[application.uuid])
    person = application.person
    assert (person.first_name, person.last_name, person.pesel) == (
        "Helena",
        "Wiśniewska",
        HELENA_PESEL,
    )
    assert person.created_by == clerk
    assert application.channel == Channel.PORTAL
    assert application.filed_at == online.received_at  # the queue keeps the order sent
    assert online.reference in application.note
    assert (online.state, online.person, online.application) == (
        OnlineState.ACCEPTED,
        person,
        application,
    )
    assert online.decided_by == clerk
    # Only the consents the clerk confirmed, in the person's name, recorded by the clerk.
    consents = Consent.objects.filter(person=person)
    assert sorted(consents.values_list("purpose", flat=True)) == sorted(
        [ConsentPurpose.SERVICES, ConsentPurpose.CONTACT_EMAIL]
    )
    assert {consent.recorded_by for consent in consents} == {clerk}
    assert {consent.given_at for consent in consents} == {online.received_at}
    steps = OnlineTransition.objects.filter(online_application=online).order_by("id")
    assert [(step.to_state, step.actor) for step in steps] == [
        (OnlineState.RECEIVED, None),
        (OnlineState.ACCEPTED, clerk),
    ]
    assert AuditEvent.objects.filter(actor=clerk, object_repr=online.reference).exists()


def test_accepting_for_a_known_person_leaves_their_record_and_confirms_consents(clerk):
    taxi = ProgrammeServiceFactory.create()
    person = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    earlier = consent_give(person=person, purpose=ConsentPurpose.SERVICES, acting_user=clerk)
    before = Person.objects.values().get(pk=person.pk)
    online = send_online(taxi, pesel=person.pesel, consent_sms="on", phone="511 222 333")
    response = login(clerk).post(
        detail_url(online),
        {
            "person": str(person.pk),
            "services": [taxi.pk],
            "consents": [ConsentPurpose.SERVICES, ConsentPurpose.CONTACT_SMS],
            "identity_checked": "on",
        },
    )
    assert response.status_code == 302
    assert Person.objects.values().get(pk=person.pk) == before
    application = Application.objects.get()
    assert application.person == person
    assert "511 222 333" in application.note
    assert list(Consent.objects.filter(purpose=ConsentPurpose.SERVICES)) == [earlier]
    assert Consent.objects.get(person=person, purpose=ConsentPurpose.CONTACT_SMS).recorded_by == (
        clerk
    )


def test_registering_a_pesel_that_is_already_registered_is_refused(clerk):
    taxi = ProgrammeServiceFactory.create()
    PersonFactory.create(pesel=HELENA_PESEL, birth_date=dt.date(1947, 2, 3), sex="F")
    online = send_online(taxi)
    response = login(clerk).post(
        detail_url(online),
        {"person": "new", "services": [taxi.pk], "identity_checked": "on"},
    )
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    online.refresh_from_db()
    assert online.state == OnlineState.RECEIVED
    assert not Application.objects.exists()
    assert not Consent.objects.exists()


def test_the_identity_must_be_checked_before_accepting(clerk):
    taxi = ProgrammeServiceFactory.create()
    online = send_online(taxi)
    response = login(clerk).post(detail_url(online), {"person": "new", "services": [taxi.pk]})
    assert response.status_code == 400
    assert "Check the applicant" in response.content.decode()
    assert not Person.objects.exists()


def test_an_online_application_is_accepted_only_once(clerk):
    taxi = ProgrammeServiceFactory.create()
    online = send_online(taxi)
    online_application_accept(
        online_application=online, acting_user=clerk, person=None, services=[taxi], consents=[]
    )
    with pytest.raises(IntakeError) as refusal:
        online_application_accept(
            online_application=online, acting_user=clerk, person=None, services=[taxi], consents=[]
        )
    assert refusal.value.code == "online_decided"
    assert Application.objects.count() == 1


# --- Rejecting and the status page ------------------------------------------------------------


def test_rejecting_needs_a_reason_and_the_resident_is_told_to_call(clerk):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    online = send_online(taxi)
    url = reverse("intake:online_reject", args=[online.uuid])
    assert login(clerk).post(url, {"reason": " "}).status_code == 400
    response = login(clerk).post(url, {"reason": "The PESEL belongs to someone else."})
    assert response.status_code == 302
    online.refresh_from_db()
    assert online.state == OnlineState.REJECTED
    assert OnlineTransition.objects.filter(
        online_application=online, to_state=OnlineState.REJECTED, actor=clerk
    ).exists()
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status = visitor.post(
        reverse("portal:status"), {"reference": online.reference, "identifier": HELENA_PESEL}
    )
    page = status.content.decode()
    assert "could not accept this application online" in page
    assert "someone else" not in page


def test_the_status_page_shows_a_waiting_online_application_and_then_its_services(clerk):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    online = send_online(taxi)
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status_url = reverse("portal:status")
    waiting = visitor.post(status_url, {"reference": online.reference, "identifier": HELENA_PESEL})
    assert "The client office is checking your details" in waiting.content.decode()
    assert "Senior taxi" in waiting.content.decode()
    wrong = visitor.post(status_url, {"reference": online.reference, "identifier": "FA123"})
    assert wrong.status_code == 400
    online_application_accept(
        online_application=online, acting_user=clerk, person=None, services=[taxi], consents=[]
    )
    filed = visitor.post(status_url, {"reference": online.reference, "identifier": HELENA_PESEL})
    page = filed.content.decode()
    assert "checking your details" not in page
    assert "Senior taxi" in page and "submitted" in page


# --- TERC: an online applicant from Starachowice can be qualified ---------------------------------


def test_an_online_application_from_a_starachowice_address_qualifies(clerk, organiser):
    taxi = ProgrammeServiceFactory.create(eligibility_rules=SENIOR_RESIDENT)
    online = send_online(taxi, locality="starachowice", postcode="27-200")
    application = online_application_accept(
        online_application=online, acting_user=clerk, person=None, services=[taxi], consents=[]
    )
    assert application.person.terc == settings.OPENCUS_MUNICIPALITY_TERC
    item = item_qualify(item=application.items.get(), acting_user=organiser)
    assert item.state == ItemState.QUALIFIED


def test_a_missing_terc_refusal_names_the_field_and_links_to_it(organiser):
    taxi = ProgrammeServiceFactory.create(eligibility_rules=SENIOR_RESIDENT)
    person = PersonFactory.create(
        terc="", locality="Wąchock", postcode="27-215", birth_date=dt.date(1940, 1, 1)
    )
    application = application_make(taxi, by=organiser, person=person)
    item = application.items.get()
    client = login(organiser)
    response = client.post(reverse("intake:item_qualify", args=[item.pk]), follow=True)
    page = response.content.decode()
    assert "TERYT gmina code (TERC)" in page
    assert f'href="{reverse("people:edit", args=[person.pk])}#id_terc"' in page
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED
    # The field the link points at is on the edit page.
    edit = client.get(reverse("people:edit", args=[person.pk])).content.decode()
    assert 'id="id_terc"' in edit


def test_my_work_shows_the_clerk_the_online_applications_waiting(clerk):
    taxi = ProgrammeServiceFactory.create(name="Senior taxi")
    online = send_online(taxi)
    response = login(clerk).get(reverse("core:my_work"))
    work = {section.key: section for section in response.context["sections"]}
    assert [row.pk for row in work["online"].rows] == [online.pk]
    html = response.content.decode()
    assert "Online applications waiting for a check" in html
    assert detail_url(online) in html
