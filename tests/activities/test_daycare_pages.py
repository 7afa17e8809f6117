"""The Senior+ pages: the organiser sets the hours and admits members (refusals on the form,
nothing changed); the register on a tablet with one tap per member and who comes by the senior
taxi (the transport app, through core's arrivals seam); the monthly report and its exports;
another provider's staff get a 404."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from opencus.activities.models import AttendanceMark, FacilityKind, Membership
from opencus.core.registry import arrivals
from opencus.core.roles import Role
from opencus.transport.models import BookingStatus
from tests.activities.senior_factories import NOW, TODAY, facility_make, member_make
from tests.people.factories import PersonFactory
from tests.personas import login, provider_staff_make, user_make
from tests.transport.factories import booking_make, entitlement_make, place_make, service_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_a_tuesday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def organiser():
    return user_make(Role.SERVICE_ORGANISER)


def hours_data(hours: dict[int, tuple[str, str]]) -> dict[str, str]:
    data: dict[str, str] = {}
    for day in range(1, 8):
        opens, closes = hours.get(day, ("", ""))
        data[f"opens_{day}"], data[f"closes_{day}"] = opens, closes
    return data


def test_the_organiser_sets_the_club_s_hours_and_under_20_is_refused(organiser) -> None:
    club = facility_make(FacilityKind.CLUB)
    client = login(organiser)
    url = reverse("activities:daycare_hours", args=[club.uuid])
    assert client.get(url).status_code == 200
    short = client.post(url, hours_data({1: ("10:00", "14:00"), 2: ("10:00", "14:00")}))
    assert short.status_code == 400
    assert "at least 20 hours a week" in short.text
    assert not club.hours.exists()
    half = client.post(url, hours_data({1: ("10:00", "")}))
    assert half.status_code == 400 and "enter both times" in half.text
    week = dict.fromkeys(range(1, 6), ("10:00", "14:00"))
    assert client.post(url, hours_data(week)).status_code == 302
    assert club.hours.count() == 5
    assert (
        "20 hours a week" in client.get(reverse("activities:daycare_detail", args=[club.uuid])).text
    )


def test_the_organiser_admits_by_pesel_and_a_full_home_refuses(organiser) -> None:
    home = facility_make(capacity=1)
    person = PersonFactory.create()
    entitlement_make(home.service, person)
    client = login(organiser)
    url = reverse("activities:daycare_admit", args=[home.uuid])
    data = {
        "pesel": person.pesel,
        "starts_on_day": "10",
        "starts_on_month": "3",
        "starts_on_year": "2026",
        "basis_reference": "DDS.8140.7.2026",
    }
    first = client.post(url, data)
    assert first.status_code == 302, first.text[first.text.find("govuk-error-summary__list") :][
        :700
    ]
    membership = Membership.objects.get()
    assert membership.basis_reference == "DDS.8140.7.2026"
    second = PersonFactory.create()
    entitlement_make(home.service, second)
    full = client.post(url, {**data, "pesel": second.pesel})
    assert full.status_code == 400 and "All 1 places" in full.text
    unknown = client.post(url, {**data, "pesel": "00000000000"})
    assert unknown.status_code == 400
    assert Membership.objects.count() == 1
    leave = reverse("activities:daycare_leave", args=[membership.uuid])
    assert client.get(leave).status_code == 200
    left = client.post(
        leave,
        {"ends_on_day": "10", "ends_on_month": "3", "ends_on_year": "2026", "reason": "Rezygnacja"},
    )
    assert left.status_code == 302
    again = client.post(url, {**data, "pesel": second.pesel})
    assert again.status_code == 302, again.text[again.text.find("govuk-error-summary") :][:600]


def test_the_register_shows_who_comes_by_bus_and_marks_with_one_tap(organiser) -> None:
    home = facility_make()
    anna = member_make(home)
    jan = member_make(home)
    place = place_make(location=home.location)
    taxi = entitlement_make(service_make(), anna.person)
    booking_make(taxi, TODAY, dt.time(8, 10), created_by=organiser, destination_place=place)
    # A cancelled ride and a ride elsewhere do not count.
    booking_make(
        taxi,
        TODAY,
        dt.time(12),
        created_by=organiser,
        destination_place=place,
        status=BookingStatus.CANCELLED,
    )
    booking_make(
        entitlement_make(service_make(), jan.person), TODAY, dt.time(9), created_by=organiser
    )
    assert home.location_id is not None
    found = arrivals(organiser, TODAY, [home.location_id])
    assert list(found) == [anna.person_id]
    client = login(organiser)
    url = reverse("activities:daycare_register", args=[home.uuid, TODAY.isoformat()])
    page = client.get(url)
    assert page.status_code == 200
    assert page.text.count("Comes by bus, pickup at 08:10") == 1
    assert anna.person.full_name in page.text and jan.person.full_name in page.text
    mark = reverse("activities:daycare_mark", args=[home.uuid, TODAY.isoformat(), anna.uuid])
    done = client.post(mark, {"present": "1", "meals": "2"})
    assert done.status_code == 302 and done["Location"].endswith(f"#member-{anna.uuid}")
    assert AttendanceMark.objects.get(membership=anna).meals == 2
    client.post(
        reverse("activities:daycare_mark", args=[home.uuid, TODAY.isoformat(), jan.uuid]),
        {"present": "0"},
    )
    assert AttendanceMark.objects.get(membership=jan).present is False
    assert "1 member present." in client.get(url).text


def test_marking_a_future_day_or_a_non_member_changes_nothing(organiser) -> None:
    home = facility_make()
    anna = member_make(home)
    stranger = member_make(facility_make(FacilityKind.CLUB))
    client = login(organiser)
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    future = client.post(
        reverse("activities:daycare_mark", args=[home.uuid, tomorrow, anna.uuid]),
        {"present": "1"},
        follow=True,
    )
    assert "day in the future" in future.text
    other = client.post(
        reverse("activities:daycare_mark", args=[home.uuid, TODAY.isoformat(), stranger.uuid]),
        {"present": "1"},
        follow=True,
    )
    assert "is not a member" in other.text
    assert not AttendanceMark.objects.exists()
    page = client.get(reverse("activities:daycare_register", args=[home.uuid, tomorrow]))
    assert "cannot be marked for a day in the future" in page.text
    assert (
        reverse("activities:daycare_mark", args=[home.uuid, tomorrow, anna.uuid]) not in page.text
    )


def test_the_month_report_and_its_exports(organiser) -> None:
    home = facility_make()
    anna = member_make(home)
    client = login(organiser)
    client.post(
        reverse("activities:daycare_mark", args=[home.uuid, TODAY.isoformat(), anna.uuid]),
        {"present": "1"},
    )
    page = client.get(reverse("activities:daycare_report", args=[home.uuid, 2026, 3]))
    assert page.status_code == 200 and anna.person.full_name in page.text
    csv = client.get(reverse("activities:daycare_report_export", args=[home.uuid, 2026, 3, "csv"]))
    lines = csv.content.decode().splitlines()
    assert lines[0] == "Member;Days present;Days absent;Meals served"
    assert lines[1] == f"{anna.person.full_name};1;0;3"
    xlsx = client.get(
        reverse("activities:daycare_report_export", args=[home.uuid, 2026, 3, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[2]] == [anna.person.full_name, 1, 0, 3]
    assert (
        client.get(
            reverse("activities:daycare_report_export", args=[home.uuid, 2026, 3, "pdf"])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("activities:daycare_report", args=[home.uuid, 2026, 13])).status_code
        == 404
    )


def test_a_provider_s_staff_keep_their_own_facility_s_register_only() -> None:
    from tests.delivery.factories import line_make

    line = line_make()
    own = facility_make(provider=line.contract.provider)
    other = facility_make()
    member = member_make(own)
    staff = provider_staff_make(line)
    client = login(staff)
    assert client.get(reverse("activities:daycare_list")).status_code == 200
    assert (
        client.get(
            reverse("activities:daycare_register", args=[own.uuid, TODAY.isoformat()])
        ).status_code
        == 200
    )
    assert client.get(reverse("activities:daycare_detail", args=[other.uuid])).status_code == 404
    assert client.get(reverse("activities:daycare_hours", args=[own.uuid])).status_code == 403
    done = client.post(
        reverse("activities:daycare_mark", args=[own.uuid, TODAY.isoformat(), member.uuid]),
        {"present": "1"},
    )
    assert done.status_code == 302
    assert AttendanceMark.objects.filter(membership=member, present=True).exists()


def test_query_budget_of_the_register_and_the_report(
    organiser, django_assert_max_num_queries
) -> None:
    home = facility_make()
    members = [member_make(home) for _ in range(6)]
    client = login(organiser)
    for member in members:
        client.post(
            reverse("activities:daycare_mark", args=[home.uuid, TODAY.isoformat(), member.uuid]),
            {"present": "1"},
        )
    with django_assert_max_num_queries(14):
        page = client.get(
            reverse("activities:daycare_register", args=[home.uuid, TODAY.isoformat()])
        )
    assert page.status_code == 200
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("activities:daycare_report", args=[home.uuid, 2026, 3])).status_code
            == 200
        )
