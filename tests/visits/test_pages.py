"""The pages of home visits: taking a request (refusals in the error summary, nothing stored),
the week's page per worker and day, a move outside the person's windows refused on the form,
the worker's day with its marks, the calendar address and what its feed tells."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent, CalendarFeed
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from opencus.visits import services
from opencus.visits.models import Visit, VisitRequest, VisitStatus, WeekPlan
from tests.personas import login, user_make
from tests.visits.conftest import MONDAY
from tests.visits.factories import (
    person_make,
    planner,
    request_make,
    staff_worker,
    visit_entitlement,
    worker_make,
)

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + dt.timedelta(days=1)


def request_post(entitlement: Any, **changes: str) -> dict[str, str]:
    data = {
        "entitlement": str(entitlement.pk),
        "skill": "physiotherapy",
        "duration": "45",
        "task": "Ćwiczenia",
        "day_1": TUESDAY.isoformat(),
        "from_1": "09:00",
        "until_1": "12:00",
    }
    data.update(changes)
    return data


def test_the_client_office_takes_a_request_at_the_persons_home() -> None:
    person = person_make(0)
    entitlement = visit_entitlement(person)
    client = login(user_make(Role.CLIENT_OFFICE))
    url = reverse("visits:request_create", args=[person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, request_post(entitlement))
    assert response.status_code == 302
    request = VisitRequest.objects.get()
    assert request.address_label == "Radomska 10, Starachowice"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"until_1": "08:00"}, "ends (08:00) before it starts (09:00)"),
        ({"day_1": (MONDAY - dt.timedelta(days=3)).isoformat()}, "is in the past"),
        ({"duration": "240"}, "longer than every time the person is at home"),
        ({"day_2": TUESDAY.isoformat()}, "Give the day, from and until"),
        ({"duration": "abc"}, "whole number"),
    ],
)
def test_bad_input_for_a_request_is_shown_in_the_error_summary_and_nothing_is_stored(
    changes: dict[str, str], message: str
) -> None:
    person = person_make(0)
    entitlement = visit_entitlement(person)
    client = login(user_make(Role.CLIENT_OFFICE))
    response = client.post(
        reverse("visits:request_create", args=[person.pk]), request_post(entitlement, **changes)
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not VisitRequest.objects.exists()


def test_a_person_without_an_entitlement_is_told_to_apply_first() -> None:
    person = person_make(0)
    client = login(user_make(Role.CLIENT_OFFICE))
    response = client.get(reverse("visits:request_create", args=[person.pk]))
    assert "no active entitlement" in response.content.decode()


def test_the_week_page_shows_each_worker_day_with_times_and_km_and_the_left_out() -> None:
    worker_make("Magda Fizjo")
    request_make(windows=[(TUESDAY, dt.time(9), dt.time(12))], today=MONDAY)
    request_make(
        skill="handyman", duration=60, windows=[(TUESDAY, dt.time(9), dt.time(12))], today=MONDAY
    )
    client = login(user_make(Role.DISPATCHER))
    response = client.post(reverse("visits:weeks"), {"day": TUESDAY.isoformat()})
    assert response.status_code == 302
    plan = WeekPlan.objects.get()
    assert plan.week_start == MONDAY
    response = client.post(reverse("visits:week_compute", args=[MONDAY.isoformat()]))
    assert response.status_code == 302
    page = client.get(reverse("visits:week", args=[MONDAY.isoformat()])).content.decode()
    assert "Magda Fizjo" in page
    assert " km" in page
    assert "No worker has the skill this visit needs." in page
    client.post(reverse("visits:week_publish", args=[MONDAY.isoformat()]))
    plan.refresh_from_db()
    assert plan.revision == 1


def test_a_move_outside_the_persons_windows_is_refused_on_the_form() -> None:
    worker = worker_make()
    request = request_make(windows=[(TUESDAY, dt.time(9), dt.time(12))], today=MONDAY)
    dispatcher = planner()
    plan = services.week_open(day=MONDAY, acting_user=dispatcher, today=MONDAY)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    visit = Visit.objects.get(request=request)
    before = visit.starts_at
    client = login(user_make(Role.DISPATCHER))
    response = client.post(
        reverse("visits:visit_move", args=[visit.uuid]),
        {"worker": str(worker.pk), "day": TUESDAY.isoformat(), "start": "14:00"},
    )
    assert response.status_code == 200
    assert "is outside the times" in response.content.decode()
    visit.refresh_from_db()
    assert visit.starts_at == before


def published(worker_user: Any = None) -> tuple[Visit, Any]:
    worker, user = staff_worker()
    request = request_make(
        person_make(2, phone="601 602 603"),
        windows=[(MONDAY, dt.time(9), dt.time(12))],
        today=MONDAY,
        task="Nauka chodzenia z balkonikiem",
    )
    dispatcher = planner()
    plan = services.week_open(day=MONDAY, acting_user=dispatcher, today=MONDAY)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    services.week_publish(plan=plan, acting_user=dispatcher)
    return Visit.objects.get(request=request), user


def test_the_worker_sees_their_day_and_marks_a_visit_done_once() -> None:
    visit, user = published()
    client = login(user)
    page = client.get(reverse("visits:my_day")).content.decode()
    assert visit.request.person.full_name in page
    assert "601 602 603" in page
    assert "Nauka chodzenia z balkonikiem" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, actor=user, changes__read="visits_day"
    ).exists()
    url = reverse("visits:visit_done", args=[visit.uuid])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert DeliveryRecord.objects.count() == 1
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE


def test_the_worker_says_why_a_visit_was_not_done() -> None:
    visit, user = published()
    client = login(user)
    url = reverse("visits:visit_not_done", args=[visit.uuid])
    response = client.post(url, {"reason": ""})
    assert "Say why the visit was not made." in response.content.decode()
    assert client.post(url, {"reason": "Nikt nie otworzył"}).status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.reason) == (VisitStatus.NOT_DONE, "Nikt nie otworzył")


def test_another_worker_cannot_reach_the_visit() -> None:
    visit, _user = published()
    _other, stranger = staff_worker(name="Other")
    client = login(stranger)
    assert client.post(reverse("visits:visit_done", args=[visit.uuid])).status_code == 404
    assert (
        visit.request.person.full_name not in client.get(reverse("visits:my_day")).content.decode()
    )


def test_a_calendar_address_is_given_out_and_stopped_and_its_feed_tells_no_health_data() -> None:
    visit, _user = published()
    client = login(user_make(Role.DISPATCHER))
    response = client.post(reverse("visits:worker_feed_issue", args=[visit.worker_id]), follow=True)
    page = response.content.decode()
    address = page.split("/kalendarz/", 1)[1].split(".ics", 1)[0]
    feed = CalendarFeed.objects.get(kind="visits.worker")
    ics = client.get(reverse("core:calendar_feed", args=[address])).content.decode()
    assert "BEGIN:VEVENT" in ics
    assert "Radomska" in ics
    for secret in (visit.request.person.last_name, "balkonikiem", "physiotherapy", "Ćwiczenia"):
        assert secret.lower() not in ics.lower()
    client.post(reverse("visits:worker_feed_revoke", args=[visit.worker_id, feed.pk]))
    assert client.get(reverse("core:calendar_feed", args=[address])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/wizyty/moj-dzien/?dzien=9999-12-31",
        "/wizyty/moj-dzien/?dzien=nonsense",
        "/wizyty/tygodnie/9999-12-31/",
        "/wizyty/tygodnie/2026-03-03/",
    ],
)
def test_odd_days_in_addresses_are_not_found_not_server_errors(url: str) -> None:
    user = user_make(Role.DISPATCHER, Role.VISITING_STAFF)
    assert login(user).get(url).status_code == 404


def test_a_day_far_away_on_the_week_form_is_refused_with_a_message() -> None:
    client = login(user_make(Role.DISPATCHER))
    response = client.post(reverse("visits:weeks"), {"day": "9999-12-31"})
    assert response.status_code == 200
    assert "Enter a day between" in response.content.decode()
    assert not WeekPlan.objects.exists()


def test_my_work_lists_the_requests_left_out_and_the_weeks_not_published() -> None:
    worker_make()
    request_make(
        skill="nursing", duration=30, windows=[(TUESDAY, dt.time(9), dt.time(12))], today=MONDAY
    )
    request_make(windows=[(TUESDAY, dt.time(9), dt.time(12))], today=MONDAY)
    dispatcher = planner()
    plan = services.week_open(day=MONDAY, acting_user=dispatcher, today=MONDAY)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    page = login(user_make(Role.DISPATCHER)).get(reverse("core:my_work")).content.decode()
    assert "Home visits to plan" in page
    assert "No worker has the skill this visit needs." in page
    assert "02.03.2026–08.03.2026" in page


def test_the_person_card_links_to_the_home_visits_and_tells_them_on_the_timeline() -> None:
    person = person_make(0)
    request_make(person, windows=[(TUESDAY, dt.time(9), dt.time(12))], today=MONDAY)
    client = login(user_make(Role.CLIENT_OFFICE))
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Request a home visit" in page
    assert "1 waiting or planned" in page
    assert "Home visit (physiotherapy) requested." in page
    listing = client.get(reverse("visits:requests") + f"?osoba={person.pk}").content.decode()
    assert person.full_name in listing


def worker_post(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Anna Nowicka",
        "phone": "533 848 502",
        "skills": ["nursing"],
        "base_label": "CUS, Armii Krajowej 25",
        "base_latitude": "51.0371",
        "base_longitude": "21.0758",
        "is_active": "on",
        "mon_from": "08:00",
        "mon_until": "16:00",
    }
    data.update(changes)
    return data


def test_a_worker_is_added_with_skills_and_hours() -> None:
    client = login(user_make(Role.SERVICE_ORGANISER))
    response = client.post(reverse("visits:worker_create"), worker_post())
    assert response.status_code == 302
    from opencus.visits.models import VisitWorker

    worker = VisitWorker.objects.get()
    assert worker.skills == ["nursing"]
    assert worker.hours_on(0) == (dt.time(8), dt.time(16))
    assert worker.hours_on(1) is None
    assert "Magdalena" not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"skills": ["juggling"]}, "Unknown skill"),
        ({"base_latitude": "999"}, "Enter a number of at most 90."),
        ({"mon_until": "07:00"}, "the hours end (07:00) before they start (08:00)"),
        ({"tue_from": "08:00"}, "Give both the start and the end of the day."),
    ],
)
def test_bad_input_for_a_worker_is_refused_with_a_message(
    changes: dict[str, Any], message: str
) -> None:
    client = login(user_make(Role.SERVICE_ORGANISER))
    response = client.post(reverse("visits:worker_create"), worker_post(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    from opencus.visits.models import VisitWorker

    assert not VisitWorker.objects.exists()


def test_the_move_form_starts_from_the_visits_worker_day_and_time() -> None:
    worker_make()
    request = request_make(windows=[(TUESDAY, dt.time(9), dt.time(12))], today=MONDAY)
    dispatcher = planner()
    plan = services.week_open(day=MONDAY, acting_user=dispatcher, today=MONDAY)
    services.week_compute(plan=plan, acting_user=dispatcher, seconds=1, today=MONDAY)
    visit = Visit.objects.get(request=request)
    page = login(user_make(Role.DISPATCHER)).get(reverse("visits:visit_move", args=[visit.uuid]))
    html = page.content.decode()
    start = visit.starts_at.astimezone(dt.timezone(dt.timedelta(hours=1))).strftime("%H:%M")
    assert f'value="{start}"' in html
    assert f'value="{TUESDAY.isoformat()}"' in html


def test_the_worker_gives_out_and_stops_their_own_calendar_address() -> None:
    worker, user = staff_worker()
    client = login(user)
    response = client.post(reverse("visits:my_feed_issue"), follow=True)
    assert "shown only this once" in response.content.decode()
    feed = CalendarFeed.objects.get(kind="visits.worker", object_id=str(worker.pk))
    _other, stranger = staff_worker(name="Other")
    assert login(stranger).post(reverse("visits:my_feed_revoke", args=[feed.pk])).status_code == 404
    client.post(reverse("visits:my_feed_revoke", args=[feed.pk]))
    feed.refresh_from_db()
    assert feed.revoked_at is not None
