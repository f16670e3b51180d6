"""A lean streaming reader of the first sheet of an XLSX workbook: values only, as text.

openpyxl builds an object per cell even in read-only mode, which makes a 10,000-row points list take
seconds; a list needs only each cell's value. This yields one row at a time: shared and inline strings,
numbers (``120097.0`` → ``120097``), booleans as ``1``/``0``, and dates (cells whose number format is a
date, as ISO ``YYYY-MM-DD``). Formulas yield their cached value.

Even ``iterparse`` spends ~0.4 s on a 10,000-row list building an element per cell, so the sheet is
scanned with one compiled pattern per row instead: the usual cell forms (``<v>``, a plain inline string,
a formula and its cached value, a self-closing empty cell) come straight from the match. Anything
else in a cell (rich text, whitespace between tags, CDATA) is parsed with ElementTree, one cell at a
time, and a sheet the pattern does not fit (a prefixed namespace, a non-UTF-8 encoding) goes through
``iterparse`` whole. Both routes share :class:`_Sheet` and give the same rows.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from typing import IO

# Built-in number formats that show dates (ECMA-376 §18.8.30).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), 45, 46, 47})
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_COLUMN = re.compile(r"[A-Z]{1,3}")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_SHARED_STRINGS_TYPE = "/sharedStrings"
_CHUNK = 1 << 20

# One cell: column letters when ``r`` comes first (as every writer puts it), the other attributes,
# then the content: a value (after an optional formula), a plain inline string, or anything else.
_CELL = re.compile(
    r'<c\b(?: r="([A-Z]{1,3})\d+")?((?:[^>/"\']++|"[^"]*+"|\'[^\']*+\')*+)(?:/>|>(?:'
    r"(?:<f\b[^>]*+>[^<]*+</f>|<f\b[^>]*?/>)?<v>([^<]*+)</v>"
    r"|<is><t(?:\s[^>]*+)?>([^<]*+)</t></is>"
    r"|(.*?))</c>)",
    re.S,
)
_LATE_REFERENCE = re.compile(r"\sr\s*=")
_ROW_NUMBER = re.compile(r"""\sr\s*=\s*["'](\d+)""")
_ATTRIBUTE = re.compile(r"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ITEM = re.compile(r"<si\b[^>]*?(?:/>|>(?:<t(?:\s[^>]*)?>([^<]*)</t>|(.*?))</si>)", re.S)
_ROOT_TAG = re.compile(rb"<([\w.-]+:)?(worksheet|sst)\b[^>]*>")
_SHEET_DATA = re.compile(r"<sheetData\b[^>]*?(/?)>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

# Cell kinds, learnt once per distinct attribute text (`` t="s"``, `` s="3"`` …).
_NUMBER, _DATE, _SHARED, _INLINE, _RAW = range(5)


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


def _entity(found: re.Match[str]) -> str:
    name = found.group(1)
    if name[0] != "#":
        return _NAMED_ENTITIES[name]
    return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))


def _unescape(text: str) -> str:
    """Character text as an XML parser hands it over: entities resolved, line ends normalised."""
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _read_xml(book: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        with book.open(name) as stream:
            return ET.parse(stream).getroot()
    except KeyError:
        return None


def _target(relation: ET.Element) -> str:
    target = relation.get("Target", "")
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _first_sheet(book: zipfile.ZipFile) -> tuple[str, str, bool, str]:
    """The first sheet's path, its XML namespace, whether dates count from 1904, the shared strings' path."""
    workbook = _read_xml(book, "xl/workbook.xml")
    if workbook is None:
        raise ValueError("no xl/workbook.xml: not an XLSX workbook")
    namespace = workbook.tag[: workbook.tag.index("}") + 1] if workbook.tag.startswith("{") else ""
    properties = [e for e in workbook.iter() if _local(e.tag) == "workbookPr"]
    date1904 = bool(properties) and properties[0].get("date1904", "0") in ("1", "true")
    sheets = [e for e in workbook.iter() if _local(e.tag) == "sheet"]
    relations = list(_read_xml(book, "xl/_rels/workbook.xml.rels") or ())
    strings = next(
        (_target(r) for r in relations if r.get("Type", "").endswith(_SHARED_STRINGS_TYPE)),
        "xl/sharedStrings.xml",
    )
    # The r:id attribute; its namespace differs between transitional and strict files.
    wanted = next((v for k, v in sheets[0].attrib.items() if _local(k) == "id"), None) if sheets else None
    path = next((_target(r) for r in relations if wanted and r.get("Id") == wanted), None)
    return path or "xl/worksheets/sheet1.xml", namespace, date1904, strings


def _root_tag(head: bytes) -> str | None:
    """The start tag of an unprefixed UTF-8 ``worksheet``/``sst`` root; None where a scan is not safe."""
    declaration = head[: head.find(b"?>")].lower() if head.startswith(b"<?xml") else b""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        b"encoding" in declaration and b"utf-8" not in declaration
    ):
        return None
    found = _ROOT_TAG.search(head)
    if found is None or found.group(1):
        return None
    return found.group(0).decode("utf-8")


