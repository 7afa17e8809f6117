"""The monthly settlement: units × prices per service and per person, adjustments from locked
months, the share of the contract used, approval (which locks the month), and the statement
as a tagged PDF (text extracted) and as XLSX (read back)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from opencus.catalog.models import Unit
from opencus.core.roles import Role
from opencus.delivery.models import SettlementStatus
from opencus.delivery.selectors import contract_months, month_statements
from opencus.delivery.services import (
    DeliveryError,
    delivery_correct,
    delivery_record,
    settlement_approve,
    settlement_compute,
)
from opencus.delivery.statements import statement_pdf, statement_xlsx
from tests.delivery.factories import entitlement_make, line_make, month_start, previous_month
from tests.people.factories import PersonFactory
from tests.providers.factories import ContractLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def month() -> dt.date:
    return previous_month(timezone.localdate())


@pytest.fixture
def ledger(organiser: Any, month: dt.date) -> dict[str, Any]:
    """Last month: rides at 25.00 (Nowak 3, Źdźbło 2) and hours at 40.00 (Nowak 1.75)."""
    rides = line_make(unit=Unit.RIDE, unit_price="25.00")
    contract = rides.contract
    hours = ContractLineFactory.create(
        contract=contract, unit=Unit.HOUR, unit_price="40.00", max_units=500
    )
    nowak = PersonFactory.create(first_name="Anna", last_name="Nowak")
    zdzblo = PersonFactory.create(first_name="Łucja", last_name="Źdźbło")
    day = month + dt.timedelta(days=9)
    nowak_rides = entitlement_make(line=rides, person=nowak)
    zdzblo_rides = entitlement_make(line=rides, person=zdzblo)
    nowak_hours = entitlement_make(line=hours, person=nowak)
    for entitlement, units in ((nowak_rides, 2), (nowak_rides, 1), (zdzblo_rides, 2)):
        delivery_record(
            entitlement=entitlement, delivered_on=day, units=units, acting_user=organiser
        )
    delivery_record(entitlement=nowak_hours, delivered_on=day, units="1.75", acting_user=organiser)
    return {
        "contract": contract,
        "rides": rides,
        "hours": hours,
        "nowak_rides": nowak_rides,
        "zdzblo_rides": zdzblo_rides,
        "day": day,
    }


def test_the_statement_sums_units_times_prices_per_service_and_per_person(ledger, month):
    statement = settlement_compute(contract=ledger["contract"], month=month)
    services = {
        (s.service, s.unit): (s.units, s.unit_price, s.amount) for s in statement.service_lines
    }
    rides, hours = ledger["rides"].service.name, ledger["hours"].service.name
    assert services == {
        (rides, "ride"): (Decimal("5"), Decimal("25.00"), Decimal("125.00")),
        (hours, "hour"): (Decimal("1.75"), Decimal("40.00"), Decimal("70.00")),
    }
    people = [(p.person, p.service, p.units, p.amount) for p in statement.person_lines]
    assert sorted(people) == sorted(
        [
            ("Nowak Anna", rides, Decimal("3"), Decimal("75.00")),
            ("Nowak Anna", hours, Decimal("1.75"), Decimal("70.00")),
            ("Źdźbło Łucja", rides, Decimal("2"), Decimal("50.00")),
        ]
    )
    assert statement.adjustments == []
    assert statement.total == Decimal("195.00")
    assert statement.settled_to_date == Decimal("195.00")
    assert statement.contract_value == Decimal("100000.00")
    assert statement.share_used == Decimal("0.2")
    assert statement.status == SettlementStatus.DRAFT


def test_the_statement_takes_a_fixed_number_of_queries(ledger, month, django_assert_num_queries):
    contract = type(ledger["contract"]).objects.select_related("provider").get()
    with django_assert_num_queries(4):
        settlement_compute(contract=contract, month=month)


def test_approval_locks_the_month_and_a_later_correction_is_an_adjustment(ledger, month, organiser):
    contract = ledger["contract"]
    settlement = settlement_approve(contract=contract, month=month, acting_user=organiser)
    assert settlement.status == SettlementStatus.APPROVED
    assert settlement.total == Decimal("195.00")
    assert list(settlement.transitions.values_list("from_status", "to_status", "actor")) == [
        (SettlementStatus.DRAFT, SettlementStatus.APPROVED, organiser.pk)
    ]
    record = ledger["zdzblo_rides"].deliveries.get()
    delivery_correct(record=record, acting_user=organiser, note="did not take place")

    approved = settlement_compute(contract=contract, month=month)
    assert approved.total == Decimal("195.00") == approved.approved_total
    assert approved.is_approved and approved.approved_by

    current = settlement_compute(contract=contract, month=month_start(timezone.localdate()))
    assert current.service_lines == []
    assert [(a.person, a.units, a.amount) for a in current.adjustments] == [
        ("Źdźbło Łucja", Decimal("-2"), Decimal("-50.00"))
    ]
    assert current.adjustments_total == current.total == Decimal("-50.00")
    assert current.settled_to_date == Decimal("145.00")


def test_approving_twice_says_when_and_by_whom(ledger, month, organiser):
    settlement_approve(contract=ledger["contract"], month=month, acting_user=organiser)
    with pytest.raises(DeliveryError) as error:
        settlement_approve(contract=ledger["contract"], month=month, acting_user=organiser)
    assert "already approved on" in error.value.messages[0]
    assert "Anna Testowa" in error.value.messages[0]


def test_a_month_is_approved_only_after_it_has_ended(ledger, organiser):
    with pytest.raises(DeliveryError) as error:
        settlement_approve(
            contract=ledger["contract"],
            month=timezone.localdate(),
            acting_user=organiser,
        )
    assert "only after it has ended" in error.value.messages[0]


def test_only_the_director_and_organiser_approve(ledger, month, make_staff):
    with pytest.raises(DeliveryError):
        settlement_approve(
            contract=ledger["contract"], month=month, acting_user=make_staff(Role.PROVIDER_STAFF)
        )
    director = make_staff(Role.DIRECTOR)
    assert settlement_approve(contract=ledger["contract"], month=month, acting_user=director)


def test_the_months_list_and_all_statements_of_a_month(ledger, month, organiser):
    settlement_approve(contract=ledger["contract"], month=month, acting_user=organiser)
    rows = contract_months(contract=ledger["contract"])
    assert rows[0].month == month_start(timezone.localdate()) and not rows[0].ended
    assert rows[1].month == month and rows[1].status == SettlementStatus.APPROVED
    statements = month_statements(month=month)
    assert [s.contract_number for s in statements] == [ledger["contract"].number]


def poppler(tool: str, pdf: bytes, tmp_path: Path, *options: str) -> str:
    target = tmp_path / "statement.pdf"
    target.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [tool, *options, str(target), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_the_statement_pdf_is_tagged_and_holds_the_figures(ledger, month, tmp_path):
    statement = settlement_compute(contract=ledger["contract"], month=month)
    pdf = statement_pdf(statement, language="pl")
    assert pdf.startswith(b"%PDF")
    info = poppler("pdfinfo", pdf, tmp_path)
    assert "Tagged:          yes" in info
    # The statement is in the language asked for: Polish here.
    assert f"Title:           Rozliczenie umowy {ledger['contract'].number}" in info
    text = poppler("pdftotext", pdf, tmp_path, "-enc", "UTF-8", "-layout")
    assert ledger["contract"].number in text
    assert "Źdźbło Łucja" in text and "Nowak Anna" in text
    assert "195,00" in text and "125,00" in text and "1,75" in text


def test_the_statement_xlsx_reads_back(ledger, month):
    statement = settlement_compute(contract=ledger["contract"], month=month)
    workbook = load_workbook(io.BytesIO(statement_xlsx(statement, language="en")))
    assert workbook.sheetnames == ["Summary", "Services", "People", "Adjustments"]
    services = list(workbook["Services"].iter_rows(values_only=True))
    assert services[0][:5] == ("Service", "Unit", "Units", "Unit price", "Amount")
    assert services[-1][0] == "Total" and Decimal(str(services[-1][4])) == Decimal("195")
    people = list(workbook["People"].iter_rows(values_only=True))[1:]
    assert {row[0] for row in people} == {"Nowak Anna", "Źdźbło Łucja"}
    assert workbook["Services"]["E2"].number_format == '#,##0.00 "zł"'


def test_the_statement_xlsx_writes_text_that_looks_like_a_formula_as_text(organiser, month):
    """Formula injection: a name from the public form, a provider's name and a contract
    number starting with "=" stay text in every sheet, never a formula."""
    rides = line_make(number="=1+1", provider__name='=HYPERLINK("http://evil.example","x")')
    person = PersonFactory.create(first_name="@SUM(A1)", last_name="=cmd|' /C calc'!A0")
    entitlement = entitlement_make(line=rides, person=person)
    delivery_record(
        entitlement=entitlement,
        delivered_on=month + dt.timedelta(days=3),
        units=2,
        acting_user=organiser,
    )
    statement = settlement_compute(contract=rides.contract, month=month)
    data = statement_xlsx(statement, language="en")
    workbook = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert "=cmd|' /C calc'!A0 @SUM(A1)" in texts
    assert '=HYPERLINK("http://evil.example","x")' in texts
    assert any(str(text).startswith("=1+1 – ") for text in texts)
    # Text cells keep the quote prefix, so editing the cell does not turn it into a formula.
    assert all(cell.quotePrefix for cell in cells if cell.data_type == "s")
    # Amounts stay numbers the accountants can sum.
    assert workbook["Services"]["E2"].data_type == "n"
