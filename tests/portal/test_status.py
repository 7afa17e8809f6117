"""The status page: the right reference with the right PESEL or document number shows the
requested services' states; anything else gets one generic message and shows nothing; failed
lookups are throttled per address and per reference number."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.models import QualificationMode
from opencus.intake.models import Application, Channel
from opencus.intake.services import (
    item_qualify,
    item_record_decision,
    item_refuse,
)
from opencus.portal.keys import client_key, reference_key
from opencus.portal.models import StatusLookupAttempt
from tests.catalog.factories import PersonFactory as DocumentPersonFactory
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

STATUS = reverse("portal:status")
NOT_FOUND = "We found no application with this reference number and this PESEL or document number."


@pytest.fixture
def filed(organiser) -> Application:
    """An application for three services: one waiting (second in line), one refused with a
    reason, one granted by a decision."""
    taxi = ProgrammeServiceFactory.create(name="Senior taxi", capacity=0)
    pool = ProgrammeServiceFactory.create(name="Swimming pool")
    care = ProgrammeServiceFactory.create(
        name="Care at home", qualification_mode=QualificationMode.DECISION
    )
    earlier = application_make(
        taxi,
        by=organiser,
        person=PersonFactory.create(),
        filed_at=timezone.now() - dt.timedelta(days=1),
    )
    item_qualify(item=earlier.items.get(), acting_user=organiser)
    application = application_make(
        taxi,
        pool,
        care,
        by=None,
        person=PersonFactory.create(first_name="Helena"),
        channel=Channel.PORTAL,
    )
    item_qualify(item=application.items.get(service=taxi), acting_user=organiser)
    item_refuse(
        item=application.items.get(service=pool),
        reason="The pool is for people over 60.",
        acting_user=organiser,
    )
    item_record_decision(
        item=application.items.get(service=care),
        number="DS.4011.17.2026",
        decided_on=timezone.localdate(),
        granted=True,
        acting_user=organiser,
    )
    return application


def look_up(client: Client, reference: str, identifier: str | None, ip: str = "127.0.0.1") -> Any:
    return client.post(
        STATUS, {"reference": reference, "identifier": identifier or ""}, REMOTE_ADDR=ip
    )


def test_the_form_is_posted_so_the_identifier_is_never_in_an_address(visitor):
    page = visitor.get(STATUS).content.decode()
    assert '<form method="post"' in page
    assert "PESEL or document number" in page


def test_the_right_pair_shows_each_service_with_its_state(visitor, filed):
    response = look_up(visitor, filed.reference, filed.person.pesel)
    page = response.content.decode()
    assert response.status_code == 200
    assert filed.reference in page
    assert "Senior taxi" in page and "on the waiting list" in page
    assert "Position on the waiting list" in page
    assert '<dd class="govuk-summary-list__value">2</dd>' in page
    assert "Swimming pool" in page and "refused" in page
    assert "The pool is for people over 60." in page
    assert "Care at home" in page and "qualified" in page
    assert "DS.4011.17.2026" in page
    assert timezone.localtime(filed.filed_at).strftime("%d.%m.%Y") in page
    assert filed.person.pesel not in page  # not even echoed back
    assert StatusLookupAttempt.objects.get().succeeded


def test_the_reference_is_matched_in_any_case_and_with_spaces_around(visitor, filed):
    response = look_up(visitor, f"  {filed.reference.lower()} ", f" {filed.person.pesel} ")
    assert response.status_code == 200
    assert "Senior taxi" in response.content.decode()


def _loosely(reference: str) -> list[str]:
    """The ways residents quote ``W/2026/000146``: lower case, without the zeros, with spaces
    or dashes, without the letter."""
    _letter, year, number = reference.split("/")
    short = str(int(number))
    return [
        f"w/{year}/{short}",
        f"W {year} {short}",
        f"W-{year}-{number}",
        f"{year}/{short}",
        f" w / {year} / {number} ",
    ]


def test_the_reference_is_read_however_it_is_written(visitor, filed):
    for typed in _loosely(filed.reference):
        response = look_up(visitor, typed, filed.person.pesel)
        assert response.status_code == 200, typed
        assert "Senior taxi" in response.content.decode()


def test_loose_spellings_of_one_reference_share_its_throttle(visitor, filed, settings):
    settings.OPENCUS_STATUS_FAILURE_LIMIT = 3
    other = PersonFactory.create()
    for n, typed in enumerate(_loosely(filed.reference)[:3]):
        assert look_up(visitor, typed, other.pesel, ip=f"203.0.113.{n + 1}").status_code == 400
    assert (
        look_up(visitor, filed.reference, filed.person.pesel, ip="198.51.100.1").status_code == 429
    )


def test_a_number_without_its_year_finds_nothing(visitor, filed):
    number = filed.reference.rsplit("/", 1)[1]
    _shows_nothing(look_up(visitor, number, filed.person.pesel))


def _shows_nothing(response: Any) -> None:
    page = response.content.decode()
    assert response.status_code == 400
    assert NOT_FOUND in page
    for secret in ("Senior taxi", "Swimming pool", "on the waiting list", "refused", "over 60"):
        assert secret not in page


def test_a_wrong_pesel_shows_nothing_of_the_application(visitor, filed):
    other = PersonFactory.create()
    _shows_nothing(look_up(visitor, filed.reference, other.pesel))


def test_a_wrong_reference_gets_the_same_message(visitor, filed):
    other = application_make(
        ProgrammeServiceFactory.create(name="Other service"), by=None, person=PersonFactory.create()
    )
    wrong = look_up(visitor, "W/2026/999999", filed.person.pesel)
    _shows_nothing(wrong)
    someone_elses = look_up(visitor, other.reference, filed.person.pesel)
    _shows_nothing(someone_elses)
    assert "Other service" not in someone_elses.content.decode()
    assert not StatusLookupAttempt.objects.filter(succeeded=True).exists()


def test_an_empty_form_is_refused_without_counting_an_attempt(visitor):
    response = look_up(visitor, "", "")
    assert response.status_code == 400
    assert "Enter the reference number of the application" in response.content.decode()
    assert not StatusLookupAttempt.objects.exists()


def test_a_person_without_pesel_looks_up_by_document_number(visitor):
    person = DocumentPersonFactory.create(id_document_number="FA 123456", id_document_country="UA")
    application = application_make(
        ProgrammeServiceFactory.create(name="Interpreter"),
        by=None,
        person=person,
        channel=Channel.PORTAL,
    )
    response = look_up(visitor, application.reference, "fa123456")
    assert response.status_code == 200
    assert "Interpreter" in response.content.decode()
    assert "submitted" in response.content.decode()


# --- Throttling -------------------------------------------------------------------------------


def test_after_the_limit_even_the_right_pair_is_refused(visitor, filed, settings):
    settings.OPENCUS_STATUS_FAILURE_LIMIT = 3
    settings.OPENCUS_STATUS_WINDOW_MINUTES = 15
    for guess in ("W/2026/900001", "W/2026/900002", "W/2026/900003"):
        assert look_up(visitor, guess, filed.person.pesel).status_code == 400
    blocked = look_up(visitor, filed.reference, filed.person.pesel)
    page = blocked.content.decode()
    assert blocked.status_code == 429
    assert "Too many attempts" in page
    assert "You can try again after" in page
    assert "Senior taxi" not in page
    assert 14 * 60 < int(blocked["Retry-After"]) <= 15 * 60
    # Another address is not locked.
    assert (
        look_up(visitor, filed.reference, filed.person.pesel, ip="203.0.113.9").status_code == 200
    )


def test_a_reference_is_locked_after_failures_from_many_addresses(visitor, filed, settings):
    settings.OPENCUS_STATUS_FAILURE_LIMIT = 3
    other = PersonFactory.create()
    for n in range(3):
        response = look_up(visitor, filed.reference, other.pesel, ip=f"203.0.113.{n + 1}")
        assert response.status_code == 400
    fresh = look_up(visitor, filed.reference, filed.person.pesel, ip="198.51.100.1")
    assert fresh.status_code == 429
    assert "Senior taxi" not in fresh.content.decode()
    # The same address may still look up another application.
    mine = application_make(
        ProgrammeServiceFactory.create(name="Interpreter"),
        by=None,
        person=other,
        channel=Channel.PORTAL,
    )
    assert look_up(visitor, mine.reference, other.pesel, ip="198.51.100.1").status_code == 200


def test_failures_outside_the_window_do_not_count(visitor, filed, settings):
    settings.OPENCUS_STATUS_FAILURE_LIMIT = 3
    settings.OPENCUS_STATUS_WINDOW_MINUTES = 15
    long_ago = timezone.now() - dt.timedelta(minutes=16)
    StatusLookupAttempt.objects.bulk_create(
        StatusLookupAttempt(
            at=long_ago,
            client_key=client_key("127.0.0.1"),
            reference_key=reference_key(filed.reference),
            succeeded=False,
        )
        for _ in range(5)
    )
    assert look_up(visitor, filed.reference, filed.person.pesel).status_code == 200


def test_successes_do_not_count_towards_the_limit(visitor, filed, settings):
    settings.OPENCUS_STATUS_FAILURE_LIMIT = 2
    for _ in range(4):
        assert look_up(visitor, filed.reference, filed.person.pesel).status_code == 200


def test_attempts_keep_keyed_hashes_only_and_old_ones_are_pruned(visitor, filed):
    StatusLookupAttempt.objects.create(
        at=timezone.now() - dt.timedelta(days=2), client_key="x", reference_key="y"
    )
    look_up(visitor, filed.reference.lower(), "00000000000", ip="192.0.2.44")
    attempt = StatusLookupAttempt.objects.get()
    assert attempt.client_key == client_key("192.0.2.44")
    assert attempt.reference_key == reference_key(filed.reference)  # normalised before hashing
    assert "192.0.2.44" not in attempt.client_key
    assert filed.reference not in attempt.reference_key
    assert len(attempt.client_key) == 64 and not attempt.succeeded
