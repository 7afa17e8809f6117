"""The staff pages of the people registry: registration, the card, its parts, and who may
see what. Text is asserted in English (the language cookie), so the Polish catalogue may change
wording without breaking behaviour tests; a few tests check the Polish default on purpose."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.people.models import (
    Consent,
    DisabilityCertificate,
    HealthNote,
    HouseholdMember,
    Person,
    Representative,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

VALID_PESEL = "44051401359"  # male, born 14.05.1944 (domain.md §6)


def registration(**overrides: Any) -> dict[str, Any]:
    data = {
        "first_name": "Stanisław",
        "last_name": "Żółkiewski",
        "pesel": VALID_PESEL,
        "preferred_language": "pl",
        "citizenship": "PL",
        "street": "Radomska",
        "building_number": "7",
        "postcode": "27-200",
        "locality": "Starachowice",
        "phone": "+48 533 848 489",
    }
    data.update(overrides)
    return data


def test_registering_with_a_valid_pesel_derives_birth_date_and_sex(english_as):
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:create"), registration())
    person = Person.objects.get(pesel=VALID_PESEL)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.birth_date == dt.date(1944, 5, 14)
    assert person.sex == "M"
    assert person.last_name_folded == "zolkiewski"
    assert person.phone_digits == "533848489"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(person.pk))
    assert event.actor_username.startswith("client_office")


@pytest.mark.parametrize(
    ("pesel", "message"),
    [
        ("44051401358", "check digit does not match"),
        ("4405140135", "exactly 11 digits"),
        ("44133101359", "real date of birth"),
    ],
)
def test_a_wrong_pesel_is_refused_with_a_message_and_nothing_is_saved(english_as, pesel, message):
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:create"), registration(pesel=pesel))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'href="#id_pesel"' in body  # the error summary links to the field
    assert Person.objects.count() == 0


def test_a_wrong_pesel_message_is_in_polish_by_default(client_as):
    client = client_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:create"), registration(pesel="44051401358"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "cyfra kontrolna" in body
    assert "<title>Błąd:" in body


def test_a_typed_birth_date_that_contradicts_the_pesel_is_refused(english_as):
    client = english_as(Role.CLIENT_OFFICE)
    data = registration(birth_date_day="15", birth_date_month="5", birth_date_year="1944")
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 400
    assert "does not match the PESEL" in response.content.decode()
    assert not Person.objects.exists()


def test_a_duplicate_pesel_is_refused(english_as):
    PersonFactory.create(pesel=VALID_PESEL, birth_date=dt.date(1944, 5, 14), sex="M")
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:create"), registration(first_name="Inny"))
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Person.objects.count() == 1


def test_same_name_and_birth_date_warns_and_registers_only_when_confirmed(english_as):
    PersonFactory.create(
        first_name="Stanisław",
        last_name="Żółkiewski",
        birth_date=dt.date(1944, 5, 14),
        sex="M",
        pesel=None,
        id_document_type="passport",
        id_document_number="AB123",
        id_document_country="UA",
    )
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:create"), registration())
    assert response.status_code == 400
    assert "same name and date of birth" in response.content.decode()
    assert Person.objects.count() == 1
    confirmed = client.post(reverse("people:create"), {**registration(), "confirm_different": "1"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_a_person_without_pesel_needs_a_document_birth_date_and_sex(english_as):
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:create"), registration(pesel=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the document number" in body
    assert "Enter the date of birth" in body
    data = registration(
        pesel="",
        first_name="Olena",
        last_name="Kovalenko",
        id_document_type="passport",
        id_document_number="FA123456",
        id_document_country="ua",
        birth_date_day="3",
        birth_date_month="9",
        birth_date_year="1987",
        sex="F",
        protection_status="temporary",
        preferred_language="uk",
    )
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 302
    person = Person.objects.get(id_document_number="FA123456")
    assert person.pesel is None
    assert person.id_document_country == "UA"
    assert person.birth_date == dt.date(1987, 9, 3)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "pesel": "",
                "id_document_type": "passport",
                "id_document_number": "X1",
                "id_document_country": "UA",
                "birth_date_day": "31",
                "birth_date_month": "2",
                "birth_date_year": "1980",
                "sex": "F",
            },
            "Enter a real date",
        ),
        ({"postcode": "27200"}, "form 00-000"),
        ({"terc": "2711011"}, "not a valid TERYT"),
        ({"email": "not-an-email"}, "valid email"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(english_as, overrides, message):
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:create"), registration(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_editing_writes_the_changes_to_the_audit_log(english_as):
    person = PersonFactory.create(street="Radomska")
    client = english_as(Role.SOCIAL_WORKER)
    url = reverse("people:edit", args=[person.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {key: value for key, value in form.context["form"].initial.items() if value}
    data.update(street="Ostrowiecka", pesel=person.pesel)
    response = client.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.street == "Ostrowiecka"
    assert person.street_folded == "ostrowiecka"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(person.pk))
    assert event.changes["street"] == ["Radomska", "Ostrowiecka"]


def test_the_card_shows_household_representatives_and_consents(english_as, make_staff):
    mother = PersonFactory.create(first_name="Ewa", last_name="Kowalska")
    child = PersonFactory.create(
        first_name="Ola", last_name="Kowalska", birth_date=dt.date(2022, 1, 5)
    )
    carer = PersonFactory.create(first_name="Piotr", last_name="Opiekun")
    client = english_as(Role.CLIENT_OFFICE)
    add = client.post(
        reverse("people:household_add", args=[mother.pk]),
        {"identifier": child.pesel, "relation": "child"},
    )
    assert add.status_code == 302
    rep = client.post(
        reverse("people:representative_add", args=[child.pk]),
        {"identifier": carer.pesel, "kind": "carer", "basis": "codzienna opieka"},
    )
    assert rep.status_code == 302
    consent = client.post(reverse("people:consent_add", args=[child.pk]), {"purpose": "services"})
    assert consent.status_code == 302
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Ewa Kowalska" in body
    assert "Piotr Opiekun" in body
    assert "de facto carer" in body
    assert "processing of data to provide social services" in body
    assert HouseholdMember.objects.filter(household__members__person=mother).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() >= 4


def test_a_person_cannot_join_a_second_household_at_once(english_as):
    first, second, child = PersonFactory.create(), PersonFactory.create(), PersonFactory.create()
    client = english_as(Role.CLIENT_OFFICE)
    client.post(
        reverse("people:household_add", args=[first.pk]),
        {"identifier": child.pesel, "relation": "child"},
    )
    response = client.post(
        reverse("people:household_add", args=[second.pk]),
        {"identifier": child.pesel, "relation": "child"},
    )
    assert response.status_code == 400
    assert "already belongs to a household" in response.content.decode()
    assert HouseholdMember.objects.filter(person=child, left_on__isnull=True).count() == 1


def test_an_unknown_identifier_or_oneself_is_refused_on_the_representative_form(english_as):
    person = PersonFactory.create()
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("people:representative_add", args=[person.pk])
    unknown = client.post(url, {"identifier": "00000000000", "kind": "legal"})
    assert unknown.status_code == 400
    assert "No person with this PESEL" in unknown.content.decode()
    itself = client.post(url, {"identifier": person.pesel, "kind": "legal"})
    assert itself.status_code == 400
    assert "their own representative" in itself.content.decode()
    assert not Representative.objects.exists()


def test_a_consent_is_withdrawn_once_and_never_deleted(english_as):
    person = PersonFactory.create()
    client = english_as(Role.CLIENT_OFFICE)
    client.post(reverse("people:consent_add", args=[person.pk]), {"purpose": "contact_sms"})
    again = client.post(reverse("people:consent_add", args=[person.pk]), {"purpose": "contact_sms"})
    assert again.status_code == 400
    assert "already given" in again.content.decode()
    consent = Consent.objects.get(person=person)
    url = reverse("people:consent_withdraw", args=[person.pk, consent.pk])
    assert client.post(url).status_code == 302
    second = client.post(url, follow=True)
    assert "already been withdrawn" in second.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert Consent.objects.count() == 1
    assert client.get(url).status_code == 405


def test_special_category_data_is_shown_to_permitted_roles_and_every_read_is_audited(
    english_as,
):
    person = PersonFactory.create()
    DisabilityCertificate.objects.create(
        person=person, level="moderate", issued_on=dt.date(2020, 1, 1)
    )
    HealthNote.objects.create(person=person, text="Cukrzyca typu 2")
    url = reverse("people:special_data", args=[person.pk])

    coordinator = english_as(Role.COORDINATOR)
    body = coordinator.get(url).content.decode()
    assert "Cukrzyca typu 2" in body
    assert "moderate" in body
    coordinator.get(url)
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(person.pk))
    assert reads.count() == 2
    assert all(
        "Cukrzyca" not in str(read.changes) for read in reads
    )  # the log names the read, not the data

    office = english_as(Role.CLIENT_OFFICE)
    assert office.get(url).status_code == 403
    card = office.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert url not in card
    assert "Cukrzyca" not in card
    assert reads.count() == 2


def test_recording_a_certificate_checks_dates_and_marks_errors_without_deleting(english_as):
    person = PersonFactory.create()
    client = english_as(Role.SOCIAL_WORKER)
    url = reverse("people:certificate_add", args=[person.pk])
    bad = client.post(
        url,
        {
            "level": "significant",
            "issued_on_day": "1",
            "issued_on_month": "6",
            "issued_on_year": "2024",
            "valid_until_day": "1",
            "valid_until_month": "6",
            "valid_until_year": "2023",
        },
    )
    assert bad.status_code == 400
    assert "cannot expire before" in bad.content.decode()
    good = client.post(
        url,
        {"level": "significant", "issued_on_day": "1", "issued_on_month": "6"}
        | {"issued_on_year": "2024"},
    )
    assert good.status_code == 302
    certificate = DisabilityCertificate.objects.get(person=person)
    client.post(reverse("people:certificate_withdraw", args=[person.pk, certificate.pk]))
    certificate.refresh_from_db()
    assert certificate.withdrawn_at is not None
    # A coordinator records; the director reads but does not record.
    director = english_as(Role.DIRECTOR)
    assert director.get(url).status_code == 403


def test_archiving_hides_a_person_from_search_but_keeps_the_record(english_as):
    person = PersonFactory.create(last_name="Archiwalna")
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:archive", args=[person.pk]), {"reason": "Moved away."})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.archived_at is not None
    results = client.get(reverse("people:search"), {"q": "archiwalna"})
    assert results.context["page_obj"].paginator.count == 0
    card = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Archived on" in card  # the record stays readable
    assert client.get(reverse("people:edit", args=[person.pk])).status_code == 404
    again = client.post(reverse("people:archive", args=[person.pk]), {"reason": "Again."})
    assert again.status_code == 404


def test_search_without_javascript_and_with_htmx(english_as):
    PersonFactory.create(first_name="Stanisław", last_name="Żółkiewski")
    PersonFactory.create(first_name="Jan", last_name="Kowalski")
    client = english_as(Role.CLIENT_OFFICE)
    page = client.get(reverse("people:search"), {"q": "zolkiewski"})
    body = page.content.decode()
    assert "<html" in body
    assert "Żółkiewski" in body
    assert "Kowalski" not in body
    partial = client.get(reverse("people:search"), {"q": "ZOLK"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Żółkiewski" in partial.content.decode()


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        ((), 403),
        ((Role.PROVIDER_STAFF,), 403),
        ((Role.ANIMATOR,), 403),
        ((Role.AUDITOR,), 200),
        ((Role.DISPATCHER,), 200),
        ((Role.COORDINATOR,), 200),
    ],
)
def test_who_may_open_the_search_and_the_card(client_as, roles, status):
    person = PersonFactory.create()
    client = client_as(*roles)
    assert client.get(reverse("people:search")).status_code == status
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == status


def test_read_only_roles_cannot_register_or_change(client_as):
    person = PersonFactory.create()
    auditor = client_as(Role.AUDITOR)
    assert auditor.get(reverse("people:create")).status_code == 403
    assert auditor.post(reverse("people:create"), registration()).status_code == 403
    assert auditor.post(reverse("people:archive", args=[person.pk])).status_code == 403
    assert not Person.objects.filter(pesel=VALID_PESEL).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("people:search"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_an_unknown_person_is_a_404(client_as):
    client = client_as(Role.DIRECTOR)
    assert client.get(reverse("people:detail", args=[999999])).status_code == 404


def test_query_budget_of_the_search_page(client_as, django_assert_max_num_queries):
    for index in range(30):
        PersonFactory.create(last_name=f"Wiśniewski{index}")
    client = client_as(Role.CLIENT_OFFICE)
    client.get(reverse("people:search"))  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get(reverse("people:search"), {"q": "wisniewski"})
    assert response.context["page_obj"].paginator.count == 30


def test_query_budget_of_the_person_card(client_as, django_assert_max_num_queries):
    head = PersonFactory.create()
    client = client_as(Role.DIRECTOR)
    for index in range(6):
        member = PersonFactory.create(last_name=f"Członek{index}")
        client.post(
            reverse("people:household_add", args=[head.pk]),
            {"identifier": member.pesel, "relation": "child"},
        )
        client.post(
            reverse("people:representative_add", args=[head.pk]),
            {"identifier": member.pesel, "kind": "carer"},
        )
    for purpose in ("services", "contact_sms", "image"):
        client.post(reverse("people:consent_add", args=[head.pk]), {"purpose": purpose})
    # 14 for the card, one per source of the history (issue 9, item 18: applications,
    # requested services, entitlements, notices, assessments, deliveries; issue 10: the plans'
    # steps and reviews; issue 11: the rides, the recurring series and their days without
    # rides), and one per source of the case banners (issue 10: the open plans' clocks, the
    # assessments waiting for a plan), and two for the senior taxi's links (issue 11: the rides
    # coming, the recurring series), and one for the home visits' history and one for their
    # link (issue 12: the requests' steps, the requests waiting), and two for the courses'
    # history and two for their link (issue 12: the enrolments' steps, the sessions attended;
    # the sessions coming, the courses enrolled in), and one for the volunteer centre's link
    # (issue 13: the needs for volunteers asked for the person).
    with django_assert_max_num_queries(36):
        response = client.get(reverse("people:detail", args=[head.pk]))
    assert len(response.context["card"].household) == 6
    assert len(response.context["card"].representatives) == 6


def test_a_single_letter_finds_nobody_and_says_why(english_as):
    PersonFactory.create(last_name="Nowak")
    client = english_as(Role.CLIENT_OFFICE)
    response = client.get(reverse("people:search"), {"q": "n"})
    assert response.context["page_obj"].paginator.count == 0
    assert "at least two letters" in response.content.decode()
    assert client.get(reverse("people:search"), {"q": "no"}).context["page_obj"].paginator.count


def test_registering_someone_without_pesel_twice_warns_about_the_first(english_as):
    client = english_as(Role.CLIENT_OFFICE)
    data = registration(
        pesel="",
        first_name="Olena",
        last_name="Kovalenko",
        id_document_type="passport",
        id_document_number="FA123456",
        id_document_country="UA",
        birth_date_day="3",
        birth_date_month="9",
        birth_date_year="1987",
        sex="F",
    )
    assert client.post(reverse("people:create"), data).status_code == 302
    again = client.post(reverse("people:create"), {**data, "id_document_number": "FB999"})
    assert again.status_code == 400
    assert "same name and date of birth" in again.content.decode()
    assert Person.objects.filter(last_name="Kovalenko").count() == 1
