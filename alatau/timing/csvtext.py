"""Generic CSV timing: ``bib,time`` (net run times) or ``bib,start_tod,finish_tod`` (times of day).

A header row naming the columns is optional; without one the column count decides. ``;`` or tab
may replace the comma. A bib of ``?``, ``0`` or empty is an impulse without a bib; an empty time
cell gives no impulse for that channel.
"""

from __future__ import annotations

import csv
import io

from alatau.errors import InputError
from alatau.fis.timing import parse_time, parse_time_of_day
from alatau.timing.impulse import FINISH, RUN, START, Impulse, TimingError

_NET = ("bib", "time")
_TOD = ("bib", "start_tod", "finish_tod")


def parse_csv_line(
    line: str, line_no: int = 1, system: str = "A", columns: tuple[str, ...] | None = None
) -> list[Impulse]:
    """Parse one CSV row into its impulses (none for a header or blank row)."""
    raw = line.rstrip("\r\n")
    cells = _cells(raw)
    if not any(cells):
        return []
    if cells[0].lower() == "bib":
        return []
    layout = columns or (_NET if len(cells) == 2 else _TOD)
    if len(cells) != len(layout):
        raise TimingError(line_no, f"expected {len(layout)} columns ({', '.join(layout)}), got {len(cells)}")
    bib = _bib(cells[0], line_no)
    row = dict(zip(layout, cells, strict=True))
    impulses = []
    try:
        if layout == _NET:
            if row["time"]:
                impulses.append(Impulse(RUN, bib, parse_time(row["time"]), False, raw, line_no, system))
        else:
            for channel, key in ((START, "start_tod"), (FINISH, "finish_tod")):
                if row[key]:
                    time = parse_time_of_day(row[key])
                    impulses.append(Impulse(channel, bib, time, False, raw, line_no, system))
    except InputError as error:
        raise TimingError(line_no, str(error)) from None
    return impulses


def parse_csv(text: str, system: str = "A") -> list[Impulse]:
    """Parse a whole CSV timing file; the header row (if any) fixes the columns."""
    impulses: list[Impulse] = []
    columns: tuple[str, ...] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [c.lower() for c in _cells(line)]
        if cells and cells[0] == "bib":
            columns = _header(cells, number)
            continue
        impulses += parse_csv_line(line, number, system, columns)
    return impulses


def _header(cells: list[str], line_no: int) -> tuple[str, ...]:
    names = tuple(cells)
    if names not in (_NET, _TOD):
        expected = "bib,time or bib,start_tod,finish_tod"
        raise TimingError(line_no, f"unknown header {','.join(cells)} (expected {expected})")
    return names


def _cells(line: str) -> list[str]:
    delimiter = ";" if ";" in line else "\t" if "\t" in line else ","
    rows = list(csv.reader(io.StringIO(line), delimiter=delimiter))
    return [cell.strip() for cell in rows[0]] if rows else []


def _bib(text: str, line_no: int) -> int | None:
    if text in ("", "?", "0"):
        return None
    if not text.isdigit():
        raise TimingError(line_no, f"malformed bib {text!r}")
    return int(text)


__all__ = ["parse_csv", "parse_csv_line"]