def _fragment(root: str, xml: str) -> ET.Element:
    """One element, parsed inside the document's own root tag so that its namespaces resolve."""
    closing = "</" + root[1:].split(None, 1)[0].rstrip(">") + ">"
    return ET.fromstring(root + xml + closing)[0]


def _shared_strings(book: zipfile.ZipFile, name: str) -> list[str]:
    """The shared strings, stripped once here instead of at every cell that uses them."""
    try:
        data = book.read(name)
    except KeyError:
        return []
    root = _root_tag(data[:4096])
    if root is None:
        return [_text_of(element).strip() for element in _children(ET.fromstring(data), "si")]
    text = _COMMENT.sub("", data.decode("utf-8-sig"))
    return [
        (_unescape(plain) if other == "" else _text_of(_fragment(root, f"<si>{other}</si>"))).strip()
        for plain, other in _ITEM.findall(text)
    ]


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


class _Learnt(dict[str, int]):
    """A dict that works out a missing key once, with ``learn``, and keeps it."""

    def __init__(self, learn: Callable[[str], int]) -> None:
        super().__init__()
        self.learn = learn

    def __missing__(self, key: str) -> int:
        value = self[key] = self.learn(key)
        return value


_COLUMNS = _Learnt(_column_index)


def _place(cells: list[str], position: int) -> None:
    """Pad ``cells`` with empty texts up to ``position``: cells a sheet leaves out are empty."""
    if position > len(cells):
        cells.extend([""] * (position - len(cells)))


class _Sheet:
    """Turns cells into text, knowing the shared strings and which styles are dates."""

    def __init__(
        self, namespace: str, strings: list[str], date_styles: frozenset[str], date1904: bool
    ) -> None:
        # Full tag names, compared as plain strings: the per-cell work is what a large list costs.
        self.row_tag, self.value_tag, self.inline_tag = f"{namespace}row", f"{namespace}v", f"{namespace}is"
        self.strings = strings
        self.date_styles = date_styles
        self.epoch = _EPOCH_1904 if date1904 else _EXCEL_EPOCH
        self.kinds = _Learnt(self.kind)

    def shared(self, text: str) -> str:
        try:
            return self.strings[int(text)]
        except IndexError:
            raise ValueError(f"shared string {text} is missing") from None

    def date(self, text: str) -> str:
        # Serial days are binary floats: round to the millisecond, Excel's finest time.
        day = self.epoch + timedelta(milliseconds=round(float(text) * 86_400_000))
        return day.date().isoformat() if day.time() == datetime.min.time() else day.isoformat()

    @staticmethod
    def number(text: str) -> str:
        if text.isdigit():
            return text
        value = float(text)
        return str(int(value)) if value.is_integer() else str(value)

    # --- the element route: iterparse, and cells the scan hands over ---------------------------------

    def value(self, cell: ET.Element) -> str:
        kind = cell.get("t")
        if kind == "inlineStr":
            inline = cell.find(self.inline_tag)
            return "" if inline is None else _text_of(inline).strip()
        raw = cell.findtext(self.value_tag)
        if not raw:
            return ""
        if kind is None or kind == "n":
            return self.date(raw) if cell.get("s") in self.date_styles else self.number(raw)
        if kind == "s":
            return self.shared(raw)
        return raw.strip()

    def row(self, element: ET.Element) -> list[str]:
        cells: list[str] = []
        for cell in element:
            reference = cell.get("r")
            if reference is not None:
                _place(cells, _column_index(reference.rstrip("0123456789")))
            cells.append(self.value(cell))
        return cells

    # --- the scan route -------------------------------------------------------------------------------

    def kind(self, attributes: str) -> int:
        """What a cell with these attributes (``r`` aside) holds; learnt once per distinct text."""
        found = {name: double or single for name, double, single in _ATTRIBUTE.findall(attributes)}
        kind = found.get("t", "n")
        if kind in ("n", ""):
            code = _DATE if found.get("s") in self.date_styles else _NUMBER
        else:
            code = {"s": _SHARED, "inlineStr": _INLINE}.get(kind, _RAW)
        return code

    def scanned(self, code: int, value: str, inline: str) -> str:
        """The text of a cell whose content the pattern took apart."""
        if code == _INLINE:
            return _unescape(inline).strip() if inline else ""
        if not value:
            return ""
        if code == _NUMBER:
            return value if value.isdigit() else self.number(value)
        if code == _SHARED:
            return self.shared(value)
        return self.date(value) if code == _DATE else _unescape(value).strip()

    def scan_row(self, text: str, start: int, root: str) -> list[str]:
        # The hot loop of a large list (~30 cells a row): the common kinds are handled inline, and
        # column letters and attribute texts are looked up in dicts that learn on a miss.
        cells: list[str] = []
        kinds, columns = self.kinds, _COLUMNS
        plain = "&" not in text and "\r" not in text
        for column, attributes, value, inline, other in _CELL.findall(text, start):
            if other or not column:
                self.odd(cells, root, attributes, value, inline, other)
                continue
            position = columns[column]
            if position != len(cells):
                _place(cells, position)
            code = kinds[attributes]
            if code == _INLINE:
                cells.append(inline.strip() if plain else _unescape(inline).strip())
            elif code == _NUMBER and value.isdigit():
                cells.append(value)
            else:
                cells.append(self.scanned(code, value, inline))
        return cells

    def odd(self, cells: list[str], root: str, attributes: str, value: str, inline: str, other: str) -> None:
        """A cell without a leading r="…" or with content the pattern does not take apart."""
        if other or _LATE_REFERENCE.search(attributes):
            self.loose(cells, root, attributes, other or _content(value, inline))
        else:  # no r="…" at all: simply the next cell
            cells.append(self.scanned(self.kinds[attributes], value, inline))

    def loose(self, cells: list[str], root: str, attributes: str, content: str) -> None:
        cell = _fragment(root, f"<c{attributes}>{content}</c>")
        reference = cell.get("r")
        if reference is not None:
            _place(cells, _column_index(reference.rstrip("0123456789")))
        cells.append(self.value(cell))


