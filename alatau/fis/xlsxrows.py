"""A lean streaming reader of the first sheet of an XLSX workbook: values only, as text.

openpyxl builds an object per cell even in read-only mode, which makes a 10,000-row points list take
seconds; a list needs only each cell's value. This reads the sheet XML with ``iterparse`` and yields
one row at a time: shared and inline strings, numbers (``120097.0`` → ``120097``) and dates (cells
whose number format is a date, as ISO ``YYYY-MM-DD``). Formulas yield their cached value.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from typing import IO

# Built-in number formats that show dates (ECMA-376 §18.8.30).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), 45, 46, 47})
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_COLUMN = re.compile(r"[A-Z]{1,3}")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)


def _local(tag: str) -> str:
    """The tag without its namespace: transitional and strict OOXML use different ones."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text_of(element: ET.Element) -> str:
    """The text of a string item: its ``t`` and rich-text runs, without phonetic guides."""
    parts = []
    for child in element:
        kind = _local(child.tag)
        if kind == "t":
            parts.append(child.text or "")
        elif kind == "r":
            parts.extend(t.text or "" for t in _children(child, "t"))
    return "".join(parts)


def _read_xml(book: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        with book.open(name) as stream:
            return ET.parse(stream).getroot()
    except KeyError:
        return None


def _first_sheet(book: zipfile.ZipFile) -> tuple[str, str, bool]:
    """The path of the first sheet in the archive, its XML namespace, and whether dates count from 1904."""
    workbook = _read_xml(book, "xl/workbook.xml")
    if workbook is None:
        raise ValueError("no xl/workbook.xml: not an XLSX workbook")
    namespace = workbook.tag[: workbook.tag.index("}") + 1] if workbook.tag.startswith("{") else ""
    properties = [e for e in workbook.iter() if _local(e.tag) == "workbookPr"]
    date1904 = bool(properties) and properties[0].get("date1904", "0") in ("1", "true")
    sheets = [e for e in workbook.iter() if _local(e.tag) == "sheet"]
    relations = _read_xml(book, "xl/_rels/workbook.xml.rels")
    if sheets and relations is not None:
        # The r:id attribute; its namespace differs between transitional and strict files.
        wanted = next((v for k, v in sheets[0].attrib.items() if _local(k) == "id"), None)
        for relation in relations:
            if relation.get("Id") == wanted:
                target = relation.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                return path, namespace, date1904
    return "xl/worksheets/sheet1.xml", namespace, date1904


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    strings = []
    with book.open("xl/sharedStrings.xml") as stream:
        for _event, element in ET.iterparse(stream):
            if _local(element.tag) == "si":
                strings.append(_text_of(element))
                element.clear()
    return strings


def _is_date_format(code: str) -> bool:
    # Days or years make a date; a lone "m" may be minutes (mm:ss), which a list never holds.
    bare = _QUOTED_OR_BRACKETED.sub("", code).lower()
    return "d" in bare or "y" in bare


def _date_styles(book: zipfile.ZipFile) -> frozenset[str]:
    """Indexes of the cell styles whose number format shows a date."""
    styles = _read_xml(book, "xl/styles.xml")
    if styles is None:
        return frozenset()
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "")
        for f in styles.iter()
        if _local(f.tag) == "numFmt"
    }
    date_ids = _DATE_FORMAT_IDS | {i for i, code in custom.items() if _is_date_format(code)}
    cell_formats = next((e for e in styles if _local(e.tag) == "cellXfs"), None)
    if cell_formats is None:
        return frozenset()
    formats = _children(cell_formats, "xf")
    return frozenset(str(i) for i, xf in enumerate(formats) if int(xf.get("numFmtId", "0")) in date_ids)


@lru_cache(maxsize=1024)
def _column_index(letters: str) -> int:
    if not _COLUMN.fullmatch(letters):
        raise ValueError(f"bad cell reference column {letters!r}")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


class _Sheet:
    """Turns ``c`` elements into text, knowing the shared strings and which styles are dates."""

    def __init__(
        self, namespace: str, strings: list[str], date_styles: frozenset[str], date1904: bool
    ) -> None:
        # Full tag names, compared as plain strings: the per-cell work is what a large list costs.
        self.row_tag, self.value_tag, self.inline_tag = f"{namespace}row", f"{namespace}v", f"{namespace}is"
        self.strings = strings
        self.date_styles = date_styles
        self.epoch = _EPOCH_1904 if date1904 else _EXCEL_EPOCH

    def number(self, text: str, style: str | None) -> str:
        if style in self.date_styles:
            # Serial days are binary floats: round to the millisecond, Excel's finest time.
            day = self.epoch + timedelta(milliseconds=round(float(text) * 86_400_000))
            return day.date().isoformat() if day.time() == datetime.min.time() else day.isoformat()
        if text.isdigit():
            return text
        value = float(text)
        return str(int(value)) if value.is_integer() else str(value)

    def value(self, cell: ET.Element) -> str:
        kind = cell.get("t")
        if kind == "inlineStr":
            inline = cell.find(self.inline_tag)
            return "" if inline is None else _text_of(inline).strip()
        raw = cell.findtext(self.value_tag)
        if not raw:
            return ""
        if kind is None or kind == "n":
            return self.number(raw, cell.get("s"))
        if kind == "s":
            return self.strings[int(raw)].strip()
        return raw.strip()

    def row(self, element: ET.Element) -> list[str]:
        cells: list[str] = []
        for cell in element:
            reference = cell.get("r")
            if reference is not None:
                position = _column_index(reference.rstrip("0123456789"))
                if position > len(cells):
                    cells.extend([""] * (position - len(cells)))
            cells.append(self.value(cell))
        return cells


def iter_rows(source: str | IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row number, cell texts)`` for each row of the first sheet, in order.

    Parameters
    ----------
    source
        An ``.xlsx`` path or binary stream.

    Raises
    ------
    ValueError
        When the file is not an XLSX workbook (zip or XML errors are turned into ValueError too).
    """
    try:
        with zipfile.ZipFile(source) as book:
            path, namespace, date1904 = _first_sheet(book)
            sheet = _Sheet(namespace, _shared_strings(book), _date_styles(book), date1904)
            yield from _rows(book, path, sheet)
    except (zipfile.BadZipFile, ET.ParseError, KeyError) as error:
        raise ValueError(str(error)) from error


def _rows(book: zipfile.ZipFile, path: str, sheet: _Sheet) -> Iterator[tuple[int, list[str]]]:
    number = 0
    with book.open(path) as stream:
        for _event, element in ET.iterparse(stream):
            if element.tag == sheet.row_tag:
                number = int(element.get("r", number + 1))
                yield number, sheet.row(element)
                element.clear()
