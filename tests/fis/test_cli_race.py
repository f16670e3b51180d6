"""``alatau race score`` and ``alatau race startlist``: output formats and one-line errors (exit 2)."""

import json

import pytest
from click.testing import CliRunner

from alatau.cli import main
from tests.fis.race_support import write_csv

HEADER = "bib,fis_code,name,nation,status,run1,run2,fis_points\n"
# The tie_on_fifth_points race of test_penalty as two runs (same totals, A = 150, C = 87.60) plus a DSQ2 with
# 12 points, who started, and a DNS1: B = 12 + 10 + 20 + 30 + 40 = 112; (150 + 112 − 87.60) / 10 = 17.44;
# + 3 = 20.44, below the FIS minimum: 23.
RACE = HEADER + (
    "1,6530001,ALI Bek,KAZ,QLF,50.00,50.00,10\n"
    "2,6530002,ORAZ Aida,KAZ,QLF,50.50,50.50,20\n"
    "3,6530003,NUR Dana,KAZ,QLF,51.00,51.00,30\n"
    "4,6530004,SEIT Aru,KAZ,QLF,51.50,51.50,40\n"
    "5,6530005,TAS Erlan,KAZ,QLF,52.00,52.00,50\n"
    "6,6530006,KIM Ilya,UZB,QLF,53.00,53.00,50\n"
    "7,6530007,LEE Min,KOR,QLF,53.50,53.50,70\n"
    "8,6530008,BEK Asel,KAZ,DSQ2,53.60,,12\n"
    "9,6530009,ABAI Zhan,KAZ,DNS1,,,\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_score_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "race.csv", RACE)
    code, out, err = run("race", "score", str(path), "--discipline", "SL", "--category", "FIS",
                         "--season", "2021-22", "--json")  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["penalty"] == {
        "sum_a": 150.0, "sum_b": 112.0, "sum_c": 87.6, "raw": 17.44,
        "calculated": 20.44, "applied": 23.0, "rule": "category-minimum",
    }  # fmt: skip
    assert [r["bib"] for r in data["results"]] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert data["results"][0] == {
        "bib": 1, "rank": 1, "status": "QLF", "total_time": 100.0, "race_points": 0.0, "fis_points": 23.0
    }  # fmt: skip
    assert data["results"][5]["race_points"] == 43.8 and data["results"][5]["fis_points"] == 66.8
    assert data["results"][7] == {
        "bib": 8, "rank": None, "status": "DSQ2", "total_time": None, "race_points": None, "fis_points": None
    }  # fmt: skip


def test_score_text_shows_the_working_and_forced_penalty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "race.csv", RACE)
    code, out, _ = run("race", "score", str(path), "--discipline", "sl", "--category", "FIS", "--gender", "W",
                       "--penalty", "30")  # fmt: skip
    assert code == 0
    assert "SL FIS W — season 2025-26" in out
    assert "A = 150.00   C = 87.60" in out and "B = 112.00" in out
    assert "applied penalty 30.00 [forced]" in out
    assert "Not classified" in out and "DSQ2" in out
    assert "note: provisional" in out  # the current season's table is provisional


@pytest.mark.parametrize(
    ("body", "args", "message"),
    [
        (RACE, ["--discipline", "XC"], "unknown discipline 'XC'"),
        (HEADER + "1,1,A,KAZ,QLF,50.00,5O.00,10\n", [], "race.csv row 2: malformed time '5O.00'"),
        (
            HEADER + "1,1,A,KAZ,QLF,50.00,50.00,\n1,2,B,KAZ,QLF,50.00,50.00,\n",
            [],
            "race.csv row 3: duplicate bib 1",
        ),
        (HEADER + "1,1,A,KAZ,QLF,50.00,,\n", [], "race.csv row 2: bib 1: status QLF but no time"),
        (RACE, ["--category", "XYZ"], "unknown category 'XYZ'"),
        (RACE, ["--penalty", "abc"], "'abc' is not a number"),
    ],
)
def test_score_errors_are_one_line_exit_2(tmp_path, body: str, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "race.csv", body)
    options = {"--discipline": "SL", "--category": "FIS"} | dict(zip(args[::2], args[1::2], strict=True))
    code, out, err = run("race", "score", str(path), *[x for pair in options.items() for x in pair])
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_score_unreadable_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("race", "score", str(tmp_path / "nope.csv"), "--discipline", "SL", "--category", "FIS")
    assert code == 2 and "cannot read" in err and len(err.strip().splitlines()) == 1


def test_startlist_run1_json_is_reproducible(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"{100 + n},NAME{n} X,KAZ,{'' if n > 17 else 10 + n}\n" for n in range(20))
    path = write_csv(tmp_path / "entries.csv", "fis_code,name,nation,fis_points\n" + rows)
    args = ("race", "startlist", str(path), "--discipline", "GS", "--seed", "77", "--json")
    first, second = json.loads(run(*args)[1]), json.loads(run(*args)[1])
    draw = first.pop("draw")
    second.pop("draw")
    assert first == second and first["seed"] == 77
    # ICR 621: the draw is audited — its seed, who ran it and when.
    assert draw["seed"] == 77 and draw["drawn_by"] and draw["drawn_at"].endswith("+00:00")
    listed = first["start_list"]
    assert [p["order"] for p in listed] == [p["bib"] for p in listed] == list(range(1, 21))
    assert {p["fis_code"] for p in listed[:15]} == {str(100 + n) for n in range(15)}
    assert {p["fis_code"] for p in listed[18:]} == {"118", "119"}
    assert set(listed[0]) >= {"order", "bib", "fis_code", "name"}


def test_startlist_run1_text_prints_a_fresh_seed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "entries.csv", "fis_code,name,nation,fis_points\n1,A B,KAZ,1\n2,C D,KAZ,2\n")
    code, out, _ = run("race", "startlist", str(path), "--discipline", "SL")
    assert code == 0 and "draw seed" in out and "drawn by " in out


def test_startlist_run2_from_results(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "race.csv", RACE)
    code, out, _ = run("race", "startlist", str(path), "--discipline", "SL", "--run", "2", "--reverse", "3",
                       "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["seed"] is None
    assert [p["bib"] for p in data["start_list"]] == [3, 2, 1, 4, 5, 6, 7, 8]
    code, _, err = run("race", "startlist", str(path), "--discipline", "SL", "--run", "2", "--reverse", "x")
    assert code == 2 and "--reverse" in err
