"""The evaluation as a spreadsheet (XLSX, every text cell written as text by core's helper)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from opencus.community.selectors import Evaluation
from opencus.core.exports import xlsx_append


def evaluation_workbook(result: Evaluation) -> Any:
    """One sheet: the indicators per quarter and year with the plan's targets, then the mean
    sense of influence."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Evaluation")[:31]
    xlsx_append(sheet, [result.community.name, result.year])
    xlsx_append(
        sheet,
        [_("Indicator"), *[p.label for p in result.periods], _("Target")],
    )
    for row in result.rows:
        xlsx_append(sheet, [str(row.label), *row.values, row.target])
    xlsx_append(
        sheet,
        [
            _("Sense of influence (mean, 1–5)"),
            *[float(v) if v is not None else None for v in result.influence],
            None,
        ],
    )
    return book
