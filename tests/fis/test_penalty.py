"""Penalties of races constructed by hand; each expected value is worked out on paper in the comments.

Slalom: F = 730, maximum value 165. With the winner at 100.00 s, a competitor d seconds behind has
730 × d / 100 = 7.30 × d race points. Giant slalom: F = 1010, maximum value 220, 10.10 × d.
FIS category 2021/22: level 3, adder 3, minimum 23.
"""

from decimal import Decimal

import pytest

from alatau.errors import InputError
from alatau.fis.penalty import (
    RULE_CALCULATED,
    RULE_DOUBLE_MAXIMUM,
    RULE_FORCED,
    RULE_MAXIMUM,
    RULE_MINIMUM,
    round_points,
)
from alatau.fis.results import score_race
from alatau.fis.seasons import get_season
from tests.fis.race_support import field

D = Decimal
S2122 = get_season("2021-22")


def members(slots):  # type: ignore[no-untyped-def]
    return [slot.bib for slot in slots]


def test_rounding_examples_of_art_4_4_8() -> None:
    assert round_points(D("13.654")) == D("13.65")
    assert round_points(D("21.849")) == D("21.85")
    assert round_points(D("13.655")) == D("13.66")  # half-up, not half-even
    assert round_points(D("-4.305")) == D("-4.31")


def test_tie_at_tenth_place_both_enter_the_pool() -> None:
    # Bibs 1-9 at 100.00 + 0.5 s steps (race points 3.65 × (bib − 1)), list points 100 + bib.
    # Bibs 10 and 11 tie for 10th at 105.00 (36.50); bib 10 has 60 points, bib 11 has 150.
    # Bib 12 is 12th (43.80) with 5 points: not in the top ten, so only in sum B.
    rows = [(bib, f"{100 + (bib - 1) * 0.5:.2f}", str(100 + bib)) for bib in range(1, 10)]
    race = field(*rows, (10, "105.00", "60"), (11, "105.00", "150"), (12, "106.00", "5"))
    result = score_race(race, "SL", "FIS", S2122)
    ranks = {line.bib: line.rank for line in result.lines}
    assert ranks[10] == ranks[11] == 10 and ranks[12] == 12
    p = result.penalty
    # A: 60 (bib 10) + 101 + 102 + 103 + 104 = 470; C: 36.50 + 0 + 3.65 + 7.30 + 10.95 = 58.40
    assert members(p.a) == [10, 1, 2, 3, 4]
    assert (p.sum_a, p.sum_c) == (D("470"), D("58.40"))
    # B: 5 + 60 + 101 + 102 + 103 = 371
    assert members(p.b) == [12, 10, 1, 2, 3] and p.sum_b == D("371")
    # (470 + 371 − 58.40) / 10 = 78.26; + 3 = 81.26
    assert (p.raw, p.calculated, p.applied, p.rule) == (D("78.26"), D("81.26"), D("81.26"), RULE_CALCULATED)


def tie_on_fifth_points() -> list:  # type: ignore[type-arg]
    # Bibs 5 and 6 share the 5th best points (50); bib 6 has the higher race points (43.80 > 29.20).
    return field(
        (1, "100.00", "10"),
        (2, "101.00", "20"),
        (3, "102.00", "30"),
        (4, "103.00", "40"),
        (5, "104.00", "50"),
        (6, "106.00", "50"),
        (7, "107.00", "70"),
    )


def test_tie_on_fifth_best_points_takes_higher_race_points() -> None:
    p = score_race(tie_on_fifth_points(), "SL", "FIS", S2122).penalty
    # A = 10 + 20 + 30 + 40 + 50 = 150; C = 0 + 7.30 + 14.60 + 21.90 + 43.80 = 87.60; B = 150
    assert members(p.a) == [1, 2, 3, 4, 6]
    assert (p.sum_a, p.sum_b, p.sum_c) == (D("150"), D("150"), D("87.60"))
    # (150 + 150 − 87.60) / 10 = 21.24; + 3 = 24.24 (bib 5 instead would give 25.70)
    assert (p.calculated, p.applied, p.rule) == (D("24.24"), D("24.24"), RULE_CALCULATED)