def _content(value: str, inline: str) -> str:
    """Cell content rebuilt from the pattern's groups (only the value and the inline text matter)."""
    if inline:
        return f"<is><t>{inline}</t></is>"
    return f"<v>{value}</v>" if value else ""


def iter_rows(source: str | IO[bytes], *, scan: bool = True) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row number, cell texts)`` for each row of the first sheet, in order.

    Parameters
    ----------
    source
        An ``.xlsx`` path or binary stream.
    scan
        Read the sheet with the fast pattern scan where it fits (the default); False always uses
        ElementTree's ``iterparse`` (slower, same rows; kept to check the scan against).

    Raises
    ------
    ValueError
        When the file is not an XLSX workbook (zip or XML errors are turned into ValueError too).
    """
    try:
        with zipfile.ZipFile(source) as book:
            path, namespace, date1904, strings = _first_sheet(book)
            sheet = _Sheet(namespace, _shared_strings(book, strings), _date_styles(book), date1904)
            root = _sheet_root(book, path) if scan else None
            yield from _rows(book, path, sheet) if root is None else _scan(book, path, sheet, root)
    except (zipfile.BadZipFile, ET.ParseError, KeyError, UnicodeDecodeError) as error:
        raise ValueError(str(error)) from error


def _rows(book: zipfile.ZipFile, path: str, sheet: _Sheet) -> Iterator[tuple[int, list[str]]]:
    number = 0
    with book.open(path) as stream:
        for _event, element in ET.iterparse(stream):
            if element.tag == sheet.row_tag:
                number = int(element.get("r", number + 1))
                yield number, sheet.row(element)
                element.clear()


def _sheet_root(book: zipfile.ZipFile, path: str) -> str | None:
    with book.open(path) as stream:
        return _root_tag(stream.read(4096))


def _pieces(stream: IO[bytes]) -> Iterator[str]:
    """The sheet data as text, in pieces that each end with a whole row (or the end of the sheet)."""
    pending = b""
    while chunk := stream.read(_CHUNK):
        pending += chunk
        cut = pending.rfind(b"</row>")
        if cut >= 0:
            # Cutting after an ASCII tag keeps every UTF-8 sequence whole.
            yield pending[: cut + 6].decode("utf-8")
            pending = pending[cut + 6 :]
    yield pending.decode("utf-8")


def _scan(book: zipfile.ZipFile, path: str, sheet: _Sheet, root: str) -> Iterator[tuple[int, list[str]]]:
    number = 0
    with book.open(path) as stream:
        for text in _row_texts(_pieces(stream)):
            attributes = text[: text.find(">")]
            found = _ROW_NUMBER.search(attributes)
            number = int(found.group(1)) if found else number + 1
            yield number, sheet.scan_row(text, len(attributes), root)


def _row_texts(pieces: Iterator[str]) -> Iterator[str]:
    """Each row of ``sheetData`` as the text after its ``<row``: attributes, ``>`` and its cells."""
    inside = False
    for piece in pieces:
        if "<!--" in piece:
            piece = _COMMENT.sub("", piece)
        if not inside:
            found = _SHEET_DATA.search(piece)
            if found is None:
                continue
            if found.group(1):  # <sheetData/>: no rows at all
                return
            inside, piece = True, piece[found.end() :]
        end = piece.find("</sheetData>")
        yield from (piece if end < 0 else piece[:end]).split("<row")[1:]
        if end >= 0:
            return
