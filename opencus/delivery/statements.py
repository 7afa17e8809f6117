"""The monthly statement of a contract (zestawienie miesięczne): units × prices per service and
per person, the adjustments that corrections of earlier months bring into it, and how much of
the contract's value is used so far — and the statement as a tagged PDF and as XLSX.

The sums are taken by the database in a fixed number of queries (the contracts' lines, one
grouped sum of the month, one grouped sum of the months so far, the settlement rows), whatever
the number of records or contracts: all statements of a month of 200,000 deliveries are
computed in one pass. Amounts are
units × unit price per group, rounded to the grosz, so they are exact on SQLite as well.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import BooleanField, Case, DecimalField, Sum, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opencus.catalog.models import Unit
from opencus.core.exports import xlsx_append
from opencus.core.formatting import month_text
from opencus.core.letters import FONT_DIR, FONT_FILES, centre_details, letter_url_fetcher
from opencus.delivery.models import DeliveryRecord, Settlement, SettlementStatus, month_start
from opencus.providers.models import Contract, ContractLine, LinePeriod

CENT = Decimal("0.01")
SUM_FIELD: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def _amount(units: Decimal, price: Decimal) -> Decimal:
    return (units * price).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ServiceLine:
    """A service of the contract in the month: units delivered × the unit price."""

    service: str
    unit: str
    unit_price: Decimal
    units: Decimal
    amount: Decimal
    max_units: int
    max_period: str


@dataclass(frozen=True)
class PersonLine:
    """One person's units of one service (an adjustment: corrections of earlier months)."""

    person: str
    service: str
    unit: str
    unit_price: Decimal
    units: Decimal
    amount: Decimal


@dataclass
class Statement:
    contract_uuid: str
    contract_number: str
    contract_title: str
    provider_name: str
    provider_nip: str
    month: dt.date
    status: str
    approved_by: str
    approved_at: dt.datetime | None
    approved_total: Decimal | None
    service_lines: list[ServiceLine] = field(default_factory=list)
    person_lines: list[PersonLine] = field(default_factory=list)
    adjustments: list[PersonLine] = field(default_factory=list)
    deliveries_total: Decimal = Decimal("0.00")
    adjustments_total: Decimal = Decimal("0.00")
    total: Decimal = Decimal("0.00")
    contract_value: Decimal = Decimal("0.00")
    settled_to_date: Decimal = Decimal("0.00")
    share_used: Decimal = Decimal("0.0")

    @property
    def is_approved(self) -> bool:
        return self.status == SettlementStatus.APPROVED

    @property
    def month_label(self) -> str:
        return month_text(self.month)


def settlement_compute(*, contract: Contract, month: dt.date) -> Statement:
    """The statement of ``contract`` for ``month`` (4 queries whatever the number of records).

    Records accounted in the month and delivered in it are the month's deliveries; those
    accounted in it but delivered earlier are corrections of locked months, shown apart as
    adjustments. The share used is what was accounted up to this month against the value."""
    return statements_compute(contracts=[contract], month=month)[0]


