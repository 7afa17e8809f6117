"""A month's deliveries imported from a CSV or XLSX file: every row through the ledger's rules,
all or nothing, every wrong row listed with its number; a file that cannot be read changes
nothing and says why."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from opencus.catalog.models import Unit
from opencus.core.roles import Role
from opencus.delivery import imports
from opencus.delivery.imports import ImportFileError, import_deliveries
from opencus.delivery.models import DeliveryRecord, Settlement, SettlementStatus
from tests.delivery.factories import entitlement_make, line_make, previous_month, staff_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff: Any) -> dict[str, Any]:
    line = line_make(unit=Unit.RIDE)
    month = previous_month(timezone.localdate())
    first = entitlement_make(
        line=line, allowances=[{"units": 10, "unit": Unit.RIDE, "period": "month"}]
    )
    second = entitlement_make(line=line, starts_on=month + dt.timedelta(days=9))
    stranger = entitlement_make(line=line_make(unit=Unit.RIDE))
    staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(staff, line)
    client = Client()
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return {
        "line": line,
        "month": month,
        "first": first,
        "second": second,
        "stranger": stranger,
        "staff": staff,
        "client": client,
    }


def day(world: dict[str, Any], n: int, iso: bool = False) -> str:
    value = world["month"] + dt.timedelta(days=n - 1)
    return value.isoformat() if iso else value.strftime("%d.%m.%Y")


def upload(world: dict[str, Any], name: str, content: bytes) -> Any:
    return world["client"].post(
        reverse("delivery:provider_import"),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def good_csv(world: dict[str, Any], separator: str = ";", bom: bool = True) -> bytes:
    first, second = world["first"].pk, world["second"].pk
    lines = [
        separator.join(["numer_uprawnienia", "data", "jednostki", "uwagi"]),
        separator.join([str(first), day(world, 1), "2", "rano"]),
        separator.join([str(first), day(world, 2, iso=True), "1", ""]),
        "",
        separator.join([str(second), day(world, 15), "3", "po południu"]),
    ]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def test_a_good_csv_records_every_row(world):
    response = upload(world, "listopad.csv", good_csv(world))
    assert response.status_code == 200
    assert "3 deliveries were recorded from the file." in response.content.decode()
    records = DeliveryRecord.objects.order_by("delivered_on")
    assert [r.units for r in records] == [2, 1, 3]
    assert records[0].note == "rano"
    assert {r.recorded_by for r in records} == {world["staff"]}


def test_a_comma_separated_csv_without_bom_is_read(world):
    with translation.override("en"):
        result = import_deliveries(
            provider=world["line"].contract.provider,
            name="m.csv",
            content=good_csv(world, separator=",", bom=False),
            acting_user=world["staff"],
        )
    assert result.ok and result.added == 3
    assert DeliveryRecord.objects.count() == 3


def test_wrong_rows_are_all_listed_and_nothing_is_recorded(world):
    first, stranger = world["first"].pk, world["stranger"].pk
    content = "\n".join(
        [
            "numer_uprawnienia;data;jednostki;uwagi",
            f"{first};{day(world, 1)};2;",
            f"{first};{day(world, 2)};1,5;",
            f"{stranger};{day(world, 3)};1;",
            f"{world['second'].pk};{day(world, 4)};1;",
            f"{first};31.02.2026;1;",
            f"{first};{day(world, 5)};-1;",
            f"{first};{day(world, 6)};9;",
        ]
    ).encode()
    response = upload(world, "zle.csv", content)
    page = response.content.decode()
    assert "6 rows are wrong; nothing was recorded." in page
    assert "row 3: Ride is counted in whole units, not 1.5." in page
    assert f"row 4: there is no entitlement number “{stranger}” among your clients." in page
    assert "row 5: The delivery is dated" in page and "outside the entitlement" in page
    assert "row 6: “31.02.2026” is not a date" in page
    assert "row 7: The number of units must be more than zero" in page
    assert "row 8: 2 of 10 × ride allowed per month are used in" in page
    assert "row 2:" not in page
    assert not DeliveryRecord.objects.exists()


def test_a_row_into_a_locked_month_fails_the_whole_file(world, organiser):
    Settlement.objects.create(
        contract=world["line"].contract,
        month=world["month"],
        status=SettlementStatus.APPROVED,
        approved_by=organiser,
        approved_at=timezone.now(),
    )
    response = upload(world, "m.csv", good_csv(world))
    page = response.content.decode()
    assert "row 2:" in page and "is settled and locked" in page
    assert not DeliveryRecord.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("raport.pdf", b"%PDF-1.4 whatever", "Upload a CSV or XLSX file."),
        ("pusty.csv", b"", "The file is empty."),
        ("puste.csv", b"\xef\xbb\xbf\r\n\r\n", "The file is empty."),
        ("naglowek.csv", b"numer_uprawnienia;data;jednostki\n", "has a header row but no"),
        ("zly.csv", b"imie;nazwisko\nJan;Kowalski\n", "The first row must name the columns"),
        ("latin2.csv", "nr;data\nłódź".encode("cp1250"), "is not in UTF-8"),
        ("zepsuty.xlsx", b"PK\x03\x04 not really a zip", "The XLSX file cannot be read."),
        ("binarny.csv", b"\x00\x01\x02", "The file is not a CSV or XLSX file."),
    ],
)
def test_a_malformed_file_changes_nothing_and_says_why(world, name, content, message):
    response = upload(world, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DeliveryRecord.objects.exists()


def test_too_many_rows_or_bytes_are_refused(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    response = upload(world, "m.csv", good_csv(world))
    assert "more than 2 rows" in response.content.decode()
    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    with pytest.raises(ImportFileError, match="larger than"):
        imports.read_rows("m.csv", good_csv(world))
    assert not DeliveryRecord.objects.exists()


def test_a_good_xlsx_records_every_row(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Numer uprawnienia", "Data", "Jednostki", "Uwagi"])
    sheet.append([world["first"].pk, world["month"], 2, "rano"])
    sheet.append([float(world["first"].pk), day(world, 3), 1.0, None])
    sheet.append([None, None, None, None])
    sheet.append(
        [
            str(world["second"].pk),
            dt.datetime.combine(world["month"], dt.time()) + dt.timedelta(days=20),
            4,
            "",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(world, "listopad.xlsx", buffer.getvalue())
    assert "3 deliveries were recorded from the file." in response.content.decode()
    assert sorted(r.units for r in DeliveryRecord.objects.all()) == [1, 2, 4]


def test_the_template_and_the_outsider(world, make_staff):
    template = world["client"].get(reverse("delivery:provider_template"))
    assert template.status_code == 200
    assert template.content.decode("utf-8-sig").strip() == "numer_uprawnienia;data;jednostki;uwagi"
    page = world["client"].get(reverse("delivery:provider_import")).content.decode()
    assert reverse("delivery:provider_template") in page
    outsider = Client()
    outsider.force_login(make_staff(Role.PROVIDER_STAFF))
    assert outsider.get(reverse("delivery:provider_import")).status_code == 403
