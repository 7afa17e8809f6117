"""The pages of community organising: the animator logs an event on the short form (refusals in
the error summary, nothing stored), names participants, the plan's versions readable, the
community page works as a list without a map, the consultation's request shown with its
source, the evaluation's table and its XLSX, and those outside the OSL team refused."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from opencus.community import services
from opencus.community.models import Event, EventStatus
from opencus.core.roles import Role
from tests.catalog.factories import ProgrammeServiceFactory
from tests.community.conftest import TODAY
from tests.community.factories import animator, community_make, event_make, organiser, place_make
from tests.personas import login, user_make

pytestmark = pytest.mark.django_db


def event_post(**changes: str) -> dict[str, str]:
    data = {
        "kind": "meeting",
        "day": TODAY.isoformat(),
        "place": "",
        "place_text": "Podwórko przy bloku 7",
        "held": "1",
        "participants": "12",
        "attendances": "15",
    }
    data.update(changes)
    return data


def test_the_animator_logs_a_held_event_on_the_short_form() -> None:
    community = community_make()
    place = place_make(community)
    client = login(animator())
    url = reverse("community:event_create", args=[community.uuid])
    page = client.get(url)
    assert page.status_code == 200
    assert TODAY.isoformat() in page.content.decode()
    response = client.post(url, event_post(place=str(place.pk), place_text=""))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:event", args=[event.uuid])
    assert (event.status, event.participants, event.attendances) == (EventStatus.HELD, 12, 15)
    assert event.place == place
    detail = client.get(response["Location"]).content.decode()
    assert "Świetlica osiedlowa" in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"day": (TODAY + dt.timedelta(days=1)).isoformat()},
            "An event dated in the future cannot be recorded as held",
        ),
        ({"participants": "", "attendances": ""}, "Enter the headcount of an event"),
        ({"participants": "9", "attendances": "3"}, "Total attendances cannot be fewer"),
        ({"participants": "-1"}, "Enter a number of 0 or more."),
        ({"day": "2026-02-31"}, "Enter a real day."),
        ({"kind": "party"}, "Choose one of the options."),
    ],
)
def test_bad_input_on_the_event_form_is_shown_and_nothing_is_stored(
    changes: dict[str, str], message: str
) -> None:
    community = community_make()
    client = login(animator())
    response = client.post(
        reverse("community:event_create", args=[community.uuid]), event_post(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Event.objects.exists()


def test_a_headcount_below_the_named_participants_is_refused_on_the_form() -> None:
    community = community_make()
    event = event_make(community, TODAY, participants=1, attendances=1)
    client = login(animator())
    add = reverse("community:participant_add", args=[event.uuid])
    assert client.post(add, {"name": "Jan Nowak"}).status_code == 302
    assert client.post(add, {"name": "Ewa Lis"}).status_code == 302
    response = client.post(
        reverse("community:event_record", args=[event.uuid]),
        {"participants": "1", "attendances": "5"},
    )
    assert response.status_code == 200
    assert "cannot be below the number of named participants (2)" in response.content.decode()
    event.refresh_from_db()
    assert (event.participants, event.attendances) == (2, 2)


def test_the_plan_is_saved_from_the_form_and_earlier_versions_stay_readable() -> None:
    community = community_make()
    client = login(organiser())
    url = reverse("community:plan_edit", args=[community.uuid, 2026])
    data = {
        "diagnosis": "Brak miejsca spotkań.",
        "goals": "Integracja.",
        "actions": "3: Spotkanie otwarte\n6: Piknik sąsiedzki",
        "budget": "12500.00",
        "version": "0",
        "target_meetings": "10",
    }
    assert client.post(url, data).status_code == 302
    bad = client.post(url, {**data, "actions": "czerwiec piknik", "version": "1"})
    assert "Line 1: start with the month" in bad.content.decode()
    assert client.post(url, {**data, "budget": "14000.00", "version": "1"}).status_code == 302
    stale = client.post(url, {**data, "version": "1"})
    assert "Someone saved the plan meanwhile" in stale.content.decode()
    plan_url = reverse("community:plan", args=[community.uuid, 2026])
    current = client.get(plan_url).content.decode()
    assert "14" in current and "Piknik sąsiedzki" in current
    first = client.get(plan_url + "?wersja=1").content.decode()
    assert "You are reading version 1" in first
    assert client.get(plan_url + "?wersja=9").status_code == 404


def test_the_community_page_lists_streets_without_a_map_when_tiles_are_off(settings) -> None:
    settings.OPENCUS_MAP_TILES_URL = ""
    community = community_make()
    services.street_add(
        community=community, name="Ostrowiecka", ulic="15441", acting_user=organiser()
    )
    page = login(animator()).get(reverse("community:detail", args=[community.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ostrowiecka" in text and "15441" in text
    assert "community-map" not in text


def test_a_consultation_request_shows_in_the_register_with_its_source() -> None:
    client = login(organiser())
    response = client.post(
        reverse("community:consultation_create"),
        {"title": "Spotkanie konsultacyjne", "held_on": "2026-07-01"},
    )
    assert response.status_code == 302
    entry_url = response["Location"] + "glos/"
    assert client.post(entry_url, {"kind": "request", "text": "Joga"}).status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "in the unmet-demand register" in page
    assert "Spotkanie konsultacyjne 01.07.2026" in page


def test_the_evaluation_shows_its_table_and_exports_it() -> None:
    community = community_make()
    event_make(community, dt.date(2026, 2, 1), participants=7, attendances=9)
    client = login(organiser())
    page = client.get(reverse("community:evaluation", args=[community.uuid, 2026]))
    assert page.status_code == 200
    assert "Meetings and events held" in page.content.decode()
    export = client.get(reverse("community:evaluation_export", args=[community.uuid, 2026]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[2][:2] == ["Meetings and events held", 1]
    assert (
        client.get(reverse("community:evaluation", args=[community.uuid, 1999])).status_code == 404
    )


def test_those_outside_the_osl_team_are_refused() -> None:
    community = community_make()
    event = event_make(community, TODAY)
    outsider = login(user_make(Role.DISPATCHER))
    assert outsider.get(reverse("community:detail", args=[community.uuid])).status_code == 403
    assert outsider.get(reverse("community:event", args=[event.uuid])).status_code == 403
    director = login(user_make(Role.DIRECTOR))
    assert director.get(reverse("community:detail", args=[community.uuid])).status_code == 200
    assert director.get(reverse("community:event_create", args=[community.uuid])).status_code == 403


def test_the_animator_sees_planned_events_in_my_work() -> None:
    community = community_make()
    user = animator()
    services.team_assign(
        community=community,
        user=user,
        function="animator_social",
        starts_on=TODAY,
        acting_user=organiser(),
    )
    event_make(community, TODAY + dt.timedelta(days=3), held=False, title="Piknik")
    page = login(user).get(reverse("core:my_work")).content.decode()
    assert "Community events to hold and record" in page
    assert "Piknik" in page


def test_the_survey_takes_paper_responses_and_refuses_an_empty_one() -> None:
    community = community_make()
    client = login(animator())
    created = client.post(
        reverse("community:survey_create", args=[community.uuid]),
        {"title": "Wpływ 2026", "held_on": TODAY.isoformat()},
    )
    assert created.status_code == 302
    assert client.post(created["Location"], {"q1": "4", "q2": "5"}).status_code == 302
    empty = client.post(created["Location"], {})
    assert "The response has no answer" in empty.content.decode()
    bad = client.post(created["Location"], {"q1": "9"})
    assert "Choose an answer from 1 to 5." in bad.content.decode()
    page = client.get(created["Location"]).content.decode()
    assert "1 response entered." in page


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_photo_is_stored_only_with_an_image_consent_and_shown_only_to_the_team() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opencus.community.models import EventPhoto
    from opencus.people.models import ConsentPurpose
    from opencus.people.services import consent_give
    from tests.people.factories import PersonFactory

    community = community_make()
    event = event_make(community, TODAY, participants=3, attendances=3)
    pictured = PersonFactory.create()
    services.event_participant_add(event=event, person=pictured, acting_user=organiser())
    client = login(animator())
    url = reverse("community:photo_add", args=[event.uuid])

    def post(**changes: object) -> Any:
        data: dict[str, object] = {
            "photo": SimpleUploadedFile("a.png", PNG, content_type="image/png"),
            "caption": "Piknik",
        }
        data.update(changes)
        return client.post(url, data)

    no_consent = post()
    assert "A photo is stored only with an image consent" in no_consent.content.decode()
    withheld = post(people=[str(pictured.pk)])
    assert "No image consent in force" in withheld.content.decode()
    fake = post(
        photo=SimpleUploadedFile("a.png", b"<script>", content_type="image/png"),
        consent_note="Zgody na liście obecności",
    )
    assert "Choose a JPEG or PNG photo." in fake.content.decode()
    assert not EventPhoto.objects.exists()
    consent_give(person=pictured, purpose=ConsentPurpose.IMAGE, acting_user=organiser())
    assert post(people=[str(pictured.pk)]).status_code == 302
    photo = EventPhoto.objects.get()
    assert list(photo.people.all()) == [pictured]
    shown = client.get(reverse("community:photo", args=[photo.uuid]))
    assert shown["Content-Type"] == "image/png"
    assert shown.content.startswith(b"\x89PNG")
    outsider = login(user_make(Role.CLIENT_OFFICE))
    assert outsider.get(reverse("community:photo", args=[photo.uuid])).status_code == 403


def test_a_participant_is_named_by_pesel_only_from_the_register_one_may_see() -> None:
    from tests.people.factories import PersonFactory

    community = community_make()
    event = event_make(community, TODAY, participants=1, attendances=1)
    person = PersonFactory.create()
    url = reverse("community:participant_add", args=[event.uuid])
    worker = login(user_make(Role.SOCIAL_WORKER))
    assert worker.post(url, {"pesel": person.pesel}).status_code == 302
    assert event.named.get().person == person
    unknown = worker.post(url, {"pesel": "00000000000"})
    assert "No person with this PESEL" in unknown.content.decode()
    empty = worker.post(url, {"name": " "})
    assert "name or their PESEL." in empty.content.decode()
    assert event.named.count() == 1


def test_the_programme_page_lists_the_council_s_opinions_linked_for_the_osl_team() -> None:
    user = organiser()
    council = services.council_create(name="Starachowicka Rada Seniorów", acting_user=user)
    programme = ProgrammeServiceFactory.create().programme
    services.council_opinion_add(
        council=council,
        programme=programme,
        given_on=TODAY,
        reference="Uchwała nr 5/2026",
        text="Rada opiniuje program pozytywnie.",
        acting_user=user,
    )
    url = reverse("catalog:programme_detail", args=[programme.uuid])
    council_url = reverse("community:council", args=[council.uuid])

    page = login(user_make(Role.SERVICE_ORGANISER)).get(url).content.decode()
    assert "Rada opiniuje program pozytywnie." in page
    assert "Uchwała nr 5/2026" in page and council_url not in page
    assert council_url in login(user).get(url).content.decode()
