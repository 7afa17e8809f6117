"""The letters' wording: the greeting and word forms fit the person's sex, names stay in the
nominative, the waiting-list notice says whether a lottery set the order, a refusal says how
and by when to contest it, and a letter is written in the person's preferred language when a
template exists in it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from opencus.core.models import LetterTemplate
from opencus.intake.letters import appeal_deadline, letter_for_application, letter_for_item
from opencus.intake.models import (
    Allocation,
    EnrolmentEntry,
    EnrolmentRound,
    EntryOutcome,
    LetterKind,
)
from opencus.intake.services import item_qualify, item_refuse
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import application_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path: Any) -> str:
    target = tmp_path / "letter.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.sub(r"\s+", " ", text)


def woman(**fields: Any) -> Any:
    return PersonFactory.create(
        first_name="Anna", last_name="Testowa", sex="F", birth_date=dt.date(1950, 3, 1), **fields
    )


def man(**fields: Any) -> Any:
    return PersonFactory.create(
        first_name="Stanisław",
        last_name="Testowy",
        sex="M",
        birth_date=dt.date(1948, 5, 14),
        **fields,
    )


def qualified_letter(person: Any, organiser: Any, tmp_path: Any) -> str:
    service = ProgrammeServiceFactory.create(name="Basen")
    item = application_make(service, by=organiser, person=person).items.get()
    item_qualify(item=item, acting_user=organiser)
    pdf = letter_for_item(item=item, kind=LetterKind.QUALIFICATION_NOTICE, acting_user=organiser)
    return pdf_text(pdf, tmp_path)


def test_a_letter_to_a_woman_greets_her_and_uses_feminine_forms(organiser, tmp_path):
    text = qualified_letter(woman(), organiser, tmp_path)
    assert "Szanowna Pani," in text
    assert "została Pani zakwalifikowana do korzystania z usługi Basen" in text
    assert "Szanowny Panie" not in text
    assert "/ został" not in text


def test_a_letter_to_a_man_greets_him_and_uses_masculine_forms(organiser, tmp_path):
    text = qualified_letter(man(), organiser, tmp_path)
    assert "Szanowny Panie," in text
    assert "został Pan zakwalifikowany" in text
    assert "Szanowna Pani" not in text
    assert "została" not in text


def test_names_stay_in_the_nominative(organiser, tmp_path):
    service = ProgrammeServiceFactory.create(name="Basen")
    application = application_make(service, by=organiser, person=man())
    text = pdf_text(
        letter_for_application(application=application, acting_user=organiser), tmp_path
    )
    assert "Osoba, której dotyczy wniosek: Stanisław Testowy." in text
    assert "dotyczący Stanisław" not in text


def waiting_item(organiser: Any) -> Any:
    service = ProgrammeServiceFactory.create(name="Opieka wytchnieniowa", capacity=1)
    first = application_make(service, by=organiser, person=man(), minutes_ago=30).items.get()
    second = application_make(service, by=organiser, person=woman(), minutes_ago=20).items.get()
    item_qualify(item=first, acting_user=organiser)
    item_qualify(item=second, acting_user=organiser)
    second.refresh_from_db()
    assert second.state == "waiting"
    return second


def test_the_waiting_list_notice_says_filing_order_without_a_lottery(organiser, tmp_path):
    item = waiting_item(organiser)
    text = pdf_text(
        letter_for_item(item=item, kind=LetterKind.WAITING_LIST_NOTICE, acting_user=organiser),
        tmp_path,
    )
    assert "w kolejności złożenia wniosków" in text
    assert "losowani" not in text
    assert "została Pani wpisana na listę osób oczekujących" in text


def test_the_waiting_list_notice_says_a_lottery_set_the_order(organiser, tmp_path):
    item = waiting_item(organiser)
    day = timezone.localdate()
    round_ = EnrolmentRound.objects.create(
        service=item.service,
        opens_on=day,
        closes_on=day,
        allocation=Allocation.LOTTERY,
        seed="0f" * 16,
        allocated_at=timezone.now(),
    )
    EnrolmentEntry.objects.create(
        enrolment_round=round_, item=item, position=1, outcome=EntryOutcome.WAITING
    )
    text = pdf_text(
        letter_for_item(item=item, kind=LetterKind.WAITING_LIST_NOTICE, acting_user=organiser),
        tmp_path,
    )
    assert "Kolejność na liście ustalono w losowaniu" in text
    assert "w kolejności złożenia wniosków" not in text


def refused_text(organiser: Any, tmp_path: Any, *, mode: str, person: Any) -> str:
    service = ProgrammeServiceFactory.create(name="Usługi opiekuńcze", qualification_mode=mode)
    item = application_make(service, by=organiser, person=person).items.get()
    item_refuse(item=item, reason="Brak zameldowania w gminie.", acting_user=organiser)
    if mode == "decision":
        item.decision_number = "CUS.8300.12.2026"
        item.decision_date = dt.date(2026, 11, 30)
        item.save(update_fields=["decision_number", "decision_date"])
    pdf = letter_for_item(item=item, kind=LetterKind.REFUSAL_NOTICE, acting_user=organiser)
    return pdf_text(pdf, tmp_path)


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_programme_refusal_says_how_and_by_when_to_ask_for_reconsideration(organiser, tmp_path):
    text = refused_text(organiser, tmp_path, mode="programme", person=woman())
    assert "nie przysługuje odwołanie" in text
    assert "wniosek o ponowne rozpatrzenie sprawy" in text
    # 3 December + 14 days is Thursday 17 December.
    assert "termin upływa 17.12.2026 r." in text
    assert "Rada Miejska w Starachowicach" in text
    assert "może Pani złożyć" in text
    assert "Samorządowe Kolegium" not in text


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_decision_refusal_says_how_and_by_when_to_appeal_to_the_board(organiser, tmp_path):
    text = refused_text(organiser, tmp_path, mode="decision", person=man())
    assert "Od decyzji nr CUS.8300.12.2026 z dnia 30.11.2026 r. przysługuje odwołanie" in text
    assert "za pośrednictwem Dyrektora" in text
    assert "Organ odwoławczy: Samorządowe Kolegium Odwoławcze w Kielcach." in text
    assert "termin upływa 17.12.2026 r." in text
    assert "otrzyma Pan decyzję" in text
    assert "ponowne rozpatrzenie" not in text


def test_the_appeal_deadline_moves_past_weekends_and_public_holidays():
    # 28 Oct 2026 + 14 = Wednesday 11 November, Independence Day: the next working day.
    assert appeal_deadline(dt.date(2026, 10, 28)) == dt.date(2026, 11, 12)
    # 5 Dec 2026 + 14 = Saturday 19 December: Monday 21 December.
    assert appeal_deadline(dt.date(2026, 12, 5)) == dt.date(2026, 12, 21)
    assert appeal_deadline(dt.date(2026, 12, 3)) == dt.date(2026, 12, 17)


def test_a_letter_is_written_in_the_preferred_language_with_translated_service_names(
    organiser, tmp_path
):
    service = ProgrammeServiceFactory.create(name="Basen", name_uk="Басейн", name_en="Pool")
    item = application_make(
        service, by=organiser, person=woman(preferred_language="uk")
    ).items.get()
    item_qualify(item=item, acting_user=organiser)
    text = pdf_text(
        letter_for_item(item=item, kind=LetterKind.QUALIFICATION_NOTICE, acting_user=organiser),
        tmp_path,
    )
    assert "Шановна пані!" in text
    assert "Вас зараховано до послуги Басейн" in text


def test_without_a_template_in_the_preferred_language_the_letter_is_polish(organiser, tmp_path):
    LetterTemplate.objects.filter(language="en").delete()
    service = ProgrammeServiceFactory.create(name="Basen", name_en="Pool")
    item = application_make(service, by=organiser, person=man(preferred_language="en")).items.get()
    item_qualify(item=item, acting_user=organiser)
    text = pdf_text(
        letter_for_item(item=item, kind=LetterKind.QUALIFICATION_NOTICE, acting_user=organiser),
        tmp_path,
    )
    assert "Szanowny Panie," in text
    assert "usługi Basen" in text
