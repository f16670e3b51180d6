"""Properties of scoring and start lists, checked on generated races (hypothesis)."""

from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from alatau.fis.resultfile import Entrant
from alatau.fis.results import Entry, race_points, score_race
from alatau.fis.seasons import DISCIPLINES, get_season
from alatau.fis.startlist import draw_run1, order_run2, reverse_group

RULES = get_season("2021-22")
hundredths = st.integers(min_value=3000, max_value=30000).map(lambda n: Decimal(n) / 100)
points = st.one_of(st.none(), st.integers(min_value=0, max_value=99999).map(lambda n: Decimal(n) / 100))
FAST = settings(max_examples=60, deadline=None)


@st.composite
def races(draw: st.DrawFn) -> list[Entry]:
    times = draw(st.lists(hundredths, min_size=1, max_size=40))
    statuses = draw(st.lists(st.sampled_from(["DNF1", "DSQ2", "DNS1"]), max_size=5))
    entries = [
        Entry(n, str(n), f"N{n} X", "KAZ", total=t, fis_points=draw(points)) for n, t in enumerate(times, 1)
    ]
    start = len(entries) + 1
    return entries + [
        Entry(start + i, "x", "X Y", "KAZ", s, fis_points=draw(points)) for i, s in enumerate(statuses)
    ]


@FAST
@given(races(), st.sampled_from(DISCIPLINES))
def test_winner_scores_zero_race_points(race: list[Entry], discipline: str) -> None:
    result = score_race(race, discipline, "FIS", RULES)
    winners = [line for line in result.lines if line.rank == 1]
    assert winners and all(line.race_points == 0 for line in winners)
    assert all(line.fis_points == result.penalty.applied for line in winners)


@FAST
@given(races())
def test_race_points_grow_with_time(race: list[Entry]) -> None:
    ranked = score_race(race, "GS", "FIS", RULES).classified
    for better, worse in pairwise(ranked):
        assert better.total_time is not None and worse.total_time is not None
        assert better.total_time <= worse.total_time and better.race_points <= worse.race_points  # type: ignore[operator]


@FAST
@given(hundredths, hundredths, hundredths, st.sampled_from(DISCIPLINES))
def test_race_points_monotonic_in_time(winner: Decimal, a: Decimal, b: Decimal, discipline: str) -> None:
    fastest, slow, slower = sorted((winner, a, b))
    f = RULES.f_value(discipline)
    assert race_points(slow, fastest, f) <= race_points(slower, fastest, f)


entrant_lists = st.lists(points, max_size=60).map(
    lambda pts: [Entrant(f"C{n}", f"N{n} X", "KAZ", p) for n, p in enumerate(pts)]
)


@FAST
@given(entrant_lists, st.integers(min_value=0, max_value=2**32 - 1))
def test_draw_is_a_reproducible_permutation(field: list[Entrant], seed: int) -> None:
    start = draw_run1(field, seed)
    assert sorted(p.fis_code for p in start.positions) == sorted(e.fis_code for e in field)
    assert [p.bib for p in start.positions] == list(range(1, len(field) + 1))
    again = draw_run1(list(reversed(field)), seed)
    assert [p.fis_code for p in again.positions] == [p.fis_code for p in start.positions]
    ranked_points = [p.fis_points for p in start.positions[start.group_size :] if p.fis_points is not None]
    assert ranked_points == sorted(ranked_points)


@FAST
@given(st.lists(hundredths, min_size=1, max_size=50), st.sampled_from([0, 15, 30, None]))
def test_reversing_run2_twice_restores_run1_order(times: list[Decimal], reverse: int | None) -> None:
    results = [Entry(n, str(n), f"N{n} X", "KAZ", runs=(t,)) for n, t in enumerate(times, 1)]
    run1_order = [line.bib for line in score_race(results, "SL", "FIS", RULES).classified]
    run2 = order_run2(results, reverse)
    assert [p.bib for p in reverse_group(run2.positions, run2.group_size)] == run1_order
