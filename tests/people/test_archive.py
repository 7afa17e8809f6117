"""Archiving a person asks first: the page says what will happen and asks why; the reason goes
to the audit log. Whoever may archive may restore an archived person, with a reason, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.registry import capability_roles
from opencus.core.roles import Role
from opencus.people.capabilities import PERSON_EDIT, PERSON_RESTORE
from opencus.people.models import Person
from opencus.people.services import person_archive, person_restore
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _events(person: Person) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_id=str(person.pk), action=AuditAction.TRANSITION, changes__has_key="archived_at"
        ).order_by("id")
    )


def test_the_card_links_to_a_confirmation_not_a_one_click_archive(english_as: Any) -> None:
    person = PersonFactory.create(first_name="Jadwiga", last_name="Archiwalna")
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("people:archive", args=[person.pk])
    card = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f'href="{url}"' in card
    assert f'action="{url}"' not in card
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Jadwiga Archiwalna" in body and person.pesel in body
    assert "no longer appear in search" in body
    assert 'name="reason"' in body
    person.refresh_from_db()
    assert person.archived_at is None  # looking changes nothing


def test_archiving_without_a_reason_is_refused_and_changes_nothing(english_as: Any) -> None:
    person = PersonFactory.create()
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(reverse("people:archive", args=[person.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "Write why the person is archived." in response.content.decode()
    person.refresh_from_db()
    assert person.archived_at is None
    assert not _events(person)
    with pytest.raises(ValidationError) as refused:
        person_archive(person=person, acting_user=None, reason="")
    assert refused.value.code == "reason"


def test_the_reason_for_archiving_is_in_the_audit_log(english_as: Any) -> None:
    person = PersonFactory.create()
    client = english_as(Role.CLIENT_OFFICE)
    response = client.post(
        reverse("people:archive", args=[person.pk]), {"reason": "Moved to Kielce."}, follow=True
    )
    assert "has been archived" in response.content.decode()
    person.refresh_from_db()
    assert person.archived_at is not None
    [event] = _events(person)
    assert event.changes["reason"] == "Moved to Kielce."
    assert event.actor is not None


def test_a_permitted_role_restores_an_archived_person_with_a_reason(english_as: Any) -> None:
    person = PersonFactory.create(last_name="Powracająca")
    person_archive(person=person, acting_user=None, reason="Registered twice, by mistake.")
    client = english_as(Role.CLIENT_OFFICE)
    url = reverse("people:restore", args=[person.pk])
    card = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f'href="{url}"' in card
    page = client.get(url).content.decode()
    assert "Registered twice, by mistake." in page  # why it was archived
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    person.refresh_from_db()
    assert person.archived_at is not None
    done = client.post(url, {"reason": "Archived the wrong record."}, follow=True)
    assert "has been restored" in done.content.decode()
    person.refresh_from_db()
    assert person.archived_at is None
    restored = _events(person)[-1]
    assert restored.changes["reason"] == "Archived the wrong record."
    assert restored.changes["archived_at"][1] is None
    assert restored.actor is not None
    found = client.get(reverse("people:search"), {"q": "powracajaca"})
    assert found.context["page_obj"].paginator.count == 1
    # A person who is not archived has nothing to restore.
    assert client.get(url).status_code == 404


def test_restoring_is_for_the_roles_that_may_archive(english_as: Any, make_staff: Any) -> None:
    assert capability_roles(PERSON_RESTORE) == capability_roles(PERSON_EDIT)
    person = PersonFactory.create(archived_at=timezone.now())
    url = reverse("people:restore", args=[person.pk])
    auditor = english_as(Role.AUDITOR)
    assert auditor.get(url).status_code == 403
    assert auditor.post(url, {"reason": "Because."}).status_code == 403
    with pytest.raises(ValidationError) as refused:
        person_restore(person=person, acting_user=make_staff(Role.AUDITOR), reason="Because.")
    assert refused.value.code == "forbidden"
    person.refresh_from_db()
    assert person.archived_at is not None
