"""Race times (ICR 611): parsing, formatting, net time from times of day, hand-time correction.

Times are :class:`~decimal.Decimal` seconds. They keep whatever precision the timing gave
(1/1000 or 1/10000 from times of day) until a rule truncates them to 1/100.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from alatau.errors import InputError

HUNDREDTH = Decimal("0.01")
_DAY = Decimal(86400)
_CORRECTION_STARTERS = 10
# 54.82 | 1:00.56 | 1:02:03.45 — fractions optional, any number of decimals until truncation.
_TIME = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+)(?:[.,](\d+))?$")


def parse_time(text: str) -> Decimal:
    """Parse a race time into seconds: ``54.82``, ``1:00.56`` or ``1:02:03.45``.

    Parameters
    ----------
    text
        Seconds, ``m:ss.ff`` or ``h:mm:ss.ff``; a comma is accepted as the decimal mark. Minutes and
        seconds after a colon must be below 60.

    Returns
    -------
    Decimal
        The time in seconds, as precise as written.

    Raises
    ------
    InputError
        When ``text`` is not a time.
    """
    cleaned = text.strip()
    match = _TIME.match(cleaned)
    if not match:
        raise InputError(f"malformed time {text!r} (expected e.g. 54.82, 1:00.56 or 1:02:03.45)")
    hours, minutes, seconds, fraction = match.groups()
    has_minutes = minutes is not None
    if (has_minutes and int(seconds) >= 60) or (hours is not None and int(minutes) >= 60):
        raise InputError(f"malformed time {text!r}: minutes and seconds must be below 60")
    if has_minutes and len(seconds) != 2:
        raise InputError(f"malformed time {text!r}: seconds after a colon take two digits")
    whole = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds)
    return Decimal(whole) + (Decimal(f"0.{fraction}") if fraction else Decimal(0))


def parse_time_of_day(text: str) -> Decimal:
    """Parse a time of day ``hh:mm:ss.ffff`` (or ``hh:mm:ss``) into seconds since midnight."""
    value = parse_time(text)
    if value >= _DAY or text.count(":") != 2:
        raise InputError(f"malformed time of day {text!r} (expected hh:mm:ss.ffff)")
    return value


def truncate(time: Decimal) -> Decimal:
    """Truncate a time to 1/100 s (ICR 611: never rounded): ``54.829`` → ``54.82``."""
    return time.quantize(HUNDREDTH, rounding=ROUND_DOWN)


def net_time(start: str | Decimal, finish: str | Decimal) -> Decimal:
    """Return the net time finish − start from times of day, truncated to 1/100 s.

    Parameters
    ----------
    start, finish
        Times of day as ``hh:mm:ss.ffff`` text or seconds since midnight. A finish earlier than the
        start is taken to be after midnight.

    Returns
    -------
    Decimal
        The net time in seconds with two decimals.
    """
    begin = parse_time_of_day(start) if isinstance(start, str) else start
    end = parse_time_of_day(finish) if isinstance(finish, str) else finish
    elapsed = end - begin
    if elapsed < 0:
        elapsed += _DAY
    return truncate(elapsed)


def format_time(seconds: Decimal | None) -> str:
    """Format seconds as ``54.82``, ``1:00.56`` or ``1:02:03.45``; ``""`` for None."""
    if seconds is None:
        return ""
    whole, fraction = divmod(int(truncate(seconds) * 100), 100)
    return layout_time(whole, f"{fraction:02d}")


def layout_time(whole_seconds: int, fraction: str) -> str:
    """Lay out whole seconds and the digits after the decimal mark as FIS prints a time.

    Parameters
    ----------
    whole_seconds
        The time's whole seconds (not negative).
    fraction
        The decimals as they are to be printed, e.g. ``"82"`` or ``"3456"``.

    Returns
    -------
    str
        ``54.82``, ``1:02.34`` or ``1:02:03.45``: no hours or minutes when they are zero.
    """
    hours, rest = divmod(whole_seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{fraction}"
    if minutes:
        return f"{minutes}:{secs:02d}.{fraction}"
    return f"{secs}.{fraction}"


@dataclass(frozen=True)
class Timing:
    """One starter's net times in start order: electronic (None when it failed) and hand."""

    bib: int
    electronic: Decimal | None
    hand: Decimal | None


@dataclass(frozen=True)
class HandCorrection:
    """The working of a hand-time correction (ICR 611.3.2.1)."""

    bib: int
    hand: Decimal
    reference_bibs: tuple[int, ...]
    mean_difference: Decimal
    corrected: Decimal


def correct_hand_time(starters: Sequence[Timing], index: int) -> HandCorrection:
    """Return the corrected time of ``starters[index]``, whose electronic time is missing.

    The mean difference (hand − electronic) of the 10 competitors with both times who started just
    before is rounded half-up to 1/100 (0.044 → 0.04, 0.045 → 0.05) and subtracted from the hand time.
    With fewer than 10 before, those who started after complete the ten.

    Parameters
    ----------
    starters
        Net times in start order.
    index
        Position of the competitor to correct.

    Raises
    ------
    InputError
        When that competitor has no hand time or nobody has both times.
    """
    target = starters[index]
    if target.hand is None:
        raise InputError(f"bib {target.bib}: no hand time to correct")
    reference = _reference_starters(starters, index)
    if not reference:
        raise InputError(f"bib {target.bib}: no competitor with both electronic and hand times")
    differences = [s.hand - s.electronic for s in reference]  # type: ignore[operator]
    mean = (sum(differences, Decimal(0)) / len(differences)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    corrected = truncate(target.hand - mean)
    return HandCorrection(target.bib, target.hand, tuple(s.bib for s in reference), mean, corrected)


def _reference_starters(starters: Sequence[Timing], index: int) -> list[Timing]:
    def both(s: Timing) -> bool:
        return s.electronic is not None and s.hand is not None

    before = [s for s in reversed(starters[:index]) if both(s)][:_CORRECTION_STARTERS]
    after = [s for s in starters[index + 1 :] if both(s)][: _CORRECTION_STARTERS - len(before)]
    return before + after
