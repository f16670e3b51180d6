"""Reading member files: CSV (any delimiter, UTF-8 or Windows-1251) and XLSX into a plain table.

Pure functions over bytes and rows (no database): the import service and its tests call them directly.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from alatau.core.cells import import_cell
from alatau.errors import InputError

#: Encodings tried in order: BOM-marked UTF-8 (Excel's "CSV UTF-8"), UTF-8, then the Windows Cyrillic
#: code page that older Kazakh and Russian office software still writes.
ENCODINGS = ("utf-8-sig", "cp1251")
DELIMITERS = ",;\t|"
MAX_ROWS = 50_000


@dataclass
class Table:
    """A file's header and data rows, every cell a string (dates from XLSX as ISO strings)."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def column(self, index: int, limit: int = 20) -> list[str]:
        """The first ``limit`` non-empty values of one column."""
        values = (row[index] for row in self.rows if index < len(row))
        return [value for value in values if value][:limit]


def read_table(data: bytes, filename: str) -> Table:
    """Read an uploaded CSV or XLSX file into a :class:`Table`.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name; ``.xlsx`` (or a ZIP signature) selects the spreadsheet reader.

    Raises
    ------
    InputError
        When the file is empty, unreadable, has no header or more than ``MAX_ROWS`` rows.
    """
    if not data.strip():
        raise InputError(_("The file is empty."))
    if filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(decode(data))
    return _table(rows)


def decode(data: bytes) -> str:
    """Decode text in the first encoding of :data:`ENCODINGS` that fits."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Unreachable in practice (cp1251 decodes almost any byte), kept for a clear message if it ever is.
    raise InputError(_("The file is neither UTF-8 nor Windows-1251 text."))


def _csv_rows(text: str) -> list[list[str]]:
    sample = text[:8192]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        # Only the delimiter is guessed: the sniffer takes an apostrophe in a name (O'Brien, a
        # quoted formula) for a quote character, and every spreadsheet program quotes with ".
        dialect: Any = type("Sniffed", (csv.excel,), {"delimiter": sniffed.delimiter})
    except csv.Error:
        # One column, or a sample the sniffer cannot decide: count candidate delimiters in the header.
        header = sample.splitlines()[0] if sample.splitlines() else ""
        best = max(DELIMITERS, key=header.count)
        dialect = type("Guessed", (csv.excel,), {"delimiter": best if header.count(best) else ","})
    try:
        return [[import_cell(cell.strip()) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise InputError(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from error


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(_("The spreadsheet cannot be read (is it an .xlsx file?).")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        return [[import_cell(_cell_text(value)) for value in row] for row in rows]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as text: dates as ISO dates, whole floats without their ``.0``."""
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "hour"):
        return str(value.date().isoformat())
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(rows: list[list[str]]) -> Table:
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise InputError(_("The file has no rows."))
    if len(rows) - 1 > MAX_ROWS:
        raise InputError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    width = _used_width(rows)
    headers = [header or f"#{index + 1}" for index, header in enumerate((rows[0] + [""] * width)[:width])]
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    return Table(headers=headers, rows=body)


def _used_width(rows: list[list[str]]) -> int:
    """Columns up to the last one with any content (spreadsheets often carry empty trailing columns)."""
    return max(max((i + 1 for i, cell in enumerate(row) if cell), default=0) for row in rows)
