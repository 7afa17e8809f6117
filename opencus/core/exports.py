"""Spreadsheet and CSV exports that no text can turn into a formula (CSV/formula injection).

A name typed on the public form, a provider's name or a contract number is text someone else
chose: if it starts with ``=`` (or ``+``, ``-``, ``@``), a spreadsheet program would run it as
a formula when the file is opened. Every export goes through the helpers here:

- XLSX (openpyxl): ``xlsx_append`` writes every text value as a text cell (data type ``s``,
  never ``f``) with the quote prefix set, so the text stays text even when the cell is edited;
  numbers, amounts and dates stay numbers and dates.
- CSV: ``csv_text`` writes rows with the OWASP guard, a single quote before any cell that
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  (https://owasp.org/www-community/attacks/CSV_Injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

#: The first characters that make a spreadsheet program read a CSV cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """The value as CSV cell text, with a single quote before a leading formula character."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]], *, delimiter: str = ";") -> str:
    """Rows as CSV text (CRLF line ends, quoted as needed), every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def xlsx_text(cell: Any) -> Any:
    """Make an openpyxl cell that holds text a text cell: never a formula, quote-prefixed."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_append(sheet: Any, values: Iterable[object]) -> None:
    """Append a row to an openpyxl worksheet, every text value written as text."""
    row = list(values)
    sheet.append(row)
    for cells in sheet.iter_rows(min_row=sheet.max_row, max_row=sheet.max_row, max_col=len(row)):
        for cell in cells:
            xlsx_text(cell)
