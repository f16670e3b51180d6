"""CSV readers for race files: result files (``race score``, run-2 start lists) and entry lists (run 1).

A result file has a header with the columns ``bib, fis_code, name, nation, status``, then either
``run1, run2[, run3]`` or ``total``, then ``fis_points`` (empty: no points in that discipline).
Optional columns: ``lastname, firstname, gate, reason, birth_year``. Header names are
case-insensitive; ``,`` ``;`` and tab separate. Every problem raises :class:`InputError` naming the
file and the row (its line number, the header being line 1).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from alatau.errors import InputError
from alatau.fis.results import QLF, Entry, parse_status
from alatau.fis.timing import parse_time

T = TypeVar("T")
_ALIASES = {
    "fiscode": "fis_code",
    "competitorid": "fis_code",
    "nationcode": "nation",
    "nation_code": "nation",
    "points": "fis_points",
    "fispoints": "fis_points",
    "time": "total",
    "total_time": "total",
    "totaltime": "total",
    "yob": "birth_year",
    "birthyear": "birth_year",
    "year_of_birth": "birth_year",
    "timerun1": "run1",
    "timerun2": "run2",
    "timerun3": "run3",
}
_RUN_COLUMNS = ("run1", "run2", "run3")


@dataclass(frozen=True)
class Entrant:
    """A competitor entered for run 1: identity and list points in the discipline (None: none)."""

    fis_code: str
    name: str
    nation: str
    fis_points: Decimal | None
    birth_year: int | None = None
    row: int | None = None
    bib: int | None = None  # the entry list's own bib, when it has a bib column


class RowError(InputError):
    """A bad row of a race file; the message names the file and the row."""


def read_result_file(path: str | Path) -> list[Entry]:
    """Read a result file into entries (see the module docstring for the columns).

    Raises
    ------
    InputError
        Unreadable file, missing columns, malformed bib/time/points/status, duplicate bib, or a
        QLF without a time.
    """
    source = Path(path)
    header, rows = _read_rows(source)
    _require(source, header, ("bib", "name"))
    runs = tuple(c for c in _RUN_COLUMNS if c in header)
    if not runs and "total" not in header:
        raise InputError(f"{source.name}: needs run1[, run2, run3] or total columns")
    entries = _parse_all(source, rows, lambda row, line: _entry(row, line, runs))
    _check_unique(source, entries, lambda e: str(e.bib), "bib")
    return entries


def read_entry_list(path: str | Path) -> list[Entrant]:
    """Read a run-1 entry list: ``fis_code, name, nation, fis_points`` (``birth_year``, ``bib`` optional).

    With a ``bib`` column every competitor needs a bib, and no bib may appear twice.

    Raises
    ------
    InputError
        Unreadable file, missing columns, malformed points, or a FIS code entered twice.
    """
    source = Path(path)
    header, rows = _read_rows(source)
    _require(source, header, ("name", "fis_points"))
    entrants = _parse_all(source, rows, _entrant)
    _check_unique(source, [e for e in entrants if e.fis_code], lambda e: e.fis_code, "FIS code")
    if "bib" in header:
        _check_unique(source, entrants, lambda e: str(e.bib), "bib")
    return entrants


def result_file_columns(path: str | Path) -> list[str]:
    """Return the columns of a race file's header as the readers name them (aliases resolved).

    Raises
    ------
    InputError
        Unreadable or empty file.
    """
    header, _ = _read_rows(Path(path))
    return header


def _read_rows(source: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {source}: {getattr(error, 'strerror', None) or error}") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError(f"{source.name}: empty file, expected a header line")
    reader = csv.reader(lines, delimiter=_delimiter(lines[0]))
    header = [_column(name) for name in next(reader)]
    rows = []
    for values in reader:
        if any(v.strip() for v in values):
            rows.append((reader.line_num, _row_dict(source, reader.line_num, header, values)))
    return header, rows


def _delimiter(header_line: str) -> str:
    return max((",", ";", "\t"), key=header_line.count)


def _column(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return _ALIASES.get(key, key)


def _row_dict(source: Path, line: int, header: list[str], values: list[str]) -> dict[str, str]:
    if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
        raise RowError(f"{source.name} row {line}: {len(values)} values for {len(header)} columns")
    return {name: value.strip() for name, value in zip(header, values, strict=False)}


def _require(source: Path, header: list[str], columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(
            f"{source.name}: missing column(s) {', '.join(missing)} (header: {', '.join(header)})"
        )


def _parse_all(
    source: Path, rows: list[tuple[int, dict[str, str]]], parse: Callable[[dict[str, str], int], T]
) -> list[T]:
    parsed = []
    for line, row in rows:
        try:
            parsed.append(parse(row, line))
        except InputError as error:
            raise RowError(f"{source.name} row {line}: {error}") from None
    return parsed


def _check_unique(source: Path, items: list[T], key: Callable[[T], str], what: str) -> None:
    seen: dict[str, int | None] = {}
    for item in items:
        value, line = key(item), getattr(item, "row", None)
        if value in seen:
            raise RowError(f"{source.name} row {line}: duplicate {what} {value} (first on row {seen[value]})")
        seen[value] = line


def _entry(row: dict[str, str], line: int, run_columns: tuple[str, ...]) -> Entry:
    bib = _integer(row.get("bib", ""), "bib")
    runs = tuple(_optional_time(row.get(c, ""), c) for c in run_columns)
    status = parse_status(row.get("status", ""), runs)
    total = _optional_time(row.get("total", ""), "total")
    if status == QLF and total is None and (not runs or None in runs):
        raise InputError(f"bib {bib}: status QLF but no time (give every run or the total)")
    complete = [run for run in runs if run is not None]
    if total is not None and runs and len(complete) == len(runs) and sum(complete, Decimal(0)) != total:
        raise InputError(f"bib {bib}: total {row['total']} is not the sum of the runs")
    return Entry(
        bib=bib,
        fis_code=row.get("fis_code", ""),
        name=_name(row),
        nation=row.get("nation", "").upper(),
        status=status,
        runs=runs,
        total=total,
        fis_points=_points(row.get("fis_points", "")),
        lastname=row.get("lastname", ""),
        firstname=row.get("firstname", ""),
        gate=row.get("gate", ""),
        reason=row.get("reason", ""),
        birth_year=_optional_integer(row.get("birth_year", ""), "birth_year"),
        row=line,
    )


def _entrant(row: dict[str, str], line: int) -> Entrant:
    return Entrant(
        fis_code=row.get("fis_code", ""),
        name=_name(row),
        nation=row.get("nation", "").upper(),
        fis_points=_points(row.get("fis_points", "")),
        birth_year=_optional_integer(row.get("birth_year", ""), "birth_year"),
        row=line,
        bib=_integer(row["bib"], "bib") if "bib" in row else None,
    )


def _name(row: dict[str, str]) -> str:
    name = row.get("name", "") or " ".join(
        p for p in (row.get("lastname", ""), row.get("firstname", "")) if p
    )
    if not name:
        raise InputError("empty name")
    return name


def _integer(text: str, column: str) -> int:
    if not re.fullmatch(r"\d+", text) or int(text) == 0:
        raise InputError(f"malformed {column} {text!r} (expected a whole number above 0)")
    return int(text)


def _optional_integer(text: str, column: str) -> int | None:
    return _integer(text, column) if text else None


def _optional_time(text: str, column: str) -> Decimal | None:
    if not text:
        return None
    try:
        return parse_time(text)
    except InputError as error:
        raise InputError(f"{error} in column {column}") from None


def _points(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        points = Decimal(text.replace(",", "."))
    except InvalidOperation:
        points = Decimal(-1)
    if not points.is_finite() or points < 0:
        raise InputError(f"malformed fis_points {text!r} (expected a number such as 23.45, or empty)")
    return points
