"""Timing devices: parse what ALGE, Microgate and CSV timers send into :class:`Impulse` records.

Pure engine (no Django). Public interface::

    impulses = parse(text, "alge")              # "alge" | "microgate" | "csv"
    impulse = parse_line(line, "microgate")     # one record, or None for a line without a time
    net_time(start_tod, finish_tod)             # Decimal seconds truncated to 1/100 (ICR 611)

Every impulse keeps its raw line and line number for the impulse log; a malformed record raises
:class:`TimingError` (an :class:`~alatau.errors.InputError`) naming the line.
"""

from __future__ import annotations

from decimal import Decimal

from alatau.fis.timing import net_time as _fis_net_time
from alatau.timing.alge import parse_alge, parse_alge_line
from alatau.timing.csvtext import parse_csv, parse_csv_line
from alatau.timing.impulse import (
    CHANNELS,
    FINISH,
    INTERMEDIATE,
    RUN,
    START,
    SYSTEMS,
    TOTAL,
    Impulse,
    TimingError,
    format_tod,
)
from alatau.timing.microgate import parse_microgate, parse_microgate_line

DEVICES = ("alge", "microgate", "csv")

__all__ = [
    "CHANNELS",
    "DEVICES",
    "FINISH",
    "INTERMEDIATE",
    "RUN",
    "START",
    "SYSTEMS",
    "TOTAL",
    "Impulse",
    "TimingError",
    "format_tod",
    "net_time",
    "parse",
    "parse_line",
    "parse_line_impulses",
]


def parse(text: str, device: str, system: str = "A") -> list[Impulse]:
    """Parse a whole stream or file of ``device`` into impulses, in the order read.

    Parameters
    ----------
    text
        The decoded text (any line ends).
    device
        ``alge`` (TdC 8000/8001, Timy RS232, classement dumps), ``microgate`` (REI2, RaceTime2) or
        ``csv`` (``bib,time`` or ``bib,start_tod,finish_tod``).
    system
        ``A`` or ``B``: the timing system the stream comes from.

    Returns
    -------
    list of Impulse
        One per time record; announcements, headers and ignored records give none.

    Raises
    ------
    TimingError
        On the first malformed record, naming its line; also for an unknown device or system.
    """
    _check(device, system)
    if device == "alge":
        return parse_alge(text, system)
    if device == "microgate":
        return parse_microgate(text, system)
    return parse_csv(text, system)


def parse_line(line: str, device: str, line_no: int = 1, system: str = "A") -> Impulse | None:
    """Parse one line of ``device``: its impulse, or None when it carries no time.

    A CSV row with both a start and a finish time gives two impulses: use
    :func:`parse_line_impulses` for CSV rows.
    """
    found = parse_line_impulses(line, device, line_no, system)
    if len(found) > 1:
        raise TimingError(
            line_no, "the row holds a start and a finish time; read it with parse_line_impulses"
        )
    return found[0] if found else None


def parse_line_impulses(line: str, device: str, line_no: int = 1, system: str = "A") -> list[Impulse]:
    """Parse one line of ``device`` into its impulses (zero, one, or two for a CSV start/finish row)."""
    _check(device, system)
    if device == "csv":
        return parse_csv_line(line, line_no, system)
    parser = parse_alge_line if device == "alge" else parse_microgate_line
    impulse = parser(line, line_no, system)
    return [] if impulse is None else [impulse]


def net_time(start: Decimal, finish: Decimal) -> Decimal:
    """Return finish − start at full precision, truncated to 1/100 s (ICR 611.2.1, 611.3.5).

    Parameters
    ----------
    start, finish
        Times of day in seconds since midnight (1/10 000 s kept); a finish before the start is
        taken to be after midnight.

    Examples
    --------
    >>> net_time(Decimal("36903.2471"), Decimal("36965.9083"))
    Decimal('62.66')
    """
    return _fis_net_time(start, finish)


def _check(device: str, system: str) -> None:
    if device not in DEVICES:
        raise TimingError(0, f"unknown timing device {device!r} (expected {', '.join(DEVICES)})")
    if system not in SYSTEMS:
        raise TimingError(0, f"unknown timing system {system!r} (expected A or B)")
