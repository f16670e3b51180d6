"""Start lists: the run-1 draw (ICR 621) and the run-2 order from run-1 results."""

from collections.abc import Sequence
from decimal import Decimal

import pytest

from alatau.errors import InputError
from alatau.fis.resultfile import Entrant
from alatau.fis.results import Entry
from alatau.fis.startlist import (
    GROUP_BY_TIME,
    GROUP_NO_POINTS,
    GROUP_POINTS,
    GROUP_REVERSED,
    GROUP_SEEDED,
    draw_run1,
    order_run2,
    reverse_group,
)

D = Decimal


def entrants(points: Sequence[str | None]) -> list[Entrant]:
    return [Entrant(f"C{n:03d}", f"NAME{n} X", "KAZ", D(p) if p else None) for n, p in enumerate(points)]


def test_seeded_group_of_fifteen_then_points_then_no_points() -> None:
    field = entrants([str(10 + n) for n in range(20)] + [None] * 4)
    start = draw_run1(field, seed=42)
    groups = [p.group for p in start.positions]
    assert groups == [GROUP_SEEDED] * 15 + [GROUP_POINTS] * 5 + [GROUP_NO_POINTS] * 4
    assert start.group_size == 15 and start.seed == 42
    assert {p.fis_points for p in start.positions[:15]} == {D(10 + n) for n in range(15)}
    assert [p.fis_points for p in start.positions[15:20]] == [D(25 + n) for n in range(5)]
    assert [p.bib for p in start.positions] == list(range(1, 25))


def test_seeded_group_widens_for_ties_at_fifteenth() -> None:
    # Three share the 15th best points (24): the seeded group has 17.
    field = entrants([str(10 + n) for n in range(14)] + ["24", "24", "24", "30", "31"])
    start = draw_run1(field, seed=1)
    assert start.group_size == 17
    assert all(p.group == GROUP_SEEDED for p in start.positions[:17])
    assert [p.fis_points for p in start.positions[17:]] == [D(30), D(31)]


def test_equal_points_outside_the_seeded_group_are_drawn() -> None:
    field = entrants([str(n) for n in range(1, 16)] + ["50"] * 6)
    orders = {tuple(p.fis_code for p in draw_run1(field, seed=s).positions[15:]) for s in range(20)}
    assert len(orders) > 1  # the six on 50 points are drawn, not listed in a fixed order
    assert all(set(order) == {f"C{n:03d}" for n in range(15, 21)} for order in orders)


def test_same_seed_same_draw_whatever_the_input_order() -> None:
    field = entrants([str(n % 7) for n in range(30)] + [None] * 5)
    first = draw_run1(field, seed=2026)
    again = draw_run1(list(reversed(field)), seed=2026)
    assert [p.fis_code for p in first.positions] == [p.fis_code for p in again.positions]
    assert draw_run1(field).seed is not None


def finisher(bib: int, run1: str | None, status: str = "QLF") -> Entry:
    return Entry(bib, f"F{bib}", f"NAME{bib} X", "KAZ", status, runs=(D(run1) if run1 else None,))


def run1_results(count: int) -> list[Entry]:
    return [finisher(bib, f"{50 + bib * 0.1:.2f}") for bib in range(1, count + 1)]


def test_run2_reverses_the_first_thirty_then_by_time() -> None:
    order = order_run2(run1_results(35), reverse=30)
    assert [p.bib for p in order.positions] == list(range(30, 0, -1)) + list(range(31, 36))
    assert [p.group for p in order.positions] == [GROUP_REVERSED] * 30 + [GROUP_BY_TIME] * 5
    assert order.positions[0].run1_rank == 30 and order.seed is None


def test_run2_ties_at_thirtieth_widen_the_reversed_group() -> None:
    results = [*run1_results(29), finisher(30, "60.00"), finisher(31, "60.00"), finisher(32, "61.00")]
    order = order_run2(results, reverse=30)
    assert order.group_size == 31
    # Result order lists the tie higher bib first (31, 30); reversed, bib 30 starts first.
    assert [p.bib for p in order.positions[:3]] == [30, 31, 29]
    assert order.positions[-1].bib == 32


def test_run1_failures_do_not_start_run2() -> None:
    results = [
        *run1_results(3),
        finisher(4, None, "DNF1"),
        finisher(5, None, "DSQ1"),
        finisher(6, None, "DNS1"),
        finisher(7, "49.00", "DNF2"),  # a full result file: finished run 1, so starts run 2
    ]
    order = order_run2(results, reverse=15)
    assert [p.bib for p in order.positions] == [3, 2, 1, 7]


@pytest.mark.parametrize(("reverse", "first"), [(0, 1), (15, 15), (None, 20)])
def test_run2_reverse_options(reverse: int | None, first: int) -> None:
    assert order_run2(run1_results(20), reverse=reverse).positions[0].bib == first


def test_reverse_group_twice_restores_the_order() -> None:
    order = order_run2(run1_results(12), reverse=None)
    back = reverse_group(order.positions, order.group_size)
    assert [p.bib for p in back] == list(range(1, 13)) and [p.order for p in back] == list(range(1, 13))


def test_run2_errors() -> None:
    with pytest.raises(InputError, match="negative"):
        order_run2(run1_results(3), reverse=-1)
    with pytest.raises(InputError, match="no run-1 time"):
        order_run2([Entry(1, "1", "A", "KAZ", "QLF", runs=(), total=None)])
