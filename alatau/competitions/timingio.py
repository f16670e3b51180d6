"""Reading timing files for the import: the device parsers of ``alatau.timing``, and the generic CSV.

The generic CSV has a header ``bib,time`` (net time) or ``bib,start_tod,finish_tod`` (times of day);
a ``?`` or empty bib is an unassigned impulse. Every line comes back, so the caller logs them all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from alatau.errors import InputError
from alatau.fis.timing import parse_time, parse_time_of_day

FORMATS = ("alge", "microgate", "csv")
START_CHANNELS = {"0", "c0", "start", "s"}
FINISH_CHANNELS = {"1", "c1", "finish", "f"}


@dataclass(frozen=True)
class TimingRow:
    """One competitor's reading: a net time, or start and/or finish time of day; bib None = unassigned."""

    line_no: int
    raw: str
    bib: int | None
    time: Decimal | None = None
    start_tod: Decimal | None = None
    finish_tod: Decimal | None = None
    channel: str = ""
    error: str = ""


def parse_timing(text: str, device: str) -> list[TimingRow]:
    """Rows of a timing file: ALGE and Microgate through ``alatau.timing``; the CSV here, row by row.

    The CSV reader keeps a bad row as an error of that row (the import reports it and goes on), and
    reads net times as well as times of day, which an impulse stream has no place for.
    """
    from alatau import timing

    if device not in FORMATS:
        raise InputError(f"unknown timing format {device!r} (expected {', '.join(FORMATS)})")
    if device == "csv":
        return read_csv(text)
    return [_from_impulse(impulse) for impulse in timing.parse(text, device)]


def _from_impulse(impulse: Any) -> TimingRow:
    channel = str(getattr(impulse, "channel", "")).strip().lower()
    tod = getattr(impulse, "time_of_day", None)
    cleared = bool(getattr(impulse, "cleared", False))
    common = {"line_no": impulse.line_no, "raw": impulse.raw, "bib": impulse.bib, "channel": channel}
    if tod is None:
        return TimingRow(**common, error="cleared" if cleared else "")
    flag = "cleared" if cleared else ""
    if channel in START_CHANNELS:
        return TimingRow(**common, start_tod=tod, error=flag)
    if channel in FINISH_CHANNELS:
        return TimingRow(**common, finish_tod=tod, error=flag)
    if cleared:
        return TimingRow(**common, error=flag)
    return TimingRow(**common, error=f"channel {channel} is neither start nor finish")


def read_csv(text: str) -> list[TimingRow]:
    """The generic CSV: ``bib,time`` or ``bib,start_tod,finish_tod`` (comma or semicolon)."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError("the timing file is empty")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    header = [cell.strip().lower() for cell in next(csv.reader([lines[0]], delimiter=delimiter))]
    if "bib" not in header or not ({"time"} <= set(header) or {"start_tod", "finish_tod"} & set(header)):
        raise InputError("the timing CSV needs a header bib,time or bib,start_tod,finish_tod")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            cells = next(csv.reader([line], delimiter=delimiter))
            rows.append(_csv_row(number, line, dict(zip(header, (c.strip() for c in cells), strict=False))))
    return rows


def _csv_row(number: int, line: str, cells: dict[str, str]) -> TimingRow:
    bib_text = cells.get("bib", "")
    bib: int | None = None
    if bib_text not in ("", "?"):
        if not bib_text.isdigit():
            return TimingRow(number, line, None, error=f"bad bib {bib_text!r}")
        bib = int(bib_text)
    try:
        time = parse_time(cells["time"]) if cells.get("time") else None
        start = parse_time_of_day(cells["start_tod"]) if cells.get("start_tod") else None
        finish = parse_time_of_day(cells["finish_tod"]) if cells.get("finish_tod") else None
    except InputError as error:
        return TimingRow(number, line, bib, error=str(error))
    return TimingRow(number, line, bib, time, start, finish)


def text_of(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), else Latin-1 as timers write it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return io.TextIOWrapper(io.BytesIO(data), encoding="latin-1").read()
