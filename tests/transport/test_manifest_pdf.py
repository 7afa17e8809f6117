"""The manifest on paper (issue 11): one vehicle's day as a tagged PDF (PDF/UA-1), Polish by
default, with the stops in order, times, passengers, phones, addresses and needs; downloaded by
the dispatcher or the vehicle's driver of the day."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.transport import manifests
from opencus.transport.clocks import WARSAW
from opencus.transport.documents import manifest_html, manifest_pdf, manifest_pdf_filename
from opencus.transport.services import plan_insert
from tests.personas import login, user_make
from tests.transport import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _on_the_day() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 7, 0, tzinfo=WARSAW), tick=False):
        yield


def poppler(tool: str, pdf: bytes, tmp_path: Path) -> str:
    target = tmp_path / "manifest.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [tool, *(["-enc", "UTF-8"] if tool == "pdftotext" else []), str(target)]
        + (["-"] if tool == "pdftotext" else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def setting():
    clerk = user_make(Role.CLIENT_OFFICE)
    service = factories.service_make()
    vehicle = factories.vehicle_make("Bus Żółty")
    driver_user = user_make(Role.DRIVER)
    driver = factories.driver_make("Józef Kierowca", user=driver_user)
    factories.shift_make(vehicle, DAY, driver=driver)
    entitlement = factories.entitlement_make(service)
    person = entitlement.person
    person.first_name, person.last_name, person.phone = "Łucja", "Żółkiewska", "600 111 222"
    person.save()
    booking = factories.booking_make(
        entitlement,
        DAY,
        dt.time(9, 0),
        created_by=clerk,
        wheelchair=True,
        companions=1,
        guide_dog=True,
        note="Trzecie piętro, winda",
    )
    plan_insert(booking, acting_user=clerk)
    return vehicle, driver_user, booking


def test_the_manifest_is_a_tagged_pdf_with_the_stops_in_order(setting, tmp_path):
    vehicle, _driver_user, booking = setting
    found = manifests.manifest_of(vehicle, DAY)
    pdf = manifest_pdf(found, "en")
    assert pdf.startswith(b"%PDF")
    info = poppler("pdfinfo", pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert "Title:           Manifest of Bus Żółty on 10.03.2026" in info
    fonts = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    text = " ".join(poppler("pdftotext", pdf, tmp_path).split())
    assert "Driver: Józef Kierowca, 600 100 200" in text
    assert "Łucja Żółkiewska" in text and "Phone 600 111 222" in text
    assert "Wheelchair" in text and "1 companion" in text and "Guide or assistance dog" in text
    assert "Trzecie piętro, winda" in text
    pickup_at = text.index("Pick-up")
    assert pickup_at < text.index("Drop-off")
    assert "ul. Testowa 1" in text and "Dzienny Dom Senior+" in text


def test_the_manifest_is_polish_by_default(setting):
    vehicle, _driver_user, _booking = setting
    html = manifest_html(manifests.manifest_of(vehicle, DAY))
    assert '<html lang="pl">' in html
    assert manifest_pdf_filename(manifests.manifest_of(vehicle, DAY)) == (
        "manifest-2026-03-10-bus-zolty.pdf"
    )


def test_the_driver_downloads_it_and_the_reading_is_audited(setting):
    vehicle, driver_user, booking = setting
    url = reverse("transport:manifest_pdf", args=[vehicle.uuid, DAY.isoformat()])
    response = login(driver_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).latest("id")
    assert event.changes == {"read": "manifest_pdf", "day": "2026-03-10", "rides": [booking.number]}
    assert login(user_make(Role.CLIENT_OFFICE)).get(url).status_code == 403
    assert login(user_make(Role.DISPATCHER)).get(url).status_code == 200
