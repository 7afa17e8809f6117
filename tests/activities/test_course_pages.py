"""The course pages: setting a course up (its refusals in the error summary, nothing
created), a course's page with sessions and participants, enrolling from the list of entitled
people, health declarations, cancelling and moving sessions, a person's courses; another
provider's staff do not see a course (404)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from opencus.activities import course_services
from opencus.activities.course_selectors import timeline
from opencus.activities.models import (
    Course,
    Enrolment,
    EnrolmentStatus,
    HealthDeclaration,
    SessionStatus,
)
from opencus.catalog.models import Unit
from opencus.core.roles import Role
from tests.activities.course_factories import course_make, course_service_make, enrol, entitled
from tests.catalog.factories import LocationFactory
from tests.delivery.factories import line_make
from tests.personas import login, provider_staff_make, user_make

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2027, 2, 20, 9, tzinfo=dt.UTC)


def form_data(service_pk: int, location_pk: int, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Pływanie dla seniorów",
        "kind": "course",
        "service": str(service_pk),
        "location": str(location_pk),
        "term_starts_on_day": "1",
        "term_starts_on_month": "3",
        "term_starts_on_year": "2027",
        "term_ends_on_day": "31",
        "term_ends_on_month": "3",
        "term_ends_on_year": "2027",
        "weekdays": ["1", "3"],
        "starts_at": "10:00",
        "duration_minutes": "45",
        "min_participants": "4",
        "max_participants": "8",
        "cancel_days_before": "1",
        "cancel_by": "18:00",
    }
    data.update(changes)
    return data


@time_machine.travel(BEFORE)
def test_the_organiser_sets_up_a_course_and_its_sessions() -> None:
    service = course_service_make()
    location = LocationFactory.create()
    client = login(user_make(Role.SERVICE_ORGANISER))
    assert client.get(reverse("activities:course_create")).status_code == 200
    response = client.post(reverse("activities:course_create"), form_data(service.pk, location.pk))
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:course_detail", args=[course.uuid])
    assert course.sessions.count() == 9
    page = client.get(response["Location"])
    assert "Pływanie dla seniorów" in page.content.decode()


@time_machine.travel(BEFORE)
def test_bad_group_sizes_and_empty_recurrences_are_shown_and_nothing_is_created() -> None:
    service = course_service_make()
    location = LocationFactory.create()
    client = login(user_make(Role.SERVICE_ORGANISER))
    url = reverse("activities:course_create")
    sizes = client.post(url, form_data(service.pk, location.pk, min_participants="9"))
    assert sizes.status_code == 400
    assert "is larger than the largest" in sizes.content.decode()
    empty = client.post(
        url,
        form_data(
            service.pk,
            location.pk,
            term_ends_on_day="3",
            weekdays=["4"],
        ),
    )
    assert empty.status_code == 400
    assert "No session falls on the chosen weekdays" in empty.content.decode()
    assert not Course.objects.exists()


@time_machine.travel(BEFORE)
def test_the_client_office_enrols_an_entitled_person_and_sees_a_full_group_refused() -> None:
    course = course_make(min_participants=1, max_participants=1)
    first, second = entitled(course), entitled(course)
    client = login(user_make(Role.CLIENT_OFFICE))
    url = reverse("activities:course_enrol", args=[course.uuid])
    page = client.get(url)
    assert first.person.full_name in page.content.decode()
    assert client.post(url, {"entitlement": first.pk}).status_code == 302
    refused = client.post(url, {"entitlement": second.pk})
    assert refused.status_code == 400
    assert "The group is full: 1 of 1 places are taken." in refused.content.decode()
    assert Enrolment.objects.filter(course=course).count() == 1


@time_machine.travel(BEFORE)
def test_a_health_declaration_is_recorded_and_a_person_taken_off() -> None:
    course = course_make(health_declaration_required=True)
    enrolment = enrol(course)
    client = login(user_make(Role.CLIENT_OFFICE))
    detail = client.get(reverse("activities:course_detail", args=[course.uuid]))
    assert "missing" in detail.content.decode()
    url = reverse("activities:course_declaration", args=[course.uuid, enrolment.uuid])
    response = client.post(
        url, {"signed_on_day": "15", "signed_on_month": "2", "signed_on_year": "2027"}
    )
    assert response.status_code == 302
    assert HealthDeclaration.objects.filter(person=enrolment.person).exists()
    withdraw = reverse("activities:course_withdraw", args=[course.uuid, enrolment.uuid])
    assert client.post(withdraw, {"reason": "Rezygnacja"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


@time_machine.travel(BEFORE)
def test_the_organiser_cancels_moves_and_adds_sessions_from_the_pages() -> None:
    course = course_make()
    first, second = list(course.sessions.order_by("starts_at")[:2])
    client = login(user_make(Role.SERVICE_ORGANISER))
    cancel = reverse("activities:session_cancel", args=[first.pk])
    assert client.post(cancel, {"note": "Przegląd basenu"}).status_code == 302
    first.refresh_from_db()
    assert first.status == SessionStatus.CANCELLED
    move = reverse("activities:session_move", args=[second.pk])
    moved = client.post(
        move,
        {"day_day": "5", "day_month": "3", "day_year": "2027", "starts_at": "12:00", "note": ""},
    )
    assert moved.status_code == 302
    second.refresh_from_db()
    assert second.starts_at == course_services.at(dt.date(2027, 3, 5), dt.time(12))
    past = client.post(
        move,
        {"day_day": "5", "day_month": "1", "day_year": "2027", "starts_at": "12:00", "note": ""},
    )
    assert past.status_code == 400
    assert "has not passed yet" in past.content.decode()
    makeup = reverse("activities:session_makeup", args=[course.uuid])
    client.post(
        makeup, {"day_day": "1", "day_month": "4", "day_year": "2027", "starts_at": "10:00"}
    )
    assert course.sessions.filter(makeup=True).count() == 1


@time_machine.travel(BEFORE)
def test_a_providers_staff_see_their_own_courses_only() -> None:
    line = line_make(unit=Unit.SESSION)
    course = course_make(line.service, provider=line.contract.provider)
    owner = provider_staff_make(line)
    outsider = provider_staff_make(line_make(unit=Unit.SESSION))
    url = reverse("activities:course_detail", args=[course.uuid])
    assert login(owner).get(url).status_code == 200
    assert login(outsider).get(url).status_code == 404
    listed = login(outsider).get(reverse("activities:course_list")).content.decode()
    assert course.name not in listed
    assert login(user_make(Role.DRIVER)).get(url).status_code == 403


@time_machine.travel(BEFORE)
def test_a_persons_courses_and_upcoming_sessions_on_their_page_and_card() -> None:
    course = course_make(name="Kawiarenka e-Seniorek")
    enrolment = enrol(course)
    client = login(user_make(Role.CLIENT_OFFICE))
    page = client.get(reverse("activities:person_courses", args=[enrolment.person.pk]))
    assert page.status_code == 200
    assert "Kawiarenka e-Seniorek" in page.content.decode()
    card = client.get(reverse("people:detail", args=[enrolment.person.pk])).content.decode()
    assert reverse("activities:person_courses", args=[enrolment.person.pk]) in card
    assert "Enrolled in Kawiarenka e-Seniorek." in card


def test_the_course_list_fits_a_query_budget(django_assert_max_num_queries: object) -> None:
    for n in range(5):
        course_make(name=f"Kurs {n}")
    client = login(user_make(Role.SERVICE_ORGANISER))
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("activities:course_list")).status_code == 200


@time_machine.travel(BEFORE)
def test_the_timeline_tells_enrolments_and_upcoming_sessions_to_who_may_see_them() -> None:
    course = course_make(name="Aqua aerobik – grupa 3")
    enrolment = enrol(course)
    events = timeline(user_make(Role.CLIENT_OFFICE), enrolment.person, 10)
    texts = [event.text for event in events]
    assert "Enrolled in Aqua aerobik – grupa 3." in texts
    assert any(text.startswith("Upcoming session of Aqua aerobik – grupa 3") for text in texts)
    assert timeline(user_make(Role.DRIVER), enrolment.person, 10) == []
