"""Season rule tables: values of 2021/22, the provisional current season, overrides from a list header."""

from decimal import Decimal

import pytest

from alatau.errors import InputError
from alatau.fis.seasons import DISCIPLINES, get_season, normalise_season, parse_discipline, season_names

D = Decimal


def test_2021_22_values_match_the_rules() -> None:
    rules = get_season("2021-22")
    assert {d: rules.f_value(d) for d in DISCIPLINES} == {
        "DH": D(1250), "SG": D(1190), "GS": D(1010), "SL": D(730), "AC": D(1360)
    }  # fmt: skip
    assert {d: rules.double_max(d) for d in DISCIPLINES} == {
        "DH": D(660), "SG": D(540), "GS": D(440), "SL": D(330), "AC": D(540)
    }  # fmt: skip
    fis, enl, ec, wc = (rules.category(c) for c in ("FIS", "ENL", "EC", "WC"))
    assert (fis.level, fis.min_penalty, fis.max_penalty, fis.adder) == (3, D(23), D(999), D(3))
    assert (enl.level, enl.min_penalty, enl.adder) == (4, D(60), D(13))
    assert (ec.level, ec.min_penalty, ec.adder) == (1, D(15), D(0))
    assert (wc.min_penalty, wc.max_penalty) == (D(0), D(0))
    assert rules.category("nc").adder == D(2) and rules.category("EQUA").min_penalty == D(23)
    assert rules.provisional_notes("FIS") == []


def test_latest_season_is_default_and_marks_provisional_values() -> None:
    assert get_season(None).name == season_names()[-1] == "2025-26"
    current = get_season()
    assert current.category("CIT").min_penalty == D(40)
    assert current.category("FIS").min_penalty == D(23)
    assert any("CIT" in note for note in current.provisional_notes("CIT"))
    assert not any("CIT" in note for note in current.provisional_notes("FIS"))


def test_season_names_accept_common_spellings() -> None:
    assert normalise_season("2021/22") == normalise_season("2021-2022") == "2021-22"
    assert get_season("2021/2022").name == "2021-22"
    with pytest.raises(InputError, match="no rule table"):
        get_season("1999-00")
    with pytest.raises(InputError, match="malformed season"):
        get_season("last year")


def test_overrides_from_a_points_list_header() -> None:
    base = get_season("2025-26")
    changed = base.with_overrides(
        f_values={"sl": "740"},
        level_adders={3: "4"},
        category_limits={"CIT": ("35", "999"), "NEW": ("10", "100")},
        category_adders={"ENL": "12"},
    )
    assert changed.f_value("SL") == D(740) and changed.f_value("GS") == D(1010)
    assert changed.category("FIS").adder == D(4) and changed.category("CIT").adder == D(4)
    assert changed.category("CIT").min_penalty == D(35)
    assert changed.category("NEW").max_penalty == D(100)
    assert changed.category("ENL").adder == D(12)
    assert not any(note.startswith("categories.CIT.min") for note in changed.provisional_notes("CIT"))
    assert base.f_value("SL") == D(730)  # the cached table is untouched


def test_bad_discipline_category_and_override_values() -> None:
    with pytest.raises(InputError, match="unknown discipline"):
        parse_discipline("XX")
    with pytest.raises(InputError, match="unknown category"):
        get_season("2021-22").category("ZZZ")
    with pytest.raises(InputError, match="malformed number"):
        get_season("2021-22").with_overrides(max_values={"SL": "lots"})


@pytest.mark.parametrize("season", ["2022-23", "2023/24", "2024-2025"])
def test_a_season_without_its_own_table_uses_the_latest_earlier_one_marked_provisional(season: str) -> None:
    rules = get_season(season)
    base = get_season("2021-22")
    assert rules.name == normalise_season(season) and rules.table == "2021-22" and rules.borrowed
    assert rules.f_value("SL") == base.f_value("SL") and rules.category("FIS") == base.category("FIS")
    notes = rules.provisional_notes("FIS")
    assert notes[0] == f"season: season {rules.name} has no rule table of its own; the 2021-22 table is used"
    assert not get_season("2021-22").borrowed and not get_season("2025-26").borrowed


def test_a_season_before_the_first_table_is_refused_listing_the_known_seasons() -> None:
    with pytest.raises(InputError, match=r"2020-21.*before the first one \(known: 2021-22, 2025-26\)"):
        get_season("2020-21")
