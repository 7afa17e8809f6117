"""The dispatcher's day page, its POST actions and the client office's call list: who may use
them, what they show (with and without map tiles), and that every refusal is a message, not
an error page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from opencus.core.roles import Role
from opencus.transport import dispatch, dispatch_views, reminders
from opencus.transport.models import Booking, DayPlan, DayPlanStatus, ReminderChannel
from tests.personas import login, user_make
from tests.transport.factories import booking_make, dispatch_day_make

pytestmark = pytest.mark.django_db
DAY = dt.date(2027, 3, 10)  # a Wednesday


@pytest.fixture(autouse=True)
def _before_the_day() -> Iterator[None]:
    """The plans of a day that is over are kept as driven: these tests run the week before."""
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC)):
        yield


def optimise(user: Any) -> DayPlan:
    """A tiny, reproducible run of the solver."""
    return dispatch.plan_optimise(DAY, seconds=1.0, iterations=30, acting_user=user)


@pytest.fixture
def dispatcher() -> Any:
    return user_make(Role.DISPATCHER)


@pytest.fixture
def planned(dispatcher) -> tuple[list[Any], list[Booking]]:
    buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=3)
    optimise(dispatcher)
    return buses, rides


def day_url(name: str = "transport:dispatch_day", *args: Any) -> str:
    return reverse(name, args=[DAY.isoformat(), *args])


def page_text(response: Any) -> str:
    return response.content.decode()


def test_the_client_office_may_not_dispatch(planned) -> None:
    clerk = login(user_make(Role.CLIENT_OFFICE))
    assert clerk.get(day_url()).status_code == 403
    assert clerk.post(day_url("transport:dispatch_optimise"), {"mode": "now"}).status_code == 403
    ride = planned[1][0]
    assert clerk.post(day_url("transport:dispatch_pin", ride.uuid)).status_code == 403
    assert clerk.post(day_url("transport:dispatch_publish")).status_code == 403
    assert DayPlan.objects.get(day=DAY).status == DayPlanStatus.DRAFT
    # The call list is theirs, the dispatcher's page is not.
    assert clerk.get(reverse("transport:call_list")).status_code == 200
    assert login(user_make(Role.DRIVER)).get(reverse("transport:call_list")).status_code == 403


def test_the_day_page_lists_each_vehicles_stops_and_draws_the_map_from_tiles(
    dispatcher, planned, settings
) -> None:
    settings.OPENCUS_MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    _buses, rides = planned
    dispatch.booking_pin(rides[0], acting_user=dispatcher)
    response = login(dispatcher).get(day_url())
    assert response.status_code == 200
    text = page_text(response)
    for ride in rides:
        assert ride.person.full_name in text
        assert ride.number in text
    assert "Bus 1" in text and "Bus 2" in text
    assert "ul. Testowa 1" in text and "Dzienny Dom Senior+" in text
    assert ">fixed<" in text
    assert "Rides planned" in text
    data = response.context["map_data"]
    assert data["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert sum(len(route["stops"]) for route in data["routes"]) == 6
    assert 'id="dispatch-map-data"' in text
    assert "https://tiles.example.org" in response["Content-Security-Policy"]
    assert "<script>" not in text  # no inline script: the map's code is a static file


def test_the_day_page_works_without_tiles(dispatcher, planned, settings) -> None:
    settings.OPENCUS_MAP_TILES_URL = ""
    response = login(dispatcher).get(day_url())
    assert response.status_code == 200
    assert response.context["map_data"]["tiles"] == ""
    assert planned[1][0].person.full_name in page_text(response)


def test_rides_that_do_not_fit_are_shown_with_their_reason(dispatcher, planned) -> None:
    (bus1, _bus2), rides = planned
    bus1.wheelchair_places = 0
    bus1.save()
    chair = booking_make(
        rides[0].entitlement, DAY, dt.time(10), wheelchair=True, created_by=dispatcher
    )
    client = login(dispatcher)
    response = client.post(day_url("transport:dispatch_optimise"), {"mode": "now"}, follow=True)
    text = page_text(response)
    assert "The plan has been optimised." in text
    assert "1 ride does not fit: see the list below." in text
    assert "Rides that do not fit" in text
    assert chair.number in text
    assert "no vehicle has enough seats or wheelchair places" in text


def test_optimising_now_and_in_the_background(dispatcher, planned, monkeypatch) -> None:
    monkeypatch.setattr(dispatch_views, "NOW_SECONDS", 0.5)
    client = login(dispatcher)
    revision = DayPlan.objects.get(day=DAY).revision
    response = client.post(day_url("transport:dispatch_optimise"), {"mode": "now"})
    assert response.status_code == 302
    assert DayPlan.objects.get(day=DAY).revision == revision + 1

    response = client.post(day_url("transport:dispatch_optimise"), {"mode": "queue"}, follow=True)
    assert "The optimisation is queued" in page_text(response)
    assert "Optimising in the background" in page_text(response)
    assert DBTaskResult.objects.count() == 1
    client.post(day_url("transport:dispatch_optimise"), {"mode": "queue"})
    assert DBTaskResult.objects.count() == 1  # one run of the day at a time

    response = client.post(day_url("transport:dispatch_optimise"), {"mode": "sideways"})
    assert response.status_code == 302


def test_move_pin_and_a_refused_move_say_what_happened(dispatcher, planned) -> None:
    (bus1, bus2), rides = planned
    chair = booking_make(
        rides[0].entitlement, DAY, dt.time(11), wheelchair=True, created_by=dispatcher
    )
    optimise(dispatcher)
    client = login(dispatcher)
    refused = client.post(
        day_url("transport:dispatch_move", chair.uuid), {"vehicle": bus2.pk}, follow=True
    )
    assert f"Ride {chair.number} does not fit on Bus 2" in page_text(refused)
    assert Booking.objects.get(pk=chair.pk).vehicle == bus1

    ride = Booking.objects.get(pk=rides[1].pk)
    target = bus2 if ride.vehicle_id == bus1.pk else bus1
    moved = client.post(
        day_url("transport:dispatch_move", ride.uuid), {"vehicle": target.pk}, follow=True
    )
    assert f"Ride {ride.number} is now on {target.name}, fixed there." in page_text(moved)
    ride.refresh_from_db()
    assert (ride.vehicle, ride.vehicle_pinned) == (target, True)

    bad = client.post(day_url("transport:dispatch_move", ride.uuid), {"vehicle": "x"}, follow=True)
    assert "Choose one of the day&#x27;s vehicles." in page_text(bad)

    client.post(day_url("transport:dispatch_pin", ride.uuid), {"action": "unpin"})
    assert not Booking.objects.get(pk=ride.pk).vehicle_pinned
    client.post(day_url("transport:dispatch_pin", ride.uuid), {"action": "pin"})
    assert Booking.objects.get(pk=ride.pk).vehicle_pinned


def test_publishing_from_the_page_and_the_call_list(dispatcher, planned) -> None:
    client = login(dispatcher)
    confirm = client.get(day_url("transport:dispatch_publish"))
    assert confirm.status_code == 200
    assert "Publish the plan" in page_text(confirm)
    response = client.post(day_url("transport:dispatch_publish"), follow=True)
    text = page_text(response)
    assert "The plan has been published." in text
    assert "Reminders: 0 by e-mail, 3 on the client office&#x27;s call list." in text
    assert DayPlan.objects.get(day=DAY).status == DayPlanStatus.PUBLISHED

    again = client.get(day_url("transport:dispatch_publish"))
    assert "already published and has not changed since" in page_text(again)
    assert '<form method="post" novalidate>' not in page_text(again)
    again = client.post(day_url("transport:dispatch_publish"), follow=True)
    assert "already published" in page_text(again)

    clerk_user = user_make(Role.CLIENT_OFFICE)
    ride = planned[1][0]
    with time_machine.travel(dt.datetime(2027, 3, 9, 10, tzinfo=dt.UTC), tick=False):
        clerk = login(clerk_user)
        listed = clerk.get(reverse("transport:call_list"))
        assert ride.number in page_text(listed)
        work = clerk.get(reverse("core:my_work"))
        assert "Rides to confirm by phone" in page_text(work)
        assert ride.person.full_name in page_text(work)
        done = clerk.post(reverse("transport:call_done", args=[ride.uuid]), follow=True)
        assert f"Marked as called: {ride.person.full_name}" in page_text(done)
    ride.refresh_from_db()
    assert ride.reminder_channel == ReminderChannel.PHONE and ride.reminded_at is not None
    assert len(reminders.call_list(clerk_user, DAY)) == 2


def test_the_dispatchers_work_names_the_unpublished_plan(dispatcher, planned) -> None:
    booking_make(planned[1][0].entitlement, DAY, dt.time(12), created_by=dispatcher)
    with time_machine.travel(dt.datetime(2027, 3, 9, 10, tzinfo=dt.UTC), tick=False):
        client = login(dispatcher)
        text = page_text(client.get(reverse("core:my_work")))
    assert "Senior taxi plans" in text
    assert "Check and publish the plan" in text
    assert "1 ride does not fit the plan" in text
    assert day_url() in text


def test_the_index_picks_a_day(dispatcher) -> None:
    client = login(dispatcher)
    dispatch_day_make(DAY, clerk=dispatcher, rides=2)
    with time_machine.travel(dt.datetime(2027, 3, 8, 10, tzinfo=dt.UTC), tick=False):
        client = login(dispatcher)
        week = client.get(reverse("transport:dispatch"))
        assert week.status_code == 200
        assert [(row.day, row.rides) for row in week.context["days"]][:3] == [
            (dt.date(2027, 3, 9), 0),
            (DAY, 2),
            (dt.date(2027, 3, 11), 0),
        ]
        picked = client.get(
            reverse("transport:dispatch"), {"day_day": "10", "day_month": "3", "day_year": "2027"}
        )
        assert picked.status_code == 302 and picked["Location"] == day_url()
        wrong = client.get(
            reverse("transport:dispatch"), {"day_day": "31", "day_month": "2", "day_year": "2027"}
        )
        assert wrong.status_code == 400
        assert client.get("/transport/dyspozycja/not-a-day/").status_code == 404


def test_a_day_without_a_plan_lists_its_rides_as_not_planned(dispatcher) -> None:
    _buses, rides = dispatch_day_make(DAY, clerk=dispatcher, rides=1)
    client = login(dispatcher)
    text = page_text(client.get(day_url()))
    assert "No plan yet" in text
    assert rides[0].number in text
    assert "not planned yet: run the optimiser" in text
    # Publishing is not offered for a day without a plan, nor for one with rides left out.
    confirm = client.get(day_url("transport:dispatch_publish"))
    assert "There is no plan for this day yet." in page_text(confirm)
    optimise(dispatcher)
    booking_make(rides[0].entitlement, DAY, dt.time(12), created_by=dispatcher)
    confirm = client.get(day_url("transport:dispatch_publish"))
    assert "1 ride is not in the plan" in page_text(confirm)
    refused = client.post(day_url("transport:dispatch_publish"), follow=True)
    assert "1 ride of 10.03.2027 is not in the plan" in page_text(refused)
    empty = client.get(reverse("transport:dispatch_day", args=["2027-03-13"]))
    assert "No vehicle has a shift on this day." in page_text(empty)


def test_a_day_with_no_vehicle_and_days_out_of_range(dispatcher) -> None:
    booking_make(
        dispatch_day_make(DAY, clerk=dispatcher, rides=1)[1][0].entitlement,
        DAY + dt.timedelta(days=1),
        dt.time(9),
        created_by=dispatcher,
    )
    client = login(dispatcher)
    client.post(
        reverse("transport:dispatch_optimise", args=["2027-03-11"]), {"mode": "now"}, follow=True
    )
    page = page_text(client.get(reverse("transport:dispatch_day", args=["2027-03-11"])))
    assert "No vehicle has a shift on this day." in page
    assert "no vehicle has a shift that day" in page
    assert client.get("/transport/dyspozycja/0001-01-01/").status_code == 404
    far = client.get(
        reverse("transport:dispatch"), {"day_day": "1", "day_month": "1", "day_year": "1900"}
    )
    assert far.status_code == 400
    assert "Enter a day between 01.01.2000 and 31.12.2199." in page_text(far)


def test_the_day_pages_queries_do_not_grow_with_its_rides(dispatcher, planned) -> None:
    client = login(dispatcher)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(day_url()).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for n in range(3):
        booking_make(planned[1][0].entitlement, DAY, dt.time(13, 15 * n), created_by=dispatcher)
    optimise(dispatcher)
    assert queries() == few
