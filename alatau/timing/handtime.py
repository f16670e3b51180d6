"""Hand times with the 10-competitor correction (ICR 611.3.2.1), on times of day.

When both electronic systems miss an impulse (start or finish) of a competitor, that impulse is taken
from hand timing, corrected by the mean difference (hand − electronic) of the same impulse of the 10
competitors who started just before (completed with those after when fewer than 10 have both
times). Both times of day are cut to 1/100 before differencing; the mean is rounded half-up to
1/100 (0.044 → 0.04, 0.045 → 0.05) and subtracted from the hand time.

Pure engine: plain Decimals in, a :class:`CorrectedTime` out, its whole working kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from alatau.fis.timing import Timing, correct_hand_time, truncate
from alatau.timing.impulse import FINISH, START, TimingError

HAND_CHANNELS = (START, FINISH)


@dataclass(frozen=True)
class HandReading:
    """One starter's impulse of one channel, in start order: electronic and hand time of day.

    ``electronic`` is None when both systems missed it; ``hand`` None when no hand time was taken.
    """

    bib: int
    electronic: Decimal | None
    hand: Decimal | None


@dataclass(frozen=True)
class Reference:
    """A neighbour used for the correction: its two times of day (cut to 1/100) and their difference."""

    bib: int
    hand: Decimal
    electronic: Decimal
    difference: Decimal


@dataclass(frozen=True)
class CorrectedTime:
    """The working of one corrected impulse: which neighbours, the mean difference, the result."""

    bib: int
    channel: str
    hand: Decimal
    references: tuple[Reference, ...]
    mean_difference: Decimal
    corrected: Decimal

    @property
    def reference_bibs(self) -> tuple[int, ...]:
        """The bibs whose differences made the mean, nearest earlier starters first."""
        return tuple(r.bib for r in self.references)


def correct_hand_tod(readings: Sequence[HandReading], bib: int, channel: str) -> CorrectedTime:
    """Return the corrected time of day of ``bib``'s ``channel`` impulse from its hand time.

    Parameters
    ----------
    readings
        Every starter of the run in start order, with the electronic and hand time of day of
        this channel (electronic None where it failed).
    bib
        The competitor whose electronic time failed.
    channel
        ``start`` or ``finish`` (kept in the working).

    Returns
    -------
    CorrectedTime
        The hand time, the up to 10 neighbours with their differences, the mean (half-up to
        1/100) and the corrected time of day (hand − mean).

    Raises
    ------
    TimingError
        Unknown channel or bib, no hand time for the bib, or no neighbour with both times.

    Examples
    --------
    >>> rows = [HandReading(1, Decimal("100.0012"), Decimal("100.05")),
    ...         HandReading(2, None, Decimal("200.50"))]
    >>> correct_hand_tod(rows, 2, "finish").corrected
    Decimal('200.45')
    """
    if channel not in HAND_CHANNELS:
        raise TimingError(0, f"unknown channel {channel!r} (expected start or finish)")
    index = next((i for i, r in enumerate(readings) if r.bib == bib), None)
    if index is None:
        raise TimingError(0, f"bib {bib} is not in the start order of the run")
    cut = [Timing(r.bib, _cut(r.electronic), _cut(r.hand)) for r in readings]
    working = correct_hand_time(cut, index)
    by_bib = {t.bib: t for t in cut}
    references = tuple(
        Reference(b, by_bib[b].hand, by_bib[b].electronic, by_bib[b].hand - by_bib[b].electronic)  # type: ignore[arg-type,operator]
        for b in working.reference_bibs
    )
    return CorrectedTime(bib, channel, working.hand, references, working.mean_difference, working.corrected)


def _cut(value: Decimal | None) -> Decimal | None:
    return None if value is None else truncate(value)