def test_points_above_maximum_are_sorted_raw_then_capped() -> None:
    # GS, maximum 220. Raw order 225, 230, 240, 250, 300 picks bibs 7, 3, 5, 2, 1; bib 4 (500) and
    # bib 6 (600) stay out although every one of them caps to 220.
    race = field(
        (1, "100.00", "300"),
        (2, "101.00", "250"),
        (3, "102.00", "230"),
        (4, "103.00", "500"),
        (5, "104.00", "240"),
        (6, "105.00", "600"),
        (7, "140.00", "225"),  # 40 s behind: 404.00 race points, capped at 220 in C
    )
    result = score_race(race, "GS", "FIS", S2122)
    p = result.penalty
    assert members(p.a) == [7, 3, 5, 2, 1]
    assert [s.points_used for s in p.a] == [D("220")] * 5
    assert p.a[0].race_points == D("404.00") and p.a[0].race_points_used == D("220")
    # A = B = 5 × 220 = 1100; C = 220 + 20.20 + 40.40 + 10.10 + 0 = 290.70
    assert (p.sum_a, p.sum_b, p.sum_c) == (D("1100"), D("1100"), D("290.70"))
    # (1100 + 1100 − 290.70) / 10 = 190.93; + 3 = 193.93
    assert (p.applied, p.rule) == (D("193.93"), RULE_CALCULATED)


def test_dns1_and_nps_are_left_out_of_sum_b_but_dnf_and_dns2_count() -> None:
    race = [
        *tie_on_fifth_points(),
        *field(
            (8, None, "1", "DNS1"), (9, None, "2", "NPS"), (10, None, "3", "DNS2"), (11, None, "4", "DNF1")
        ),
    ]
    p = score_race(race, "SL", "FIS", S2122).penalty
    # B = 3 (DNS2) + 4 (DNF1) + 10 + 20 + 30 = 67; A = 150 and C = 87.60 as before
    assert members(p.b) == [10, 11, 1, 2, 3] and p.sum_b == D("67")
    # (150 + 67 − 87.60) / 10 = 12.94; + 3 = 15.94, below the FIS minimum 23
    assert (p.calculated, p.applied, p.rule) == (D("15.94"), D("23"), RULE_MINIMUM)


def test_fewer_than_five_classified_applies_double_maximum() -> None:
    race = field(
        (1, "100.00", "10"),
        (2, "101.00", "20"),
        (3, "102.00", "30"),
        (4, "103.00", "40"),
        (5, None, "5", "DNF1"),
        (6, None, "15", "DSQ1"),
        (7, None, "1", "DNS1"),
    )
    p = score_race(race, "SL", "FIS", S2122).penalty
    # A = 10 + 20 + 30 + 40 + 165 (empty slot) = 265; C = 0 + 7.30 + 14.60 + 21.90 = 43.80 (not padded:
    # the empty slot adds nothing, as FIS publishes double-maximum races)
    assert p.a[4].padded and (p.sum_a, p.sum_c) == (D("265"), D("43.80"))
    assert p.a[4].race_points_used is None
    # B = 5 + 10 + 15 + 20 + 30 = 80 (DNS1 left out); (265 + 80 − 43.80) / 10 = 30.12; + 3 = 33.12
    assert (p.sum_b, p.calculated) == (D("80"), D("33.12"))
    assert (p.applied, p.rule, p.classified) == (D("330"), RULE_DOUBLE_MAXIMUM, 4)


def no_points_race(third_points: str | None) -> list:  # type: ignore[type-arg]
    return field(
        (1, "100.00", None),
        (2, "101.00", None),
        (3, "102.00", third_points),
        (4, "103.00", "40"),
        (5, "104.00", "50"),
        (6, "105.00", None),
    )


def test_fewer_than_three_with_points_in_a_applies_double_maximum() -> None:
    p = score_race(no_points_race(None), "SL", "FIS", S2122).penalty
    # A: 40, 50, then the no-points competitors by higher race points: bibs 6, 3, 2
    assert members(p.a) == [4, 5, 6, 3, 2] and p.a_with_points == 2
    # A = B = 40 + 50 + 3 × 165 = 585; C = 21.90 + 29.20 + 36.50 + 14.60 + 7.30 = 109.50
    assert (p.sum_a, p.sum_b, p.sum_c) == (D("585"), D("585"), D("109.50"))
    # (585 + 585 − 109.50) / 10 = 106.05; + 3 = 109.05 — but double maximum: 2 × 165
    assert (p.calculated, p.applied, p.rule) == (D("109.05"), D("330"), RULE_DOUBLE_MAXIMUM)


def test_exactly_three_with_points_in_a_is_a_normal_penalty() -> None:
    p = score_race(no_points_race("60"), "SL", "FIS", S2122).penalty
    # A = 40 + 50 + 60 + 165 + 165 = 480 (bibs 4, 5, 3, 6, 2); C = 21.90 + 29.20 + 14.60 + 36.50 + 7.30
    assert members(p.a) == [4, 5, 3, 6, 2] and p.a_with_points == 3
    # (480 + 480 − 109.50) / 10 = 85.05; + 3 = 88.05
    assert (p.sum_c, p.applied, p.rule) == (D("109.50"), D("88.05"), RULE_CALCULATED)


def low_points_race() -> list:  # type: ignore[type-arg]
    return field(
        (1, "100.00", "1"), (2, "101.00", "2"), (3, "102.00", "3"), (4, "103.00", "4"), (5, "104.00", "5")
    )  # fmt: skip


