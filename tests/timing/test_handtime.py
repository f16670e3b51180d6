"""Hand times of day corrected by the 10 competitors around (ICR 611.3.2.1)."""

from decimal import Decimal as D

import pytest

from alatau.errors import InputError
from alatau.timing.handtime import HandReading, correct_hand_tod


def field(differences: list[str], failed: int) -> list[HandReading]:
    """Starters 1…n in start order; each hand time is the electronic one plus its difference."""
    rows = []
    for bib, difference in enumerate(differences, start=1):
        electronic = D(36000 + 60 * bib) + D("0.1234")
        hand = electronic.quantize(D("0.01"), rounding="ROUND_DOWN") + D(difference)
        rows.append(HandReading(bib, None if bib == failed else electronic, hand))
    return rows


def test_ten_earlier_starters_make_the_mean_and_it_is_subtracted() -> None:
    rows = field(["0.50", "0.50"] + ["0.04"] * 5 + ["0.05"] * 5 + ["0.30"], failed=13)
    working = correct_hand_tod(rows, 13, "finish")
    assert working.reference_bibs == (12, 11, 10, 9, 8, 7, 6, 5, 4, 3)
    assert working.mean_difference == D("0.05")  # 0.045 rounds half-up
    assert working.corrected == rows[12].hand - D("0.05")  # a slow hand watch: its time comes down
    assert [r.difference for r in working.references][:2] == [D("0.05"), D("0.05")]


def test_fewer_than_ten_before_are_completed_with_those_after() -> None:
    rows = field(["0.02", "0.00", "0.03", "0.01", "0.02", "0.02"], failed=2)
    working = correct_hand_tod(rows, 2, "start")
    assert working.reference_bibs == (1, 3, 4, 5, 6)
    assert working.mean_difference == D("0.02")  # 0.10 / 5
    assert working.channel == "start" and working.bib == 2


def test_a_fast_hand_watch_adds_the_difference() -> None:
    rows = field(["-0.12"] * 4 + ["0"], failed=5)
    working = correct_hand_tod(rows, 5, "finish")
    assert working.mean_difference == D("-0.12") and working.corrected == rows[4].hand + D("0.12")


def test_electronic_times_are_cut_to_hundredths_before_differencing() -> None:
    rows = [HandReading(1, D("100.0099"), D("100.01")), HandReading(2, None, D("200.00"))]
    working = correct_hand_tod(rows, 2, "finish")
    assert working.references[0].electronic == D("100.00") and working.mean_difference == D("0.01")


def test_refusals_name_the_bib() -> None:
    with pytest.raises(InputError, match="bib 9"):
        correct_hand_tod(field(["0.01"] * 3, failed=2), 9, "finish")
    with pytest.raises(InputError, match="channel"):
        correct_hand_tod(field(["0.01"] * 3, failed=2), 2, "intermediate")
    with pytest.raises(InputError, match="bib 1: no competitor with both"):
        correct_hand_tod([HandReading(1, None, D("1.00"))], 1, "finish")
