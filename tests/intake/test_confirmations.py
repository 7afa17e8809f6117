"""Withdrawing a request and moving people from a waiting list ask first: the page says what
will happen — whose place is freed and who gets it, which people will be moved — and a
withdrawal asks why (kept on the request's history). What was confirmed is what is done."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencus.catalog.models import ProgrammeService
from opencus.core.models import AuditEvent
from opencus.core.roles import Role
from opencus.intake.models import ApplicationItem, ItemState, ItemTransition
from opencus.intake.services import item_qualify, item_withdraw, waiting_list_promote
from tests.catalog.factories import ProgrammeServiceFactory
from tests.intake.factories import item_make, senior

pytestmark = pytest.mark.django_db


def _queue(organiser: Any, capacity: int, people: int) -> tuple[Any, list[ApplicationItem]]:
    """A service of ``capacity`` places with ``people`` requests qualified in filing order:
    the first take the places, the rest wait."""
    service = ProgrammeServiceFactory.create(capacity=capacity)
    items = []
    for n in range(people):
        item = item_make(
            service,
            by=organiser,
            person=senior(first_name=f"Osoba{n:02d}"),
            minutes_ago=100 - n,
        )
        items.append(item_qualify(item=item, acting_user=organiser))
    return service, items


# --- Withdrawing a request --------------------------------------------------------------------


def test_withdrawing_asks_first_and_names_who_gets_the_place(organiser: Any, english_as: Any):
    _service, (holder, waiting, *_rest) = _queue(organiser, capacity=1, people=3)
    office = english_as(Role.CLIENT_OFFICE)
    url = reverse("intake:item_withdraw", args=[holder.pk])
    detail = office.get(reverse("intake:application_detail", args=[holder.application.uuid]))
    assert f'href="{url}"' in detail.content.decode()
    assert f'action="{url}"' not in detail.content.decode()
    page = office.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert holder.person.full_name in body
    assert "The place goes to the next eligible person" in body
    assert waiting.person.full_name in body
    assert _rest[0].person.full_name not in body
    assert 'name="reason"' in body
    holder.refresh_from_db()
    assert holder.state == ItemState.QUALIFIED  # looking changes nothing


def test_withdrawing_without_a_reason_is_refused_and_changes_nothing(
    organiser: Any, english_as: Any
):
    _service, (holder, waiting) = _queue(organiser, capacity=1, people=2)
    office = english_as(Role.CLIENT_OFFICE)
    response = office.post(reverse("intake:item_withdraw", args=[holder.pk]), {"reason": " "})
    assert response.status_code == 400
    assert "Write why the request is withdrawn." in response.content.decode()
    for item in (holder, waiting):
        state = item.state
        item.refresh_from_db()
        assert item.state == state
    with pytest.raises(ValidationError) as refused:
        item_withdraw(item=holder, acting_user=organiser, reason="")
    assert refused.value.code == "reason"


def test_the_reason_for_withdrawing_is_kept_on_the_history(organiser: Any, english_as: Any):
    _service, (holder, waiting) = _queue(organiser, capacity=1, people=2)
    office = english_as(Role.CLIENT_OFFICE)
    response = office.post(
        reverse("intake:item_withdraw", args=[holder.pk]),
        {"reason": "The person called to say she no longer needs it."},
        follow=True,
    )
    assert "The request has been withdrawn." in response.content.decode()
    step = ItemTransition.objects.get(item=holder, to_state=ItemState.WITHDRAWN)
    assert step.note == "The person called to say she no longer needs it."
    assert AuditEvent.objects.filter(
        object_id=str(holder.pk), changes__note="The person called to say she no longer needs it."
    ).exists()
    waiting.refresh_from_db()
    assert waiting.state == ItemState.QUALIFIED


def test_a_withdrawn_request_offers_no_button(organiser: Any, english_as: Any):
    item = item_make(ProgrammeServiceFactory.create(), by=organiser, person=senior())
    item_withdraw(item=item, acting_user=organiser, reason="Asked in person.")
    page = english_as(Role.CLIENT_OFFICE).get(reverse("intake:item_withdraw", args=[item.pk]))
    assert "cannot be withdrawn" in page.content.decode()
    assert "<form" not in page.content.decode().split('id="main-content"')[1]


# --- Moving people from the waiting list ------------------------------------------------------


def _add_places(service: ProgrammeService, capacity: int) -> None:
    # Straight in the database: the service that changes places fills them at once.
    ProgrammeService.objects.filter(pk=service.pk).update(capacity=capacity)


def test_the_page_names_the_six_people_who_will_be_moved(organiser: Any, english_as: Any):
    service, items = _queue(organiser, capacity=0, people=8)
    _add_places(service, 6)
    client = english_as(Role.SERVICE_ORGANISER)
    url = reverse("intake:queue_promote", args=[service.uuid])
    queue = client.get(reverse("intake:queue_detail", args=[service.uuid])).content.decode()
    assert f'href="{url}"' in queue and f'action="{url}"' not in queue
    page = client.get(url).content.decode()
    assert "6 people will be moved" in page
    for item in items[:6]:
        assert item.person.full_name in page
    for item in items[6:]:
        assert item.person.full_name not in page
    assert not ApplicationItem.objects.filter(pk__in=[i.pk for i in items], state="qualified")
    response = client.post(url, {"expected": ",".join(str(i.pk) for i in items[:6])}, follow=True)
    assert "Promoted from the waiting list" in response.content.decode()
    states = {i.pk: i.state for i in ApplicationItem.objects.filter(service=service)}
    assert [states[i.pk] for i in items] == ["qualified"] * 6 + ["waiting"] * 2


def test_a_list_changed_since_the_page_was_opened_moves_nobody(organiser: Any, english_as: Any):
    service, items = _queue(organiser, capacity=0, people=4)
    _add_places(service, 2)
    client = english_as(Role.SERVICE_ORGANISER)
    url = reverse("intake:queue_promote", args=[service.uuid])
    shown = ",".join(str(i.pk) for i in items[:2])
    # Meanwhile the first in line withdraws: the second and third would be moved now.
    item_withdraw(item=items[0], acting_user=organiser, reason="Moved away.")
    response = client.post(url, {"expected": shown}, follow=True)
    body = response.content.decode()
    assert "The waiting list has changed" in body
    assert not ApplicationItem.objects.filter(service=service, state="qualified").exists()
    assert items[2].person.full_name in body  # the page now shows who would be moved
    with pytest.raises(ValidationError) as refused:
        waiting_list_promote(service=service, acting_user=organiser, expected=[items[0].pk])
    assert refused.value.code == "stale"


def test_a_crafted_list_is_refused_with_a_message(organiser: Any, english_as: Any):
    service, items = _queue(organiser, capacity=0, people=2)
    _add_places(service, 1)
    client = english_as(Role.SERVICE_ORGANISER)
    url = reverse("intake:queue_promote", args=[service.uuid])
    response = client.post(url, {"expected": "1,²,x"}, follow=True)
    assert response.status_code == 200
    assert "The page was out of date" in response.content.decode()
    assert not ApplicationItem.objects.filter(service=service, state="qualified").exists()


def test_with_no_free_place_the_page_says_so_and_offers_no_button(organiser: Any, english_as: Any):
    service, _items = _queue(organiser, capacity=1, people=2)
    page = english_as(Role.SERVICE_ORGANISER).get(
        reverse("intake:queue_promote", args=[service.uuid])
    )
    body = page.content.decode()
    assert "There is no free place in this service." in body
    assert "Move these people" not in body
