"""Results: totals over runs, ranks with ex aequo, race points, status codes and list order."""

from decimal import Decimal

import pytest

from alatau.errors import InputError
from alatau.fis.results import Entry, parse_status, race_points, rank_entries, score_race, status_run
from alatau.fis.timing import parse_time
from tests.fis.race_support import entry, field

D = Decimal


def two_runs(bib: int, run1: str | None, run2: str | None, status: str = "QLF") -> Entry:
    runs = tuple(parse_time(r) if r else None for r in (run1, run2))
    return Entry(bib, str(bib), f"NAME{bib} X", "KAZ", status, runs=runs, fis_points=D(bib))


def test_race_points_formula() -> None:
    # 730 × 51.23 / 50.00 − 730 = 17.958 → 17.96
    assert race_points(D("51.23"), D("50.00"), D(730)) == D("17.96")
    assert race_points(D("50.00"), D("50.00"), D(730)) == D("0.00")


def test_total_is_the_sum_of_runs_each_truncated() -> None:
    assert two_runs(1, "50.00", "1:01.23").total_time == D("111.23")
    assert two_runs(1, "50.009", "51.009").total_time == D("101.00")
    assert two_runs(1, "50.00", None, "DNF2").total_time is None


def test_ex_aequo_ranks_list_the_higher_bib_first() -> None:
    ranked = rank_entries(
        field((1, "60.00", None), (7, "59.00", None), (3, "59.00", None), (4, "61.00", None))
    )
    assert [(e.bib, rank) for e, rank in ranked] == [(7, 1), (3, 1), (1, 3), (4, 4)]


def test_two_run_race_with_statuses() -> None:
    race = [
        two_runs(1, "50.00", "51.00"),
        two_runs(2, "49.50", None, "DNF2"),
        two_runs(3, "50.50", "50.50"),
        two_runs(4, None, None, "DNS1"),
        two_runs(5, None, None, "DSQ1"),
        two_runs(6, "52.00", None, "DSQ2"),
        two_runs(7, "51.00", "51.50"),
        two_runs(8, "51.10", "51.60"),
        two_runs(9, None, None, "DNF1"),
    ]
    result = score_race(race, "GS", "FIS", "2021-22")
    assert [(line.bib, line.rank) for line in result.classified] == [(3, 1), (1, 1), (7, 3), (8, 4)]
    # Not classified: run 2 first (DNF before DSQ), then run 1 (DNF, DSQ, DNS)
    assert [line.status for line in result.not_classified] == ["DNF2", "DSQ2", "DNF1", "DSQ1", "DNS1"]
    # 1010 × 102.50 / 101.00 − 1010 = 15.0000… → 15.00
    assert result.classified[2].race_points == D("15.00")
    assert all(line.race_points is None and line.fis_points is None for line in result.not_classified)


def test_qlf_without_time_and_duplicate_bib_are_rejected() -> None:
    with pytest.raises(InputError, match="bib 2: status QLF but no time"):
        score_race([entry(1, "50.00", None), entry(2, None, None)], "SL", "FIS", "2021-22")
    with pytest.raises(InputError, match="duplicate bib 1"):
        score_race([entry(1, "50.00", None), entry(1, "51.00", None)], "SL", "FIS", "2021-22")
    with pytest.raises(InputError, match="unknown discipline"):
        score_race([entry(1, "50.00", None)], "XC", "FIS", "2021-22")


def test_status_codes() -> None:
    for code in ("QLF", "DNS1", "DNS2", "DNF1", "DNF2", "DSQ1", "DSQ2", "DNQ1", "DNQ2", "NPS", "DQO"):
        assert parse_status(code.lower()) == code
    assert parse_status("") == "QLF"
    assert (status_run("DNF2"), status_run("NPS"), status_run("QLF")) == (2, 1, 0)
    with pytest.raises(InputError, match="unknown status"):
        parse_status("DNX")
    assert parse_status("DNF") == "DNF1"
    assert not entry(1, None, None, "NPS").started and entry(1, None, None, "DNS2").started


def test_name_parts_split_upper_case_last_names() -> None:
    assert entry(1, None, None).name_parts() == ("RACER1", "Test")
    two = Entry(1, "1", "VAN DER BERG Anna Lisa", "NED")
    assert two.name_parts() == ("VAN DER BERG", "Anna Lisa")
    given = Entry(1, "1", "whatever", "KAZ", lastname="ALI", firstname="Bek")
    assert given.name_parts() == ("ALI", "Bek")
