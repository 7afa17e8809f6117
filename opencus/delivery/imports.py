"""A month of deliveries imported from a provider's spreadsheet (issue 4, item 5).

The file is CSV (UTF-8, with or without a BOM, ``;`` or ``,`` between columns) or XLSX, with a
header row naming the columns: the entitlement number (shown on the provider's clients page),
the date (DD.MM.YYYY or YYYY-MM-DD), the units and, optionally, a note. Every row goes through
``delivery_record`` — the same rules as a delivery recorded by hand — in one transaction, each
in its own savepoint so that every wrong row is found; if any row is wrong, nothing is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.formatting import day_text
from opencus.delivery.errors import DeliveryError
from opencus.delivery.models import DeliveryImport
from opencus.delivery.services import delivery_record
from opencus.intake.models import Entitlement
from opencus.providers.models import Provider

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

#: The header of the template; each column may also be named by one of its aliases.
TEMPLATE_HEADER = ["numer_uprawnienia", "data", "jednostki", "uwagi"]
COLUMNS: dict[str, set[str]] = {
    "entitlement": {"numer_uprawnienia", "uprawnienie", "nr_uprawnienia", "entitlement"},
    "date": {"data", "date", "data_realizacji"},
    "units": {"jednostki", "liczba_jednostek", "units"},
    "note": {"uwagi", "notatka", "note"},
}
REQUIRED = ("entitlement", "date", "units")
XLSX_MAGIC = b"PK\x03\x04"
#: The largest identifier the database keeps (a signed 64-bit integer).
MAX_ID = 2**63 - 1
ENTITLEMENT_NUMBER = re.compile(r"[0-9]{1,19}", re.ASCII)
#: How much of a wrong cell a message quotes back.
SHOWN_LENGTH = 40
#: A note longer than this is refused (as in the API).
NOTE_MAX_LENGTH = 2000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    added: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_key(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _columns(header: list[Any]) -> dict[str, int]:
    names = [_header_key(cell) for cell in header]
    found: dict[str, int] = {}
    for column, aliases in COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[column] = index
                break
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        raise ImportFileError(
            _(
                "The first row must name the columns %(columns)s (as in the template); this"
                " file's first row is: %(header)s."
            )
            % {
                "columns": ", ".join(TEMPLATE_HEADER[:3]),
                "header": ", ".join(str(cell or "") for cell in header) or _("empty"),
            }
        )
    return found


def _csv_rows(content: bytes) -> list[list[Any]]:
    if b"\x00" in content:
        raise ImportFileError(_("The file is not a CSV or XLSX file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _('The CSV file is not in UTF-8: save it as "CSV UTF-8" and try again.')
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("The XLSX file cannot be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """The data rows of the file with their row numbers (the header is row 1); blank rows
    are skipped. Raises ``ImportFileError`` when the file as a whole is unusable."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB: split it into smaller ones.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    lower = name.lower()
    if content.startswith(XLSX_MAGIC) or lower.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif lower.endswith((".csv", ".txt")):
        rows = _csv_rows(content)
    else:
        raise ImportFileError(_("Upload a CSV or XLSX file."))
    while rows and all(_blank(cell) for cell in rows[0]):
        rows = rows[1:]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    columns = _columns(rows[0])
    data = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_blank(cell) for cell in row):
            continue
        data.append(
            (
                number,
                {key: row[index] if index < len(row) else None for key, index in columns.items()},
            )
        )
    if not data:
        raise ImportFileError(_("The file has a header row but no deliveries."))
    if len(data) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(rows)s rows: split it into smaller ones.")
            % {"rows": MAX_ROWS}
        )
    return data


def _blank(cell: Any) -> bool:
    return cell is None or str(cell).strip() == ""


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC).date()
        except ValueError:
            continue
    raise ValueError(text)


