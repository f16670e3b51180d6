"""Reading member files: CSV (any delimiter, any common encoding) and XLSX into a plain table.

Pure functions over bytes and rows (no database): the import service and its tests call them directly.
A hostile file costs little: XLSX parts are measured before they are parsed, rows are streamed and the
reading stops at the row limit, and cells and columns are capped for both formats.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from alatau.core.cells import import_cell
from alatau.errors import InputError

#: The 8-bit encodings a member file may come in besides UTF-8: the Cyrillic code pages older Kazakh and
#: Russian office software writes, and the Western ones of French and German partners' spreadsheets.
#: The detector (charset-normalizer) chooses among them; the user may choose another in the mapping step.
ENCODINGS = {
    "utf-8": "UTF-8",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1252": "Windows-1252 (Western European)",
    "iso8859-1": "ISO 8859-1 (Latin-1)",
    "koi8-r": "KOI8-R (Cyrillic)",
    "cp866": "DOS 866 (Cyrillic)",
}
DELIMITERS = ",;\t|"
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL = 10_000  # characters: far beyond any name or address, far below a "spreadsheet bomb"
MAX_XLSX_EXPANDED = 150 * 1024 * 1024  # bytes of XML inside an .xlsx (a full 50,000-row file needs far less)


@dataclass
class Table:
    """A file's header and data rows, every cell a string (dates from XLSX as ISO strings)."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    encoding: str | None = None  # a CSV's text encoding (None for XLSX)
    encoding_detected: bool = False  # True when guessed by the detector rather than certain (UTF-8) or chosen

    def column(self, index: int, limit: int = 20) -> list[str]:
        """The first ``limit`` non-empty values of one column."""
        values = (row[index] for row in self.rows if index < len(row))
        return [value for value in values if value][:limit]


def read_table(data: bytes, filename: str, encoding: str | None = None) -> Table:
    """Read an uploaded CSV or XLSX file into a :class:`Table`.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name; ``.xlsx`` (or a ZIP signature) selects the spreadsheet reader.
    encoding : str, optional
        A CSV's encoding as the user chose it (a key of :data:`ENCODINGS`); detected when not given.

    Raises
    ------
    InputError
        When the file is empty, unreadable, has no header, more than ``MAX_ROWS`` rows, more than
        ``MAX_COLUMNS`` columns or a cell longer than ``MAX_CELL`` characters.
    """
    if not data.strip():
        raise InputError(_("The file is empty."))
    if filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _table(_xlsx_rows(data))
    text, used, detected = decode(data, encoding)
    table = _table(_csv_rows(text))
    table.encoding, table.encoding_detected = used, detected
    return table


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str, bool]:
    """The text, its encoding and whether the encoding was detected (a guess) rather than certain or chosen.

    UTF-8 (with or without Excel's byte-order mark) is certain when it decodes; otherwise the detector
    picks the most plausible of :data:`ENCODINGS`.
    """
    if encoding is not None:
        if encoding not in ENCODINGS:
            raise InputError(_("Unknown encoding %(name)s.") % {"name": encoding})
        try:
            return data.decode("utf-8-sig" if encoding == "utf-8" else encoding), encoding, False
        except UnicodeDecodeError as error:
            raise InputError(_("The file is not %(name)s text.") % {"name": ENCODINGS[encoding]}) from error
    try:
        return data.decode("utf-8-sig"), "utf-8", False
    except UnicodeDecodeError:
        pass
    guessed = _detect(data)
    return data.decode(guessed, errors="replace"), guessed, True


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    candidates = [name for name in ENCODINGS if name != "utf-8"]
    best = from_bytes(data[:65536], cp_isolation=candidates).best()
    name = best.encoding.replace("_", "-") if best is not None else "cp1251"
    aliases = {"latin-1": "iso8859-1", "iso-8859-1": "iso8859-1"}
    name = aliases.get(name, name)
    return name if name in ENCODINGS else "cp1251"


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
        reader = csv.reader(io.StringIO(text), dialect)
        return _bounded([import_cell(cell.strip()) for cell in row] for row in reader)
    except csv.Error as error:
        raise InputError(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from error


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet's rows, streamed by the lean reader the FIS points lists use (no object per cell)."""
    from alatau.fis.xlsxrows import iter_rows

    _check_expanded_size(data)
    try:
        rows = iter_rows(io.BytesIO(data))
        return _bounded([import_cell(cell.strip()) for cell in row] for _number, row in rows)
    except ValueError as error:
        raise InputError(_("The spreadsheet cannot be read (is it an .xlsx file?).")) from error


def _check_expanded_size(data: bytes) -> None:
    """Refuse an .xlsx whose parts would expand beyond :data:`MAX_XLSX_EXPANDED` before parsing any."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise InputError(_("The spreadsheet cannot be read (is it an .xlsx file?).")) from error
    if expanded > MAX_XLSX_EXPANDED:
        megabytes = expanded // (1024 * 1024)
        raise InputError(
            _("The spreadsheet expands to %(size)d MB of data, more than a member file can hold; split it.")
            % {"size": megabytes}
        )


def _bounded(rows: Iterator[list[str]]) -> list[list[str]]:
    """Read rows until the limits: stop at the first row past ``MAX_ROWS``, a too-wide row, a too-long cell.

    Empty rows are dropped as they come, so a sheet padded with millions of blank rows costs only the reading.
    """
    kept: list[list[str]] = []
    for number, row in enumerate(rows, start=1):
        _check_row(number, row)
        if any(row):
            kept.append(row)
            if len(kept) - 1 > MAX_ROWS:
                raise InputError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    return kept


def _check_row(number: int, row: list[str]) -> None:
    if len(row) > MAX_COLUMNS and any(row[MAX_COLUMNS:]):
        raise InputError(
            _("Row %(row)d has more than %(max)d columns; a member file needs far fewer.")
            % {"row": number, "max": MAX_COLUMNS}
        )
    for column, cell in enumerate(row, start=1):
        if len(cell) > MAX_CELL:
            raise InputError(
                _("Row %(row)d, column %(column)d holds more than %(max)d characters; is it the right file?")
                % {"row": number, "column": column, "max": MAX_CELL}
            )


def _table(rows: list[list[str]]) -> Table:
    if not rows:
        raise InputError(_("The file has no rows."))
    width = _used_width(rows)
    headers = [header or f"#{index + 1}" for index, header in enumerate((rows[0] + [""] * width)[:width])]
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    return Table(headers=headers, rows=body)


def _used_width(rows: list[list[str]]) -> int:
    """Columns up to the last one with any content (spreadsheets often carry empty trailing columns)."""
    return max(max((i + 1 for i, cell in enumerate(row) if cell), default=0) for row in rows)
