"""FIS race engine: scoring a 140-competitor two-run race, the run-1 draw and the run-2 order.

Figures per call (median of repeats) and the cost per competitor; no asserts on time.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

FIELD = 140  # the ICR's usual maximum field
REPEATS = 30


def _field(rng: random.Random) -> list:  # type: ignore[type-arg]
    from alatau.fis.results import Entry

    entries = []
    for bib in range(1, FIELD + 1):
        runs = (Decimal(rng.randint(4800, 6000)) / 100, Decimal(rng.randint(4900, 6200)) / 100)
        status = "QLF" if bib % 9 else rng.choice(["DNF1", "DNF2", "DSQ1", "DNS1"])
        kept = runs if status == "QLF" else (runs[0], None) if status.endswith("2") else (None, None)
        points = None if bib % 11 == 0 else Decimal(rng.randint(500, 40000)) / 100
        entries.append(Entry(bib, str(6530000 + bib), f"RACER{bib} Test", "KAZ", status, kept, None, points))
    return entries


def _median_seconds(work: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    from alatau.fis.resultfile import Entrant
    from alatau.fis.results import score_race
    from alatau.fis.seasons import get_season
    from alatau.fis.startlist import draw_run1, order_run2

    rng = random.Random(2026)
    entries = _field(rng)
    entrants = [Entrant(e.fis_code, e.name, e.nation, e.fis_points) for e in entries]
    rules = get_season("2021-22")
    figures = {
        "score_race": _median_seconds(lambda: score_race(entries, "GS", "FIS", rules)),
        "draw_run1": _median_seconds(lambda: draw_run1(entrants, seed=7)),
        "order_run2": _median_seconds(lambda: order_run2(entries, 30)),
    }
    for name, seconds in figures.items():
        print(
            f"{name:<11} {FIELD} competitors: {seconds * 1e3:7.3f} ms  ({seconds / FIELD * 1e6:6.2f} µs each)"
        )
    print(f"ratio score_race / draw_run1: {figures['score_race'] / figures['draw_run1']:.1f}")
    print(f"ratio score_race / order_run2: {figures['score_race'] / figures['order_run2']:.1f}")
