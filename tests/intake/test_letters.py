"""Letters about applications: the confirmation of filing, the notices of qualification, of a
place on the waiting list and of refusal; each fits the request's state, each is audited, and
the staff download page scopes what a user may see."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from opencus.core.models import AuditAction, AuditEvent, LetterTemplate
from opencus.core.roles import Role
from opencus.intake.letters import LetterStateError, letter_for_application, letter_for_item
from opencus.intake.models import ApplicationItem, LetterKind
from opencus.intake.services import item_qualify, item_refuse
from opencus.people.models import PersonQuerySet
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English; the site is Polish by default."""
    with translation.override("en"):
        yield


def pdf_text(pdf: bytes, tmp_path: Any) -> str:
    target = tmp_path / "letter.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def person() -> Any:
    return PersonFactory.create(
        first_name="Łucja", last_name="Żółkiewska-Gęś", birth_date=dt.date(1950, 3, 1)
    )


def test_filing_confirmation_lists_every_service_and_is_audited(organiser, tmp_path):
    taxi = ProgrammeServiceFactory.create(name="Usługi transportowe „taksówka dla seniora”")
    handyman = ProgrammeServiceFactory.create(name="Złota rączka – drobne naprawy śląskie")
    application = application_make(taxi, handyman, by=organiser, person=person())
    text = pdf_text(
        letter_for_application(application=application, acting_user=organiser), tmp_path
    )
    assert application.reference in text
    assert "Łucja Żółkiewska-Gęś" in text
    assert "Usługi transportowe „taksówka dla seniora”" in text
    assert "Złota rączka – drobne naprawy śląskie" in text
    assert "Radomska 12" in text and "27-200 Starachowice" in text
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE,
        object_id=str(application.pk),
        changes={"letter": "filing_confirmation"},
        actor=organiser,
    ).exists()


def test_waiting_list_notice_shows_the_position_and_refusal_the_reason(organiser, tmp_path):
    service = ProgrammeServiceFactory.create(name="Opieka wytchnieniowa", capacity=1)
    first = application_make(service, by=organiser, person=person(), minutes_ago=30).items.get()
    second = application_make(service, by=organiser, person=person(), minutes_ago=20).items.get()
    third = application_make(service, by=organiser, person=person(), minutes_ago=10).items.get()
    item_qualify(item=first, acting_user=organiser)
    item_qualify(item=second, acting_user=organiser)
    item_qualify(item=third, acting_user=organiser)

    waiting = pdf_text(
        letter_for_item(item=third, kind=LetterKind.WAITING_LIST_NOTICE, acting_user=organiser),
        tmp_path,
    )
    waiting = " ".join(waiting.split())  # a name may break across lines
    assert "Aktualne miejsce na liście oczekujących: 2" in waiting
    assert "Opieka wytchnieniowa" in waiting
    assert third.application.reference in waiting

    item_refuse(
        item=second, reason="Brak zameldowania w gminie Starachowice.", acting_user=organiser
    )
    refusal = pdf_text(
        letter_for_item(item=second, kind=LetterKind.REFUSAL_NOTICE, acting_user=organiser),
        tmp_path,
    )
    assert "Uzasadnienie: Brak zameldowania w gminie Starachowice." in refusal
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(second.pk), changes={"letter": "refusal_notice"}
    ).exists()


def test_a_letter_for_the_wrong_state_is_refused_and_not_audited(organiser):
    service = ProgrammeServiceFactory.create()
    item = application_make(service, by=organiser, person=person()).items.get()
    item_qualify(item=item, acting_user=organiser)
    before = AuditEvent.objects.count()
    for kind in (LetterKind.REFUSAL_NOTICE, LetterKind.WAITING_LIST_NOTICE, "nonsense"):
        with pytest.raises(LetterStateError):
            letter_for_item(item=item, kind=kind, acting_user=organiser)
    assert AuditEvent.objects.count() == before


def test_an_edited_template_changes_the_next_letter(organiser, tmp_path):
    template = LetterTemplate.objects.get(kind=LetterKind.QUALIFICATION_NOTICE, language="pl")
    template.body = "<p>Gratulujemy, {{ person.first_name }}! Usługa: {{ service }}.</p>"
    template.save()
    item = application_make(
        ProgrammeServiceFactory.create(name="Basen"), by=organiser, person=person()
    ).items.get()
    item_qualify(item=item, acting_user=organiser)
    text = pdf_text(
        letter_for_item(item=item, kind=LetterKind.QUALIFICATION_NOTICE, acting_user=organiser),
        tmp_path,
    )
    assert "Gratulujemy, Łucja! Usługa: Basen." in text


# --- The download page -------------------------------------------------------------------


def url(application: Any, slug: str, item: Any = None) -> str:
    query = f"?item={item.pk}" if item is not None else ""
    return f"/pracownicy/wnioski/{application.uuid}/pismo/{slug}/{query}"


def test_staff_download_the_confirmation_as_an_attachment(organiser, english_as):
    application = application_make(ProgrammeServiceFactory.create(), by=organiser, person=person())
    response = english_as(Role.CLIENT_OFFICE).get(url(application, "potwierdzenie"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected = f"potwierdzenie-{application.reference.replace('/', '-')}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    assert response.content.startswith(b"%PDF-")


def test_download_of_a_letter_that_does_not_fit_is_a_400_with_the_reason(organiser, english_as):
    application = application_make(ProgrammeServiceFactory.create(), by=organiser, person=person())
    item: ApplicationItem = application.items.get()
    client = english_as(Role.SOCIAL_WORKER)
    client.cookies["opencus_language"] = "en"
    refused = client.get(url(application, "odmowa", item))
    assert refused.status_code == 400
    assert "cannot be issued for a request that is" in refused.content.decode()
    assert client.get(url(application, "zaswiadczenie")).status_code == 400
    assert client.get(url(application, "odmowa")).status_code == 400
    bad_item = f"/pracownicy/wnioski/{application.uuid}/pismo/odmowa/?item=abc"
    assert client.get(bad_item).status_code == 400
    other = application_make(
        ProgrammeServiceFactory.create(), by=organiser, person=person()
    ).items.get()
    assert client.get(url(application, "odmowa", other)).status_code == 404


def test_download_refuses_outsiders_no_role_and_anonymous(
    organiser, client, english_as, monkeypatch
):
    application = application_make(ProgrammeServiceFactory.create(), by=organiser, person=person())
    target = url(application, "potwierdzenie")
    assert english_as().get(target).status_code == 403
    assert english_as(Role.PROVIDER_STAFF).get(target).status_code == 403
    response = client.get(target)
    assert response.status_code == 302 and "/logowanie/" in response["Location"]

    # A user who holds the capability but whose scope excludes the person gets a 404.
    monkeypatch.setattr(PersonQuerySet, "visible_to", lambda queryset, user: queryset.none())
    assert english_as(Role.CLIENT_OFFICE).get(target).status_code == 404
    missing = "/pracownicy/wnioski/00000000-0000-0000-0000-000000000000/pismo/potwierdzenie/"
    monkeypatch.undo()
    assert english_as(Role.CLIENT_OFFICE).get(missing).status_code == 404