def statements_compute(*, contracts: list[Contract], month: dt.date) -> list[Statement]:
    """The statements of several contracts for ``month``, in the same 4 queries as one (the
    contracts' providers must be loaded with them: ``select_related("provider")``)."""
    month = month_start(month)
    by_pk = {contract.pk: contract for contract in contracts}
    lines = {
        line.pk: line
        for line in ContractLine.objects.filter(contract_id__in=list(by_pk))
        .select_related("service")
        .order_by("service__name", "valid_from", "id")
    }
    line_ids = list(lines)
    unit_labels = {pk: str(Unit(line.unit).label) for pk, line in lines.items()}
    rows = (
        DeliveryRecord.objects.filter(contract_line_id__in=line_ids, settlement_month=month)
        .annotate(
            adjustment=Case(
                When(delivered_on__lt=month, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values(
            "adjustment",
            "contract_line_id",
            "unit_price",
            "entitlement__person_id",
            "entitlement__person__first_name",
            "entitlement__person__last_name",
        )
        .annotate(total_units=Sum("units", output_field=SUM_FIELD))
        .order_by()
    )
    to_date = (
        DeliveryRecord.objects.filter(contract_line_id__in=line_ids, settlement_month__lte=month)
        .values("contract_line_id", "unit_price")
        .annotate(total_units=Sum("units", output_field=SUM_FIELD))
        .order_by()
    )
    settlements = {
        settlement.contract_id: settlement
        for settlement in Settlement.objects.filter(
            contract_id__in=list(by_pk), month=month
        ).select_related("approved_by")
    }
    statements = {
        contract.pk: _statement_head(contract, month, settlements.get(contract.pk))
        for contract in contracts
    }
    order = {pk: index for index, pk in enumerate(lines)}
    by_service: dict[int, dict[tuple[int, Decimal], Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    people: dict[int, list[tuple[tuple[str, str, int, str], PersonLine]]] = defaultdict(list)
    adjustments: dict[int, list[tuple[tuple[str, str, int, str], PersonLine]]] = defaultdict(list)
    for row in rows:
        line = lines[row["contract_line_id"]]
        units = Decimal(row["total_units"] or 0)
        price = row["unit_price"]
        last, first = row["entitlement__person__last_name"], row["entitlement__person__first_name"]
        person_line = PersonLine(
            person=f"{last} {first}",
            service=line.service.name,
            unit=unit_labels[line.pk],
            unit_price=price,
            units=units,
            amount=_amount(units, price),
        )
        key = (last, first, row["entitlement__person_id"], line.service.name)
        if row["adjustment"]:
            adjustments[line.contract_id].append((key, person_line))
        else:
            people[line.contract_id].append((key, person_line))
            by_service[line.contract_id][(line.pk, price)] += units
    to_date_sums: dict[int, Decimal] = defaultdict(Decimal)
    for row in to_date:
        line = lines[row["contract_line_id"]]
        to_date_sums[line.contract_id] += _amount(
            Decimal(row["total_units"] or 0), row["unit_price"]
        )

    for pk, statement in statements.items():
        statement.person_lines = [line for _key, line in sorted(people[pk], key=_first)]
        statement.adjustments = [line for _key, line in sorted(adjustments[pk], key=_first)]
        for (line_pk, price), units in sorted(
            by_service[pk].items(), key=lambda item: (order[item[0][0]], item[0][1])
        ):
            line = lines[line_pk]
            statement.service_lines.append(
                ServiceLine(
                    service=line.service.name,
                    unit=unit_labels[line_pk],
                    unit_price=price,
                    units=units,
                    amount=_amount(units, price),
                    max_units=line.max_units,
                    max_period=str(LinePeriod(line.period).label),
                )
            )
        statement.deliveries_total = sum(
            (line.amount for line in statement.service_lines), Decimal("0.00")
        )
        statement.adjustments_total = sum(
            (line.amount for line in statement.adjustments), Decimal("0.00")
        )
        statement.total = statement.deliveries_total + statement.adjustments_total
        statement.settled_to_date = to_date_sums[pk] + Decimal("0.00")
        if statement.contract_value:
            statement.share_used = (
                statement.settled_to_date * 100 / statement.contract_value
            ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return [statements[contract.pk] for contract in contracts]


def _first(item: tuple[Any, Any]) -> Any:
    return item[0]


def _statement_head(contract: Contract, month: dt.date, settlement: Settlement | None) -> Statement:
    provider = contract.provider
    approved = settlement is not None and settlement.status == SettlementStatus.APPROVED
    approver = settlement.approved_by if settlement is not None else None
    return Statement(
        contract_uuid=str(contract.uuid),
        contract_number=contract.number,
        contract_title=contract.title,
        provider_name=provider.name,
        provider_nip=provider.nip,
        month=month,
        status=settlement.status if settlement is not None else SettlementStatus.DRAFT,
        approved_by=(approver.get_full_name() or approver.get_username()) if approver else "",
        approved_at=settlement.approved_at if settlement is not None else None,
        approved_total=settlement.total if approved and settlement is not None else None,
        contract_value=contract.total_value,
    )


# --- Renderers --------------------------------------------------------------------------------


def _pdf_context(statement: Statement, language: str) -> dict[str, Any]:
    return {
        "statement": statement,
        "language": language,
        "centre": centre_details(),
        "today": timezone.localdate(),
        "fonts": {name: path.as_uri() for name, path in FONT_FILES.items()},
    }


def statement_html(statement: Statement, *, language: str = "pl") -> str:
    with translation.override(language):
        return render_to_string("delivery/statement_pdf.html", _pdf_context(statement, language))


def statement_pdf(statement: Statement, *, language: str = "pl") -> bytes:
    """The statement as a tagged PDF (PDF/UA-1), rendered as the letters are (fonts embedded,
    nothing else fetched)."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    document = HTML(
        string=statement_html(statement, language=language),
        base_url=str(FONT_DIR),
        url_fetcher=letter_url_fetcher(),
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


PLN_FORMAT = '#,##0.00 "zł"'
UNITS_FORMAT = "#,##0.##"


def statement_xlsx(statement: Statement, *, language: str = "pl") -> bytes:
    """The statement as a workbook: a summary, a sheet per service and one per person (with
    the adjustments), amounts as numbers in the PLN format so the accountants can sum them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    with translation.override(language):
        workbook = Workbook()
        summary = workbook.worksheets[0]
        summary.title = _("Summary")[:31]
        for label, value in (
            (_("Contract"), f"{statement.contract_number} – {statement.contract_title}"),
            (_("Provider"), statement.provider_name),
            (_("NIP"), statement.provider_nip),
            (_("Month"), statement.month_label),
            (_("Status"), str(SettlementStatus(statement.status).label)),
            (_("Deliveries"), statement.deliveries_total),
            (_("Adjustments"), statement.adjustments_total),
            (_("Total"), statement.total),
            (_("Contract value"), statement.contract_value),
            (_("Accounted so far"), statement.settled_to_date),
        ):
            xlsx_append(summary, [label, value])
            if isinstance(value, Decimal):
                summary.cell(row=summary.max_row, column=2).number_format = PLN_FORMAT
        xlsx_append(summary, [_("Share of the contract value used (%)"), statement.share_used])
        for row in summary.iter_rows(min_col=1, max_col=1):
            row[0].font = bold
        summary.column_dimensions["A"].width = 36
        summary.column_dimensions["B"].width = 48

        services = workbook.create_sheet(_("Services")[:31])
        xlsx_append(
            services,
            [_("Service"), _("Unit"), _("Units"), _("Unit price"), _("Amount"), _("Maximum")],
        )
        for line in statement.service_lines:
            xlsx_append(
                services,
                [
                    line.service,
                    line.unit,
                    line.units,
                    line.unit_price,
                    line.amount,
                    f"{line.max_units} / {line.max_period}",
                ],
            )
        xlsx_append(services, [_("Total"), "", "", "", statement.deliveries_total, ""])
        _format(services, units_col=3, money_cols=(4, 5))

        people = workbook.create_sheet(_("People")[:31])
        xlsx_append(
            people, [_("Person"), _("Service"), _("Unit"), _("Units"), _("Unit price"), _("Amount")]
        )
        for person in statement.person_lines:
            xlsx_append(
                people,
                [
                    person.person,
                    person.service,
                    person.unit,
                    person.units,
                    person.unit_price,
                    person.amount,
                ],
            )
        _format(people, units_col=4, money_cols=(5, 6))

        adjustments = workbook.create_sheet(_("Adjustments")[:31])
        xlsx_append(
            adjustments,
            [_("Person"), _("Service"), _("Unit"), _("Units"), _("Unit price"), _("Amount")],
        )
        for adjustment in statement.adjustments:
            xlsx_append(
                adjustments,
                [
                    adjustment.person,
                    adjustment.service,
                    adjustment.unit,
                    adjustment.units,
                    adjustment.unit_price,
                    adjustment.amount,
                ],
            )
        xlsx_append(adjustments, [_("Total"), "", "", "", "", statement.adjustments_total])
        _format(adjustments, units_col=4, money_cols=(5, 6))

        workbook.properties.title = f"{statement.contract_number} {statement.month:%Y-%m}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _format(sheet: Any, *, units_col: int, money_cols: tuple[int, ...]) -> None:
    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[units_col - 1].number_format = UNITS_FORMAT
        for col in money_cols:
            row[col - 1].number_format = PLN_FORMAT
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 30
    sheet.freeze_panes = "A2"
