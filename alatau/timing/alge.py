"""ALGE TdC 8000/8001 and Timy RS232 records, and the TdC "classement" dump.

Record layout (0-based columns, ../shared/reference/timing-formats.md §1.1)::

    0 flag | 1-4 bib | 5 bib modifier (r/b) | 6-7 channel | 8 channel modifier (M) | 9 blank
    10-22 time HH:MM:SS.ffff (shorter precisions right-padded) | 23 blank | 24-25 group
    26 blank | 27-30 rank (classement only)

Flags: blank valid, ``?`` no valid bib, ``c``/``d`` cleared, ``i`` manual input, ``t`` valid,
``n``/``s`` bib announcements (no time), ``p``/``b``/``m`` ignored.
"""

from __future__ import annotations

import re
from decimal import Decimal

from alatau.timing.impulse import (
    FINISH,
    INTERMEDIATE,
    RUN,
    START,
    TOTAL,
    Impulse,
    TimingError,
    tod,
)

_RECORD_START = re.compile(r"^[ ?cdintpbms]\d{4}")
_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,4}))?$")
_HEADERS = ("CLASSEMENT:", "ALL", "RUN TIME", "TOTAL TIME", "MEMORY TIME")
_FOOTER = re.compile(r"^\s+ALGE[ -]TIMING")
_FOOTER_TEXT = re.compile(r"^\s*(TdC\s+\d+|TIMY\b.*|[A-Z]{3} V [\d.]+)\s*$")
_DATE_LINE = re.compile(r"^\d{2}-\d{2}-\d{2}\s+\d{2}:\d{2}$")
_RUNNING = re.compile(r"^\s*\d{2}:\d{2}:\d{2}(\.\d)?\s*$")
_IGNORED_FLAGS = frozenset("pbm")
_ANNOUNCE_FLAGS = frozenset("ns")
_CHANNELS = {"RT": RUN, "TT": TOTAL}


def is_text_line(line: str) -> bool:
    """True for a line of a dump that is not a record: headers, footers, running times, blanks."""
    body = line.strip()
    return (
        not body
        or body in _HEADERS
        or bool(_FOOTER.match(line) or _FOOTER_TEXT.match(line))
        or bool(_DATE_LINE.match(body) or _RUNNING.match(line))
    )


def parse_alge_line(line: str, line_no: int = 1, system: str = "A") -> Impulse | None:
    """Parse one ALGE record; None for a line that carries no time (announcement, header, ignored flag).

    Raises
    ------
    TimingError
        When the line looks like neither a record nor known dump text.
    """
    raw = line.rstrip("\r\n")
    if not _RECORD_START.match(raw):
        if is_text_line(raw):
            return None
        raise TimingError(line_no, f"not an ALGE record: {raw!r}")
    flag = raw[0]
    if len(raw.rstrip()) <= 6:
        if flag in _ANNOUNCE_FLAGS or flag == " ":
            return None
        raise TimingError(line_no, f"short ALGE record {raw!r}")
    if flag in _IGNORED_FLAGS or flag in _ANNOUNCE_FLAGS:
        return None
    if len(raw) < 26:
        raise TimingError(line_no, f"ALGE record without the group field: {raw!r}")
    channel, point = _channel(raw[6:8], raw[5], line_no)
    if channel is None:
        return None
    bib = int(raw[1:5])
    return Impulse(
        channel=channel,
        bib=None if flag == "?" or bib == 0 else bib,
        time_of_day=_time(raw[10:23], line_no),
        cleared=flag in "cd",
        raw=raw,
        line_no=line_no,
        system=system,
        manual=raw[8] == "M" or flag == "i",
        point=point,
        rank=_rank(raw, line_no),
    )


def parse_alge(text: str, system: str = "A") -> list[Impulse]:
    """Parse a whole ALGE stream or dump (live records and classement blocks mixed).

    In a classement block (``CLASSEMENT:`` … footer) the title line decides the meaning: a ``RUN TIME``
    block gives run times, ``TOTAL TIME`` totals; a ``MEMORY TIME`` block is refused.
    """
    impulses: list[Impulse] = []
    title: str | None = None
    in_footer = False
    for number, line in enumerate(text.splitlines(), start=1):
        body = line.strip()
        if body == "CLASSEMENT:":
            title, in_footer = "", False
            continue
        if title == "" and body in _HEADERS[1:]:
            title = body if body != "ALL" else ""
            continue
        if _FOOTER.match(line):
            title, in_footer = None, True
            continue
        if in_footer and not _RECORD_START.match(line):
            in_footer = bool(body)
            continue
        in_footer = False
        impulse = parse_alge_line(line, number, system)
        if impulse is not None:
            impulses.append(_checked_in_block(impulse, title))
    return impulses


def _checked_in_block(impulse: Impulse, title: str | None) -> Impulse:
    if title == "MEMORY TIME":
        raise TimingError(impulse.line_no, "a MEMORY TIME classement holds no run times; dump RUN TIME")
    expected = {"RUN TIME": RUN, "TOTAL TIME": TOTAL}.get(title or "")
    if expected is not None and impulse.channel != expected:
        raise TimingError(impulse.line_no, f"{impulse.channel} record in a {title} classement")
    return impulse


def _channel(code: str, course: str, line_no: int) -> tuple[str | None, int]:
    if code in _CHANNELS:
        return _CHANNELS[code], 0
    if code in ("DT", "MT"):
        return None, 0
    if len(code) != 2 or code[0] != "C" or not code[1].isdigit():
        raise TimingError(line_no, f"unknown ALGE channel {code!r}")
    number = int(code[1])
    if course == "b" and number in (3, 4):  # parallel blue course uses C3/C4
        number -= 3
    if number == 0:
        return START, 0
    if number == 1:
        return FINISH, 0
    return INTERMEDIATE, number - 1


def _time(text: str, line_no: int) -> Decimal:
    match = _TIME.match(text.strip())
    if not match:
        raise TimingError(line_no, f"malformed ALGE time {text.strip()!r} (expected HH:MM:SS.ffff)")
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59 or int(hours) > 23:
        raise TimingError(line_no, f"malformed ALGE time {text.strip()!r}")
    return tod(int(hours), int(minutes), int(seconds), fraction or "")


def _rank(raw: str, line_no: int) -> int | None:
    tail = raw[26:].strip()
    if not tail:
        return None
    if not tail.isdigit():
        raise TimingError(line_no, f"malformed rank {tail!r}")
    return int(tail)
