"""Start lists (ICR 621, provisional in the digest §5): the run-1 draw and the run-2 order.

Run 1: the best 15 by FIS points in the discipline form the seeded group (widened to everyone tied
with the 15th) and draw bibs 1–15 at random; the rest start in order of points, equal points drawn
among themselves; competitors without points are drawn and start last. Bibs follow the start order.

Run 2: the first 30 of run 1 (configurable 0, 15, 30 or all; everyone tied at the 30th included)
start in the reverse of the run-1 result order, then the rest by run-1 time. Whoever did not finish
run 1 (DNF1, DSQ1, DNS1, DNQ1, NPS) does not start run 2. The run-1 result order lists equal times
higher bib first, so in the reversed group the lower bib of a tie starts first: the run-2 order is
exactly the reversed result list, and reversing it again gives the run-1 order back.

A draw uses :class:`random.Random` seeded with a recorded integer and shuffles groups sorted by FIS
code, so the same seed and the same competitors give the same list whatever the input order.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import groupby

from alatau.errors import InputError
from alatau.fis.resultfile import Entrant
from alatau.fis.results import QLF, Entry, status_run
from alatau.fis.timing import truncate

SEEDED_GROUP = 15
REVERSED_GROUP = 30
GROUP_SEEDED = "seeded"
GROUP_POINTS = "points"
GROUP_NO_POINTS = "no-points"
GROUP_REVERSED = "reversed"
GROUP_BY_TIME = "by-time"


@dataclass(frozen=True)
class StartPosition:
    """One starter: start order, bib, identity, list points, the group and (run 2) the run-1 time."""

    order: int
    bib: int
    fis_code: str
    name: str
    nation: str
    fis_points: Decimal | None
    group: str
    run1_time: Decimal | None = None
    run1_rank: int | None = None


@dataclass(frozen=True)
class StartList:
    """A start list: run number, the draw's seed (None for run 2, which draws nothing), positions."""

    run: int
    seed: int | None
    group_size: int
    positions: tuple[StartPosition, ...]


def new_seed() -> int:
    """Return a fresh random seed for a draw (record it: it reproduces the draw)."""
    return secrets.randbelow(2**32)


def draw_run1(
    entrants: Sequence[Entrant],
    seed: int | None = None,
    seeded: int = SEEDED_GROUP,
    *,
    renumber: bool = False,
) -> StartList:
    """Draw the run-1 start list (ICR 621).

    Parameters
    ----------
    entrants
        Competitors with their FIS points in the discipline (None: no points).
    seed
        The draw's seed; a fresh one when None. The same seed reproduces the same list.
    seeded
        Size of the seeded group before it widens for ties (15).
    renumber
        Give bibs 1, 2, … in start order even when every entrant brings its own bib.

    Returns
    -------
    StartList
        The entrants' own bibs when every one has a bib (and not ``renumber``), else bibs 1, 2, … in
        start order; ``group_size`` is the size of the seeded group after widening.
    """
    chosen = new_seed() if seed is None else seed
    rng = random.Random(chosen)
    with_points = sorted((e for e in entrants if e.fis_points is not None), key=_points)
    cut = _widened(with_points, seeded)
    order = [(e, GROUP_SEEDED) for e in _shuffled(with_points[:cut], rng)]
    for _, equal in groupby(with_points[cut:], key=_points):
        order += [(e, GROUP_POINTS) for e in _shuffled(list(equal), rng)]
    order += [(e, GROUP_NO_POINTS) for e in _shuffled([e for e in entrants if e.fis_points is None], rng)]
    own = not renumber and bool(entrants) and all(e.bib is not None for e in entrants)
    positions = tuple(
        StartPosition(n, e.bib if own and e.bib else n, e.fis_code, e.name, e.nation, e.fis_points, group)
        for n, (e, group) in enumerate(order, start=1)
    )
    return StartList(1, chosen, cut, positions)


def order_run2(entries: Sequence[Entry], reverse: int | None = REVERSED_GROUP) -> StartList:
    """Order run 2 from run-1 results: the first ``reverse`` reversed, then the rest by run-1 time.

    Parameters
    ----------
    entries
        Run-1 results (a full result file works too: run 1 is its first run).
    reverse
        0 (no reversal), 15, 30, any size, or None for all finishers; ties at the last reversed
        place widen the group.

    Raises
    ------
    InputError
        When ``reverse`` is negative or a run-1 finisher has no run-1 time.
    """
    if reverse is not None and reverse < 0:
        raise InputError(f"the reversed group cannot be negative ({reverse})")
    ranked = _run1_ranking(entries)
    size = len(ranked) if reverse is None else sum(1 for _, _, rank in ranked if rank <= reverse)
    order = [(item, GROUP_REVERSED) for item in reversed(ranked[:size])]
    order += [(item, GROUP_BY_TIME) for item in ranked[size:]]
    positions = tuple(
        StartPosition(n, e.bib, e.fis_code, e.name, e.nation, e.fis_points, group, time, rank)
        for n, ((e, time, rank), group) in enumerate(order, start=1)
    )
    return StartList(2, None, size, positions)


def reverse_group(order: Sequence[StartPosition], size: int) -> list[StartPosition]:
    """Return ``order`` with its first ``size`` positions reversed and renumbered (for what-if studies)."""
    flipped = list(reversed(order[:size])) + list(order[size:])
    return [replace(p, order=n) for n, p in enumerate(flipped, start=1)]


def _points(entrant: Entrant) -> Decimal:
    return entrant.fis_points if entrant.fis_points is not None else Decimal(0)


def _widened(ordered: Sequence[Entrant], size: int) -> int:
    # Everyone tied with the last place of the group joins it.
    if len(ordered) <= size or size <= 0:
        return min(len(ordered), max(size, 0))
    last = _points(ordered[size - 1])
    cut = size
    while cut < len(ordered) and _points(ordered[cut]) == last:
        cut += 1
    return cut


def _shuffled(group: list[Entrant], rng: random.Random) -> list[Entrant]:
    # Sorting first makes the draw independent of the input order.
    ordered = sorted(group, key=lambda e: (e.fis_code, e.name, e.nation))
    rng.shuffle(ordered)
    return ordered


def _run1_ranking(entries: Sequence[Entry]) -> list[tuple[Entry, Decimal, int]]:
    timed = [(e, _run1_time(e)) for e in entries if e.status == QLF or status_run(e.status) >= 2]
    timed.sort(key=lambda pair: (pair[1], -pair[0].bib))
    ranked: list[tuple[Entry, Decimal, int]] = []
    for position, (entry, time) in enumerate(timed, start=1):
        rank = ranked[-1][2] if ranked and ranked[-1][1] == time else position
        ranked.append((entry, time, rank))
    return ranked


def _run1_time(entry: Entry) -> Decimal:
    time = entry.runs[0] if entry.runs else entry.total
    if time is None:
        raise InputError(f"{entry.where}: finished run 1 ({entry.status}) but has no run-1 time")
    return truncate(time)
