"""The instructor's register pages: today's sessions, one POST per tap (works without
JavaScript, post/redirect/get back to the person), the signed attendance list as a tagged PDF,
an open event's headcount; another provider's staff are refused (404)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from opencus.activities import course_services, register_services
from opencus.activities.models import Attendance, AttendanceStatus, CourseKind
from opencus.catalog.models import Unit
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from tests.activities.course_factories import course_make, enrol
from tests.delivery.factories import entitlement_make as provider_entitlement_make
from tests.delivery.factories import line_make
from tests.personas import login, provider_staff_make, user_make

pytestmark = pytest.mark.django_db

DURING = course_services.at(dt.date(2027, 3, 2), dt.time(10, 15))


@time_machine.travel(DURING)
def test_the_providers_instructor_taps_present_absent_and_excused() -> None:
    line = line_make(unit=Unit.SESSION)
    instructor = provider_staff_make(line)
    course = course_make(
        line.service, provider=line.contract.provider, instructor_name="Jan Ratownik"
    )
    people = [
        course_services.enrolment_create(
            course=course,
            entitlement=provider_entitlement_make(line=line),
            acting_user=user_make(Role.CLIENT_OFFICE),
            now=course_services.at(dt.date(2027, 2, 1), dt.time(9)),
        )
        for _ in range(3)
    ]
    session = course.sessions.order_by("starts_at")[0]
    client = login(instructor)
    today = client.get(reverse("activities:register_today"))
    assert today.status_code == 200
    assert reverse("activities:register", args=[session.pk]) in today.content.decode()
    page = client.get(reverse("activities:register", args=[session.pk]))
    assert page.status_code == 200
    assert people[0].person.full_name in page.content.decode()
    for enrolment, status in zip(people, ["present", "absent", "excused"], strict=True):
        url = reverse("activities:register_mark", args=[session.pk, enrolment.pk, status])
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].endswith(f"#osoba-{enrolment.pk}")
    marks = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert marks == {
        people[0].pk: AttendanceStatus.PRESENT,
        people[1].pk: AttendanceStatus.ABSENT,
        people[2].pk: AttendanceStatus.EXCUSED,
    }
    assert DeliveryRecord.objects.count() == 1
    # A GET of a mark is not allowed: a tap is a POST.
    assert client.get(url).status_code == 405


@time_machine.travel(DURING)
def test_another_providers_staff_and_other_roles_cannot_open_the_register() -> None:
    line = line_make(unit=Unit.SESSION)
    course = course_make(line.service, provider=line.contract.provider)
    session = course.sessions.order_by("starts_at")[0]
    outsider = provider_staff_make(line_make(unit=Unit.SESSION))
    url = reverse("activities:register", args=[session.pk])
    assert login(outsider).get(url).status_code == 404
    assert login(user_make(Role.CLIENT_OFFICE)).get(url).status_code == 403
    assert login(user_make(Role.ANIMATOR)).get(url).status_code == 403


@time_machine.travel(DURING)
def test_a_staff_member_who_instructs_takes_the_register_whatever_their_role() -> None:
    teacher = user_make(Role.ANIMATOR)
    course = course_make(instructor_user=teacher)
    enrolment = enrol(course)
    session = course.sessions.order_by("starts_at")[0]
    client = login(teacher)
    assert client.get(reverse("activities:register", args=[session.pk])).status_code == 200
    client.post(reverse("activities:register_mark", args=[session.pk, enrolment.pk, "absent"]))
    assert Attendance.objects.get().status == AttendanceStatus.ABSENT


@time_machine.travel(DURING)
def test_a_refused_mark_is_shown_and_changes_nothing() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make(health_declaration_required=True)
    enrolment = enrol(course)
    session = course.sessions.order_by("starts_at")[0]
    client = login(boss)
    response = client.post(
        reverse("activities:register_mark", args=[session.pk, enrolment.pk, "present"]),
        follow=True,
    )
    assert "record it first, then mark them present" in response.content.decode()
    assert not Attendance.objects.exists()


def poppler(tool: str, pdf: bytes, tmp_path: Path) -> str:
    target = tmp_path / "list.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [tool, *(["-enc", "UTF-8"] if tool == "pdftotext" else []), str(target)]
        + (["-"] if tool == "pdftotext" else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@time_machine.travel(DURING)
def test_the_attendance_list_is_a_tagged_pdf_with_the_course_and_signature_columns(
    tmp_path: Path,
) -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make(name="Aqua aerobik – grupa żółta", instructor_name="Józef Ślązak")
    enrolment = enrol(course)
    session = course.sessions.order_by("starts_at")[0]
    response = login(boss).get(reverse("activities:register_pdf", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert "Tagged:          yes" in poppler("pdfinfo", pdf, tmp_path)
    text = " ".join(poppler("pdftotext", pdf, tmp_path).split())
    assert "Lista obecności" in text
    assert "Aqua aerobik – grupa żółta" in text
    assert "Józef Ślązak" in text
    assert enrolment.person.last_name in text
    assert "02.03.2027" in text
    assert "Podpis uczestnika" in text
    # The programme's EU project reference marks the list.
    assert course.service.programme.eu_project_reference in text


@time_machine.travel(DURING)
def test_an_open_events_headcount_is_saved_from_the_register() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    event = course_make(kind=CourseKind.OPEN_EVENT, name="Kawiarenka Społeczna")
    session = event.sessions.order_by("starts_at")[0]
    client = login(boss)
    assert client.get(reverse("activities:register", args=[session.pk])).status_code == 200
    client.post(reverse("activities:register_headcount", args=[session.pk]), {"headcount": "17"})
    session.refresh_from_db()
    assert session.headcount == 17
    client.post(reverse("activities:register_headcount", args=[session.pk]), {"headcount": "x"})
    session.refresh_from_db()
    assert session.headcount == 17


def test_the_client_office_cancels_a_persons_attendance_before_the_deadline() -> None:
    clerk = user_make(Role.CLIENT_OFFICE)
    course = course_make()
    enrolment = enrol(course)
    session = course.sessions.order_by("starts_at")[0]
    url = reverse("activities:attendance_cancel", args=[session.pk, enrolment.pk])
    with time_machine.travel(course_services.at(dt.date(2027, 3, 1), dt.time(18, 30))):
        late = login(clerk).post(url, follow=True)
    assert "Too late to cancel" in late.content.decode()
    assert not Attendance.objects.exists()
    with time_machine.travel(course_services.at(dt.date(2027, 3, 1), dt.time(12))):
        login(clerk).post(url)
    assert Attendance.objects.get().status == AttendanceStatus.EXCUSED


@time_machine.travel(DURING)
def test_the_register_page_fits_a_query_budget(django_assert_max_num_queries: Any) -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make(health_declaration_required=True)
    session = course.sessions.order_by("starts_at")[0]
    for _ in range(6):
        register_services.attendance_mark(
            session=session, enrolment=enrol(course), status="absent", acting_user=boss
        )
    client = login(boss)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("activities:register", args=[session.pk])).status_code == 200


@time_machine.travel(DURING)
def test_an_htmx_tap_answers_with_the_persons_line_and_the_count() -> None:
    boss = user_make(Role.SERVICE_ORGANISER)
    course = course_make(health_declaration_required=True)
    first, second = enrol(course), enrol(course)
    course_services.health_declaration_record(
        enrolment=first, signed_on=dt.date(2027, 3, 1), acting_user=boss
    )
    session = course.sessions.order_by("starts_at")[0]
    client = login(boss)
    url = reverse("activities:register_mark", args=[session.pk, first.pk, "present"])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<li id="osoba-{first.pk}"')
    assert f"{first.person.full_name}: present." in html
    assert 'id="register-count" hx-swap-oob="true"' in html
    assert "Marked: 1 of 2" in html
    # A refusal is said in the line, and nothing changes.
    refused = client.post(
        reverse("activities:register_mark", args=[session.pk, second.pk, "present"]),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'role="alert"' in refused and "record it first" in refused
    assert "Marked: 1 of 2" in refused
    assert Attendance.objects.count() == 1
