"""Microgate REI2 / Rei Pro / RT Pro and RaceTime2 text output.

Offsets as Race Horology reads them (../shared/reference/timing-formats.md §1.4; unverified against
Microgate's own protocol PDF):

* REI2 extended record (first byte DLE 0x10, or DC2 0x12 static reply): cols 12-16 bib, 17-19 group,
  26-28 logical channel, 29 flag, 30-39 time of day ``hhmmssffff``;
* REI2 reduced record (DC4 0x14): cols 3-7 bib, 8 flag, 9-18 ``hhmmssffff``, 23-25 ``000`` (else a
  lap time, ignored); it has no logical channel, so it is read as a finish impulse only when asked;
* error (0x17) and status (0x18) replies carry no time;
* RaceTime2 on-line record (22 characters): cols 0-2 bib, 3 flag, 5-7 logical channel, 8-19
  ``HH:MM:SS.fff``;
* RaceTime2 classement record (29 characters): cols 4-7 bib, 14-16 channel, 17 flag, 20-28
  ``hhmmssfff``; blocks start with STX (0x02) and end with ETX (0x03).

Logical channel 000 is the start, 255 the finish, others intermediates. Flag ``0`` (and ``D``) is a
valid time; ``a``, ``A``, ``P``, ``Q`` clear the time of that channel; other flags carry no time.
"""

from __future__ import annotations

import re
from decimal import Decimal

from alatau.timing.impulse import FINISH, INTERMEDIATE, START, Impulse, TimingError, tod

DLE, DC2, DC4, ETB, CAN, STX, ETX = "\x10", "\x12", "\x14", "\x17", "\x18", "\x02", "\x03"
_VALID = frozenset("0D")
_CLEARED = frozenset("aAPQ")
_COMPACT = re.compile(r"^\d{9}(\d)?$")
_CLOCK = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3})$")


def parse_microgate_line(line: str, line_no: int = 1, system: str = "A") -> Impulse | None:
    """Parse one Microgate record; None for a record without a time (status, lap, ignored flag).

    Raises
    ------
    TimingError
        When the line is not a Microgate record.
    """
    raw = line.rstrip("\r\n")
    body = raw.lstrip(STX + ETX)
    if not body.strip() or raw[:1] in (ETB, CAN):
        return None
    if raw[0] in (DLE, DC2):
        return _extended(raw, line_no, system)
    if raw[0] == DC4:
        return _reduced(raw, line_no, system)
    if len(body) == 29 or raw[:1] in (STX, ETX):
        return _classement(raw, body, line_no, system)
    if len(body) == 22 and body[:3].isdigit():
        return _racetime(raw, line_no, system)
    raise TimingError(line_no, f"not a Microgate record: {raw!r}")


def parse_microgate(text: str, system: str = "A") -> list[Impulse]:
    """Parse a Microgate stream or file (CR, LF or CR LF line ends)."""
    impulses = []
    for number, line in enumerate(text.splitlines(), start=1):
        impulse = parse_microgate_line(line, number, system)
        if impulse is not None:
            impulses.append(impulse)
    return impulses


def _extended(raw: str, line_no: int, system: str) -> Impulse | None:
    if len(raw) < 40:
        raise TimingError(line_no, f"short REI2 record ({len(raw)} characters, expected 40)")
    bib = _digits(raw[12:17], "bib", line_no)
    channel = _digits(raw[26:29], "channel", line_no)
    return _impulse(raw, line_no, system, bib, channel, raw[29], _compact(raw[30:40], line_no))


def _reduced(raw: str, line_no: int, system: str) -> Impulse | None:
    if len(raw) < 26:
        raise TimingError(line_no, f"short REI2 reduced record ({len(raw)} characters, expected 26)")
    if raw[23:26] != "000":
        return None  # a lap time
    bib = _digits(raw[3:8], "bib", line_no)
    return _impulse(raw, line_no, system, bib, 255, raw[8], _compact(raw[9:19], line_no))


def _racetime(raw: str, line_no: int, system: str) -> Impulse | None:
    bib = _digits(raw[0:3], "bib", line_no)
    channel = _digits(raw[5:8], "channel", line_no)
    match = _CLOCK.match(raw[8:20])
    if not match:
        raise TimingError(line_no, f"malformed RaceTime2 time {raw[8:20]!r} (expected HH:MM:SS.fff)")
    hours, minutes, seconds, fraction = match.groups()
    return _impulse(
        raw, line_no, system, bib, channel, raw[3], tod(int(hours), int(minutes), int(seconds), fraction)
    )


def _classement(raw: str, body: str, line_no: int, system: str) -> Impulse | None:
    record = raw[1:] if raw[:1] in (STX, ETX) and len(raw) == 30 else raw
    if len(record) != 29:
        return None  # block mark without a record
    bib = _digits(record[4:8], "bib", line_no)
    channel = _digits(record[14:17], "channel", line_no)
    return _impulse(raw, line_no, system, bib, channel, record[17], _compact(record[20:29], line_no))


def _impulse(
    raw: str, line_no: int, system: str, bib: int, channel: int, flag: str, time: Decimal
) -> Impulse | None:
    if flag not in _VALID and flag not in _CLEARED:
        return None
    kind = START if channel == 0 else FINISH if channel == 255 else INTERMEDIATE
    return Impulse(
        channel=kind,
        bib=bib or None,
        time_of_day=time,
        cleared=flag in _CLEARED,
        raw=raw,
        line_no=line_no,
        system=system,
        point=channel if kind == INTERMEDIATE else 0,
    )


def _digits(text: str, what: str, line_no: int) -> int:
    if not text.isdigit():
        raise TimingError(line_no, f"malformed {what} {text!r}")
    return int(text)


def _compact(text: str, line_no: int) -> Decimal:
    if not _COMPACT.match(text):
        raise TimingError(line_no, f"malformed time {text!r} (expected hhmmssffff)")
    hours, minutes, seconds = int(text[0:2]), int(text[2:4]), int(text[4:6])
    if hours > 23 or minutes > 59 or seconds > 59:
        raise TimingError(line_no, f"malformed time {text!r}")
    return tod(hours, minutes, seconds, text[6:])
