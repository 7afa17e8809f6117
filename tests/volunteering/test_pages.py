"""The volunteer centre's pages: the coordinator registers a volunteer and concludes an
agreement through the forms (a minor's without the consent comes back with the message and
stores nothing), places a suggested volunteer, confirms hours; the volunteer sees only their
own page and assignments, logs hours and cannot confirm them; the case roles do not see
volunteers; the papers print as PDFs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.volunteering import services
from opencus.volunteering.models import (
    Agreement,
    AgreementForm,
    Assignment,
    DocumentKind,
    HoursLog,
    HoursStatus,
    Volunteer,
)
from tests.personas import login, user_make
from tests.volunteering.factories import (
    TODAY,
    agreement_make,
    assignment_make,
    born,
    coordinator,
    need_make,
    ready_volunteer,
    volunteer_make,
)

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_the_coordinator_registers_a_volunteer_and_lists_them(
    django_assert_max_num_queries: object,
) -> None:
    client = login(coordinator())
    response = client.post(
        reverse("volunteering:volunteer_create"),
        {
            "first_name": "Kasia",
            "last_name": "Nowak",
            **_date("birth_date", born(16)),
            "skills": ["events", "childcare"],
            "weekdays": ["5", "6"],
            "is_active": "on",
        },
    )
    volunteer = Volunteer.objects.get(last_name="Nowak")
    assert response.status_code == 302
    assert volunteer.weekdays == [5, 6]
    for i in range(5):
        volunteer_make(last_name=f"Nowicka{i}")
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        page = client.get(reverse("volunteering:volunteers"))
    assert "Kasia Nowak" in page.content.decode()


def test_a_minors_agreement_without_consent_comes_back_with_the_message() -> None:
    volunteer = volunteer_make(birth_date=born(15))
    client = login(coordinator())
    url = reverse("volunteering:agreement_create", args=[volunteer.pk])
    data = {
        "form": AgreementForm.WRITTEN,
        **_date("starts_on", TODAY),
        **_date("ends_on", TODAY + dt.timedelta(days=90)),
        "scope": "Pomoc przy festynie",
        "manner": "W soboty",
        "termination": "Za wypowiedzeniem",
        "representative_name": "Anna Nowak",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "written consent" in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(url, {**data, "consent_reference": "Zgoda z 1.03.2026"})
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    pdf = client.get(reverse("volunteering:agreement_pdf", args=[agreement.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_an_oral_agreement_prints_only_once_its_confirmation_was_asked_for() -> None:
    volunteer = volunteer_make(account=True)
    agreement = agreement_make(volunteer, days=10, form=AgreementForm.ORAL)
    client = login(volunteer.user)  # type: ignore[arg-type]
    pdf_url = reverse("volunteering:agreement_pdf", args=[agreement.pk])
    assert client.get(pdf_url).status_code == 404
    client.post(reverse("volunteering:agreement_confirm", args=[agreement.pk]))
    assert client.get(pdf_url).content.startswith(b"%PDF")


def test_the_coordinator_places_a_suggested_volunteer_and_confirms_the_hours() -> None:
    volunteer = ready_volunteer(account=True)
    need = need_make(with_children=True)
    client = login(coordinator())
    page = client.get(reverse("volunteering:need_detail", args=[need.pk])).content.decode()
    assert volunteer.full_name in page
    assert "Cannot be placed yet" in page
    response = client.post(
        reverse("volunteering:need_assign", args=[need.pk, volunteer.pk]), follow=True
    )
    assert "This is work with children" in response.content.decode()
    assert not Assignment.objects.exists()
    plain = need_make()
    client.post(reverse("volunteering:need_assign", args=[plain.pk, volunteer.pk]))
    assignment = Assignment.objects.get()
    mine = login(volunteer.user, language="en")  # type: ignore[arg-type]
    response = mine.post(
        reverse("volunteering:assignment_detail", args=[assignment.pk]),
        {**_date("worked_on", TODAY), "hours": "2", "scope": "Zakupy"},
    )
    assert response.status_code == 302
    log = HoursLog.objects.get()
    response = mine.post(reverse("volunteering:hours_confirm", args=[log.pk]), follow=True)
    assert "You cannot confirm your own hours" in response.content.decode()
    log.refresh_from_db()
    assert log.status == HoursStatus.LOGGED
    client.post(reverse("volunteering:hours_confirm", args=[log.pk]))
    log.refresh_from_db()
    assert log.status == HoursStatus.CONFIRMED


def test_hours_for_tomorrow_come_back_with_the_message() -> None:
    volunteer = ready_volunteer(account=True)
    assignment = assignment_make(volunteer)
    response = login(volunteer.user).post(  # type: ignore[arg-type]
        reverse("volunteering:assignment_detail", args=[assignment.pk]),
        {**_date("worked_on", TODAY + dt.timedelta(days=1)), "hours": "2", "scope": "x"},
    )
    assert response.status_code == 200
    assert "not for a day to come" in response.content.decode()
    assert not HoursLog.objects.exists()


def test_a_volunteer_sees_only_their_own_records() -> None:
    mine = ready_volunteer(account=True)
    other = ready_volunteer(account=True)
    theirs = assignment_make(other)
    client = login(mine.user)  # type: ignore[arg-type]
    page = client.get(reverse("volunteering:mine"))
    assert page.status_code == 200
    assert "My assignments" in page.content.decode()
    assert (
        client.get(reverse("volunteering:assignment_detail", args=[theirs.pk])).status_code == 404
    )
    assert client.get(reverse("volunteering:volunteers")).status_code == 403
    assert client.get(reverse("volunteering:volunteer_detail", args=[other.pk])).status_code == 403
    response = client.post(reverse("volunteering:mine"), {"kind": DocumentKind.CERTIFICATE})
    assert response.status_code == 302
    assert mine.documents.count() == 1


def test_the_case_roles_do_not_see_volunteers_and_the_checks_page_is_audited() -> None:
    volunteer = ready_volunteer(children_checks=True)
    clerk = login(user_make(Role.CLIENT_OFFICE))
    assert (
        clerk.get(reverse("volunteering:volunteer_detail", args=[volunteer.pk])).status_code == 403
    )
    assert (
        clerk.get(reverse("volunteering:volunteer_checks", args=[volunteer.pk])).status_code == 403
    )
    by = coordinator()
    page = login(by).get(reverse("volunteering:volunteer_checks", args=[volunteer.pk]))
    assert "krk-1" in page.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=by).count() == 1


def test_an_issued_certificate_prints() -> None:
    volunteer = ready_volunteer(account=True)
    by = coordinator()
    document = services.document_request(
        volunteer=volunteer, kind=DocumentKind.OPINION, acting_user=volunteer.user
    )
    client = login(by)
    response = client.post(reverse("volunteering:document_issue", args=[document.pk]), {})
    assert response.status_code == 200
    assert "Write the opinion on the volunteer" in response.content.decode()
    client.post(
        reverse("volunteering:document_issue", args=[document.pk]), {"opinion": "Sumienna."}
    )
    pdf = login(volunteer.user).get(  # type: ignore[arg-type]
        reverse("volunteering:document_pdf", args=[document.pk])
    )
    assert pdf.content.startswith(b"%PDF")


def test_hours_typed_with_a_decimal_comma_in_polish_are_taken() -> None:
    volunteer = ready_volunteer(account=True)
    assignment = assignment_make(volunteer)
    response = login(volunteer.user, language="pl").post(  # type: ignore[arg-type]
        reverse("volunteering:assignment_detail", args=[assignment.pk]),
        {**_date("worked_on", TODAY), "hours": "1,5", "scope": "Zakupy"},
    )
    assert response.status_code == 302
    assert HoursLog.objects.get().hours == Decimal("1.5")
