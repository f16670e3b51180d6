"""Season standings: hand-computed cups with ties in a race, ties on points, drop-worst and best-of."""

from decimal import Decimal

import pytest

from alatau.errors import InputError
from alatau.fis.standings import (
    TIE_COUNTBACK,
    TIE_LATEST,
    TIE_SHARED,
    WORLD_CUP_TABLE,
    CupRace,
    CupRules,
    Placing,
    age_class,
    cup_standings,
    parse_age_classes,
    parse_table,
)

SMALL = parse_table("10-5-4-3-2-1")


def race(key: str, *ranks: tuple[str, int | None], gender: str = "W", category: str = "FIS") -> CupRace:
    placings = tuple(Placing(who, f"Name {who}", "KAZ", rank) for who, rank in ranks)
    return CupRace(key, f"Race {key}", gender, category, placings)


def table(races: list[CupRace], rules: CupRules | None = None) -> list[tuple[int, str, Decimal]]:
    (standings,) = cup_standings(races, rules)
    return [(line.place, line.competitor, line.total) for line in standings.lines]


def test_the_world_cup_table_is_the_default() -> None:
    assert parse_table("").points == tuple(Decimal(p) for p in WORLD_CUP_TABLE)
    issue = "100-80-60-50-45-40-36-32-29-26-24-22-20-18-16-15-14-13-12-11-10-9-8-7-6-5-4-3-2-1"
    assert parse_table(issue) == CupRules().table and parse_table(issue).text() == issue
    default = CupRules().table
    assert len(WORLD_CUP_TABLE) == 30
    assert [default.for_place(n) for n in (1, 2, 3, 10, 30, 31, None)] == [100, 80, 60, 26, 1, 0, 0]


def test_two_races_add_up_and_a_dnf_scores_nothing() -> None:
    races = [race("1", ("A", 1), ("B", 2), ("C", 3)), race("2", ("B", 1), ("C", 2), ("A", None))]
    # A 100 + 0, B 80 + 100, C 60 + 80.
    assert table(races) == [(1, "B", 180), (2, "C", 140), (3, "A", 100)]


def test_competitors_tied_in_a_race_each_get_the_points_of_their_place() -> None:
    races = [race("1", ("A", 1), ("B", 2), ("C", 2), ("D", 4), ("E", 31))]
    lines = cup_standings(races)[0].lines
    assert [(line.place, line.competitor, line.total, line.tied) for line in lines] == [
        (1, "A", 100, False), (2, "B", 80, True), (2, "C", 80, True), (4, "D", 50, False), (5, "E", 0, False),
    ]  # fmt: skip


def tied_on_points() -> list[CupRace]:
    # Table 10-5-4-3-2-1. A: 1, 1, DNF = 20; B: 2, 2, 1 = 5 + 5 + 10 = 20; C: 3, 3, 2 = 4 + 4 + 5 = 13.
    return [
        race("1", ("A", 1), ("B", 2), ("C", 3)),
        race("2", ("A", 1), ("B", 2), ("C", 3)),
        race("3", ("B", 1), ("C", 2), ("A", None)),
    ]


def test_countback_puts_the_one_with_more_wins_ahead() -> None:
    rules = CupRules(table=SMALL, tie_break=TIE_COUNTBACK)
    assert table(tied_on_points(), rules) == [(1, "A", 20), (2, "B", 20), (3, "C", 13)]
    lines = cup_standings(tied_on_points(), rules)[0].lines
    assert [(line.tie_broken, line.tied, line.wins) for line in lines] == [
        (True, False, 2), (True, False, 1), (False, False, 0),
    ]  # fmt: skip


def test_latest_puts_the_one_better_placed_in_the_last_race_ahead() -> None:
    rules = CupRules(table=SMALL, tie_break=TIE_LATEST)
    assert table(tied_on_points(), rules) == [(1, "B", 20), (2, "A", 20), (3, "C", 13)]


def test_shared_leaves_equal_points_on_one_place_and_skips_the_next() -> None:
    rules = CupRules(table=SMALL, tie_break=TIE_SHARED)
    assert table(tied_on_points(), rules) == [(1, "A", 20), (1, "B", 20), (3, "C", 13)]


def test_countback_still_equal_is_a_shared_place() -> None:
    races = [race("1", ("A", 1), ("B", 2)), race("2", ("B", 1), ("A", 2))]
    lines = cup_standings(races)[0].lines
    assert [(line.place, line.competitor, line.tied) for line in lines] == [(1, "A", True), (1, "B", True)]


def test_countback_goes_down_to_the_second_places() -> None:
    # Table 10-5-4-3-2-1. A: 2, 2, 6 = 11; B: 1, 6, absent = 10 + 1 = 11.
    # A has no win, B one → B ahead, whatever A's two second places.
    races = [race("1", ("B", 1), ("A", 2)), race("2", ("A", 2), ("B", 6)), race("3", ("A", 6))]
    assert table(races, CupRules(table=SMALL)) == [(1, "B", 11), (2, "A", 11)]
    # Equal wins (one each), then the second places decide. A: 1, 2, 2 = 10 + 5 + 5 = 20;
    # B: 1, 3, 3, 5 = 10 + 4 + 4 + 2 = 20. Seconds: A 2, B 0 → A ahead.
    races = [
        race("1", ("A", 1), ("B", 1)),
        race("2", ("A", 2), ("B", 3)),
        race("3", ("A", 2), ("B", 3)),
        race("4", ("B", 5)),
    ]
    assert table(races, CupRules(table=SMALL)) == [(1, "A", 20), (2, "B", 20)]


