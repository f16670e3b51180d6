"""The lean XLSX row reader behind points lists, checked against openpyxl on the same workbooks."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from alatau.fis.xlsxrows import iter_rows

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
    ids=["shared-strings", "inline-strings", "1904-dates"],
)
def test_rows_match_openpyxl(tmp_path: Path, write_only: bool, mac_dates: bool) -> None:
    path = save(tmp_path / "book.xlsx", write_only=write_only, mac_dates=mac_dates)
    ours = [cells for _number, cells in iter_rows(str(path))]
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


def test_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "text.xlsx").write_text("hello")
    with pytest.raises(ValueError):
        list(iter_rows(str(tmp_path / "text.xlsx")))
    with zipfile.ZipFile(tmp_path / "empty.xlsx", "w") as archive:
        archive.writestr("readme.txt", "no workbook here")
    with pytest.raises(ValueError, match="not an XLSX workbook"):
        list(iter_rows(str(tmp_path / "empty.xlsx")))
