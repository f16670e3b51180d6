"""Points lists: the real FIS sample, row errors, encodings, XLSX, header season values, summary."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alatau.errors import InputError
from alatau.fis.pointslist import (
    PointsList,
    PointsListReader,
    entries_with_points,
    read_points_list,
    summarise,
)
from alatau.fis.seasons import get_season
from conftest import shared_path

Shared = Callable[[str], Path]

SAMPLE = "reference/fis/FIS-points-list-AL-2022-331.csv"
COLUMNS = (
    "Listid,Listname,Published,Sectorcode,Status,Competitorid,Fiscode,Lastname,Firstname,Nationcode,Gender,"
    "Birthdate,Skiclub,Nationalcode,Competitorname,Birthyear,Calculationdate,DHpoints,DHpos,DHSta,SLpoints,"
    "SLpos,SLSta,GSpoints,GSpos,GSSta,SGpoints,SGpos,SGSta,ACpoints,ACpos,ACSta"
)


def row(fiscode: str, last: str, first: str, nation: str = "KAZ", gender: str = "M", **points: str) -> str:
    """One list row; ``points`` like ``SL="12.34/5/*"`` (points/position/flag)."""
    cells = [
        "400",
        "Test list 2024/25",
        "1",
        "AL",
        "O",
        "9" + fiscode,
        fiscode,
        last,
        first,
        nation,
        gender,
        "2004-03-02",
        "Club",
        "",
        f"{last} {first}",
        "2004",
        "01-10-2024",
    ]
    for discipline in ("DH", "SL", "GS", "SG", "AC"):
        cells += [*points.get(discipline, "//").split("/"), "", "", ""][:3]
    return ",".join(cells)


def write_list(tmp_path: Path, *rows: str, preamble: tuple[str, ...] = (), name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join((*preamble, COLUMNS, *rows)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_list() -> PointsList:
    # Read once for the module: the list is the real 9,687-row FIS list.
    return read_points_list(shared_path(SAMPLE))


# --- the real list ---------------------------------------------------------------------------------


def test_real_sample_parses_every_row_without_errors(sample_list: PointsList, shared: Shared) -> None:
    with shared(SAMPLE).open(encoding="utf-8") as stream:
        naive = list(csv.DictReader(stream))
    assert len(sample_list) == len(naive) == 9687
    assert sample_list.errors == []
    assert sample_list.header.list_id == "331"
    assert sample_list.header.name == "6th FIS points list 2021/2022"
    assert sample_list.header.season == 2022
    assert sample_list.header.calculation_date == date(2021, 9, 28)
    assert not sample_list.overrides  # the CSV carries no season values


def test_real_sample_values_match_the_file(sample_list: PointsList, shared: Shared) -> None:
    with shared(SAMPLE).open(encoding="utf-8") as stream:
        naive = {r["Fiscode"]: r for r in csv.DictReader(stream)}
    for entry in sample_list.entries[::97]:
        source = naive[entry.fiscode]
        assert (entry.lastname, entry.firstname, entry.nation) == (
            source["Lastname"],
            source["Firstname"],
            source["Nationcode"],
        )
        for discipline in ("DH", "SL", "GS", "SG", "AC"):
            expected = Decimal(source[f"{discipline}points"]) if source[f"{discipline}points"] else None
            assert entry.points(discipline) == expected
            assert entry.standing(discipline).flag == (source[f"{discipline}Sta"] or None)


def test_real_sample_known_competitors(sample_list: PointsList) -> None:
    aaberg = sample_list.get(502468)
    assert aaberg is not None and aaberg.name == "AABERG Filip"
    assert aaberg.birthdate == date(2001, 10, 19) and aaberg.gender == "M" and aaberg.nation == "SWE"
    assert aaberg.standing("sl").points == Decimal("88.89")
    assert aaberg.standing("SL").position == 1618
    assert aaberg.points("AC") is None
    assert sample_list.points("502468", "DH") == Decimal("616.43")
    assert sample_list.points("999999999", "DH") is None
    # A row with non-ASCII text and one without any birth date.
    with_umlaut = sample_list.get("501324")
    assert with_umlaut is not None and with_umlaut.skiclub == "Valfjällets SLK"
    no_birth = sample_list.get("160025")
    assert no_birth is not None and no_birth.birthdate is None and no_birth.birthyear is None


def test_real_sample_summary_counts(sample_list: PointsList, shared: Shared) -> None:
    with shared(SAMPLE).open(encoding="utf-8") as stream:
        naive = list(csv.DictReader(stream))
    summary = summarise(sample_list, top=3)
    assert summary.competitors == len(naive)
    assert dict(summary.by_gender) == dict(Counter(r["Gender"] for r in naive))
    assert dict(summary.by_nation) == dict(Counter(r["Nationcode"] for r in naive))
    slalom = next(d for d in summary.disciplines if d.discipline == "SL")
    assert slalom.with_points == sum(1 for r in naive if r["SLpoints"])
    assert slalom.flags == dict(Counter(r["SLSta"] for r in naive if r["SLSta"]))
    assert slalom.best == min(Decimal(r["SLpoints"]) for r in naive if r["SLpoints"])
    for gender, top in slalom.top.items():
        assert len(top) == 3 and all(e.gender == gender for e in top)
        points = [e.points("SL") or Decimal(0) for e in top]
        assert points == sorted(points)


def test_summary_for_one_nation(sample_list: PointsList) -> None:
    summary = summarise(sample_list, nation="kaz", top=1)
    kazakhs = [e for e in sample_list if e.nation == "KAZ"]
    assert summary.nation == "KAZ" and summary.competitors == len(kazakhs) > 0
    assert set(summary.by_nation) == {"KAZ"}
    giant_slalom = next(d for d in summary.disciplines if d.discipline == "GS")
    best = entries_with_points(kazakhs, "GS")[0]
    assert giant_slalom.best == best.points("GS")
    assert best in giant_slalom.top[best.gender]
    assert summary.as_dict()["disciplines"][0]["discipline"] == "DH"


# --- small lists -----------------------------------------------------------------------------------


def test_bad_rows_are_collected_and_skipped(tmp_path: Path) -> None:
    path = write_list(
        tmp_path,
        row("100001", "ONE", "A", SL="12.50/1/*"),
        row("100002", "TWO", "B", SL="abc/2/*"),
        row("100003", "THREE", "C", GS="10.00/1/X"),
        row("100001", "ONE", "Again"),
        row("100004", "FOUR", "D", gender="Q"),
        row("", "FIVE", "E"),
        row("100006", "SIX", "F", SL="1.234/3/*"),
        row("100007", "SEVEN", "G", nation="K1Z"),
    )
    points_list = read_points_list(path)
    assert [e.fiscode for e in points_list] == ["100001"]
    problems = {error.row: error.message for error in points_list.errors}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9]
    assert "SLpoints 'abc' is not a number" in problems[3]
    assert "GSSta 'X'" in problems[4]
    assert "already listed on row 2" in problems[5]
    assert "gender 'Q'" in problems[6]
    assert "Fiscode is empty" in problems[7]
    assert "more than two decimals" in problems[8]
    assert "nation 'K1Z'" in problems[9]


def test_strict_mode_raises_naming_the_row(tmp_path: Path) -> None:
    path = write_list(tmp_path, row("100001", "ONE", "A"), row("100002", "TWO", "B", DH="-3/1/*"))
    with pytest.raises(InputError, match=r"list\.csv row 3: DHpoints '-3' is not a valid points value"):
        read_points_list(path, strict=True)


def test_reader_streams_and_reports_as_it_goes(tmp_path: Path) -> None:
    path = write_list(tmp_path, row("100001", "ONE", "A", SL="5.00/1/+"), row("100002", "TWO", "B", SL="x"))
    reader = PointsListReader(path)
    stream = iter(reader)
    first = next(stream)
    assert first.fiscode == "100001" and first.standing("SL").flag == "+"
    assert reader.header is not None and reader.header.name == "Test list 2024/25"
    assert reader.header.season == 2025
    assert list(stream) == [] and len(reader.errors) == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"{COLUMNS}\n{row('100001', 'MÜLLER', 'Zoë', nation='GER')}\n", encoding=encoding)
    (entry,) = read_points_list(path)
    assert (entry.lastname, entry.firstname) == ("MÜLLER", "Zoë")


def test_semicolons_and_any_column_order(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("gender;FISCODE;lastname;firstname;nationcode;slpoints\nW;200001;DOE;Jane;KAZ;45,10\n")
    (entry,) = read_points_list(path)
    assert entry.gender == "W" and entry.points("SL") == Decimal("45.10") and entry.points("GS") is None


def test_missing_columns_and_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Fiscode,Lastname,Firstname,Nationcode\n1,A,B,KAZ\n")
    with pytest.raises(InputError, match="row 1: points list has no column 'gender'"):
        read_points_list(path)
    path.write_text("just,some\nother,file\n")
    with pytest.raises(InputError, match="no column header with 'Fiscode'"):
        read_points_list(path)
    with pytest.raises(InputError, match="no such file"):
        read_points_list(tmp_path / "missing.csv")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable XLSX"):
        read_points_list(tmp_path / "broken.xlsx")


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    rows = [row("100001", "ONE", "A", SL="12.50/1/*", GS="30.00/4/>"), row("100002", "TWO", "B", gender="W")]
    csv_path = write_list(tmp_path, *rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in csv.reader([COLUMNS, *rows]):
        # Numbers as numbers and dates as dates, as a spreadsheet holds them.
        sheet.append([_typed(cell) for cell in line])
    book.save(tmp_path / "list.xlsx")
    from_xlsx, from_csv = read_points_list(tmp_path / "list.xlsx"), read_points_list(csv_path)
    assert from_xlsx.errors == from_csv.errors == []
    assert [(e.fiscode, e.disciplines, e.birthdate, e.gender) for e in from_xlsx] == [
        (e.fiscode, e.disciplines, e.birthdate, e.gender) for e in from_csv
    ]


def _typed(cell: str) -> object:
    if cell.isdigit():
        return int(cell)
    if len(cell) == 10 and cell[4] == "-":
        return date.fromisoformat(cell)
    try:
        return float(cell)
    except ValueError:
        return cell


def test_header_values_override_the_season_table(tmp_path: Path) -> None:
    preamble = ("Fvalue,SL,740", "Maxvalue,GS,225", "Minpenalty,CIT,40", "Maxpenalty,XYZ,500", "Adder,3,4")
    path = write_list(tmp_path, row("100001", "ONE", "A"), preamble=preamble)
    points_list = read_points_list(path)
    assert points_list.errors == []
    overrides = points_list.overrides
    assert overrides.f_values == {"SL": Decimal(740)} and overrides.adders == {3: Decimal(4)}
    rules = overrides.apply_to(get_season("2021-22"))
    assert rules.f_value("SL") == Decimal(740) and rules.f_value("GS") == Decimal(1010)
    assert rules.max_value("GS") == Decimal(225)
    assert rules.category("CIT").min_penalty == Decimal(40)
    assert rules.category("CIT").max_penalty == Decimal(999)  # kept from the table
    assert rules.category("FIS").adder == Decimal(4)
    assert rules.category("XYZ").max_penalty == Decimal(500)


def test_bad_header_values_are_row_errors(tmp_path: Path) -> None:
    path = write_list(tmp_path, row("100001", "ONE", "A"), preamble=("Fvalue,XX,740", "Colour,blue,3"))
    points_list = read_points_list(path)
    assert [(e.row, e.message) for e in points_list.errors] == [
        (1, "unknown discipline 'XX'"),
        (2, "unknown header value 'Colour'"),
    ]
    assert len(points_list) == 1 and not points_list.overrides
    assert get_season("2021-22") is points_list.overrides.apply_to(get_season("2021-22"))
