"""The person is informed of every outcome: a notice for each qualification, waiting-list entry,
refusal and promotion; by e-mail when they consented to it, otherwise on the client office's
list until a clerk sends the letter."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from opencus.core.roles import Role
from opencus.intake.models import DeliveryChannel, LetterKind, Notice
from opencus.intake.notices import notice_mark_sent, notices_pending
from opencus.intake.services import item_qualify, item_refuse, item_withdraw
from opencus.people.models import ConsentPurpose
from opencus.people.services import consent_give
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import item_make
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def with_email_consent(person: Any, organiser: Any) -> Any:
    consent_give(person=person, purpose=ConsentPurpose.CONTACT_EMAIL, acting_user=organiser)
    return person


def test_each_outcome_owes_a_notice_and_filing_or_withdrawal_owe_none(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    first = item_make(service, by=organiser, person=PersonFactory.create(email=""), minutes_ago=10)
    second = item_make(service, by=organiser, person=PersonFactory.create(email=""), minutes_ago=5)
    third = item_make(service, by=organiser, person=PersonFactory.create(email=""), minutes_ago=1)
    assert not Notice.objects.exists()  # filing gives the confirmation letter, not a notice

    item_qualify(item=first, acting_user=organiser)
    item_qualify(item=second, acting_user=organiser)
    item_refuse(item=third, reason="Not a resident of the town.", acting_user=organiser)

    kinds = {notice.item_id: notice.kind for notice in Notice.objects.all()}
    assert kinds == {
        first.pk: LetterKind.QUALIFICATION_NOTICE,
        second.pk: LetterKind.WAITING_LIST_NOTICE,
        third.pk: LetterKind.REFUSAL_NOTICE,
    }
    assert [notice.item_id for notice in notices_pending()] == [first.pk, second.pk, third.pk]


def test_promotion_informs_the_promoted_person(organiser):
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_make(service, by=organiser, person=PersonFactory.create(email=""), minutes_ago=10)
    waiting_person = with_email_consent(
        PersonFactory.create(email="helena@example.org", preferred_language="en"), organiser
    )
    waiting = item_make(service, by=organiser, person=waiting_person, minutes_ago=5)
    item_qualify(item=holder, acting_user=organiser)
    item_qualify(item=waiting, acting_user=organiser)
    mail.outbox.clear()

    item_withdraw(item=holder, acting_user=organiser, reason="No longer needed.")

    notice = Notice.objects.get(item=waiting, kind=LetterKind.QUALIFICATION_NOTICE)
    assert notice.promoted
    # The e-mail goes out when the transaction commits (the test runs inside one).
    assert not mail.outbox


def test_email_goes_out_on_commit_when_the_person_consented(
    organiser, django_capture_on_commit_callbacks
):
    service = ProgrammeServiceFactory.create(capacity=None)
    person = with_email_consent(
        PersonFactory.create(email="jan@example.org", preferred_language="en"), organiser
    )
    item = item_make(service, by=organiser, person=person, minutes_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        item_qualify(item=item, acting_user=organiser)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan@example.org"]
    assert item.application.reference in message.subject
    assert f"You are qualified for {service.name}." in message.body
    notice = Notice.objects.get(item=item)
    assert notice.channel == DeliveryChannel.EMAIL and notice.delivered_at is not None
    assert not notices_pending().exists()


def test_promotion_email_says_the_place_came_free(organiser, django_capture_on_commit_callbacks):
    service = ProgrammeServiceFactory.create(capacity=1)
    holder = item_make(service, by=organiser, person=PersonFactory.create(email=""), minutes_ago=10)
    person = with_email_consent(
        PersonFactory.create(email="ola@example.org", preferred_language="en"), organiser
    )
    waiting = item_make(service, by=organiser, person=person, minutes_ago=5)
    with django_capture_on_commit_callbacks(execute=True):
        item_qualify(item=holder, acting_user=organiser)
        item_qualify(item=waiting, acting_user=organiser)
    assert "waiting list at position 1" in mail.outbox[-1].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        item_withdraw(item=holder, acting_user=organiser, reason="No longer needed.")

    assert [m.to for m in mail.outbox] == [["ola@example.org"]]
    assert "has come free and you were next on the waiting list" in mail.outbox[0].body


def test_no_email_without_consent_even_with_an_address(
    organiser, django_capture_on_commit_callbacks
):
    service = ProgrammeServiceFactory.create(capacity=None)
    item = item_make(
        service,
        by=organiser,
        person=PersonFactory.create(email="no-consent@example.org"),
        minutes_ago=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        item_qualify(item=item, acting_user=organiser)
    assert not mail.outbox
    assert notices_pending().get().item_id == item.pk


def test_email_in_the_persons_language(organiser, django_capture_on_commit_callbacks):
    service = ProgrammeServiceFactory.create(capacity=None)
    person = with_email_consent(
        PersonFactory.create(email="pl@example.org", preferred_language="pl"), organiser
    )
    item = item_make(service, by=organiser, person=person, minutes_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        item_refuse(item=item, reason="Brak miejsc w programie.", acting_user=organiser)
    body = mail.outbox[0].body
    assert "Brak miejsc w programie." in body
    assert "Your request" not in body  # Polish, not the English msgid


def test_a_clerk_marks_a_notice_sent_once(organiser):
    service = ProgrammeServiceFactory.create(capacity=None)
    item = item_make(service, by=organiser, person=PersonFactory.create(email=""), minutes_ago=1)
    item_qualify(item=item, acting_user=organiser)
    notice = Notice.objects.get(item=item)

    notice_mark_sent(notice=notice, channel=DeliveryChannel.POST, acting_user=organiser)
    notice.refresh_from_db()
    assert notice.channel == DeliveryChannel.POST and notice.delivered_by == organiser

    with pytest.raises(ValidationError, match="already been sent"):
        notice_mark_sent(notice=notice, channel=DeliveryChannel.PHONE, acting_user=organiser)
    with pytest.raises(ValidationError):
        notice_mark_sent(notice=notice, channel="pigeon", acting_user=organiser)
    notice.refresh_from_db()
    assert notice.channel == DeliveryChannel.POST


def test_the_application_page_shows_whether_each_notice_was_sent(organiser, english_as):
    from django.urls import reverse

    service = ProgrammeServiceFactory.create(capacity=None)
    item = item_make(service, by=organiser, person=PersonFactory.create(email=""), minutes_ago=1)
    item_qualify(item=item, acting_user=organiser)
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("intake:application_detail", args=[item.application.uuid])

    assert "not sent yet" in client.get(url).content.decode()
    notice_mark_sent(notice=Notice.objects.get(item=item), channel="post", acting_user=organiser)
    page = client.get(url).content.decode()
    assert "not sent yet" not in page
    assert "sent by post on" in page