def test_continental_cup_minimum() -> None:
    # A = B = 15; C = 0 + 7.30 + 14.60 + 21.90 + 29.20 = 73.00; (15 + 15 − 73) / 10 = −4.30; EC adder 0
    p = score_race(low_points_race(), "SL", "EC", S2122).penalty
    assert (p.raw, p.calculated, p.applied, p.rule) == (D("-4.3"), D("-4.30"), D("15"), RULE_MINIMUM)


def test_world_cup_penalty_is_zero_and_winner_scores_zero() -> None:
    result = score_race(tie_on_fifth_points(), "SL", "WC", S2122)
    assert (result.penalty.calculated, result.penalty.applied) == (D("21.24"), D("0"))
    assert result.penalty.rule == RULE_MAXIMUM
    assert result.lines[0].fis_points == D("0.00") and result.lines[1].fis_points == D("7.30")


def test_level_adders_national_championship_and_entry_league() -> None:
    # The tie_on_fifth_points race rounds to 21.24: NC adds 2 (23.24 above the NC minimum 20), ENL adds 13
    # (34.24, below the ENL minimum 60).
    nc = score_race(tie_on_fifth_points(), "SL", "NC", S2122).penalty
    enl = score_race(tie_on_fifth_points(), "SL", "ENL", S2122).penalty
    assert (nc.applied, nc.rule) == (D("23.24"), RULE_CALCULATED)
    assert (enl.calculated, enl.applied, enl.rule) == (D("34.24"), D("60"), RULE_MINIMUM)


def test_half_up_rounding_of_race_points_and_penalty() -> None:
    race = field(
        (1, "100.00", "10"),
        (2, "100.25", "20"),  # 730 × 100.25 / 100 − 730 = 1.825 → 1.83 (half-even would say 1.82)
        (3, "101.00", "30"),
        (4, "102.00", "40"),
        (5, "103.00", "50.04"),
    )
    result = score_race(race, "SL", "FIS", S2122)
    assert result.lines[1].race_points == D("1.83")
    p = result.penalty
    # A = B = 150.04; C = 0 + 1.83 + 7.30 + 14.60 + 21.90 = 45.63; 254.45 / 10 = 25.445 → 25.45; + 3
    assert (p.sum_c, p.raw, p.rounded, p.applied) == (D("45.63"), D("25.445"), D("25.45"), D("28.45"))


def test_winner_fis_points_equal_the_applied_penalty() -> None:
    result = score_race(tie_on_fifth_points(), "SL", "FIS", S2122)
    winner = result.lines[0]
    assert (winner.rank, winner.race_points, winner.fis_points) == (1, D("0.00"), result.penalty.applied)
    assert result.lines[6].fis_points == D("51.10") + D("24.24")


def test_forced_penalty_keeps_the_working() -> None:
    result = score_race(low_points_race(), "SL", "FIS", S2122, penalty=D("12.5"))
    assert (result.penalty.applied, result.penalty.rule, result.penalty.calculated) == (
        D("12.5"),
        RULE_FORCED,
        D("-1.30"),
    )
    assert result.lines[1].fis_points == D("19.80")


def test_explanation_names_the_deciding_rule() -> None:
    p = score_race(low_points_race(), "SL", "EC", S2122).penalty
    assert "minimum" in p.reason and "15" in p.reason
    double = score_race(no_points_race(None), "SL", "FIS", S2122).penalty
    assert "double-maximum" in double.reason and "330" in double.reason


def test_current_season_cit_minimum_is_forty() -> None:
    p = score_race(tie_on_fifth_points(), "SL", "CIT", get_season("2025-26")).penalty
    assert (p.calculated, p.applied, p.rule) == (D("24.24"), D("40"), RULE_MINIMUM)


def test_unknown_category_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown category"):
        score_race(tie_on_fifth_points(), "SL", "XYZ", S2122)


def test_nobody_classified_still_explains_and_applies_double_maximum() -> None:
    race = field((1, None, "10", "DNF1"), (2, None, None, "DSQ1"), (3, None, "20", "DNS1"))
    result = score_race(race, "GS", "FIS", S2122)
    p = result.penalty
    # A: five empty slots (5 × 220 = 1100), C = 0 (nobody classified); B = 10 + 4 × 220 = 890;
    # (1100 + 890 − 0) / 10 = 199; + 3 = 202
    assert all(slot.padded for slot in p.a) and (p.sum_a, p.sum_b, p.sum_c) == (D(1100), D(890), D(0))
    assert (p.calculated, p.applied, p.rule) == (D("202.00"), D("440"), RULE_DOUBLE_MAXIMUM)
    assert result.classified == [] and [line.bib for line in result.lines] == [1, 2, 3]
