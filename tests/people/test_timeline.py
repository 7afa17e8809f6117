"""The person card's history (issue 9, item 18): one timeline of applications and their
state changes, entitlements, notices, needs assessments and deliveries, each with who and
when, newest first, limited with "show more". Only what the reader may see appears: no
application for a role without ``application.view``, no other provider's delivery for a
provider's staff, never an assessment's notes. A fixed number of queries, however long the
history."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from opencus.core.registry import person_timeline
from opencus.core.roles import Role
from opencus.delivery.services import delivery_record
from opencus.intake.models import AssessmentPlace, Notice
from opencus.intake.notices import notice_mark_sent
from opencus.intake.services import needs_assessment_record
from tests.catalog.factories import ProgrammeServiceFactory
from tests.delivery.factories import entitlement_make, line_make
from tests.intake.factories import contract_for, entitlement_grant_make, senior
from tests.personas import login, provider_staff_make, user_make

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Cukrzyca, po udarze"


@pytest.fixture
def history() -> dict[str, Any]:
    """A senior who applied for a service, was assessed, qualified (an entitlement with the
    provider holding the line), was sent the notice, and had a ride delivered; another
    provider delivered another service to her."""
    organiser = user_make(Role.SERVICE_ORGANISER)
    organiser.first_name, organiser.last_name = "Olga", "Organizatorka"
    organiser.save()
    service = ProgrammeServiceFactory.create(name="Taksówka testowa")
    line = contract_for(service, unit="ride", max_units=1000)
    person = senior(first_name="Stanisława", last_name="Historyczna")
    entitlement = entitlement_grant_make(service, by=organiser, person=person)
    application = entitlement.item.application
    needs_assessment_record(
        application=application,
        acting_user=organiser,
        assessed_on=timezone.localdate(),
        place=AssessmentPlace.HOME,
        notes=SECRET_NOTE,
    )
    notice_mark_sent(
        notice=Notice.objects.get(item=entitlement.item), channel="post", acting_user=organiser
    )
    staff = provider_staff_make(line)
    delivery_record(
        entitlement=entitlement, delivered_on=timezone.localdate(), units=1, acting_user=staff
    )
    other_line = line_make()
    other = entitlement_make(line=other_line, person=person)
    other_staff = provider_staff_make(other_line)
    delivery_record(
        entitlement=other, delivered_on=timezone.localdate(), units=1, acting_user=other_staff
    )
    return {
        "person": person,
        "organiser": organiser,
        "application": application,
        "entitlement": entitlement,
        "staff": staff,
        "other_line": other_line,
    }


def card(user: Any, person: Any, **params: Any) -> str:
    response = login(user).get(reverse("people:detail", args=[person.pk]), params)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('id="timeline"') :]


def test_the_card_shows_one_history_with_who_and_when(history):
    page = card(history["organiser"], history["person"])
    reference = history["application"].reference
    assert f"Application {reference} filed" in page
    assert "Taksówka testowa: submitted → qualified." in page or "Taksówka testowa:" in page
    assert "Taksówka testowa: granted." in page
    assert "about Taksówka testowa sent by post." in page
    assert "Needs assessed on" in page
    assert "1 × ride of Taksówka testowa delivered on" in page
    assert "Olga Organizatorka" in page
    assert SECRET_NOTE not in page
    assert f'href="{reverse("intake:application_detail", args=[history["application"].uuid])}"' in (
        page
    )


def test_the_history_is_newest_first(history):
    events, more = person_timeline(history["organiser"], history["person"], limit=100)
    assert not more
    moments = [event.at for event in events]
    assert moments == sorted(moments, reverse=True)
    with translation.override("en"):
        kinds = {str(event.kind) for event in events}
    assert kinds >= {
        "Application",
        "Requested service",
        "Entitlement",
        "Letter",
        "Needs assessment",
        "Delivery",
    }


def test_a_role_without_application_view_sees_no_application(history, make_staff):
    dispatcher = make_staff(Role.DISPATCHER)
    page = card(dispatcher, history["person"])
    assert history["application"].reference not in page
    assert "Taksówka testowa" not in page
    assert "Nothing you may see has happened yet." in page


def test_provider_staff_see_only_their_own_provider(history):
    events, _more = person_timeline(history["staff"], history["person"], limit=100)
    texts = " ".join(event.text for event in events)
    assert history["application"].reference not in texts
    assert "Taksówka testowa" in texts  # their own client's entitlement and delivery
    assert history["other_line"].contract.provider.name not in texts
    with translation.override("en"):
        assert all(str(event.kind) in {"Entitlement", "Delivery"} for event in events)
    # The card itself stays closed to them.
    response = login(history["staff"]).get(reverse("people:detail", args=[history["person"].pk]))
    assert response.status_code == 403


def test_show_more_adds_the_older_events(history):
    for _ in range(25):
        delivery_record(
            entitlement=history["entitlement"],
            delivered_on=timezone.localdate(),
            units=1,
            acting_user=history["staff"],
        )
    first = card(history["organiser"], history["person"])
    assert first.count("ocus-timeline__event") == 20
    assert "?historia=40#timeline" in first
    more = card(history["organiser"], history["person"], historia="40")
    assert more.count("ocus-timeline__event") > 20
    assert f"Application {history['application'].reference} filed" in more
    for crafted in ("abc", "²", "9" * 5000, "-5"):
        assert (
            card(history["organiser"], history["person"], historia=crafted).count(
                "ocus-timeline__event"
            )
            == 20
        )


def test_the_card_keeps_to_a_query_budget(history):
    """The same number of queries with a short history and a long one (no query per event)."""
    organiser, person = history["organiser"], history["person"]
    client = login(organiser)
    url = reverse("people:detail", args=[person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        entitlement_grant_make(ProgrammeServiceFactory.create(), by=organiser, person=person)
        delivery_record(
            entitlement=history["entitlement"],
            delivered_on=timezone.localdate(),
            units=1,
            acting_user=history["staff"],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