def _units(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    return value if value is not None else ""


def _entitlement_number(value: Any) -> int | None:
    """The entitlement's number, or None when the cell cannot be one: only ASCII digits (not
    "²" or "١٢", which ``str.isdigit`` takes), and not past the largest identifier."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_ID:
        value = int(value)
    text = str(value or "").strip()
    if not ENTITLEMENT_NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def _shown(value: Any) -> str:
    """A cell as it is quoted back in a message: stripped, and cut short if it is long."""
    text = str(value if value is not None else "").strip()
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def import_deliveries(
    *, provider: Provider, name: str, content: bytes, acting_user: Any
) -> ImportResult:
    """Record every row of the file or none: the rows' errors, with their numbers, if any row
    is refused. Raises ``ImportFileError`` when the file cannot be read at all, or when the
    same content was imported for the provider before (its SHA-256 is remembered)."""
    digest = hashlib.sha256(content).hexdigest()
    _not_imported_before(provider, digest)
    rows = read_rows(name, content)
    numbers = {_entitlement_number(values["entitlement"]) for _, values in rows}
    entitlements = {
        entitlement.pk: entitlement
        for entitlement in Entitlement.objects.filter(
            provider=provider, pk__in=[n for n in numbers if n is not None]
        ).select_related("service")
    }
    result = ImportResult()
    repeated = False
    with transaction.atomic():
        for number, values in rows:
            message = _row_record(values, entitlements, acting_user)
            if message:
                result.errors.append(RowError(number, message))
            else:
                result.added += 1
        if result.errors:
            transaction.set_rollback(True)
            result.added = 0
            return result
        try:
            with transaction.atomic():
                DeliveryImport.objects.create(
                    provider=provider,
                    sha256=digest,
                    file_name=name[:255],
                    rows=result.added,
                    imported_by=acting_user,
                )
        except IntegrityError:
            # The same file uploaded twice at once: the other upload has recorded it.
            transaction.set_rollback(True)
            repeated = True
    if repeated:
        _not_imported_before(provider, digest)
        raise ImportFileError(_("This file is being imported already."))
    return result


def _not_imported_before(provider: Provider, digest: str) -> None:
    earlier = (
        DeliveryImport.objects.filter(provider=provider, sha256=digest)
        .select_related("imported_by")
        .first()
    )
    if earlier is None:
        return
    who = earlier.imported_by
    raise ImportFileError(
        _(
            "This file was already imported on %(day)s by %(name)s (%(count)s deliveries):"
            " nothing was recorded again. To add deliveries, upload a file with only the new"
            " ones."
        )
        % {
            "day": day_text(timezone.localtime(earlier.imported_at).date()),
            "name": who.get_full_name() or who.get_username(),
            "count": earlier.rows,
        }
    )


def _row_record(
    values: dict[str, Any], entitlements: dict[int, Entitlement], acting_user: Any
) -> str:
    """Record one row in its own savepoint; the reason it is refused, or "" when recorded."""
    problems = []
    number = _entitlement_number(values["entitlement"])
    entitlement = entitlements.get(number) if number is not None else None
    if entitlement is None:
        problems.append(
            _("there is no entitlement number “%(number)s” among your clients.")
            % {"number": _shown(values["entitlement"])}
        )
    try:
        day = parse_date(values["date"])
    except ValueError:
        problems.append(
            _("“%(value)s” is not a date: write it as DD.MM.YYYY or YYYY-MM-DD.")
            % {"value": _shown(values["date"])}
        )
    note = str(values.get("note") or "")
    if len(note) > NOTE_MAX_LENGTH or "\x00" in note:
        problems.append(
            _("the note is longer than %(length)s characters or has a null character.")
            % {"length": NOTE_MAX_LENGTH}
        )
    if problems or entitlement is None:
        return " ".join(problems)
    try:
        with transaction.atomic():
            delivery_record(
                entitlement=entitlement,
                delivered_on=day,
                units=_units(values["units"]),
                acting_user=acting_user,
                note=note,
            )
    except (DeliveryError, ValidationError) as error:
        return " ".join(error.messages)
    return ""
