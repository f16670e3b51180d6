"""Times: parsing, formatting, net time truncation and hand-time correction (ICR 611)."""

from decimal import Decimal

import pytest

from alatau.errors import InputError
from alatau.fis.timing import Timing, correct_hand_time, format_time, net_time, parse_time, truncate

D = Decimal


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("54.82", "54.82"),
        ("1:00.56", "60.56"),
        ("1:02:03.45", "3723.45"),
        ("101.385", "101.385"),
        ("59", "59"),
    ],
)
def test_parse_time(text: str, seconds: str) -> None:
    assert parse_time(text) == D(seconds)


@pytest.mark.parametrize("text", ["", "abc", "1:60.00", "1:5.00", "1:61:00.00", "-3.2", "1::00", "54.82s"])
def test_malformed_times_are_input_errors(text: str) -> None:
    with pytest.raises(InputError, match="malformed time"):
        parse_time(text)


def test_format_time_round_trips() -> None:
    for text in ("54.82", "1:00.56", "1:02:03.45", "0.05"):
        assert format_time(parse_time(text)) == text
    assert format_time(None) == ""


def test_net_time_is_truncated_not_rounded() -> None:
    assert net_time("10:00:00.0000", "10:00:54.8299") == D("54.82")
    assert net_time("10:00:00.0050", "10:01:00.5649") == D("60.55")
    assert truncate(D("54.829")) == D("54.82")


def test_net_time_across_midnight() -> None:
    assert net_time("23:59:30.50", "00:00:10.01") == D("39.51")


def test_time_of_day_must_have_hours() -> None:
    with pytest.raises(InputError, match="time of day"):
        net_time("54.00", "10:00:00.00")


def starters(differences: list[str], missing_at: int, hand: str = "55.00") -> list[Timing]:
    # Electronic 50.00 for everyone; hand = electronic + difference; one starter lost the electronic time.
    timings = [Timing(bib, D("50.00"), D("50.00") + D(diff)) for bib, diff in enumerate(differences, start=1)]
    timings.insert(missing_at, Timing(99, None, D(hand)))
    return timings


def test_hand_correction_mean_rounds_half_up() -> None:
    # Ten before: nine differences of 0.04 and one of 0.09 → 0.45 / 10 = 0.045 → 0.05
    up = correct_hand_time(starters(["0.04"] * 9 + ["0.09"], 10), 10)
    assert (up.mean_difference, up.corrected) == (D("0.05"), D("54.95"))
    # 0.44 / 10 = 0.044 → 0.04
    down = correct_hand_time(starters(["0.04"] * 9 + ["0.08"], 10), 10)
    assert (down.mean_difference, down.corrected) == (D("0.04"), D("54.96"))


def test_hand_correction_uses_the_ten_just_before() -> None:
    # Twelve before: the first two (difference 1.00) are too early to count.
    result = correct_hand_time(starters(["1.00", "1.00"] + ["0.10"] * 10, 12), 12)
    assert result.reference_bibs == tuple(range(12, 2, -1))
    assert result.mean_difference == D("0.10")


def test_hand_correction_completes_with_those_after() -> None:
    # Two before (0.20 each), the rest after (0.10 each): (0.40 + 8 × 0.10) / 10 = 0.12
    result = correct_hand_time(starters(["0.20", "0.20"] + ["0.10"] * 10, 2), 2)
    assert result.reference_bibs == (2, 1, 3, 4, 5, 6, 7, 8, 9, 10)
    assert (result.mean_difference, result.corrected) == (D("0.12"), D("54.88"))


def test_hand_correction_needs_a_hand_time() -> None:
    with pytest.raises(InputError, match="no hand time"):
        correct_hand_time([Timing(1, None, None), Timing(2, D("50"), D("50.1"))], 0)
