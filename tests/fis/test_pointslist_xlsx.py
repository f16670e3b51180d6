"""The lean XLSX row reader behind points lists, checked against openpyxl on the same workbooks.

openpyxl writes inline strings only; :func:`excel_like` writes a workbook the way Excel does (shared
strings, numbers without a type, a date style, booleans, formulas), and the edge-case sheets are
written as raw XML. Every sheet is read both ways (the pattern scan and ``iterparse``), which must agree.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

from alatau.fis.pointslist import read_points_list
from alatau.fis.xlsxrows import iter_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"

# The hand-written workbooks have no cell style list; openpyxl warns and uses its own.
pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")

ROWS: list[list[object]] = [
    ["Fiscode", "Lastname", "Birthdate", "SLpoints", "Note"],
    [120097, "A KE", date(1998, 9, 2), 275.48, None],
    [502468, "AABERG", date(2001, 10, 19), 88.0, "Valfjällets SLK"],
    [7, None, None, 0.5, "  padded  "],
    [None, None, datetime(2021, 9, 28, 12, 30), None, None],
    [422781, "AAGESEN", date(2001, 9, 17), 1e-05, "x"],
]


def openpyxl_texts(path: Path) -> list[list[str]]:
    """What the same cells read as with openpyxl, turned into text the way a list reader needs them."""
    book = load_workbook(path, read_only=True, data_only=True)
    rows = []
    for values in book.worksheets[0].iter_rows(values_only=True):
        texts = [_text(v) for v in values]
        while texts and texts[-1] == "":
            texts.pop()
        rows.append(texts)
    book.close()
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, bool):
        return str(int(value))  # the reader hands booleans over as Excel stores them: 1 / 0
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def save(path: Path, *, write_only: bool = False, mac_dates: bool = False) -> Path:
    book = Workbook(write_only=write_only)
    if mac_dates:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.create_sheet() if write_only else book.active
    assert sheet is not None
    for values in ROWS:
        sheet.append(values)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("write_only", "mac_dates"),
    [(False, False), (True, False), (False, True)],
    ids=["openpyxl-default", "openpyxl-write-only", "1904-dates"],
)
def test_rows_match_openpyxl(tmp_path: Path, write_only: bool, mac_dates: bool) -> None:
    path = save(tmp_path / "book.xlsx", write_only=write_only, mac_dates=mac_dates)
    ours = both_ways(path)
    trimmed = [cells[: max((i + 1 for i, c in enumerate(cells) if c), default=0)] for cells in ours]
    assert trimmed == openpyxl_texts(path)
    assert ours[1][:4] == ["120097", "A KE", "1998-09-02", "275.48"]
    assert ours[4][2] == "2021-09-28T12:30:00"


def test_row_numbers_and_gaps_follow_the_sheet(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "first"
    sheet["C4"] = 3
    book.save(tmp_path / "gaps.xlsx")
    assert list(iter_rows(str(tmp_path / "gaps.xlsx"))) == [(1, ["first"]), (4, ["", "", "3"])]
    assert list(iter_rows(str(tmp_path / "gaps.xlsx"), scan=False)) == [(1, ["first"]), (4, ["", "", "3"])]


def test_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "text.xlsx").write_text("hello")
    with pytest.raises(ValueError):
        list(iter_rows(str(tmp_path / "text.xlsx")))
    with zipfile.ZipFile(tmp_path / "empty.xlsx", "w") as archive:
        archive.writestr("readme.txt", "no workbook here")
    with pytest.raises(ValueError, match="not an XLSX workbook"):
        list(iter_rows(str(tmp_path / "empty.xlsx")))


# --- workbooks written the way Excel writes them -------------------------------------------------------


def both_ways(path: Path) -> list[list[str]]:
    """The rows by the pattern scan, after checking that ``iterparse`` reads the very same."""
    scanned = list(iter_rows(str(path)))
    assert scanned == list(iter_rows(str(path), scan=False))
    return [cells for _number, cells in scanned]


def package(path: Path, rows: str, strings: Sequence[str] = (), *, document: str | None = None) -> Path:
    """A minimal XLSX: styles 0 = general, 1 = a built-in date, 2 = a custom date-time format."""
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
        '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
        "</styleSheet>"
    )
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{RELATIONS}/officeDocument"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
        '<sheet name="List" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELATIONS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{RELATIONS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" count="{len(strings)}">{items}</sst>',
        "xl/worksheets/sheet1.xml": document
        or f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheetData>{rows}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def excel_cell(reference: str, value: object, strings: dict[str, int]) -> str:
    """One ``c`` element as Excel writes it; strings go to the shared table."""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (date, datetime)):
        style = 2 if isinstance(value, datetime) else 1
        return f'<c r="{reference}" s="{style}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    index = strings.setdefault(str(value), len(strings))
    return f'<c r="{reference}" t="s"><v>{index}</v></c>'


def excel_like(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """``rows`` saved as Excel would: shared strings, a date style, ``None`` cells left out."""
    strings: dict[str, int] = {}
    xml = []
    for number, values in enumerate(rows, start=1):
        cells = "".join(
            excel_cell(f"{get_column_letter(column)}{number}", value, strings)
            for column, value in enumerate(values, start=1)
            if value is not None
        )
        xml.append(f'<row r="{number}" spans="1:{len(values)}">{cells}</row>')
    return package(path, "".join(xml), list(strings))


def test_excel_like_shared_strings_match_openpyxl(tmp_path: Path) -> None:
    rows = [*ROWS, [True, False, "Tom & Jerry <3>", "  café  ", "l\u00e4nge\nzwei"]]
    path = excel_like(tmp_path / "excel.xlsx", rows)
    ours = both_ways(path)
    assert [cells[: len(theirs)] for cells, theirs in zip(ours, openpyxl_texts(path), strict=True)] == (
        openpyxl_texts(path)
    )
    assert ours[1][:4] == ["120097", "A KE", "1998-09-02", "275.48"]
    assert ours[6] == ["1", "0", "Tom & Jerry <3>", "café", "länge\nzwei"]


EDGE_SHEET = (
    # Sparse: B and D left out; a self-closing empty cell; a cell whose r does not come first.
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"/><c t="s" r="E1"><v>1</v></c></row>'
    # Formulas with cached values (one shared), an error, a formula string, a boolean.
    '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>3.5</v></c>'
    '<c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="str"><f>A1&amp;"x"</f><v>a&amp;b</v></c>'
    '<c r="E2" t="b"><v>1</v></c></row>'
    # Rich inline text, xml:space, entities, CDATA, whitespace between tags, single quotes.
    '<row r="3"><c r="A3" t="inlineStr"><is><r><t>Ri</t></r><r><rPr><b/></rPr><t>ch</t></r></is></c>'
    '<c r="B3" t="inlineStr"><is><t xml:space="preserve"> sp &#233;&#x4E2D; </t></is></c>'
    '<c r="C3" t="inlineStr"><is><t><![CDATA[<cdata & co>]]></t></is></c>'
    "<c r='D3' t='n'>\n  <v>42</v>\n</c><!-- a comment <c r=\"E3\"><v>9</v></c> --></row>"
    # A row with no cells, one self-closing, one without r, then dates by style.
    '<row r="5"></row><row r="6"/><row><c r="A7" s="1"><v>44467</v></c><c r="B7" s="2"><v>44467.5</v></c>'
    '<c r="C7" s="1" t="n"><v>0.5</v></c></row>'
    # Cells without r (allowed: each is the next column), after a gap.
    '<row r="8"><c r="B8" t="s"><v>0</v></c><c><v>7</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
)


def test_edge_cases_read_the_same_both_ways(tmp_path: Path) -> None:
    path = package(tmp_path / "edges.xlsx", EDGE_SHEET, ["first", "  fifth  "])
    rows = list(iter_rows(str(path)))
    assert rows == list(iter_rows(str(path), scan=False))
    assert rows == [
        (1, ["first", "", "", "", "fifth"]),
        (2, ["2", "3.5", "#N/A", "a&b", "1"]),
        (3, ["Rich", "sp é中", "<cdata & co>", "42"]),
        (5, []),
        (6, []),
        (7, ["2021-09-28", "2021-09-28T12:00:00", "1899-12-30T12:00:00"]),
        (8, ["", "first", "7", "x"]),
    ]
    theirs = openpyxl_texts(path)[:2]
    assert [cells[: len(expected)] for (_n, cells), expected in zip(rows, theirs, strict=False)] == theirs


def test_prefixed_namespace_and_empty_sheets(tmp_path: Path) -> None:
    # Some generators write <x:worksheet>: the pattern does not fit, so the sheet goes through iterparse.
    prefixed = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c>'
        "</x:row></x:sheetData></x:worksheet>"
    )
    assert list(iter_rows(str(package(tmp_path / "x.xlsx", "", ["n"], document=prefixed)))) == [
        (2, ["", "n"])
    ]
    empty = (
        f'<worksheet xmlns="{MAIN}"><sheetData/><rowBreaks count="1"><brk id="3"/></rowBreaks></worksheet>'
    )
    assert both_ways(package(tmp_path / "e.xlsx", "", document=empty)) == []


def test_missing_shared_string_is_a_value_error(tmp_path: Path) -> None:
    path = package(tmp_path / "bad.xlsx", '<row r="1"><c r="A1" t="s"><v>3</v></c></row>', ["only"])
    with pytest.raises(ValueError, match="shared string 3"):
        list(iter_rows(str(path)))


def test_points_list_from_an_excel_workbook(tmp_path: Path) -> None:
    header: list[object] = [
        "Listid",
        "Fiscode",
        "Lastname",
        "Firstname",
        "Nationcode",
        "Gender",
        "Birthdate",
        "SLpoints",
    ]
    rows: list[list[object]] = [
        header,
        [331, 502468, "AABERG", "Filip", "SWE", "M", date(2001, 10, 19), 88.89],
    ]
    listed = read_points_list(excel_like(tmp_path / "list.xlsx", rows))
    entry = listed.get(502468)
    assert entry is not None and entry.birthdate == date(2001, 10, 19)
    assert str(entry.points("SL")) == "88.89" and listed.header.list_id == "331"


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\"'\r\n\t "), max_size=12
)
VALUE = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**9), 10**9),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda f: abs(f) < 1e15),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(VALUE, max_size=6), min_size=1, max_size=5))
def test_any_excel_like_sheet_reads_the_same_both_ways(tmp_path: Path, rows: list[list[object]]) -> None:
    path = excel_like(tmp_path / "any.xlsx", rows)
    ours = both_ways(path)
    trimmed = [cells[: max((i + 1 for i, c in enumerate(cells) if c), default=0)] for cells in ours]
    assert trimmed == openpyxl_texts(path)