def test_drop_worst_drops_a_race_not_started_first() -> None:
    races = [
        race("1", ("A", 1), ("B", 1), ("C", 2)),
        race("2", ("A", 2), ("B", 1), ("C", 2)),
        race("3", ("A", 3), ("B", 1), ("C", 2)),
        race("4", ("B", 10), ("C", 2)),
    ]
    rules = CupRules(drop_worst=1)
    # Three of four count. A 100 + 80 + 60 (race 4 not started: the dropped one) = 240;
    # B 100 × 3 (the 26 of race 4 dropped) = 300; C 80 × 3 = 240 (race 4's 80 dropped).
    # A and C equal: A has a win, C none → A second.
    assert table(races, rules) == [(1, "B", 300), (2, "A", 240), (3, "C", 240)]
    (standings,) = cup_standings(races, rules)
    c = standings.lines[2]
    assert [s.counted if s else None for s in c.scores] == [True, True, True, False]
    b = standings.lines[0]
    assert [(s.rank, s.points, s.counted) for s in b.scores if s] == [
        (1, 100, True), (1, 100, True), (1, 100, True), (10, 26, False),
    ]  # fmt: skip
    without = table(races)  # every result counts: B 326, C 320, A 240
    assert without == [(1, "B", 326), (2, "C", 320), (3, "A", 240)]


def test_best_of_and_drop_worst_together_the_stricter_holds() -> None:
    races = [race(str(n), ("A", n), ("B", 5 - n)) for n in range(1, 5)]
    # A: 1, 2, 3, 4 → 100, 80, 60, 50; B: 4, 3, 2, 1 → 50, 60, 80, 100.
    assert CupRules(drop_worst=1, best_of=2).counting(4) == 2
    assert table(races, CupRules(drop_worst=1, best_of=2)) == [(1, "A", 180), (1, "B", 180)]
    assert table(races, CupRules(drop_worst=3)) == [(1, "A", 100), (1, "B", 100)]
    assert CupRules(drop_worst=9).counting(4) == 0


def test_genders_and_categories_are_kept_apart() -> None:
    races = [
        race("1", ("A", 1), gender="W"),
        race("2", ("M1", 1), ("M2", 2), gender="M"),
        race("3", ("J", 1), gender="W", category="NJR"),
        race("4", ("M2", 1), gender="M"),
    ]
    found = cup_standings(races)
    assert [(s.gender, s.category, len(s.races)) for s in found] == [("M", "FIS", 2), ("W", "FIS", 1),
                                                                    ("W", "NJR", 1)]  # fmt: skip
    men = found[0]
    assert [(line.competitor, line.total) for line in men.lines] == [("M2", 180), ("M1", 100)]
    assert [s is None for s in men.lines[1].scores] == [False, True]


def test_bad_tables_and_rules_are_refused() -> None:
    assert parse_table("25, 20; 16 13").text() == "25-20-16-13"
    assert parse_table("3.5-2-1").for_place(1) == Decimal("3.5")
    with pytest.raises(InputError, match="not a list of numbers"):
        parse_table("100-eighty")
    with pytest.raises(InputError, match="must not rise"):
        parse_table("10-20")
    with pytest.raises(InputError, match="tie-break"):
        CupRules(tie_break="coin")
    with pytest.raises(InputError):
        CupRules(best_of=0)
    assert cup_standings([]) == []


def test_age_classes_get_their_own_standings_by_the_overall_place_or_their_own() -> None:
    def placing(who: str, rank: int | None, category: str = "") -> Placing:
        return Placing(who, who, "KAZ", rank, category)

    first = (placing("S1", 1), placing("Y1", 2, "U16"), placing("S2", 3), placing("Y2", 3, "U16"),
             placing("Y3", None, "U16"))  # fmt: skip
    one = CupRace("1", "Race 1", "W", "FIS", first)
    two = CupRace("2", "Race 2", "W", "FIS", (placing("Y2", 1, "U16"), placing("S1", 2)))
    overall = cup_standings([one, two])
    assert [(s.category, len(s.races)) for s in overall] == [("FIS", 2), ("U16", 2)]
    young = overall[1]
    # By the place of the whole race: Y2 3rd (60) + 1st (100) = 160, Y1 2nd (80), Y3 DNF (0).
    assert [(line.competitor, line.total) for line in young.lines] == [("Y2", 160), ("Y1", 80), ("Y3", 0)]
    within = cup_standings([one, two], CupRules(rank_within_category=True))
    # Within U16: race 1 Y1 1st (100), Y2 2nd (80), Y3 not classified; race 2 Y2 1st (100).
    assert [(line.competitor, line.total) for line in within[1].lines] == [
        ("Y2", 180),
        ("Y1", 100),
        ("Y3", 0),
    ]
    # The seniors too: S1 1st and 1st, S2 2nd (S2 was tied 3rd with Y2 overall; alone among seniors).
    assert [(line.competitor, line.total) for line in within[0].lines] == [("S1", 200), ("S2", 80)]
    assert [(line.competitor, line.total) for line in overall[0].lines] == [("S1", 180), ("S2", 60)]


def test_age_classes_are_read_and_found() -> None:
    classes = parse_age_classes("u16:15; U14:13 U18:17")
    assert classes == (("U14", 13), ("U16", 15), ("U18", 17))
    assert [age_class(classes, age) for age in (11, 13, 14, 17, 18, None)] == [
        "U14",
        "U14",
        "U16",
        "U18",
        "",
        "",
    ]
    assert parse_age_classes("") == ()
    for bad in ("U16", "U16:x", ":15", "U16:15 U16:17", "A:15 B:15"):
        with pytest.raises(InputError):
            parse_age_classes(bad)
